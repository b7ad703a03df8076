"""What a run does with a translation's quality: its stored status, and the article's
rendering of a failed segment (the run report counts them: translate.pipeline.report).

A segment that could not be translated ships as its source wrapped in a marker a
reader cannot miss and a script can find: ``[untranslated: <source>]`` (the same in
every target language). Its row is ``failed``, with empty texts and the reason.
"""

from __future__ import annotations

from translate.documents import Segment, TargetSegment
from translate.mt.result import SegmentResult
from translate.records import InlineSpan

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
