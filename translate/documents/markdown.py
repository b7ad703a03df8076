"""Markdown: a line parser that keeps the source layout.

Blocks: ATX/setext headings, list items (``-``, ``*``, ``+``, ``1.``), block quotes,
table cells, paragraphs. Untouched: fenced and indented code, HTML blocks, link
reference definitions, horizontal rules, blank lines. Inline emphasis, links, images,
code spans, autolinks and inline HTML tags become InlineSpans; link URLs stay in the
markup, never in the text. Backslash escapes are kept literally in the text.
"""

from __future__ import annotations

import bisect
import re
from itertools import pairwise

from translate.documents.furniture import FurnitureTracker
from translate.documents.kinds import meta_kind
from translate.documents.model import Builder, InlineSpan, Layout
from translate.i18n import _

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_OPEN = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+)(?=\S)")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_HTML_BLOCK = re.compile(r"^ {0,3}</?[A-Za-z][A-Za-z0-9-]*(?:\s|/?>|$)|^ {0,3}<!--")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_DELIM_CELL = re.compile(r"[ \t]*:?-+:?[ \t]*")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)|(?:[^\s<>@]+@[^\s<>@]+))>")
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)


def _atx(line: str) -> tuple[int, int] | None:
    """The content range of an ATX heading line (closing ``#``s excluded), or None.

    Done by hand rather than by one regex: a lazy content group before optional closing
    hashes and spaces backtracks quadratically on long runs of spaces."""
    opening = _ATX_OPEN.match(line)
    if opening is None:
        return None
    start = opening.end()
    end = len(line.rstrip(" \t"))
    while start < end and line[start] in " \t":
        start += 1
    closing = end
    while closing > start and line[closing - 1] == "#":
        closing -= 1
    if closing == start or line[closing - 1] in " \t":  # "## Title ##" or "##"
        end = len(line[:closing].rstrip(" \t"))
    return start, max(start, end)


def _is_table_delim(line: str) -> bool:
    """A table's delimiter row: ``|---|:--:|``."""
    stripped = line.strip()
    if "-" not in stripped:
        return False
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return all(_DELIM_CELL.fullmatch(cell) for cell in stripped.split("|"))


def _starts_block(line: str) -> bool:
    return bool(
        _FENCE.match(line)
        or _ATX_OPEN.match(line)
        or _QUOTE.match(line)
        or _LIST.match(line)
        or _HR.match(line)
        or _HTML_BLOCK.match(line)
    )


def parse_markdown(
    text: str, builder: Builder, *, headline: bool = True
) -> tuple[Layout, str | None]:
    layout = Layout(text, escape=lambda s: s)
    starts: list[int] = []
    pos = 0
    lines = text.split("\n")
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    title: str | None = None
    seen_headline = not headline
    previous_blank = True
    seen_body = False
    furniture = FurnitureTracker()

    def add(kind: str, parts: list[tuple[int, int]]) -> None:
        """Add a block made of ``parts`` (content ranges of consecutive lines)."""
        nonlocal title, seen_headline, seen_body
        parts = [(a, b) for a, b in parts if text[a:b].strip()]
        if not parts:
            return
        a = parts[0][0]
        b = parts[-1][1]
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t":
            b -= 1
        content = "\n".join(text[x:y] for x, y in parts)
        content = content[a - parts[0][0] : len(content) - (parts[-1][1] - b)]
        plain, spans, too_deep = parse_inline_checked(content)
        if too_deep:
            builder.warn(
                "md-depth",
                _(
                    "line {line}: links or emphasis nested deeper than {depth} levels; "
                    "the deeper markup is kept as text"
                ).format(line=text.count("\n", 0, a) + 1, depth=MAX_INLINE_DEPTH),
            )
        flat = " ".join(plain.split())
        if kind == "heading" and not seen_headline:
            kind = "headline"
        elif furniture.is_furniture(flat):
            kind = "furniture"
        elif kind in ("paragraph", "list_item", "cell"):
            meta = meta_kind(flat, header_zone=not seen_body and kind == "paragraph")
            if meta is not None:
                kind = meta
            elif kind == "paragraph":
                seen_body = True
        if kind in ("heading", "headline") and title is None:
            title = re.sub(r"\s+", " ", plain).strip()
        if builder.add(layout, a, b, kind, plain, spans) and kind == "headline":
            seen_headline = True

    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        start = starts[i]
        end = start + len(line)
        if not line.strip():
            previous_blank = True
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            i += 1
            while i < n and not re.match(
                rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", lines[i]
            ):
                i += 1
            i += 1
            previous_blank = False
            continue
        if previous_blank and _INDENTED.match(line) and not _LIST.match(line):
            i += 1
            continue
        previous_blank = False
        if _HTML_BLOCK.match(line):
            while i < n and lines[i].strip():
                i += 1
            continue
        if _REF_DEF.match(line) or _HR.match(line):
            i += 1
            continue
        atx = _atx(line)
        if atx is not None:
            if atx[1] > atx[0]:
                add("heading", [(start + atx[0], start + atx[1])])
            i += 1
            continue
        if "|" in line and i + 1 < n and _is_table_delim(lines[i + 1]):
            while i < n and lines[i].strip() and "|" in lines[i]:
                if not _is_table_delim(lines[i]):
                    for a, b in _cells(lines[i]):
                        add("cell", [(starts[i] + a, starts[i] + b)])
                i += 1
            continue
        if _QUOTE.match(line):
            parts: list[tuple[int, int]] = []
            while i < n and _QUOTE.match(lines[i]):
                inner = lines[i]
                offset = 0
                while True:  # nested quotes: strip every "> "
                    q = _QUOTE.match(inner)
                    if not q:
                        break
                    offset += q.end()
                    inner = inner[q.end() :]
                if inner.strip():
                    parts.append((starts[i] + offset, starts[i] + len(lines[i])))
                else:
                    add("quote", parts)
                    parts = []
                i += 1
            add("quote", parts)
            continue
        item = _LIST.match(line)
        if item:
            parts = [(start + item.end(), end)]
            i += 1
            while i < n and lines[i].strip() and not _starts_block(lines[i]):
                parts.append((starts[i], starts[i] + len(lines[i])))
                i += 1
            add("list_item", parts)
            continue
        # Paragraph (or setext heading).
        parts = [(start, end)]
        i += 1
        kind = "paragraph"
        while i < n and lines[i].strip():
            setext = _SETEXT.match(lines[i])
            if setext:
                kind = "heading"
                i += 1
                break
            if _starts_block(lines[i]):
                break
            parts.append((starts[i], starts[i] + len(lines[i])))
            i += 1
        add(kind, parts)
    return layout, title


