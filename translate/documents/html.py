"""HTML fragments or full documents, with a tokenizer that keeps exact source offsets.

The text inside block elements (p, h1-h6, li, blockquote, td/th, figcaption, title...,
and loose text in div/body) becomes blocks; inline elements (a, b, i, em, strong, span,
code...) become InlineSpans whose open/close are the *raw* source tags, attributes
untouched; comments and void elements (br, img) inside a block become zero-width spans.
script/style/pre/textarea/svg/math/template are copied untouched. Entities are decoded
in the plain text and the output text is escaped (&, <, >) again. Whitespace inside a
block is collapsed to single spaces in the plain text (insignificant in HTML).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from translate.documents.model import Builder, InlineSpan, Layout

_TOKEN = re.compile(
    r"""
    (?P<comment><!--.*?(?:-->|\Z))
  | (?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))
  | (?P<decl><![^>]*>)
  | (?P<pi><\?[^>]*>)
  | (?P<tag><(?P<close>/)?(?P<name>[A-Za-z][^\s/>]*)
        (?P<attrs>(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?|\s*/(?!>))*)
        \s*(?P<selfclose>/)?>)
    """,
    re.DOTALL | re.VERBOSE,
)
INLINE = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "dfn",
        "del",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "br",
        "wbr",
        "img",
    ]
)
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
SKIP = frozenset(["script", "style", "pre", "textarea", "svg", "math", "template", "noscript"])
_KINDS = {
    "title": "headline",
    "h1": "headline",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "blockquote": "quote",
    "td": "cell",
    "th": "cell",
    "caption": "cell",
}
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_HTML_WS = re.compile(r"[ \t\n\r\f]+")


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class _Tok:
    start: int
    end: int
    kind: str  # text | tag | comment
    name: str = ""
    close: bool = False
    void: bool = False


@dataclass
class _Open:
    name: str
    kind: str | None  # kind given by the element or its class


def parse_html(text: str, builder: Builder, *, headline: bool = True) -> tuple[Layout, str | None]:
    layout = Layout(text, escape=escape_text)
    stack: list[_Open] = []
    run: list[_Tok] = []
    title: str | None = None

    def current_kind() -> str:
        for entry in reversed(stack):
            if entry.kind:
                return entry.kind
        return "paragraph"

    def flush() -> None:
        nonlocal title
        if run:
            kind = current_kind()
            plain = _flush_run(text, run, layout, builder, kind)
            if plain and kind == "headline" and title is None:
                title = plain
            run.clear()

    pos = 0
    n = len(text)
    while pos < n:
        match = _TOKEN.search(text, pos)
        if match is None:
            run.append(_Tok(pos, n, "text"))
            break
        if match.start() > pos:
            run.append(_Tok(pos, match.start(), "text"))
        pos = match.end()
        if match.group("comment") is not None:
            run.append(_Tok(match.start(), match.end(), "comment"))
            continue
        if match.group("tag") is None:  # doctype, CDATA, processing instruction
            flush()
            continue
        name = match.group("name").lower()
        closing = bool(match.group("close"))
        void = name in VOID or bool(match.group("selfclose"))
        if name in INLINE:
            run.append(_Tok(match.start(), match.end(), "tag", name, closing, void))
            continue
        flush()
        if closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
            continue
        if name in SKIP and not void:
            end_tag = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(text, pos)
            pos = end_tag.end() if end_tag else n
            continue
        if not void:
            stack.append(_Open(name, _element_kind(name, match.group("attrs") or "", stack)))
    flush()
    return layout, title


def _element_kind(name: str, attrs: str, stack: list[_Open]) -> str | None:
    found = _CLASS.search(attrs)
    if found:
        classes = (found.group(1) or found.group(2) or found.group(3) or "").lower()
        if "byline" in classes or "author" in classes:
            return "byline"
        if "dateline" in classes:
            return "dateline"
    kind = _KINDS.get(name)
    if kind is None and name in ("p", "figcaption", "div", "section", "article"):
        inside_quote = any(entry.name == "blockquote" for entry in stack)
        return "quote" if inside_quote and name == "p" else None
    return kind


def _flush_run(text: str, run: list[_Tok], layout: Layout, builder: Builder, kind: str) -> str:
    """Turn a run of text and inline tags into a block; returns its plain text ('' if none)."""

    def has_text(tok: _Tok) -> bool:
        return tok.kind == "text" and bool(
            html.unescape(text[tok.start : tok.end]).strip(" \t\n\r\f")
        )

    if not any(has_text(tok) for tok in run):
        return ""
    first = 0
    while run[first].kind == "text" and not has_text(run[first]):
        first += 1
    last = len(run) - 1
    while run[last].kind == "text" and not has_text(run[last]):
        last -= 1
    start, end = run[first].start, run[last].end
    if run[first].kind == "text":
        raw = text[start : run[first].end]
        start += len(raw) - len(raw.lstrip(" \t\n\r\f"))
    if run[last].kind == "text":
        raw = text[run[last].start : end]
        end -= len(raw) - len(raw.rstrip(" \t\n\r\f"))

    pieces: list[str] = []
    length = 0
    spans: list[tuple[int, InlineSpan]] = []  # (order of the opening markup, span)
    open_stack: list[tuple[str, str, int, int]] = []  # name, raw open tag, offset, order
    for tok in run[first : last + 1]:
        a, b = max(tok.start, start), min(tok.end, end)
        raw = text[a:b]
        if tok.kind == "text":
            decoded = html.unescape(raw)
            pieces.append(decoded)
            length += len(decoded)
        elif tok.kind == "comment" or tok.void:
            spans.append((tok.start, InlineSpan(length, length, raw, "")))
        elif not tok.close:
            open_stack.append((tok.name, raw, length, tok.start))
        else:
            for depth in range(len(open_stack) - 1, -1, -1):
                if open_stack[depth][0] == tok.name:
                    _, open_raw, at, order = open_stack.pop(depth)
                    spans.append((order, InlineSpan(at, length, open_raw, raw)))
                    break
            else:
                spans.append((tok.start, InlineSpan(length, length, raw, "")))
    for _, open_raw, at, order in open_stack:
        spans.append((order, InlineSpan(at, length, open_raw, "")))
    plain = "".join(pieces)
    ordered = [span for _, span in sorted(spans, key=lambda item: item[0])]
    builder.add(layout, start, end, kind, plain, ordered, whitespace=_HTML_WS)
    return _HTML_WS.sub(" ", plain).strip()
