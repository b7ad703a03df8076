"""Document data model and the layout machinery shared by every format.

A document's source text is kept whole. Each translatable *block* (paragraph, heading,
bullet, table cell...) is a range ``[start, end)`` of that text plus its plain text and
inline markup; everything between blocks is copied to the output untouched. Rendering
replaces each block range by the target sentences (markup re-inserted), joined with one
space. A block whose targets equal its source segments is copied byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.documents.segment import sentence_spans

KINDS = (
    "headline",
    "dateline",
    "byline",
    "bullet",
    "paragraph",
    "heading",
    "list_item",
    "quote",
    "cell",
)


@dataclass
class InlineSpan:
    """Inline markup around part of a segment's plain text.

    ``start``/``end`` are character offsets into the segment text (``start == end`` for a
    zero-width element such as ``<br>``); ``open``/``close`` are the raw markup re-inserted
    there on render, e.g. ``'<a href="x">'``/``'</a>'``, ``'**'``/``'**'``, ``'['``/``'](u)'``.
    """

    start: int
    end: int
    open: str
    close: str


@dataclass
class Segment:
    text: str
    kind: str
    block: int
    spans: list[InlineSpan] = field(default_factory=list)


@dataclass
class TargetSegment:
    text: str
    spans: list[InlineSpan] = field(default_factory=list)


# Markup whose enclosed text must be copied, not translated: code spans, autolinks, <code>.
_VERBATIM_OPEN = re.compile(r"^(`+|<(code|kbd|samp|var|tt)\b[^>]*>|<)$", re.IGNORECASE)


def is_verbatim(span: InlineSpan) -> bool:
    """True when the span's text is code or a URL and must be left as is by the engine."""
    return bool(_VERBATIM_OPEN.match(span.open))


def insert_markup(
    text: str, spans: Sequence[InlineSpan], escape: Callable[[str], str] = lambda s: s
) -> str:
    """``text`` (escaped for the format) with each span's open/close markup re-inserted.

    Offsets are clamped to the text. Markup opening at the same offset is inserted in
    list order (outer element first, as the readers produce them); markup closing at the
    same offset closes the later-opened span first.
    """
    n = len(text)
    opens: dict[int, list[tuple[int, int, str]]] = {}
    closes: dict[int, list[tuple[int, int, str]]] = {}
    ordered = sorted(enumerate(spans), key=lambda item: (item[1].start, item[0]))
    for rank, (_, span) in enumerate(ordered):
        start = min(max(span.start, 0), n)
        end = min(max(span.end, start), n)
        opens.setdefault(start, []).append((rank, end, span.open))
        closes.setdefault(end, []).append((rank, start, span.close))
    out: list[str] = []
    last = 0
    for pos in sorted(set(opens) | set(closes)):
        out.append(escape(text[last:pos]))
        # Close spans ending here (innermost = last opened first), except zero-width ones,
        # which are closed right after they open.
        for _, start, close in sorted(closes.get(pos, []), key=lambda c: -c[0]):
            if start != pos:
                out.append(close)
        for rank, end, open_ in opens.get(pos, []):
            out.append(open_)
            if end == pos:
                out.append(next(c for r, _, c in closes[pos] if r == rank))
        last = pos
    out.append(escape(text[last:]))
    return "".join(out)


@dataclass
class Block:
    """One translatable range of a layout's source text."""

    start: int
    end: int
    kind: str
    first: int  # index of its first segment in the document
    count: int  # number of segments (sentences)


@dataclass
class Layout:
    """A text (a file, or one JSONL field) with the ranges to be replaced on render."""

    source: str
    escape: Callable[[str], str]
    blocks: list[Block] = field(default_factory=list)

    def render(self, segments: Sequence[Segment], targets: Sequence[TargetSegment]) -> str:
        out: list[str] = []
        pos = 0
        for block in self.blocks:
            out.append(self.source[pos : block.start])
            pieces = range(block.first, block.first + block.count)
            if all(_same(segments[i], targets[i]) for i in pieces):
                out.append(self.source[block.start : block.end])
            else:
                out.append(
                    " ".join(
                        insert_markup(targets[i].text, targets[i].spans, self.escape)
                        for i in pieces
                    )
                )
            pos = block.end
        out.append(self.source[pos:])
        return "".join(out)


def _same(segment: Segment, target: TargetSegment) -> bool:
    return segment.text == target.text and _span_key(segment.spans) == _span_key(target.spans)


def _span_key(spans: Sequence[InlineSpan]) -> list[tuple[int, int, str, str]]:
    return sorted((s.start, s.end, s.open, s.close) for s in spans)


_NEWLINE_WS = re.compile(r"[ \t]*\n\s*")


