"""Markdown: a line parser that keeps the source layout.

Blocks: ATX/setext headings, list items (``-``, ``*``, ``+``, ``1.``), block quotes,
table cells, paragraphs. Untouched: fenced and indented code, HTML blocks, link
reference definitions, horizontal rules, blank lines. Inline emphasis, links, images,
code spans, autolinks and inline HTML tags become InlineSpans; link URLs stay in the
markup, never in the text. Backslash escapes are kept literally in the text.
"""

from __future__ import annotations

import re
from itertools import pairwise

from translate.documents.model import Builder, InlineSpan, Layout
from translate.documents.txt import BYLINE, DATE_LINE

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+)(?=\S)")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_HTML_BLOCK = re.compile(r"^ {0,3}</?[A-Za-z][A-Za-z0-9-]*(?:\s|/?>|$)|^ {0,3}<!--")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)|(?:[^\s<>@]+@[^\s<>@]+))>")
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)


def _starts_block(line: str) -> bool:
    return bool(
        _FENCE.match(line)
        or _ATX.match(line)
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
        plain, spans = parse_inline(content)
        if kind == "heading" and not seen_headline:
            kind = "headline"
        elif kind == "paragraph" and not seen_body:
            flat = re.sub(r"\s+", " ", plain).strip()
            if BYLINE.match(flat) and len(flat) < 120:
                kind = "byline"
            elif DATE_LINE.match(flat):
                kind = "dateline"
            else:
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
        atx = _ATX.match(line)
        if atx:
            if atx.group(2):
                a = start + atx.start(2)
                add("heading", [(a, a + len(atx.group(2)))])
            i += 1
            continue
        if "|" in line and i + 1 < n and _TABLE_DELIM.match(lines[i + 1]) and "-" in lines[i + 1]:
            while i < n and lines[i].strip() and "|" in lines[i]:
                if not _TABLE_DELIM.match(lines[i]) or "-" not in lines[i]:
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


def _find_closer(s: str, i: int, delim: str) -> int:
    """Index of the run ``delim`` closing the emphasis opened just before ``i``, or -1."""
    j = i
    n = len(s)
    while j < n:
        if s[j] == "`":
            run = len(s[j:]) - len(s[j:].lstrip("`"))
            close = s.find("`" * run, j + run)
            j = close + run if close != -1 else j + run
            continue
        if s[j] == "\\":
            j += 2
            continue
        if s.startswith(delim, j):
            run_end = j
            while run_end < n and s[run_end] == delim[0]:
                run_end += 1
            if (
                run_end - j == len(delim)
                and j > i
                and not s[j - 1].isspace()
                and not (delim[0] == "_" and run_end < n and s[run_end].isalnum())
            ):
                return j
            j = run_end
            continue
        j += 1
    return -1


def _matching(s: str, i: int, open_: str, close: str) -> int:
    """Index of the bracket closing the one at ``i``, or -1."""
    depth = 0
    j = i
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "`":
            run = len(s[j:]) - len(s[j:].lstrip("`"))
            close_at = s.find("`" * run, j + run)
            j = close_at + run if close_at != -1 else j + run
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def parse_inline(s: str) -> tuple[str, list[InlineSpan]]:
    """Plain text of inline Markdown ``s`` and the markup around parts of it."""
    out: list[str] = []
    spans: list[InlineSpan] = []
    length = 0
    i = 0
    n = len(s)

    def emit(chunk: str) -> None:
        nonlocal length
        out.append(chunk)
        length += len(chunk)

    def nest(inner: str, open_: str, close: str) -> None:
        sub_text, sub_spans = parse_inline(inner)
        base = length
        spans.append(InlineSpan(base, base + len(sub_text), open_, close))
        spans.extend(
            InlineSpan(sp.start + base, sp.end + base, sp.open, sp.close) for sp in sub_spans
        )
        emit(sub_text)

    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n:
            emit(s[i : i + 2])
            i += 2
            continue
        if c == "`":
            run = len(s[i:]) - len(s[i:].lstrip("`"))
            close = s.find("`" * run, i + run)
            while close != -1 and close + run < n and s[close + run] == "`":
                close = s.find("`" * run, close + run + 1)
            if close == -1:
                emit(s[i : i + run])
                i += run
                continue
            ticks = "`" * run
            spans.append(InlineSpan(length, length + close - i - run, ticks, ticks))
            emit(s[i + run : close])
            i = close + run
            continue
        if c == "<":
            auto = _AUTOLINK.match(s, i)
            if auto:
                spans.append(InlineSpan(length, length + len(auto.group(1)), "<", ">"))
                emit(auto.group(1))
                i = auto.end()
                continue
            tag = _INLINE_TAG.match(s, i)
            if tag:
                spans.append(InlineSpan(length, length, tag.group(0), ""))
                i = tag.end()
                continue
        if c == "[" or (c == "!" and i + 1 < n and s[i + 1] == "["):
            bang = "!" if c == "!" else ""
            lb = i + len(bang)
            rb = _matching(s, lb, "[", "]")
            if rb != -1 and rb + 1 < n and s[rb + 1] in "([":
                closer = ")" if s[rb + 1] == "(" else "]"
                end = _matching(s, rb + 1, s[rb + 1], closer)
                if end != -1:
                    nest(s[lb + 1 : rb], bang + "[", s[rb : end + 1])
                    i = end + 1
                    continue
        if c in "*_~":
            run_end = i
            while run_end < n and s[run_end] == c:
                run_end += 1
            delim = s[i:run_end]
            ok = (
                run_end < n
                and not s[run_end].isspace()
                and (c != "~" or len(delim) == 2)
                and len(delim) <= 3
                and not (c == "_" and i > 0 and s[i - 1].isalnum())
            )
            if ok:
                close = _find_closer(s, run_end, delim)
                if close != -1:
                    nest(s[run_end:close], delim, delim)
                    i = close + len(delim)
                    continue
            emit(delim)
            i = run_end
            continue
        emit(c)
        i += 1
    return "".join(out), spans
