"""What a run does with a translation's quality: its stored status, the article's
rendering of a failed segment, and the report of failed and flagged segments.

A segment that could not be translated ships as its source wrapped in a marker a
reader cannot miss and a script can find: ``[untranslated: <source>]`` (the same in
every target language). Its row is ``failed``, with empty texts and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.documents import InlineSpan, Segment, TargetSegment
from translate.mt.result import SegmentResult

UNTRANSLATED_OPEN = "[untranslated: "
UNTRANSLATED_CLOSE = "]"


def untranslated(segment: Segment) -> TargetSegment:
    """A failed segment as the article shows it: its source inside the marker, with its
    inline markup where it was."""
    shift = len(UNTRANSLATED_OPEN)
    spans = [InlineSpan(s.start + shift, s.end + shift, s.open, s.close) for s in segment.spans]
    return TargetSegment(UNTRANSLATED_OPEN + segment.text + UNTRANSLATED_CLOSE, spans)


def status_of(result: SegmentResult) -> str:
    """`failed`, `needs_review` (a glossary violation or a quality flag) or `machine`."""
    if result.failure is not None:
        return "failed"
    return "needs_review" if result.violated or result.flags else "machine"


def quality_columns(result: SegmentResult) -> dict[str, Any]:
    """The store columns a result's quality fills (schema v2)."""
    return {
        "flags": [flag.as_dict() for flag in result.flags],
        "parts": result.parts,
        "failure": result.failure,
    }


@dataclass
class QualitySummary:
    """Failed and flagged segments of one article in one language, for the run report."""

    failed: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    split: int = 0  # segments translated in several parts

    def add(
        self,
        segment_id: int,
        source: str,
        *,
        failure: str | None,
        flags: Sequence[dict[str, str]],
        parts: int,
    ) -> None:
        if failure is not None:
            self.failed.append({"segment_id": segment_id, "source": source, "reason": failure})
        if flags:
            self.flagged.append({"segment_id": segment_id, "flags": list(flags)})
        if parts > 1:
            self.split += 1

    def by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.flagged:
            for reason in dict.fromkeys(f["reason"] for f in item["flags"]):
                counts[reason] = counts.get(reason, 0) + 1
        return dict(sorted(counts.items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "failed": self.failed,
            "flagged": self.flagged,
            "flag_counts": self.by_reason(),
            "split": self.split,
        }
