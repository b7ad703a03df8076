"""Document data model and the layout machinery shared by every format.

A document's source text is kept whole. Each translatable *block* (paragraph, heading,
bullet, table cell...) is a range ``[start, end)`` of that text plus its plain text and
inline markup; everything between blocks is copied to the output untouched. Rendering
replaces each block range by the target sentences (markup re-inserted), joined with one
space (or the block's own separator). A block whose targets equal its source segments is
copied byte for byte; a block of a dropped kind (page furniture) is removed with its line.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.documents.frontmatter import FrontMatter
from translate.documents.segment import sentence_spans
from translate.documents.verbatim import find_verbatim
from translate.documents.webpage import ArticleMetadata
from translate.records import InlineSpan

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
    "header",  # byline/date/section line: "Web Desk | June 12, 2025 07:40 PM | Security"
    "credit",  # photo credit: "Image Credits: France 24", "Photo: X / AFP"
    "caption",  # the text a photo credit was glued to (often the repeated headline)
    "furniture",  # page furniture: "Related Post", "Share this", "Advertisement"
)
#: Kinds rendered for the target locale by ``translate.localize.localize_dateline``
#: (babel dates, label and section tables), never machine translated.
RENDERED_KINDS = ("dateline", "header", "credit")
#: Page furniture: never machine translated; kept as written or dropped on render.
FURNITURE_KINDS = ("furniture",)
# One line each: never split into sentences ("Jan. 29, 2025" is not a sentence end).
_WHOLE_KINDS = frozenset(("dateline", "header", "credit", "furniture"))


@dataclass
class Segment:
    text: str
    kind: str
    block: int
    spans: list[InlineSpan] = field(default_factory=list)
    #: ``[start, end)`` ranges of ``text`` that must reach the output unchanged (inline
    #: code, URLs, e-mail addresses, @handles, #hashtags), sorted and non-overlapping.
    verbatim: list[tuple[int, int]] = field(default_factory=list)


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
    separator: str = " "  # between the rendered segments of this block
    #: How this block's text is escaped when it differs from its layout's (an HTML
    #: attribute value: quotes too); None: the layout's.
    escape: Callable[[str], str] | None = None


@dataclass
class Layout:
    """A text (a file, or one JSONL field) with the ranges to be replaced on render."""

    source: str
    escape: Callable[[str], str]
    blocks: list[Block] = field(default_factory=list)

    def render(
        self,
        segments: Sequence[Segment],
        targets: Sequence[TargetSegment],
        drop: Collection[str] = (),
    ) -> str:
        out: list[str] = []
        pos = 0
        dropped = False
        for block in self.blocks:
            if block.kind in drop:
                start, end = _line_around(self.source, block.start, block.end)
                out.append(self.source[pos : max(pos, start)])
                pos = max(pos, end)
                dropped = True
                continue
            out.append(self.source[pos : block.start])
            pieces = range(block.first, block.first + block.count)
            if all(_same(segments[i], targets[i]) for i in pieces):
                out.append(self.source[block.start : block.end])
            else:
                out.append(
                    block.separator.join(
                        insert_markup(
                            targets[i].text, targets[i].spans, block.escape or self.escape
                        )
                        for i in pieces
                    )
                )
            pos = block.end
        out.append(self.source[pos:])
        text = "".join(out)
        if dropped:  # furniture at the end: the text ends as the source did
            text = text.rstrip() + self.source[len(self.source.rstrip()) :]
        return text

    def drops(self, drop: Collection[str]) -> bool:
        return any(block.kind in drop for block in self.blocks)


_MARKUP_ON_LINE = re.compile(r"<[^<>\n]*>|^\s*(?:[-*+•>#]+|\d{1,9}[.)])(?=\s)")


def _line_around(source: str, start: int, end: int) -> tuple[int, int]:
    """The range removed when the block ``source[start:end]`` is dropped: its whole line
    (newline and one blank line around it included) when nothing else on the line is
    text, else the block alone."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end == -1 else line_end
    rest = source[line_start:start] + " " + source[end:line_end]
    if any(c.isalnum() for c in _MARKUP_ON_LINE.sub("", rest.strip())):
        return start, end
    if line_end < len(source):
        line_end += 1  # the newline
        blank_before = line_start >= 2 and source[line_start - 2 : line_start] == "\n\n"
        if blank_before and source.startswith("\n", line_end):
            line_end += 1  # a blank line on both sides: keep one
    elif line_start > 0:
        line_start -= 1  # the last line: drop the newline before it
    return line_start, line_end


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
        # Problems a parser met and worked around (nesting too deep...), for the reader
        # to report with the file name: one message per kind of problem.
        self.warnings: dict[str, str] = {}
        self.metadata: ArticleMetadata | None = None  # what a web page says about itself

    def warn(self, key: str, message: str) -> None:
        self.warnings.setdefault(key, message)

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
        escape: Callable[[str], str] | None = None,
    ) -> bool:
        """Add the block ``layout.source[start:end]`` whose plain text is ``text``.

        Runs of whitespace matching ``whitespace`` (by default: any containing a newline)
        are collapsed to one space in the plain text, spans remapped; then the text is
        split into sentences (except for one-line kinds: datelines, headers, credits,
        furniture). Returns False (and adds nothing) for blank text.
        """
        text, spans = collapse_whitespace(text, list(spans), whitespace)
        sentences = self._sentences(text, kind, [(s.start, s.end) for s in spans if is_verbatim(s)])
        if not sentences:
            return False
        first = len(self.segments)
        self._add_segments(text, sentences, kind, spans)
        layout.blocks.append(Block(start, end, kind, first, len(sentences), escape=escape))
        self.block_count += 1
        return True

    def add_parts(
        self,
        layout: Layout,
        start: int,
        end: int,
        parts: Sequence[tuple[int, int, str]],
        separator: str,
    ) -> bool:
        """Add one block made of ``parts`` (``(start, end, kind)`` ranges of the layout's
        plain source, e.g. a caption and the photo credit glued to it): each part gives
        its own segments, and the rendered parts are joined with ``separator``."""
        first = len(self.segments)
        count = 0
        for a, b, kind in parts:
            text, _ = collapse_whitespace(layout.source[a:b], [])
            sentences = self._sentences(text, kind)
            self._add_segments(text, sentences, kind, [])
            count += len(sentences)
        if not count:
            return False
        kind = self.segments[first].kind
        layout.blocks.append(Block(start, end, kind, first, count, separator))
        self.block_count += 1
        return True

    def _sentences(
        self, text: str, kind: str, keep: Sequence[tuple[int, int]] = ()
    ) -> list[tuple[int, int]]:
        """The sentences to translate, without the invisible characters at their edges
        (bidi controls, zero-width spaces: they stay in the layout, as written); one
        with nothing visible is not a sentence: a model would invent text for it."""
        if kind not in _WHOLE_KINDS:
            spans = sentence_spans(text, self.lang, keep)  # code spans are never cut
        else:
            stripped = text.strip()
            lead = len(text) - len(text.lstrip())
            spans = [(lead, lead + len(stripped))] if stripped else []
        visible = []
        for start, end in spans:
            while start < end and not _visible(text[start]):
                start += 1
            while end > start and not _visible(text[end - 1]):
                end -= 1
            if start < end:
                visible.append((start, end))
        return visible

    def _add_segments(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        kind: str,
        spans: list[InlineSpan],
    ) -> None:
        """One segment per sentence, each span clipped to the sentences it covers (a
        sweep over spans sorted by start: linear in spans + sentences + clipped spans)."""
        block_index = self.block_count
        starts = [a for a, _ in sentences]
        zero_width: dict[int, list[tuple[int, InlineSpan]]] = {}
        ranged: list[tuple[int, InlineSpan]] = []
        for order, span in enumerate(spans):
            if span.start == span.end:  # zero-width: goes to the sentence it follows
                number = max(bisect.bisect_right(starts, span.start) - 1, 0)
                zero_width.setdefault(number, []).append((order, span))
            else:
                ranged.append((order, span))
        ranged.sort(key=lambda item: (item[1].start, item[0]))
        active: list[tuple[int, InlineSpan]] = []
        next_span = 0
        for number, (a, b) in enumerate(sentences):
            while next_span < len(ranged) and ranged[next_span][1].start < b:
                active.append(ranged[next_span])
                next_span += 1
            clipped: list[tuple[int, InlineSpan]] = []
            for order, span in active:
                lo, hi = max(span.start, a), min(span.end, b)
                if lo < hi:
                    clipped.append((order, InlineSpan(lo - a, hi - a, span.open, span.close)))
            for order, span in zero_width.get(number, []):
                pos = min(max(span.start, a), b) - a
                clipped.append((order, InlineSpan(pos, pos, span.open, span.close)))
            active = [item for item in active if item[1].end > b]
            # the readers' order (outer element first) is what insert_markup relies on
            ordered = [span for _, span in sorted(clipped, key=lambda item: item[0])]
            sentence = text[a:b]
            self.segments.append(
                Segment(sentence, kind, block_index, ordered, verbatim_ranges(sentence, ordered))
            )


