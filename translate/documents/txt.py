"""Plain-text wire copy: headline, dateline/byline lines, bullets, paragraphs."""

from __future__ import annotations

import re

from translate.documents.model import Builder, Layout

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\.?"
)
_WEEKDAY = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+"
)
_TIME = (
    r"(?:,?\s*(?:at\s+|à\s+)?\d{1,2}[:.h]\s?\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:GMT|UTC|WAT)[+-]?\d*)?)?"
)
# "January 29, 2025 10:05 AM", "29 January 2025", "Wednesday, Jan. 29, 2025", "2025-01-29"
DATE_LINE = re.compile(
    rf"^\s*(?:(?:Published|Updated|Publié|Mis à jour)\s*:?\s*)?(?:{_WEEKDAY})?"
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:er)?\s+{_MONTHS}\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?){_TIME}\s*$",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^\s*(?:(?:By|BY|Par|PAR|Daga)\s+\S.{0,100}"
    r"|\(?(?:Reporting|Writing|Editing|Additional reporting|Compiled)\s+by\s+\S.*)$"
)
# "NIAMEY, Niger (Agency) —", "NIAMEY (AFP) -": a city in capitals, then a dash.
_DATELINE = re.compile(
    r"(?P<dl>[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{2,40}(?:,\s*[^\n—–()]{1,60}?)?\s*(?:\([^)\n]{1,60}\)\s*)?"
    r"(?:—|–|--|-))(?:\s+|$)"
)
_BULLET = re.compile(r"^(?P<marker>\s*[•\-*·▪◦‣]\s+)\S")


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


def parse_txt(text: str, builder: Builder, *, headline: bool = True) -> tuple[Layout, str | None]:
    """Parse wire copy; ``headline=False`` for JSONL bodies (the title is separate)."""
    layout = Layout(text, escape=lambda s: s)
    lines = _lines(text)
    title: str | None = None
    want_headline = headline
    header_zone = True  # before the first body paragraph: bylines and datelines expected
    first_paragraph = True
    index = 0

    def line_text(i: int) -> str:
        return text[lines[i][0] : lines[i][1]]

    def strip_range(start: int, end: int) -> tuple[int, int]:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    while index < len(lines):
        line = line_text(index)
        start, end = lines[index]
        if not line.strip():
            index += 1
            continue
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
            builder.add(layout, a, b, "bullet", text[a:b])
            continue
        if BYLINE.match(line) and (header_zone or len(line) < 120):
            a, b = strip_range(start, end)
            builder.add(layout, a, b, "byline", text[a:b])
            index += 1
            continue
        if header_zone and DATE_LINE.match(line):
            a, b = strip_range(start, end)
            builder.add(layout, a, b, "dateline", text[a:b])
            index += 1
            continue
        if header_zone:
            whole = _DATELINE.match(line.strip())
            if whole and whole.end("dl") == len(line.strip()):
                a, b = strip_range(start, end)
                builder.add(layout, a, b, "dateline", text[a:b])
                index += 1
                continue
        # A paragraph: this line and the following non-blank, non-bullet lines (in the
        # header zone, a byline or date line also ends it).
        a = start
        b = end
        index += 1
        while (
            index < len(lines)
            and line_text(index).strip()
            and not _BULLET.match(line_text(index))
            and not (header_zone and _is_meta(line_text(index)))
        ):
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
