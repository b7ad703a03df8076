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
from dataclasses import dataclass, replace

from translate.documents.furniture import FurnitureTracker
from translate.documents.kinds import meta_kind
from translate.documents.model import Builder, InlineSpan, Layout
from translate.documents.webpage import (
    ExtractionError,
    WebArticle,
    extract_article,
    is_web_page,
    normalise,
)
from translate.i18n import _

# Linear on any input: names and unquoted values never contain "<", and declarations,
# processing instructions, comments and CDATA run to their end or to the end of the text.
_TOKEN = re.compile(
    r"""
    (?P<comment><!--.*?(?:-->|\Z))
  | (?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))
  | (?P<decl><![^>]*(?:>|\Z))
  | (?P<pi><\?[^>]*(?:>|\Z))
  | (?P<tag><(?P<close>/)?(?P<name>[A-Za-z][^\s/<>]*)
        (?P<attrs>(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?|\s*/(?!>))*)
        \s*(?P<selfclose>/)?>)
    """,
    re.DOTALL | re.VERBOSE,
)
#: Block elements nested deeper than this are read as if at this depth (with a warning).
MAX_DEPTH = 256
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
    kind: str | None  # kind given by the element, its class, or the nearest ancestor's
    in_quote: bool = False
    element: int = -1  # its index in the page's elements


@dataclass
class _Element:
    """Where an element of the page is: from its open tag to the end of its close tag
    (``end`` None when it was never closed by its own tag: its extent is not known)."""

    name: str
    start: int
    end: int | None = None


def escape_attribute(text: str) -> str:
    return escape_text(text).replace('"', "&quot;")


#: ``<meta>`` whose content readers see (search results, link previews): translated.
_META_TEXT = {"description": "paragraph", "og:title": "headline", "og:description": "paragraph",
              "twitter:title": "headline", "twitter:description": "paragraph"}  # fmt: skip
#: Attributes readers see (an image's text alternative, a tooltip): translated.
_TEXT_ATTRIBUTES = ("alt", "title")
_ATTR = re.compile(
    r"""(?P<name>[^\s"'<>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'<>]+)))?"""
)


@dataclass
class _Candidate:
    """A block found in the page, before the reader decides whether it is translated."""

    start: int
    end: int
    kind: str
    plain: str
    spans: list[InlineSpan]
    element: str  # the innermost block element around it ("" at the top level)
    ancestors: tuple[int, ...] = ()  # the open elements around it (indexes of _Element)
    attribute: bool = False  # an attribute's value (alt, title, meta content)


def parse_html(text: str, builder: Builder, *, headline: bool = True) -> tuple[Layout, str | None]:
    layout = Layout(text, escape=escape_text)
    elements: list[_Element] = []
    candidates = _candidates(text, builder, elements)
    metadata = None
    if is_web_page(text):
        try:
            article = extract_article(text)
        except ExtractionError as exc:
            builder.warn(
                "web",
                _("read as a plain HTML article, not a web page ({reason})").format(reason=exc),
            )
        else:
            metadata = article.metadata
            candidates = _with_chrome(candidates, _article_blocks(candidates, article),
                                      elements, text)  # fmt: skip
    title: str | None = None
    header_zone = True
    furniture = FurnitureTracker()
    for candidate in candidates:
        kind = candidate.kind
        flat = _HTML_WS.sub(" ", candidate.plain).strip()
        if not flat:
            continue
        if candidate.attribute or kind == "furniture":
            builder.add(layout, candidate.start, candidate.end, kind, candidate.plain,
                        whitespace=_HTML_WS,
                        escape=escape_attribute if candidate.attribute else None)  # fmt: skip
            continue
        if kind == "headline":
            title = title or flat
        elif furniture.is_furniture(flat):
            kind = "furniture"
        else:
            meta = meta_kind(flat, header_zone=header_zone and kind == "paragraph")
            if meta is not None and (meta in ("header", "credit") or kind == "paragraph"):
                kind = meta
            elif kind == "paragraph":
                header_zone = False
        builder.add(
            layout, candidate.start, candidate.end, kind, candidate.plain, candidate.spans,
            whitespace=_HTML_WS,
        )  # fmt: skip
    if metadata is not None:
        builder.metadata = metadata
        title = metadata.title or title
    return layout, title


