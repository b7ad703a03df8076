"""Plain-text wire copy: headline, dateline/byline/header lines, bullets, paragraphs, and
the shapes scraped web copy comes in.

* **Header lines** (byline/date/section, glued or joined with ``· | •``), **photo
  credits** and **page furniture** are blocks of their own kind, wherever they are.
* A **photo credit glued** to the end of a line (``…alliancesImage Credits: France 24``)
  is split from it: the line becomes one block of two parts, a ``caption`` and a
  ``credit``, rendered one per line.
* **Wire copy that opens with its dateline** (``NIAMEY, May 3 (Sahel Wire) - The junta
  said…``, hard-wrapped, no headline line): the first line is not a headline; the
  dateline is a block of its own (rendered for the locale, never machine translated)
  and the wrapped first paragraph is joined before it is split into sentences.
* **Line breaks**: consecutive non-blank lines are one paragraph only where the copy is
  hard-wrapped. A break is a wrap when the next line continues a sentence (the line does
  not end a sentence and the next starts in lower case), or when both lines are short
  (≤ :data:`WRAP_MAX` characters) and the next line's first word would not have fitted
  on the line (the way a wrapping editor breaks). Everywhere else — long lines written
  one paragraph per line, a short heading or a credit line before a paragraph — a line
  break starts a new paragraph.
"""

from __future__ import annotations

import re

from translate.documents.furniture import FurnitureTracker, is_furniture
from translate.documents.kinds import BYLINE, DATE_LINE, meta_kind
from translate.documents.model import Builder, Layout
from translate.localize.headers import glued_credit_start

__all__ = ["BYLINE", "DATE_LINE", "WRAP_MAX", "parse_txt"]

#: Longest line of hard-wrapped copy; a longer line is a paragraph of its own.
WRAP_MAX = 100

# "NIAMEY, Niger (Agency) —", "NIAMEY (AFP) -": a city in capitals, then a dash.
_DATELINE = re.compile(
    r"(?P<dl>[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{2,40}(?:,\s*[^\n—–()]{1,60}?)?\s*(?:\([^)\n]{1,60}\)\s*)?"
    r"(?:—|–|--|-))(?:\s+|$)"
)
_BULLET = re.compile(r"^(?P<marker>\s*[•\-*·▪◦‣]\s+)\S")
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’»)\]]*$")


def opens_with_dateline(line: str) -> bool:
    """Whether ``line`` is, or starts with, a wire dateline: a city in capitals, then a
    place or date after a comma or an agency in brackets, then a dash (``NIAMEY, May 3
    (Sahel Wire) - The junta said``). Agency copy often opens with it, with no headline;
    a headline in capitals with a dash (``NIGER - TALKS``) has neither comma nor brackets."""
    match = _DATELINE.match(line.strip())
    return match is not None and bool(re.search(r"[,(]", match.group("dl")))


def _is_meta(line: str) -> bool:
    return bool(BYLINE.match(line) or DATE_LINE.match(line))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, newline excluded."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def is_wrap(line: str, following: str, width: int) -> bool:
    """True when the break between ``line`` and ``following`` is a hard wrap inside one
    paragraph (see the module doc); ``width`` is the longest short line around them."""
    line, following = line.strip(), following.strip()
    if not line or not following:
        return False
    first_word = following.split()[0]
    if not _SENTENCE_END.search(line) and first_word[:1].islower():
        return True  # the sentence runs on
    if len(line) > WRAP_MAX or len(following) > WRAP_MAX:
        return False
    return len(line) + 1 + len(first_word) > width


def parse_txt(text: str, builder: Builder, *, headline: bool = True) -> tuple[Layout, str | None]:
    """Parse wire copy; ``headline=False`` for JSONL bodies (the title is separate)."""
    layout = Layout(text, escape=lambda s: s)
    lines = _lines(text)
    title: str | None = None
    want_headline = headline
    header_zone = True  # before the first body paragraph: bylines and datelines expected
    first_paragraph = True
    furniture = FurnitureTracker()
    index = 0

    def line_text(i: int) -> str:
        return text[lines[i][0] : lines[i][1]]

    def strip_range(start: int, end: int) -> tuple[int, int]:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def special(line: str) -> str | None:
        """The kind of a line that is a block of its own, else None."""
        if _BULLET.match(line):
            return "bullet"
        if len(line) <= 4 * WRAP_MAX:
            kind = meta_kind(line, header_zone=header_zone)
            if kind is not None:
                return kind
            if header_zone:
                whole = _DATELINE.match(line.strip())
                if whole and whole.end("dl") == len(line.strip()):
                    return "dateline"
        if glued_credit_start(line) is not None:
            return "caption"
        return None

    while index < len(lines):
        line = line_text(index)
        start, end = lines[index]
        if not line.strip():
            index += 1
            continue
        if want_headline and opens_with_dateline(line):
            want_headline = False  # wire copy opening with its dateline: no headline
        if want_headline:
            a, b = strip_range(start, end)
            builder.add(layout, a, b, "headline", text[a:b])
            title = text[a:b]
            want_headline = False
            index += 1
            continue
        bullet = _BULLET.match(line)
        if bullet:
            a = start + len(bullet.group("marker"))
            b = end
            index += 1
            # Continuation lines: indented, non-blank, not another bullet.
            while (
                index < len(lines)
                and line_text(index).strip()
                and line_text(index)[:1].isspace()
                and not _BULLET.match(line_text(index))
            ):
                b = lines[index][1]
                index += 1
            a, b = strip_range(a, b)
            kind = "furniture" if furniture.is_furniture(text[a:b]) else "bullet"
            builder.add(layout, a, b, kind, text[a:b])
            continue
        if len(line) <= 4 * WRAP_MAX and furniture.is_furniture(line):
            a, b = strip_range(start, end)
            builder.add(layout, a, b, "furniture", text[a:b])
            index += 1
            continue
        line_kind = special(line)
        if line_kind == "caption":
            a, b = strip_range(start, end)
            cut = a + (glued_credit_start(text[a:b]) or 0)
            caption_end = strip_range(a, cut)[1]
            builder.add_parts(layout, a, b, [(a, caption_end, "caption"), (cut, b, "credit")], "\n")
            index += 1
            continue
        if line_kind is not None:
            a, b = strip_range(start, end)
            builder.add(layout, a, b, line_kind, text[a:b])
            index += 1
            continue
        # A group of lines up to a blank or special line, cut into paragraphs at every
        # break that is not a wrap (see is_wrap).
        group_end = index + 1
        while group_end < len(lines) and line_text(group_end).strip():
            following = line_text(group_end)
            if special(following) or (len(following) <= 4 * WRAP_MAX and is_furniture(following)):
                break
            group_end += 1
        width = max(
            (len(line_text(i).strip()) for i in range(index, group_end)
             if len(line_text(i).strip()) <= WRAP_MAX),
            default=WRAP_MAX,
        )  # fmt: skip
        while index < group_end:
            a, b = lines[index]
            index += 1
            while index < group_end and is_wrap(line_text(index - 1), line_text(index), width):
                b = lines[index][1]
                index += 1
            a, b = strip_range(a, b)
            if first_paragraph:
                match = _DATELINE.match(text, a, b)
                if match:
                    d_end = a + len(match.group("dl"))
                    builder.add(layout, a, d_end, "dateline", text[a:d_end])
                    a, b = strip_range(d_end, b)
            if a < b:
                builder.add(layout, a, b, "paragraph", text[a:b])
                header_zone = False
                first_paragraph = False
    return layout, title
