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

Text only, no attention: it judges every strategy the same way, including ones that
re-decode, and costs nothing for strategies that decode the plain source anyway
(their first hypothesis *is* the unenforced translation).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translate.glossary import Match
from translate.glossary.model import nfc, plain_apostrophes

MIN_LENGTH_RATIO = 0.5
_WORD = re.compile(r"\w+")
_RESIDUE = ("⟦", "⟧", "⁇", "<unk>")


@dataclass(frozen=True)
class Fidelity:
    kept: bool
    length_ratio: float  # words(enforced) / words(unenforced)
    retained: float  # share of the unenforced translation's content words kept
    reason: str = ""  # "", "residue", "shorter", "term-list"


def words(text: str) -> list[str]:
    return _WORD.findall(plain_apostrophes(nfc(text)).casefold())


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