def _article_blocks(candidates: list[_Candidate], article: WebArticle) -> list[_Candidate]:
    """The blocks of a web page that are its article: those the extractor kept, the
    header lines (byline, date) just before or inside it, and captions inside it."""
    kept = [
        i
        for i, c in enumerate(candidates)
        if c.element != "title" and not c.attribute and article.holds(c.plain)
    ]
    if not kept:
        return candidates
    first, last = kept[0], kept[-1]
    chosen = set(kept)
    # the page's <title> and its <meta> descriptions are the article's too, and so are
    # the images and tooltips within it
    for i, candidate in enumerate(candidates):
        in_head = candidate.element == "head"
        within = candidates[first].start <= candidate.start <= candidates[last].end
        if (candidate.element == "title" and not candidate.attribute) or (
            candidate.attribute and (in_head or within)
        ):
            chosen.add(i)
    author = (article.metadata.author or "").lower()
    title = normalise(article.metadata.title or "")
    for i in range(max(0, first - 3), last + 1):
        if i in chosen:
            continue
        candidate = candidates[i]
        flat = _HTML_WS.sub(" ", candidate.plain).strip()
        if title and flat == title and candidate.element != "title":
            # the page's own headline, left out of the text by the extractor
            candidates[i] = replace(candidate, kind="headline")
            chosen.add(i)
        elif (
            candidate.kind in ("byline", "dateline")
            or meta_kind(flat, header_zone=True) in ("header", "byline", "dateline")
            or (author and author in flat.lower() and len(flat) < 120)
            or (candidate.element == "figcaption" and first < i < last)
        ):
            chosen.add(i)
    return [c for i, c in enumerate(candidates) if i in chosen]


def _candidates(
    text: str, builder: Builder, elements: list[_Element] | None = None
) -> list[_Candidate]:
    """Every block of the page, in order (tokenizer pass; linear in the text), and the
    values of the attributes readers see (``alt``, ``title``, ``<meta>`` descriptions)
    outside the blocks; ``elements`` gets where each block element is."""
    stack: list[_Open] = []
    open_names: dict[str, int] = {}  # how many of each element are on the stack
    run: list[_Tok] = []
    found: list[_Candidate] = []
    elements = [] if elements is None else elements
    in_run: list[_Candidate] = []  # attribute values of the run's inline tags

    def ancestors() -> tuple[int, ...]:
        return tuple(entry.element for entry in stack)

    def flush() -> None:
        if run:
            kind = stack[-1].kind if stack and stack[-1].kind else "paragraph"
            element = stack[-1].name if stack else ""
            candidate = _flush_run(text, run, kind, element)
            if candidate is not None:
                candidate.ancestors = ancestors()
                found.append(candidate)
            else:  # a run without text (an image in a <figure>): its attributes stand alone
                found.extend(in_run)
            run.clear()
        in_run.clear()

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
        values = [] if closing else _attribute_candidates(text, match, name, stack)
        for value in values:
            value.ancestors = ancestors()
        if name in INLINE:
            run.append(_Tok(match.start(), match.end(), "tag", name, closing, void))
            in_run.extend(values)
            continue
        flush()
        found.extend(values)
        if closing:
            if open_names.get(name):
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth].name == name:
                        for entry in stack[depth:]:
                            open_names[entry.name] -= 1
                        elements[stack[depth].element].end = match.end()
                        del stack[depth:]
                        break
            continue
        if name in SKIP and not void:
            end_tag = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(text, pos)
            pos = end_tag.end() if end_tag else n
            continue
        if void:
            continue
        if len(stack) >= MAX_DEPTH:
            builder.warn(
                "html-depth",
                _(
                    "line {line}: elements nested deeper than {depth} levels; the deeper "
                    "ones are read as siblings"
                ).format(line=text.count("\n", 0, match.start()) + 1, depth=MAX_DEPTH),
            )
            continue
        parent = stack[-1] if stack else None
        own = _element_kind(name, match.group("attrs") or "", parent)
        in_quote = name == "blockquote" or (parent is not None and parent.in_quote)
        elements.append(_Element(name, match.start()))
        stack.append(_Open(name, own or (parent.kind if parent else None), in_quote,
                           len(elements) - 1))  # fmt: skip
        open_names[name] = open_names.get(name, 0) + 1
    flush()
    return found


