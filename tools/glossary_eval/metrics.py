"""What ``make eval`` measures for one strategy on one set of segments.

* **term success** (WMT-terminology style): per term occurrence, is its expected
  target form in the output, exactly, after NFC (apostrophe look-alikes read as one,
  and the first letter may be upper case at a sentence start)? A form the same
  glossary entry lists for another number counts too ("groupes djihadistes" for the
  entry jihadist → djihadiste/djihadistes: French agreement), another entry's or
  another sense's form does not. Each occurrence needs its own span; longer forms
  claim theirs first. Every enforced (non-fuzzy) occurrence is *enforceable*: the
  product restores or splices terms as strings, so none is out of reach; the count
  of forms the target vocabulary cannot spell (``unspellable``) is reported beside,
  since decoding-based strategies cannot force those. An occurrence in a segment
  that lost its sentence
  (:func:`check_fidelity` against the unenforced translation) is a failure:
  ``term_success`` counts it as one, ``term_presence`` shows the raw presence.
* **silent violations**: failed occurrences in segments the strategy did *not* mark
  ``needs_review``; ``flagged`` counts the segments it did mark.
* **consistency**: share of terms occurring at least twice in the set whose every
  occurrence shows the same target form (a miss breaks it: what the model wrote
  instead cannot be vouched for).
* **chrF** against the references, where the set has them.
* **collapse**: share of segments under half the source's word count, share under
  half the *unenforced* translation's word count, and the median target/source
  word ratio.
* **how** each term was satisfied, as the strategy reports it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tools.glossary_eval.records import HOW, EnforcedSegment
from translate.glossary import Match
from translate.glossary.model import nfc, plain_apostrophes
from translate.mt.enforce import STAGES
from translate.mt.enforce.fidelity import check_fidelity, words


def _normalize(text: str) -> str:
    return plain_apostrophes(nfc(text))


def _form(form: str) -> str:
    form = _normalize(form).strip()
    head = f"[{re.escape(form[0])}{re.escape(form[0].upper())}]" if form else ""
    return head + re.escape(form[1:])


def accepted_forms(match: Match) -> tuple[str, ...]:
    """The expected form first, then the entry's forms for the other numbers."""
    own = match.entry.targets if not match.entry.no_translate else ()
    return tuple(dict.fromkeys(f for f in (match.expected, *own) if f))


def _pattern(match: Match) -> re.Pattern[str]:
    forms = sorted(accepted_forms(match), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(_form(f) for f in forms) + r")(?!\w)")


def exact_hits(output: str, matches: Sequence[Match]) -> list[bool]:
    """Per occurrence: is its expected form in ``output`` (see the module docstring)?"""
    text = _normalize(output)
    hits = [False] * len(matches)
    taken: list[tuple[int, int]] = []
    for index in sorted(range(len(matches)), key=lambda i: -len(matches[i].expected)):
        for hit in _pattern(matches[index]).finditer(text):
            if all(hit.end() <= s or hit.start() >= e for s, e in taken):
                taken.append((hit.start(), hit.end()))
                hits[index] = True
                break
    return hits


@dataclass
class Figures:
    """One strategy on one set: the numbers of the table (``as_dict`` is the JSON)."""

    segments: int
    glossary_segments: int
    terms: int  # enforced occurrences, all enforceable (see the module docstring)
    unspellable: int  # ... whose form the target vocabulary cannot spell
    hits: int = 0  # occurrences present (exact)
    successes: int = 0  # ... in segments that kept the sentence
    silent: int = 0
    flagged: int = 0
    lost: int = 0  # glossary segments whose sentence was lost
    consistency: float | None = None
    chrf: float | None = None
    under_half_source: float = 0.0
    under_half_unenforced: float = 0.0
    median_ratio: float = 0.0
    how: dict[str, int] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)  # failed occurrences by term
    # Glossary segments by where enforcement settled them (translate.mt.enforce.STAGES):
    # the cost, in decodes, independent of the machine's load.
    stages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def term_success(self) -> float:
        return self.successes / self.terms if self.terms else 1.0

    @property
    def term_presence(self) -> float:
        return self.hits / self.terms if self.terms else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "segments": self.segments,
            "glossary_segments": self.glossary_segments,
            "terms": self.terms,
            "enforceable_terms": self.terms,
            "unspellable_terms": self.unspellable,
            "term_success": round(self.term_success, 4),
            "term_presence": round(self.term_presence, 4),
            "silent_violations": self.silent,
            "flagged_segments": self.flagged,
            "lost_sentences": self.lost,
            "consistency": None if self.consistency is None else round(self.consistency, 4),
            "chrf": None if self.chrf is None else round(self.chrf, 1),
            "collapse": {
                "under_half_source": round(self.under_half_source, 4),
                "under_half_unenforced": round(self.under_half_unenforced, 4),
                "median_target_source_ratio": round(self.median_ratio, 3),
            },
            "how": dict(self.how),
            "missed_terms": dict(self.missed),
            "stages": dict(self.stages),
            "seconds": round(self.seconds, 2),
        }