class Builder:
    """Collects blocks and segments for one document while a format parser runs."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.segments: list[Segment] = []
        self.block_count = 0

    def add(
        self,
        layout: Layout,
        start: int,
        end: int,
        kind: str,
        text: str,
        spans: Sequence[InlineSpan] = (),
        *,
        whitespace: re.Pattern[str] = _NEWLINE_WS,
    ) -> bool:
        """Add the block ``layout.source[start:end]`` whose plain text is ``text``.

        Runs of whitespace matching ``whitespace`` (by default: any containing a newline)
        are collapsed to one space in the plain text, spans remapped; then the text is
        split into sentences. Returns False (and adds nothing) for blank text.
        """
        text, spans = collapse_whitespace(text, list(spans), whitespace)
        sentences = sentence_spans(text, self.lang)
        if not sentences:
            return False
        block_index = self.block_count
        first = len(self.segments)
        for number, (a, b) in enumerate(sentences):
            following = sentences[number + 1][0] if number + 1 < len(sentences) else len(text) + 1
            clipped: list[InlineSpan] = []
            for span in spans:
                if span.start == span.end:  # zero-width: goes to the sentence it follows
                    if (number == 0 and span.start < a) or a <= span.start < following:
                        pos = min(max(span.start, a), b) - a
                        clipped.append(InlineSpan(pos, pos, span.open, span.close))
                    continue
                lo, hi = max(span.start, a), min(span.end, b)
                if lo < hi:
                    clipped.append(InlineSpan(lo - a, hi - a, span.open, span.close))
            self.segments.append(Segment(text[a:b], kind, block_index, clipped))
        layout.blocks.append(Block(start, end, kind, first, len(sentences)))
        self.block_count += 1
        return True


def collapse_whitespace(
    text: str, spans: list[InlineSpan], pattern: re.Pattern[str] = _NEWLINE_WS
) -> tuple[str, list[InlineSpan]]:
    """Replace each match of ``pattern`` in ``text`` by one space, remapping span offsets."""
    if not pattern.search(text):
        return text, spans
    mapping: list[int] = []  # old offset -> new offset (len(text)+1 entries)
    out: list[str] = []
    pos = 0
    new_len = 0
    for match in pattern.finditer(text):
        chunk = text[pos : match.start()]
        for _ in chunk:
            mapping.append(new_len)
            new_len += 1
        out.append(chunk)
        for _ in range(match.start(), match.end()):
            mapping.append(new_len)
        out.append(" ")
        new_len += 1
        pos = match.end()
    chunk = text[pos:]
    for _ in chunk:
        mapping.append(new_len)
        new_len += 1
    out.append(chunk)
    mapping.append(new_len)
    remapped = [InlineSpan(mapping[s.start], mapping[s.end], s.open, s.close) for s in spans]
    return "".join(out), remapped


@dataclass
class Document:
    id: str
    source: str
    format: str
    title: str | None
    segments: list[Segment]
    # Private layout; see module docstring.
    layouts: list[Layout] = field(default_factory=list, repr=False)
    newline: str = "\n"  # the input's line ending, used again on output
    extension: str = ""  # output extension without the dot (txt, md, markdown, html, jsonl)
    body_format: str | None = None  # for JSONL articles: txt | md | html
    record: dict[str, Any] | None = field(default=None, repr=False)  # JSONL object
    raw_line: str | None = field(default=None, repr=False)
    _hash_text: str = field(default="", repr=False)

    def render(self, targets: Sequence[TargetSegment]) -> str:
        """The document with each segment replaced by its target, structure kept.

        Text formats return the whole file (the input's line ending, no BOM). A JSONL
        article returns its JSON object on one line, without a newline, with "title" and
        "body" translated and every other key kept.
        """
        if len(targets) != len(self.segments):
            raise ValueError(
                f"{self.source}: {len(targets)} targets for {len(self.segments)} segments"
            )
        if not self.layouts:  # built by hand (tests): one block per segment
            return "\n\n".join(insert_markup(t.text, t.spans) for t in targets)
        rendered = [layout.render(self.segments, targets) for layout in self.layouts]
        if self.record is None:
            text = rendered[0]
            return text.replace("\n", self.newline) if self.newline != "\n" else text
        if self.raw_line is not None and all(
            _same(s, t) for s, t in zip(self.segments, targets, strict=True)
        ):
            return self.raw_line
        record = dict(self.record)
        fields = [key for key in ("title", "body") if isinstance(record.get(key), str)]
        for key, value in zip(fields, rendered, strict=True):
            record[key] = value
        return json.dumps(record, ensure_ascii=False)

    def content_hash(self) -> str:
        """sha256 (hex) of the normalised source: format + text with LF line endings,
        no BOM, trailing whitespace dropped; for JSONL the article's title/body/format."""
        payload = f"{self.format}\n{self._hash_text}"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