def _cells(line: str) -> list[tuple[int, int]]:
    """Ranges of the cells of a table row (pipes excluded, escaped pipes kept)."""
    bounds = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    edges = [-1, *bounds, len(line)]
    cells = []
    for a, b in pairwise(edges):
        a += 1
        if a < b and line[a:b].strip():
            cells.append((a, b))
    return cells


#: Links and emphasis nested deeper than this are kept as literal text (with a warning),
#: so no input can exhaust the stack.
MAX_INLINE_DEPTH = 32

_SPECIAL = re.compile(r"[\\`<\[!*_~]")
_INDEX_SPECIAL = re.compile(r"[\\`\[\]()*_~]")


def _run_end(s: str, i: int, limit: int) -> int:
    """End of the run of the character ``s[i]`` starting at ``i`` (before ``limit``)."""
    k = i
    while k < limit and s[k] == s[i]:
        k += 1
    return k


class _InlineIndex:
    """Tables of one inline string, built in one left-to-right pass, that make every
    lookup of the inline parser O(log n): code spans (a backtick run closed by the next
    run of the same length, CommonMark), matching ``[ ]`` and ``( )`` outside code spans
    and escapes, and the runs of ``* _ ~`` that may close emphasis."""

    def __init__(self, s: str) -> None:
        n = len(s)
        runs_by_length: dict[int, list[int]] = {}
        j = 0
        while True:
            j = s.find("`", j)
            if j == -1:
                break
            k = _run_end(s, j, n)
            runs_by_length.setdefault(k - j, []).append(j)
            j = k
        self.code: dict[int, tuple[int, int]] = {}  # opener -> (run length, closer)
        self.bracket: dict[int, int] = {}
        self.paren: dict[int, int] = {}
        self.closers: dict[tuple[str, int], list[int]] = {}
        brackets: list[int] = []
        parens: list[int] = []
        i = 0
        while i < n:
            match = _INDEX_SPECIAL.search(s, i)
            if match is None:
                break
            i = match.start()
            c = s[i]
            if c == "(":
                parens.append(i)
                i += 1
                continue
            if c == ")":
                if parens:
                    self.paren[parens.pop()] = i
                i += 1
                continue
            if c == "\\":
                i += 2
                continue
            if c == "`":
                k = _run_end(s, i, n)
                run = k - i
                starts = runs_by_length.get(run, [])
                index = bisect.bisect_left(starts, k)
                if index < len(starts):
                    self.code[i] = (run, starts[index])
                    i = starts[index] + run
                else:
                    i = k
                continue
            if c == "[":
                brackets.append(i)
            elif c == "]":
                if brackets:
                    self.bracket[brackets.pop()] = i
            elif c in "*_~":
                k = _run_end(s, i, n)
                if (
                    k - i <= 3
                    and i > 0
                    and not s[i - 1].isspace()
                    and not (c == "_" and k < n and s[k].isalnum())
                ):
                    self.closers.setdefault((c, k - i), []).append(i)
                i = k
                continue
            i += 1

    def closer(self, delim: str, after: int, limit: int) -> int:
        """Start of the first run closing ``delim`` after ``after`` and before ``limit``."""
        starts = self.closers.get((delim[0], len(delim)), [])
        index = bisect.bisect_right(starts, after)
        if index < len(starts) and starts[index] + len(delim) <= limit:
            return starts[index]
        return -1


