"""The unique segments of one target language's stream, and the rows they become.

Every segment of every article going to one language is grouped by source text into a
:class:`UniqueSegment`: translated (or found in memory, or rendered) once, stored for
each of its segment ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translate import tags
from translate.documents import FURNITURE_KINDS, RENDERED_KINDS, Document, InlineSpan, Segment
from translate.glossary import Glossary, Match
from translate.mt.datelines import RENDERED_PACKAGE, render_dateline
from translate.mt.outcome import status_of
from translate.mt.result import SegmentResult
from translate.mt.routes import Route
from translate.mt.verbatim import segment_verbatim
from translate.records import ArticleRecord, MemoryHit, TranslationRow


@dataclass
class UniqueSegment:
    """One source text of the stream and everything its translation needs."""

    text: str
    kind: str
    segment_ids: list[int] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)  # glossary terms found in it
    proposed: list[Match] = field(default_factory=list)  # fuzzy entries, reported only
    term_key: str = ""  # what memory reuse must agree on
    markup: bool = False  # some segment carrying it has inline markup
    # Verbatim ranges (code, URLs...), from the first segment carrying it.
    verbatim: list[tuple[int, int]] = field(default_factory=list)
    # Datelines, header and credit lines: rendered, never machine translated.
    dateline: SegmentResult | None = None

    @property
    def furniture(self) -> bool:
        """Page furniture is never machine translated: its target is its source."""
        return self.kind in FURNITURE_KINDS


@dataclass
class TargetUnits:
    """One target language's unique segments, keyed by source text, in first-seen order."""

    lang: str
    glossary: Glossary
    units: dict[str, UniqueSegment]
    segments: dict[int, Segment]  # every segment id → its segment

    @classmethod
    def build(
        cls,
        documents: list[Document],
        records: list[ArticleRecord],
        lang: str,
        glossary: Glossary,
        *,
        pivot: bool = False,
        source_lang: str = "en",
    ) -> TargetUnits:
        """``lang``'s units; rendered lines are rendered (and stored) for the language
        itself, each output renders them again for its own locale."""
        units: dict[str, UniqueSegment] = {}
        segments: dict[int, Segment] = {}
        for document, record in zip(documents, records, strict=True):
            for segment, segment_id in zip(document.segments, record.segment_ids, strict=True):
                unit = units.get(segment.text)
                if unit is None:
                    unit = units[segment.text] = UniqueSegment(
                        segment.text, segment.kind, verbatim=segment_verbatim(segment)
                    )
                unit.segment_ids.append(segment_id)
                unit.markup = unit.markup or bool(segment.spans)
                segments[segment_id] = segment
        for unit in units.values():
            unit.matches = glossary.find(unit.text)
            unit.proposed = glossary.proposed(unit.text)
            # Through a pivot the terms are found in the English leg, not in this
            # source: any glossary change must invalidate the memory.
            # Forbidden renderings of its terms count too: adding one re-translates.
            unit.term_key = (
                glossary.version
                if pivot
                else glossary.term_key(unit.matches + glossary.forbidden(unit.text))
            )
            if unit.kind in RENDERED_KINDS:
                unit.dateline = render_dateline(unit.text, lang, unit.matches, source_lang)
        return cls(lang, glossary, units, segments)

    def memory_rows(self, unit: UniqueSegment, hit: MemoryHit, run_id: int) -> list[TranslationRow]:
        """A memory hit, stored for each segment carrying the text."""
        return [
            TranslationRow(
                segment_id=segment_id,
                lang=self.lang,
                machine_text=hit.text,
                final_text=hit.text,
                status=hit.status,
                package=hit.package,
                package_version=hit.package_version,
                glossary_version=self.glossary.version,
                term_key=unit.term_key,
                terms=hit.terms,
                score=hit.score,
                spans=reused_spans(hit, self.segments[segment_id]),
                pivot=None,
                run_id=run_id,
                flags=hit.flags,
                parts=hit.parts,
            )
            for segment_id in unit.segment_ids
        ]

    def result_rows(
        self, unit: UniqueSegment, result: SegmentResult, route: Route, run_id: int,
        kind: str = "machine",
    ) -> list[TranslationRow]:  # fmt: skip
        """A fresh result (``kind``: machine, dateline or furniture), stored for each
        segment carrying the text."""
        package = {"dateline": RENDERED_PACKAGE, "furniture": "furniture"}.get(
            kind, route.package_id
        )
        return [
            TranslationRow(
                segment_id=segment_id,
                lang=self.lang,
                machine_text=result.text,
                status=status_of(result),
                package=package,
                package_version="" if kind != "machine" else route.version,
                glossary_version=self.glossary.version,
                term_key=unit.term_key,
                terms=result.terms,
                score=result.score,
                spans=result.placed_spans(self.segments[segment_id])[0]
                if result.failure is None
                else [],
                pivot=route.pivot,
                run_id=run_id,
                flags=result.flags,
                parts=result.parts,
                failure=result.failure,
            )
            for segment_id in unit.segment_ids
        ]


def reused_spans(hit: MemoryHit, segment: Segment) -> list[InlineSpan]:
    """Markup for a translation from memory: where it was stored (the machine's spans,
    or the tags a reviewer placed), moved onto this segment's own markup by tag number
    when that differs; by string match when a person's text was stored without tags."""
    if hit.spans is None:
        return SegmentResult(hit.text, 0.0).carry_spans(segment)
    spans = [s for s in hit.spans if s.end <= len(hit.text)]
    available = [(s.open, s.close) for s in segment.spans]
    if all((s.open, s.close) in available for s in spans):
        return spans
    return tags.remap(spans, hit.markup, segment.spans)
