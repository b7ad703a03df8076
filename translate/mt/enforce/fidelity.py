"""Did an enforced translation keep the sentence? Verification beyond term presence.

Enforcement on a model that never saw ``⟦n⟧`` can return "Niger Russie." for "Niger
and Russia signed an agreement on military cooperation in Niamey on Monday": every
term present, the sentence gone. So an enforced translation is checked against the
model's own unenforced translation of the same source, and *lost* when:

* **residue**: it has a placeholder (``⟦``) or unknown-piece mark (``⁇``) that the
  unenforced one does not;
* **shorter**: it has under ``MIN_LENGTH_RATIO`` of the unenforced one's words (the
  issue's collapse line);
* **term-list**: its words *other than the terms' own* are under ``MIN_LENGTH_RATIO``
  of the unenforced one's ("Niger Mali CEDEAO Burkina Faso." can keep the length of
  a short headline, not its words).

``retained`` (the share of the unenforced translation's content words, 4+ letters or
numbers, terms' words left out, still present) is reported but does not decide: a
strategy that re-decodes may word the sentence differently, and when the model
cannot read the source (a name it never saw derails the toy models into another
sentence entirely) the unenforced translation is no reference for content.

Text only, no attention, and free: the first pass decodes the plain source, so its
first hypothesis *is* the unenforced translation.

A rendering the model did not write itself (an alignment repair, a forced prefix and
its continuation, terms restored into placeholders) is also **scored**: the model's
mean token log-probability of the finished text as a translation of the source
(one teacher-forced ``score_batch`` pass, :meth:`Decoder.score_pairs`), compared
with the first hypothesis's own score (``translate_batch`` reports the same mean). A
fall of more than :data:`MAX_SCORE_DROP` means the model no longer reads the text as a
translation of the sentence (:func:`kept_by_score`): scoring, not a second decode of
the sentence, is the sentence check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from translate.engine.align import piece_spans
from translate.glossary import Match
from translate.glossary.model import nfc, plain_apostrophes

MIN_LENGTH_RATIO = 0.5
#: Largest fall in mean token log-probability (nats) from the first hypothesis to an
#: enforced rendering that still reads as the same sentence (``make eval`` calibrates
#: it: a spliced or forced term costs the few pieces it has, a derailed sentence all).
MAX_SCORE_DROP = 2.0
_WORD = re.compile(r"\w+")
_RESIDUE = ("⟦", "⟧", "⁇", "<unk>")


@dataclass(frozen=True)
class Fidelity:
    kept: bool
    length_ratio: float  # words(enforced) / words(unenforced)
    retained: float  # share of the unenforced translation's content words kept
    reason: str = ""  # "", "residue", "shorter", "term-list"


def words(text: str) -> tuple[str, ...]:
    return _words(text)


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    # Cached: every rendering of a segment is judged against the same reference.
    return tuple(_WORD.findall(plain_apostrophes(nfc(text)).casefold()))


def _content(text: str, excluded: set[str]) -> Counter[str]:
    return Counter(w for w in words(text) if (len(w) >= 4 or w.isdigit()) and w not in excluded)


def term_words(matches: Sequence[Match]) -> set[str]:
    """Words of the terms on either side: the source surface and every accepted target."""
    found: set[str] = set()
    for match in matches:
        for form in (match.surface, match.expected, *match.alternatives):
            found.update(words(form))
    return found


def check_fidelity(
    enforced: str, unenforced: str, matches: Sequence[Match], source: str | None = None
) -> Fidelity:
    """Judge ``enforced`` against the unenforced translation of the same source.

    With ``source``, lengths are judged against the shorter of the unenforced
    translation and the source itself: a model that hallucinates a long sentence for a
    short headline it cannot read ("Junta meets in Niamey" → eleven words about an air
    base) does not make a faithful short translation "lost". Enforcement *chooses*
    with this judgement; what it *flags* (and ``make eval`` counts) is the strict one,
    without ``source``."""
    plain_count = len(words(unenforced))
    excluded = term_words(matches)
    plain_rest = sum(1 for w in words(unenforced) if w not in excluded)
    if source is not None:
        plain_count = min(plain_count, len(words(source)))
        plain_rest = min(plain_rest, sum(1 for w in words(source) if w not in excluded))
    ratio = len(words(enforced)) / plain_count if plain_count else 1.0
    rest = sum(1 for w in words(enforced) if w not in excluded)
    reference = _content(unenforced, excluded)
    kept_words = _content(enforced, excluded)
    total = sum(reference.values())
    retained = sum((reference & kept_words).values()) / total if total else 1.0
    if any(mark in enforced and mark not in unenforced for mark in _RESIDUE):
        return Fidelity(False, ratio, retained, "residue")
    if ratio < MIN_LENGTH_RATIO:
        return Fidelity(False, ratio, retained, "shorter")
    if plain_rest and rest < MIN_LENGTH_RATIO * plain_rest:
        return Fidelity(False, ratio, retained, "term-list")
    return Fidelity(True, ratio, retained)


def mean(log_probs: Sequence[float]) -> float:
    """A scored text's mean token log-probability; ``-inf`` when it could not be scored."""
    return sum(log_probs) / len(log_probs) if log_probs else float("-inf")


def sentence_score(
    pieces: Sequence[str], log_probs: Sequence[float], forms: Sequence[str]
) -> float:
    """The mean log-probability of the pieces outside the terms' own words (``forms``
    where they occur): a term the model would not have written is improbable by
    definition, and says nothing about whether the rest still reads as the sentence."""
    if not log_probs:
        return float("-inf")
    text, spans = piece_spans(pieces)
    folded = text.casefold()
    covered: list[tuple[int, int]] = []
    for form in forms:
        needle = form.casefold().strip()
        start = folded.find(needle) if needle else -1
        while start >= 0:
            covered.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    kept = [
        value
        for index, value in enumerate(log_probs)
        if index >= len(spans)  # the end of sentence
        or not any(s < spans[index][1] and spans[index][0] < e for s, e in covered)
    ]
    return mean(kept)


def kept_by_score(first_score: float, score: float) -> bool:
    """Does the model still read an enforced text (its mean token log-probability,
    :func:`mean`) as a translation of the source its first hypothesis scored?"""
    return score >= first_score - MAX_SCORE_DROP
