"""The small records every step of enforcement shares: the policy, a candidate
rendering, the stages a segment can end at, and term outcomes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.engine.translator import Hypothesis
from translate.glossary import Glossary, Match, TermCheck, verify
from translate.mt.result import TermOutcome
from translate.mt.verbatim import is_verbatim_match

#: How the second pass re-decodes a segment whose first decode misses a term:
#: ``placeholder`` masks the terms as ``⟦n⟧`` (only for a package that copies them,
#: see :mod:`.probe`); ``constrain`` forces the missing term as a decoding prefix.
PLACEHOLDER = "placeholder"
CONSTRAIN = "constrain"
METHODS = (PLACEHOLDER, CONSTRAIN)
#: ``TermPolicy.method``: the package's method, probed once; or one forced; or
#: ``first-pass`` (no second decode: select and repair only, for measurements).
AUTO = "auto"
FIRST_PASS_ONLY = "first-pass"

#: Where a rendering came from, the more trusted first: the model's own decode of
#: the plain source; a decode through placeholders or a forced prefix (the model wrote
#: the sentence around the terms); an alignment repair; a repair that guessed the spot
#: from attention alone.
MODEL = "model"
DECODED = "decoded"
REPAIRED_ALIGNED = "aligned"
REPAIRED_GUESSED = "guessed"
ORIGINS = (MODEL, DECODED, REPAIRED_ALIGNED, REPAIRED_GUESSED)

#: Where a glossary segment's translation was settled (``SegmentResult.stage``):
#: its first decode (an n-best hypothesis had every term), an alignment repair of that
#: decode (no decode spent), or the second pass (one more decode).
FIRST = "first"
REPAIRED = "repaired"
SECOND = "second"
STAGES = (FIRST, REPAIRED, SECOND)

# A placeholder the model produced that no protected term owns (models trained with
# placeholders sometimes emit one on their own); it must never reach a reader.
_STRAY_PLACEHOLDER = re.compile(r"\s*⟦\s*\d+\s*⟧")


def drop_stray_placeholders(text: str) -> str:
    cleaned = _STRAY_PLACEHOLDER.sub("", text)
    return re.sub(r"^\s+|\s+(?=[.,;:!?])", "", cleaned)


@dataclass(frozen=True)
class TermPolicy:
    """What to enforce on one translation direction: ``glossary`` (None: nothing) into
    ``lang``, the second pass by ``method`` (:data:`AUTO`, one of :data:`METHODS`, or
    :data:`FIRST_PASS_ONLY`)."""

    glossary: Glossary | None
    lang: str
    method: str = AUTO


@dataclass(frozen=True)
class Candidate:
    """One way to render a segment: its text, the hypothesis it came from (whose
    attention refers to ``model_source``), how each term (by match index) got there."""

    text: str
    hypothesis: Hypothesis
    how: dict[int, str] = field(default_factory=dict)
    model_source: str = ""
    origin: str = "model"  # one of ORIGINS

    @property
    def own(self) -> bool:
        """The model wrote ``text`` itself for the plain source, so ``hypothesis.score``
        is its score; anything else is scored as a text before it is judged."""
        return self.origin == MODEL


def found_terms(text: str, matches: Sequence[Match], lang: str) -> list[bool]:
    return [check.found for check in verify(text, matches, lang)]


def term_outcome(check: TermCheck, how: str) -> TermOutcome:
    """A term's outcome; verbatim spans are marked (translate.mt.guard takes them out:
    they are enforced like terms, never reported as glossary terms)."""
    return TermOutcome(
        check.term, check.expected, check.found, how, verbatim=is_verbatim_match(check.match)
    )


def outcomes(candidate: Candidate, matches: Sequence[Match], lang: str) -> list[TermOutcome]:
    """Each term's outcome in the candidate's text, as verified now."""
    return [
        term_outcome(check, candidate.how.get(index, "copied") if check.found else "violated")
        for index, check in enumerate(verify(candidate.text, matches, lang))
    ]
