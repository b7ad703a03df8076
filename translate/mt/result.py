"""What machine translation hands back for one text: :class:`SegmentResult`, with a
:class:`TermOutcome` per glossary term it had to carry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from translate.documents import InlineSpan, Segment
from translate.engine.translator import Hypothesis
from translate.mt.markup import carry_spans
from translate.mt.quality import Flag

#: How a term reached the translation (``TermOutcome.how``):
#: ``copied`` the first hypothesis kept its placeholder; ``selected`` a lower-ranked
#: hypothesis did; ``replaced`` attention repair put it back; ``injected`` the target term
#: was written in by us rather than carried by the model from a placeholder (the retry
#: with the term written into the source, or a dateline rendered without the model);
#: ``reviewer`` a reviewer's edit keeps it; ``constrained`` it was forced as a decoding
#: prefix and the model wrote the rest (translate.mt.enforce); ``violated`` it is missing;
#: ``forbidden`` a rendering the glossary forbids for it is in the text.
HOWS = (
    "copied",
    "selected",
    "replaced",
    "constrained",
    "injected",
    "reviewer",
    "violated",
    "forbidden",
)


@dataclass(frozen=True)
class TermOutcome:
    """One glossary term's outcome in one translation, as stored (JSON) with the row."""

    term: str
    expected: str
    found: bool
    how: str = ""
    # A verbatim span (code, URLs) enforced like a term; translate.mt.guard drops these
    # before anything is stored or reported.
    verbatim: bool = False
    # The package's second-pass method (translate.mt.enforce: "placeholder" or
    # "constrain"; older rows: "placeholder+guard" or "best-of"), "" when none ran.
    strategy: str = ""
    # With how "forbidden": the forbidden rendering found in the text.
    forbidden: str = ""

    def as_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "term": self.term,
            "expected": self.expected,
            "found": self.found,
            "how": self.how,
        }
        if self.verbatim:
            record["verbatim"] = True
        if self.strategy:
            record["strategy"] = self.strategy
        if self.forbidden:
            record["forbidden"] = self.forbidden
        return record

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> TermOutcome:
        """A stored outcome (older rows may lack ``how``)."""
        return cls(
            term=str(record.get("term", "")),
            expected=str(record.get("expected", "")),
            found=bool(record.get("found")),
            how=str(record.get("how") or ""),
            verbatim=bool(record.get("verbatim")),
            strategy=str(record.get("strategy") or ""),
            forbidden=str(record.get("forbidden") or ""),
        )


@dataclass
class SegmentResult:
    text: str
    score: float
    terms: list[TermOutcome] = field(default_factory=list)
    hypothesis: Hypothesis | None = None
    source_text: str = ""
    # What the model actually read (placeholders or injected terms in place), which
    # the hypothesis's attention refers to; "" means source_text itself.
    model_source: str = ""
    # Set by translate.mt.guard: why the text is held for review, how many parts it was
    # translated in, why it could not be translated at all, its verbatim spans.
    flags: list[Flag] = field(default_factory=list)
    parts: int = 1
    failure: str | None = None
    verbatim: tuple[str, ...] = ()
    # Glossary segments only: where enforcement settled it (translate.mt.enforce.STAGES:
    # its first decode, an alignment repair of it, or a second decode).
    stage: str = ""

    @property
    def violated(self) -> bool:
        return any(not t.found for t in self.terms)

    def carry_spans(self, segment: Segment) -> list[InlineSpan]:
        """Inline markup of the source segment, moved onto this translation."""
        return carry_spans(segment, self.text, self.hypothesis, self.source_text, self.model_source)