def _visible(text: str) -> bool:
    """Whether ``text`` holds a character that shows: not a space, a control or a format
    character (U+200B zero-width space, U+200E and U+202E bidi marks...)."""
    return any(
        not (category := unicodedata.category(char)).startswith(("C", "Z")) or category == "Co"
        for char in text
    )


def verbatim_ranges(text: str, spans: Sequence[InlineSpan]) -> list[tuple[int, int]]:
    """The ranges of ``text`` that must stay as written: code and autolink spans, and the
    URLs, e-mail addresses, @handles and #hashtags in the text; merged and sorted."""
    ranges = [(s.start, s.end) for s in spans if s.end > s.start and is_verbatim(s)]
    ranges += find_verbatim(text)
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def collapse_whitespace(
    text: str, spans: list[InlineSpan], pattern: re.Pattern[str] = _NEWLINE_WS
) -> tuple[str, list[InlineSpan]]:
    """Replace each match of ``pattern`` in ``text`` by one space, remapping span offsets."""
    matches = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not matches:
        return text, spans
    out: list[str] = []
    pos = 0
    old_starts: list[int] = []  # start of each match in the old text
    new_starts: list[int] = []  # where its single space lands in the new text
    new_len = 0
    for a, b in matches:
        out.append(text[pos:a])
        new_len += a - pos
        old_starts.append(a)
        new_starts.append(new_len)
        out.append(" ")
        new_len += 1
        pos = b
    out.append(text[pos:])

    def remap(offset: int) -> int:
        index = bisect.bisect_right(old_starts, offset) - 1
        if index < 0:
            return offset
        b = matches[index][1]
        if offset < b:  # inside the collapsed run: its space
            return new_starts[index]
        return new_starts[index] + 1 + (offset - b)

    remapped = [InlineSpan(remap(s.start), remap(s.end), s.open, s.close) for s in spans]
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
    #: For a saved web page: its title, author, date and site name, as the page says.
    metadata: ArticleMetadata | None = None
    #: What the reader cleaned or worked around in this input ("file:line: ..."), already
    #: reported through ``read_documents(on_warning=...)``.
    warnings: list[str] = field(default_factory=list, repr=False)
    #: The folder, relative to a directory given with --recursive, that the file was
    #: found in ("" elsewhere): its output goes to the same folder under --out-dir.
    subdir: str = ""
    #: A Markdown article's front matter (YAML or TOML): its text keys are the segments
    #: of ``layouts[1:]``, ``layouts[0]`` is the article after it.
    front_matter: FrontMatter | None = field(default=None, repr=False)

    def render(
        self,
        targets: Sequence[TargetSegment],
        drop: Collection[str] = (),
        lang: str | None = None,
    ) -> str:
        """The document with each segment replaced by its target, structure kept.

        Text formats return the whole file (the input's line ending, no BOM). A JSONL
        article returns its JSON object on one line, without a newline, with "title" and
        "body" translated and every other key kept. Blocks whose kind is in ``drop``
        (e.g. :data:`FURNITURE_KINDS`) are left out, with their line when nothing else is
        on it; their targets are ignored. With ``lang`` (a locale, ``fr_NE``), an HTML
        page's ``<html lang>`` (and ``dir``) and a Markdown front matter's ``lang:`` say
        the target language.
        """
        text = self._render(targets, drop, lang)
        if lang is not None and self.record is None and self.front_matter is None:
            from translate.documents.language import declare_language

            text = declare_language(text, self.format, lang)
        return text

    def _render(
        self, targets: Sequence[TargetSegment], drop: Collection[str] = (), lang: str | None = None
    ) -> str:
        if len(targets) != len(self.segments):
            raise ValueError(
                f"{self.source}: {len(targets)} targets for {len(self.segments)} segments"
            )
        if not self.layouts:  # built by hand (tests): one block per segment
            return "\n\n".join(
                insert_markup(t.text, t.spans)
                for s, t in zip(self.segments, targets, strict=True)
                if s.kind not in drop
            )
        rendered = [layout.render(self.segments, targets, drop) for layout in self.layouts]
        if self.record is None:
            text = rendered[0]
            if self.front_matter is not None:
                text = self.front_matter.render(rendered[1:], lang) + text
            return text.replace("\n", self.newline) if self.newline != "\n" else text
        if (
            self.raw_line is not None
            and not any(layout.drops(drop) for layout in self.layouts)
            and all(_same(s, t) for s, t in zip(self.segments, targets, strict=True))
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