def _attribute_candidates(
    text: str, tag: re.Match[str], name: str, stack: list[_Open]
) -> list[_Candidate]:
    """The values of a tag's attributes that readers see, each a candidate block over
    the value inside its quotes: ``alt`` and ``title``, a ``<meta>`` description's
    ``content``. Unquoted values are left alone (nowhere to write a space)."""
    attrs = tag.group("attrs") or ""
    offset = tag.start("attrs")
    found: dict[str, tuple[int, int, str]] = {}
    for attr in _ATTR.finditer(attrs):
        value = attr.group("dq") if attr.group("dq") is not None else attr.group("sq")
        key = attr.group("name").lower()
        if value is not None and key not in found:
            group = "dq" if attr.group("dq") is not None else "sq"
            found[key] = (offset + attr.start(group), offset + attr.end(group), value)
    wanted: list[tuple[str, str]] = []
    if name == "meta":
        kind = _META_TEXT.get((found.get("name") or found.get("property") or (0, 0, ""))[2].lower())
        if kind is not None:
            wanted.append(("content", kind))
    else:
        wanted += [(key, "caption") for key in _TEXT_ATTRIBUTES if key in found]
    element = stack[-1].name if stack else ""
    candidates = []
    for key, kind in wanted:
        if key not in found:
            continue
        start, end, value = found[key]
        plain = html.unescape(value)
        if plain.strip():
            candidates.append(_Candidate(start, end, kind, plain, [], element, attribute=True))
    return candidates


def _with_chrome(
    candidates: list[_Candidate], kept: list[_Candidate], elements: list[_Element], text: str
) -> list[_Candidate]:
    """The blocks of a web page: those of its article (``kept``), and its chrome as
    furniture (navigation, menus, share bars, related lists, comments, footer): each run
    of it is the outermost element that holds no article text (or the block itself), one
    furniture block listing its lines, dropped or kept untranslated on render."""
    chosen = {id(c) for c in kept}
    with_article = {e for c in kept for e in c.ancestors}
    regions: dict[tuple[int, int], list[str]] = {}
    for candidate in candidates:
        if id(candidate) in chosen or candidate.attribute:
            continue
        flat = _HTML_WS.sub(" ", candidate.plain).strip()
        if not flat:
            continue
        span = (candidate.start, candidate.end)
        for index in candidate.ancestors:
            element = elements[index]
            if (
                element.end is not None
                and index not in with_article
                and element.name not in ("html", "body", "head")
            ):
                span = (element.start, element.end)
                break
        regions.setdefault(span, []).append(flat)
    chrome = [
        _Candidate(start, end, "furniture", " | ".join(lines), [], "")
        for (start, end), lines in regions.items()
    ]
    # a region holding another (a block inside a menu) is the one that counts
    chrome = [c for c in chrome if not any(
        o is not c and o.start <= c.start and c.end <= o.end for o in chrome)]  # fmt: skip
    blocks = [*kept, *chrome]
    return sorted(blocks, key=lambda c: c.start)


def _element_kind(name: str, attrs: str, parent: _Open | None) -> str | None:
    found = _CLASS.search(attrs)
    if found:
        classes = (found.group(1) or found.group(2) or found.group(3) or "").lower()
        if "byline" in classes or "author" in classes:
            return "byline"
        if "dateline" in classes:
            return "dateline"
    kind = _KINDS.get(name)
    if kind is None and name in ("p", "figcaption", "div", "section", "article"):
        inside_quote = parent is not None and parent.in_quote
        return "quote" if inside_quote and name == "p" else None
    return kind


def _flush_run(text: str, run: list[_Tok], kind: str, element: str) -> _Candidate | None:
    """Turn a run of text and inline tags into a candidate block (None if no text)."""
    texts = {
        index: html.unescape(text[tok.start : tok.end])
        for index, tok in enumerate(run)
        if tok.kind == "text"
    }

    def has_text(index: int) -> bool:
        return index in texts and bool(texts[index].strip(" \t\n\r\f"))

    if not any(has_text(i) for i in texts):
        return None
    first = 0
    while run[first].kind == "text" and not has_text(first):
        first += 1
    last = len(run) - 1
    while run[last].kind == "text" and not has_text(last):
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
    # open inline elements by name (raw open tag, offset, order): closing one is O(1)
    opened: dict[str, list[tuple[str, int, int]]] = {}
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
            opened.setdefault(tok.name, []).append((raw, length, tok.start))
        elif opened.get(tok.name):
            open_raw, at, order = opened[tok.name].pop()
            spans.append((order, InlineSpan(at, length, open_raw, raw)))
        else:
            spans.append((tok.start, InlineSpan(length, length, raw, "")))
    for entries in opened.values():
        for open_raw, at, order in entries:
            spans.append((order, InlineSpan(at, length, open_raw, "")))
    plain = "".join(pieces)
    ordered = [span for _, span in sorted(spans, key=lambda item: item[0])]
    return _Candidate(start, end, kind, plain, ordered, element)