def _rendering(output: str, match: Match) -> str | None:
    """Which of the entry's forms the output uses for it."""
    found = _pattern(match).search(_normalize(output))
    return found.group().casefold() if found else None


def consistency(outputs: Sequence[str], matches: Sequence[Sequence[Match]]) -> float | None:
    """Share of repeated terms rendered with one and the same form everywhere."""
    renderings: dict[tuple[str, str | None, bool], list[str | None]] = {}
    for output, found in zip(outputs, matches, strict=True):
        hits = exact_hits(output, found)
        for match, hit in zip(found, hits, strict=True):
            key = (match.entry.source, match.entry.context, match.plural)
            renderings.setdefault(key, []).append(_rendering(output, match) if hit else None)
    repeated = [forms for forms in renderings.values() if len(forms) >= 2]
    if not repeated:
        return None
    same = sum(1 for forms in repeated if None not in forms and len(set(forms)) == 1)
    return same / len(repeated)


def _ratio(target: str, source: str) -> float:
    return len(words(target)) / max(1, len(words(source)))


def measure(
    sources: Sequence[str],
    matches: Sequence[Sequence[Match]],
    results: Sequence[EnforcedSegment] | None,
    unenforced: Sequence[str],
    spellable: Callable[[Match], bool],
    references: Sequence[str] | None = None,
) -> Figures:
    """Figures of one strategy (``results``), or of the unenforced run (None)."""
    import sacrebleu

    outputs = [r.text for r in results] if results is not None else list(unenforced)
    figures = Figures(
        segments=len(sources),
        glossary_segments=sum(1 for m in matches if m),
        terms=sum(len(m) for m in matches),
        unspellable=sum(not spellable(x) for m in matches for x in m),
    )
    how: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    for index, (output, found) in enumerate(zip(outputs, matches, strict=True)):
        if not found:
            continue
        kept = results is None or check_fidelity(output, unenforced[index], found).kept
        flagged = results is not None and results[index].needs_review
        figures.lost += not kept
        figures.flagged += flagged
        for match, hit in zip(found, exact_hits(output, found), strict=True):
            figures.hits += hit
            figures.successes += hit and kept
            figures.silent += (not (hit and kept)) and not flagged
            if not (hit and kept):
                missed[match.entry.source] += 1
        if results is not None:
            how.update(t.how for t in results[index].terms)
            stages[results[index].stage] += 1
    figures.how = {name: how.get(name, 0) for name in HOW} if results is not None else {}
    figures.stages = {name: stages.get(name, 0) for name in STAGES} if results is not None else {}
    figures.missed = dict(missed.most_common())
    figures.consistency = consistency(outputs, matches)
    if references:
        figures.chrf = float(sacrebleu.corpus_chrf(outputs, [list(references)]).score)
    ratios = [_ratio(o, s) for o, s in zip(outputs, sources, strict=True)]
    figures.median_ratio = statistics.median(ratios) if ratios else 0.0
    figures.under_half_source = sum(r < 0.5 for r in ratios) / len(ratios) if ratios else 0.0
    shorter = [
        len(words(o)) < 0.5 * len(words(u)) for o, u in zip(outputs, unenforced, strict=True)
    ]
    figures.under_half_unenforced = sum(shorter) / len(shorter) if shorter else 0.0
    return figures
