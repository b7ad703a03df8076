"""Which kind a one-line block is: a header, credit, byline or date line.

Shared by every reader, so that a line reads the same in txt, Markdown and HTML. Header
and credit lines are recognised with the grammar of :mod:`translate.localize.headers`
(the same code renders them, so what is classified here always renders there).
"""

from __future__ import annotations

import re

from translate.localize.headers import MAX_HEADER_CHARS, parse_credit, parse_header

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


def meta_kind(text: str, *, header_zone: bool) -> str | None:
    """``header``, ``credit``, ``byline`` or ``dateline`` for a one-line block, else None.

    Header and credit lines are recognised anywhere (their grammar is strict); bylines
    and bare date lines only in the header zone, before the first body paragraph.
    """
    if len(text) > 2 * MAX_HEADER_CHARS:
        return None
    flat = " ".join(text.split())
    if not flat:
        return None
    if parse_header(flat) is not None:
        return "header"
    if parse_credit(flat) is not None:
        return "credit"
    if header_zone:
        if BYLINE.match(flat) and len(flat) < 120:
            return "byline"
        if DATE_LINE.match(flat):
            return "dateline"
    return None
