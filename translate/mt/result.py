"""What machine translation hands back for one text: :class:`SegmentResult`, with a
:class:`TermOutcome` per glossary term it had to carry."""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.documents import Segment
from translate.engine.translator import Hypothesis
from translate.mt.markup import carry_spans, place_markup
from translate.records import HOWS, Flag, InlineSpan, TermOutcome

__all__ = ["HOWS", "Flag", "SegmentResult", "TermOutcome"]


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

    def placed_spans(self, segment: Segment) -> tuple[list[InlineSpan], list[str]]:
        """The segment's markup on this translation, what could not be placed written
        where it cannot be lost, and a line per such element (``mt.markup.place_markup``)."""
        return place_markup(segment, self.text, self.carry_spans(segment))
