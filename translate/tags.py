"""Numbered inline tags: a segment's links and emphasis as a reviewer edits them.

A segment's inline markup (:class:`translate.documents.InlineSpan`: a Markdown link, an
HTML ``<a href>``, bold...) is shown as numbered tags, as CAT tools and i18n libraries
write them: ``Read <1>the report</1><2/>``. Tag *k* stands for the source segment's
*k*-th span (in the order the documents layer gives them, outer element first); a
zero-width span (``<br>``, an image) is ``<k/>``. The same numbers go into PO entries,
XLIFF ``id`` attributes, ``review show`` and ``review edit --text``.

Text that only looks like a tag (``<3>`` in the copy itself) is written with one more
backslash (``<\\3>``) and read back without it, so every text round-trips. Only
segments that have markup are tagged; others are exchanged as they are.

:func:`untag` is the one place tagged text is checked: an unknown, repeated, unclosed
or crossed tag is a :class:`TagError` with a one-line reason. Leaving a tag out is not
an error (a reviewer may drop a link on purpose): :func:`missing` names what was
dropped, and the review layer flags it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate.documents.model import InlineSpan, insert_markup
from translate.i18n import _

# <k>, </k>, <k/>; with backslashes after "<" it is literal text (one backslash fewer).
_TAG = re.compile(r"<(/?)(\\*)(\d{1,6})(/?)>")


class TagError(ValueError):
    """Tagged text that does not fit the segment's markup; the message is one line."""


@dataclass(frozen=True)
class Untagged:
    """Tagged text read back: the plain text and the markup placed on it."""

    text: str
    spans: list[InlineSpan]


def _escape(text: str) -> str:
    def add_backslash(m: re.Match[str]) -> str:
        return f"<{m.group(1)}\\{m.group(2)}{m.group(3)}{m.group(4)}>"

    return _TAG.sub(add_backslash, text)


def numbers(spans: Sequence[InlineSpan], markup: Sequence[InlineSpan]) -> list[int | None]:
    """The tag number of each of ``spans`` (markup placed on a translation): the first
    unused source span with the same markup; None when the source has no such span."""
    used: set[int] = set()
    result: list[int | None] = []
    for span in spans:
        number = next(
            (
                k
                for k, source in enumerate(markup, start=1)
                if k not in used and (source.open, source.close) == (span.open, span.close)
            ),
            None,
        )
        if number is not None:
            used.add(number)
        result.append(number)
    return result


def remap(
    spans: Sequence[InlineSpan], markup: Sequence[InlineSpan], onto: Sequence[InlineSpan]
) -> list[InlineSpan]:
    """Markup placed against one segment's ``markup``, moved onto another segment with
    the same text but its own markup ``onto`` (the same sentence linking elsewhere in
    another article): tag *k* takes ``onto``'s *k*-th markup; tags it lacks are left out."""
    moved = []
    for span, number in zip(spans, numbers(spans, markup), strict=True):
        if number is not None and number <= len(onto):
            target = onto[number - 1]
            moved.append(InlineSpan(span.start, span.end, target.open, target.close))
    return moved


def tag(text: str, spans: Sequence[InlineSpan], markup: Sequence[InlineSpan]) -> str:
    """``text`` with ``spans`` written as numbered tags of the source ``markup``.

    Without source markup the text is returned as it is (nothing to tag, nothing
    escaped). A span the source does not have cannot be named and is left out."""
    if not markup:
        return text
    tags = []
    for span, number in zip(spans, numbers(spans, markup), strict=True):
        if number is None:
            continue
        source = markup[number - 1]
        if source.start == source.end:
            tags.append(InlineSpan(span.start, span.start, f"<{number}/>", ""))
        else:
            tags.append(InlineSpan(span.start, span.end, f"<{number}>", f"</{number}>"))
    return insert_markup(text, tags, escape=_escape)


def escape(text: str) -> str:
    """Plain text as it reads inside tagged text: tag look-alikes get a backslash."""
    return _escape(text)


def tokens(tagged: str) -> list[tuple[str, str | int]]:
    """Tagged text as ``("text", str)``, ``("open", k)``, ``("close", k)`` and
    ``("lone", k)`` tokens, look-alikes unescaped: what XLIFF inline elements are built
    from. Lenient: it does not check the tags (see :func:`untag`)."""
    result: list[tuple[str, str | int]] = []
    last = 0
    for m in _TAG.finditer(tagged):
        slash, backslashes, digits, self_closing = m.groups()
        if backslashes or (slash and self_closing):
            continue  # literal text, unescaped below with the text around it
        if m.start() > last:
            result.append(("text", plain(tagged[last : m.start()])))
        kind = "close" if slash else "lone" if self_closing else "open"
        result.append((kind, int(digits)))
        last = m.end()
    if last < len(tagged):
        result.append(("text", plain(tagged[last:])))
    return result


def has_tags(tagged: str) -> bool:
    """Whether ``tagged`` holds at least one tag (not only escaped look-alikes)."""
    return any(not m.group(2) for m in _TAG.finditer(tagged))