class _InlineParser:
    def __init__(self, s: str) -> None:
        self.s = s
        self.index = _InlineIndex(s)
        self.out: list[str] = []
        self.spans: list[InlineSpan] = []
        self.length = 0
        self.too_deep = False
        self._comment_end = -2  # cached position of the next "-->" (-1: none)

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.length += len(chunk)

    def nest(self, lo: int, hi: int, depth: int, open_: str, close: str) -> None:
        span = InlineSpan(self.length, self.length, open_, close)
        self.spans.append(span)  # outer element first, as insert_markup expects
        self.parse(lo, hi, depth + 1)
        span.end = self.length

    def comment_end(self, i: int) -> int:
        if self._comment_end != -1 and self._comment_end < i:
            self._comment_end = self.s.find("-->", i)
        return self._comment_end

    def parse(self, lo: int, hi: int, depth: int) -> None:
        s, index = self.s, self.index
        i = lo
        while i < hi:
            special = _SPECIAL.search(s, i, hi)
            if special is None:
                self.emit(s[i:hi])
                return
            if special.start() > i:
                self.emit(s[i : special.start()])
                i = special.start()
            c = s[i]
            if c == "\\" and i + 1 < hi:
                self.emit(s[i : i + 2])
                i += 2
                continue
            if c == "`":
                k = _run_end(s, i, hi)
                code = index.code.get(i)
                if code is not None and code[1] + code[0] <= hi:
                    run, close = code
                    self.spans.append(
                        InlineSpan(self.length, self.length + close - i - run, s[i:k], s[i:k])
                    )
                    self.emit(s[i + run : close])
                    i = close + run
                else:
                    self.emit(s[i:k])
                    i = k
                continue
            if c == "<":
                auto = _AUTOLINK.match(s, i, hi)
                if auto:
                    self.spans.append(InlineSpan(self.length, self.length + len(auto.group(1)),
                                                 "<", ">"))  # fmt: skip
                    self.emit(auto.group(1))
                    i = auto.end()
                    continue
                if s.startswith("<!--", i):
                    end = self.comment_end(i + 4)
                    if end != -1 and end + 3 <= hi:
                        self.spans.append(InlineSpan(self.length, self.length, s[i : end + 3], ""))
                        i = end + 3
                        continue
                else:
                    tag = _INLINE_TAG.match(s, i, hi)
                    if tag:
                        self.spans.append(InlineSpan(self.length, self.length, tag.group(0), ""))
                        i = tag.end()
                        continue
            if c == "[" or (c == "!" and i + 1 < hi and s[i + 1] == "["):
                bang = "!" if c == "!" else ""
                lb = i + len(bang)
                rb = index.bracket.get(lb, -1)
                if rb != -1 and rb + 1 < hi and s[rb + 1] in "([":
                    table = index.paren if s[rb + 1] == "(" else index.bracket
                    end = table.get(rb + 1, -1)
                    if end != -1 and end < hi:
                        if depth < MAX_INLINE_DEPTH:
                            self.nest(lb + 1, rb, depth, bang + "[", s[rb : end + 1])
                            i = end + 1
                            continue
                        self.too_deep = True
            if c in "*_~":
                run_end = _run_end(s, i, hi)
                delim = s[i:run_end]
                ok = (
                    run_end < hi
                    and not s[run_end].isspace()
                    and (c != "~" or len(delim) == 2)
                    and len(delim) <= 3
                    and not (c == "_" and i > 0 and s[i - 1].isalnum())
                )
                if ok:
                    close = index.closer(delim, run_end, hi)
                    if close != -1:
                        if depth < MAX_INLINE_DEPTH:
                            self.nest(run_end, close, depth, delim, delim)
                            i = close + len(delim)
                            continue
                        self.too_deep = True
                self.emit(delim)
                i = run_end
                continue
            self.emit(c)
            i += 1


def parse_inline(s: str) -> tuple[str, list[InlineSpan]]:
    """Plain text of inline Markdown ``s`` and the markup around parts of it.

    Linear in ``len(s)``: lookups go through tables built in one pass, and nesting
    deeper than :data:`MAX_INLINE_DEPTH` is kept as text (see :func:`parse_inline_checked`).
    """
    return parse_inline_checked(s)[:2]


def parse_inline_checked(s: str) -> tuple[str, list[InlineSpan], bool]:
    """As :func:`parse_inline`, plus True when nesting was too deep and kept as text."""
    parser = _InlineParser(s)
    parser.parse(0, len(s), 0)
    return "".join(parser.out), parser.spans, parser.too_deep