def plain(tagged: str) -> str:
    """The text of ``tagged`` with every tag removed and look-alikes unescaped, whatever
    the numbers: what a file's source says, to compare with the stored source."""

    def unescape(m: re.Match[str]) -> str:
        if not m.group(2):
            return ""
        return f"<{m.group(1)}{m.group(2)[1:]}{m.group(3)}{m.group(4)}>"

    return _TAG.sub(unescape, tagged)


def untag(tagged: str, markup: Sequence[InlineSpan]) -> Untagged:
    """Read tagged text against the source ``markup``; raises :class:`TagError` when a
    tag is unknown, repeated, never closed, closed out of order, or written as a pair
    where the source has a lone element (or the reverse)."""
    out: list[str] = []
    length = 0
    spans: list[InlineSpan | None] = []
    open_tags: list[tuple[int, int, int]] = []  # (number, start, index in spans)
    seen: set[int] = set()
    last = 0
    for m in _TAG.finditer(tagged):
        out.append(tagged[last : m.start()])
        length += m.start() - last
        last = m.end()
        slash, backslashes, digits, self_closing = m.groups()
        if backslashes:  # an escaped look-alike: literal text
            literal = f"<{slash}{backslashes[1:]}{digits}{self_closing}>"
            out.append(literal)
            length += len(literal)
            continue
        if slash and self_closing:
            raise TagError(_("{tag} is not a tag: write <{n}/> or </{n}>").format(
                tag=m.group(0), n=int(digits)))  # fmt: skip
        number = int(digits)
        if not 1 <= number <= len(markup):
            raise TagError(_unknown(m.group(0), len(markup)))
        source = markup[number - 1]
        lone = source.start == source.end
        if slash:
            if not open_tags or open_tags[-1][0] != number:
                if any(n == number for n, _s, _i in open_tags):
                    inner = open_tags[-1][0]
                    raise TagError(
                        _("{tag} closes before </{inner}>: tags must nest").format(
                            tag=m.group(0), inner=inner
                        )
                    )
                raise TagError(_("{tag} closes a tag that is not open").format(tag=m.group(0)))
            _number, start, index = open_tags.pop()
            spans[index] = InlineSpan(start, length, source.open, source.close)
            continue
        if number in seen:
            raise TagError(_("tag {tag} appears twice").format(tag=f"<{number}>"))
        seen.add(number)
        if self_closing:
            if not lone:
                raise TagError(
                    _("<{n}/> stands for a pair here: write <{n}>…</{n}>").format(n=number)
                )
            spans.append(InlineSpan(length, length, source.open, source.close))
        else:
            if lone:
                raise TagError(_("<{n}> stands alone here: write <{n}/>").format(n=number))
            open_tags.append((number, length, len(spans)))
            spans.append(None)
    if open_tags:
        raise TagError(_("<{n}> is never closed").format(n=open_tags[-1][0]))
    out.append(tagged[last:])
    return Untagged("".join(out), [span for span in spans if span is not None])


def _unknown(tag_text: str, count: int) -> str:
    if count == 0:
        return _("unknown tag {tag}: this segment has no inline markup").format(tag=tag_text)
    if count == 1:
        return _("unknown tag {tag}: this segment has tag 1 only").format(tag=tag_text)
    return _("unknown tag {tag}: this segment has tags 1 to {count}").format(
        tag=tag_text, count=count
    )


def missing(spans: Sequence[InlineSpan], markup: Sequence[InlineSpan]) -> list[int]:
    """Tag numbers of the source ``markup`` that ``spans`` leave out."""
    present = {n for n in numbers(spans, markup) if n is not None}
    return [k for k in range(1, len(markup) + 1) if k not in present]


def shown_tag(number: int, markup: Sequence[InlineSpan]) -> str:
    """How tag ``number`` is written: ``<1>…</1>`` or ``<2/>``."""
    source = markup[number - 1]
    return f"<{number}/>" if source.start == source.end else f"<{number}>…</{number}>"


def legend(markup: Sequence[InlineSpan]) -> list[str]:
    """One line per tag, what it stands for: ``<1>…</1> = [ … ](https://example.org)``."""
    lines = []
    for number, span in enumerate(markup, start=1):
        native = span.open if span.start == span.end and not span.close else (
            f"{span.open}…{span.close}")  # fmt: skip
        lines.append(f"{shown_tag(number, markup)} = {_one_line(native)}")
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def kind(span: InlineSpan) -> str:
    """What a span is, for CAT tools: link, bold, italic, code, break, image or other."""
    opening = span.open.lstrip().lower()
    if (
        opening.startswith("<a ")
        or opening == "<a>"
        or (opening == "[" and span.close.startswith("]("))
    ):
        return "link"
    if opening.startswith(("<b>", "<b ", "<strong")) or opening in ("**", "__"):
        return "bold"
    if opening.startswith(("<i>", "<i ", "<em")) or opening in ("*", "_"):
        return "italic"
    if opening.startswith("<code") or opening.startswith("`"):
        return "code"
    if opening.startswith("<br"):
        return "break"
    if opening.startswith(("<img", "![")):
        return "image"
    return "other"
