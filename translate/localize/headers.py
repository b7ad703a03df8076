"""Header and credit lines of news pages, rendered for a locale without machine translation.

A *header line* carries a story's byline, date and section, as web pages print them and
as scrapers glue them together::

    Web DeskApril 13, 2024 01:43 PMworld
    Staff Reporter · January 29, 2025 10:05 AM · Africa
    Web Desk | June 12, 2025 07:40 PM | Security
    By Ibrahim Sani — Ouagadougou, April 12, 2025
    Written by Issa Maiga on Tuesday, September 16, 2025
    Published: March 4, 2025

Grammar: fields (names, places, agency credits, labels such as ``By``/``Published``)
separated by ``· | • — – -`` or commas, one or more English dates (with a year; a time
may follow), and at most two short *section* fields after the last date. A name must be
separated from a date by a separator, a glue point or a label (``on``): a title-case
headline that merely contains a date ("Niger Junta Marks July 26, 2023 Coup
Anniversary") is not a header. Dates are found by :func:`translate.localize.find_dates`
on a copy of the line with glue points opened up (``DeskApril`` → ``Desk April``,
``PMworld`` → ``PM world``), so offsets stay exact.

Rendering keeps names, places and the source's separators (a glue point becomes
`` · ``), renders each date with babel (CLDR) for the locale, and translates label and
section words from ``locales/<lang>/sections.toml``; a section word missing there is
kept as written.

A *credit line* is a photo credit: ``Image Credits: France 24``, ``Photo: X / AFP``,
``(Photo: Reuters)``, ``Photo by Amina Moussa``. Its label is translated from the same
file (``[credits]``); who is credited is kept.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from translate.lang import primary
from translate.localize.dates import (
    DateMatch,
    check_locale,
    find_dates,
    render_date,
    render_date_line,
)
from translate.localize.typography import apply_typography, locales_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 needs the tomli backport
    import tomli as tomllib

__all__ = [
    "CreditLine",
    "HeaderLine",
    "HeaderPart",
    "glued_credit_start",
    "load_header_words",
    "localize_dateline",
    "parse_credit",
    "parse_header",
    "render_credit",
    "render_header",
]

#: Longest line considered as a header or credit line (they are short; this also keeps
#: the work per line bounded).
MAX_HEADER_CHARS = 200

_MONTH_TITLE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
# Glue points: a name glued to a month ("DeskApril 13"), a time or year glued to the
# section ("PMworld", "GMTAfrica", "2024world", "13:43world").
_GLUE_BEFORE_MONTH = re.compile(rf"(?<=[^\W\d_])(?={_MONTH_TITLE}\.?\s\d)")
_GLUE_AFTER_TIME = re.compile(
    r"(?:\d\s?(?:[AP]M|[ap]m|[ap]\.m\.|[AP]\.M\.)|\d:\d\d|\b(?:GMT|UTC|WAT)|\b\d{4})"
    r"(?=[^\W\d_])"
)
_GLUE = "\ue000"  # private-use stand-in for a glue point while the line is parsed

_SEPARATOR = re.compile(r"\s*(?:[·|•]|—|–|(?<=\s)-(?=\s)|,|\ue000)\s*")
_LABELS = (
    "last updated",
    "first published",
    "published on",
    "updated on",
    "posted on",
    "written by",
    "reported by",
    "posted by",
    "published",
    "updated",
    "posted",
    "by",
)
_LABEL = re.compile(
    r"^(?P<label>" + "|".join(w.replace(" ", r"\s+") for w in _LABELS) + r")\b\s*:?\s*",
    re.IGNORECASE,
)
_ON = re.compile(r"(?:^|\s+)(?P<on>on)$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[(\[]?(?:[A-ZÀ-ÖØ-Þ][\w'’.\-/]*|\d+[A-Za-z]*|&)[)\]]?[.,]?$")
_CONNECTORS = frozenset(
    ["and", "de", "du", "da", "dan", "van", "von", "bin", "ibn", "al", "el", "of", "for"]
)
_SECTION_WORD = re.compile(r"^[^\W\d_][\w'’\-]*$|^&$")


@dataclass(frozen=True)
class HeaderPart:
    """One piece of a header line: ``kind`` is ``name``, ``label``, ``date``, ``section``
    or ``separator``; ``start``/``end`` are offsets into the line; ``glue`` marks a
    separator that was a glue point (no characters in the source)."""

    kind: str
    start: int
    end: int
    glue: bool = False
    date: DateMatch | None = None
    label: str = ""  # for labels: the canonical key ("by", "published on")


@dataclass(frozen=True)
class HeaderLine:
    text: str
    parts: tuple[HeaderPart, ...]

    @property
    def dates(self) -> list[DateMatch]:
        return [p.date for p in self.parts if p.date is not None]


@dataclass(frozen=True)
class CreditLine:
    text: str
    label_start: int
    label_end: int  # the label, colon excluded
    label: str  # canonical key ("image credits")
    who_start: int  # what follows the label and its colon
    colon: bool


def _deglue(text: str) -> tuple[str, list[int]]:
    """``text`` with a glue marker at every glue point, and the map back to offsets."""
    points = {m.start() for m in _GLUE_BEFORE_MONTH.finditer(text)}
    points |= {m.end() for m in _GLUE_AFTER_TIME.finditer(text)}
    out: list[str] = []
    back: list[int] = []
    for index, char in enumerate(text):
        if index in points:
            out.append(_GLUE)
            back.append(index)
        out.append(char)
        back.append(index)
    back.append(len(text))
    return "".join(out), back


def _is_name(field: str) -> bool:
    words = field.split()
    if not words or len(words) > 6 or len(field) > 60:
        return False
    if not any(_NAME_WORD.match(w) and w != "&" for w in words):
        return False
    return all(_NAME_WORD.match(w) or w.lower() in _CONNECTORS for w in words)


def _is_section(field: str) -> bool:
    words = field.split()
    return 0 < len(words) <= 3 and len(field) <= 30 and all(_SECTION_WORD.match(w) for w in words)


def _split_fields(gap: str, base: int) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of the fields (``field``) and separators (``separator``)
    of ``gap``, a stretch of the deglued line starting at offset ``base``."""
    pieces: list[tuple[str, int, int]] = []
    pos = 0
    for match in _SEPARATOR.finditer(gap):
        if match.start() > pos:
            pieces.append(("field", base + pos, base + match.start()))
        pieces.append(("separator", base + match.start(), base + match.end()))
        pos = match.end()
    if pos < len(gap):
        pieces.append(("field", base + pos, base + len(gap)))
    return pieces


def _field_parts(
    deglued: str, start: int, end: int, *, before_date: bool, trailing: bool
) -> list[HeaderPart] | None:
    """The parts of one field, or None when the field does not belong in a header."""
    raw = deglued[start:end]
    stripped = raw.strip()
    if not stripped:
        return []
    lead = start + len(raw) - len(raw.lstrip())
    stop = lead + len(stripped)
    parts: list[HeaderPart] = []
    label = _LABEL.match(deglued, lead, stop)
    if label:
        key = " ".join(label.group("label").lower().split())
        label_end = label.start() + len(label.group(0).rstrip())
        parts.append(HeaderPart("label", lead, label_end, label=key))
        lead = label.end()
    on = _ON.search(deglued, lead, stop) if before_date else None
    name_end = stop
    if on and (on.start("on") > lead or parts):
        name_end = on.start() if on.start() > lead else lead
    name = deglued[lead:name_end].strip()
    if name:
        if trailing and not parts and _is_section(name):
            parts.append(HeaderPart("section", lead, lead + len(name)))
        elif _is_name(name):
            parts.append(HeaderPart("name", lead, lead + len(name)))
        else:
            return None
    if on and name_end < stop:
        parts.append(HeaderPart("label", on.start("on"), on.end("on"), label="on"))
    return parts


def parse_header(text: str) -> HeaderLine | None:
    """The parts of a header line (see the module doc), or None if ``text`` is not one."""
    if not text or len(text) > MAX_HEADER_CHARS or "\n" in text or _GLUE in text:
        return None
    deglued, back = _deglue(text)
    dates = [d for d in find_dates(deglued) if (d.has_date and d.year) or not d.has_date]
    if not any(d.has_date and d.year for d in dates):
        return None
    parts: list[HeaderPart] = []
    pos = 0
    sections = 0
    for index in range(len(dates) + 1):
        date = dates[index] if index < len(dates) else None
        gap_end = date.start if date else len(deglued)
        pieces = _split_fields(deglued[pos:gap_end], pos)
        trailing = date is None
        # right after a date, only a separator may follow (or nothing)
        if (
            index > 0
            and pieces
            and pieces[0][0] == "field"
            and deglued[pieces[0][1] : pieces[0][2]].strip()
        ):
            return None
        for number, (kind, start, end) in enumerate(pieces):
            if kind == "separator":
                glue = _GLUE in deglued[start:end]
                parts.append(HeaderPart("separator", start, end, glue=glue))
                continue
            last_before_date = date is not None and number == len(pieces) - 1
            found = _field_parts(deglued, start, end, before_date=last_before_date,
                                 trailing=trailing)  # fmt: skip
            if found is None:
                return None
            if last_before_date and found and found[-1].kind == "name":
                return None  # a name glued to a date by a plain space: a sentence
            sections += sum(p.kind == "section" for p in found)
            parts += found
        if date is not None:
            parts.append(HeaderPart("date", date.start, date.end, date=date))
            pos = date.end
    if sections > 2:
        return None
    # offsets back onto the source line (glue markers have no source characters)
    mapped = tuple(
        HeaderPart(
            p.kind,
            back[p.start],
            back[p.start] if p.glue else back[p.end],
            p.glue,
            _shift(p.date, back),
            p.label,
        )
        for p in parts
    )
    if not any(p.kind in ("name", "label", "section") for p in mapped) and not any(
        p.kind == "separator" and not p.glue for p in mapped
    ):
        return None  # a bare date: a plain date line, not a header
    return HeaderLine(text, mapped)


def _shift(date: DateMatch | None, back: list[int]) -> DateMatch | None:
    if date is None:
        return None
    start, end = back[date.start], back[date.end]
    return dataclasses.replace(date, start=start, end=end)


@functools.cache
def load_header_words(lang: str) -> dict[str, Mapping[str, str]]:
    """The ``[sections]``, ``[labels]`` and ``[credits]`` tables of
    ``locales/<lang>/sections.toml`` (``fr_NE`` → ``fr``); empty tables if it is absent."""
    language = primary(check_locale(lang))
    path = locales_dir() / language / "sections.toml"
    data: dict[str, object] = {}
    if path.is_file():
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    tables: dict[str, Mapping[str, str]] = {}
    for name in ("sections", "labels", "credits"):
        table = data.get(name, {})
        tables[name] = (
            {" ".join(str(k).lower().split()): str(v) for k, v in table.items()}
            if isinstance(table, Mapping)
            else {}
        )
    return tables


def _in_case_of(source: str, target: str) -> str:
    return target.upper() if source.isupper() and len(source) > 1 else target


def render_header(text: str, locale: str) -> str | None:
    """``text`` rendered for ``locale`` when it is a header line, else None."""
    header = parse_header(text)
    if header is None:
        return None
    words = load_header_words(locale)
    out: list[str] = []
    for part in header.parts:
        source = text[part.start : part.end]
        if part.kind == "separator":
            out.append(" · " if part.glue else source)
        elif part.kind == "date" and part.date is not None:
            out.append(render_date(part.date, locale))
        elif part.kind == "label":
            label = words["labels"].get(part.label)
            out.append(source if label is None else _in_case_of(source.rstrip(":"), label))
            if label is not None and part.label != "on" and not _space_after(text, part.end):
                out.append(" ")
        elif part.kind == "section":
            section = words["sections"].get(" ".join(source.lower().split()))
            out.append(source if section is None else _in_case_of(source, section))
        else:
            out.append(source)
        out.append(_between(text, header, part))
    return "".join(out).strip()


def _space_after(text: str, end: int) -> bool:
    """True when the source already has whitespace after a label (kept by _between)."""
    rest = text[end:]
    return rest[:1].isspace() or rest.lstrip(":")[:1].isspace()


def _between(text: str, header: HeaderLine, part: HeaderPart) -> str:
    """Whitespace of the source between ``part`` and the next part (a label's colon
    dropped: the locale's label replaces it)."""
    index = header.parts.index(part)
    following = header.parts[index + 1].start if index + 1 < len(header.parts) else len(text)
    gap = text[part.end : following]
    if part.kind == "label":
        gap = gap.lstrip(":")
    return gap if not gap.strip() else ""


# --------------------------------------------------------------------------- credits

_CREDIT_KEYS = (
    "featured image",
    "image credits",
    "image credit",
    "image source",
    "photo credits",
    "photo credit",
    "picture credit",
    "photo courtesy",
    "courtesy of",
    "photo by",
    "image by",
    "image via",
    "photograph",
    "illustration",
    "picture",
    "credits",
    "credit",
    "source",
    "image",
    "photo",
    "video",
)
_CREDIT_LABEL = "|".join(k.replace(" ", r"\s+") for k in _CREDIT_KEYS)
# "Image Credits: X" / "PHOTO: X" / "(Photo: Reuters)" / "Photo by X" / "Courtesy of X"
_CREDIT = re.compile(
    rf"^(?P<open>\(\s*)?(?P<label>{_CREDIT_LABEL})(?:(?P<colon>\s*:)|(?<=by)|(?<=via)|(?<=of))"
    r"\s+(?P<who>\S.*?)\s*(?(open)\))$",
    re.IGNORECASE,
)
_GLUED_CREDIT = re.compile(
    r"(?:(?<=[^\W\d_][.!?”\"’)])|(?<=[A-Za-z0-9])|(?<=\s))"
    r"(?=\(?\s*(?:Image|Photo|Picture|Photograph)s?(?:\s+(?:[Cc]redits?|CREDITS?|[Ss]ource))?"
    r"\s*:)"
)
_WHO_CONNECTORS = frozenset(["via", "for", "and", "of", "de", "the", "by", "courtesy", "/"])


def _who_is_credit(who: str) -> bool:
    """What follows a credit label names a photographer or agency, not a caption."""
    words = who.replace("/", " / ").split()
    if not words or len(words) > 10 or len(who) > 80:
        return False
    lower = [w for w in words if w.lower() in _WHO_CONNECTORS or not w[:1].isalpha()]
    names = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
    return len(names) >= 1 and len(names) + len(lower) >= len(words) and not who.endswith(".")


def parse_credit(text: str) -> CreditLine | None:
    """The parts of a photo-credit line, or None if ``text`` is not one."""
    if not text or len(text) > MAX_HEADER_CHARS or "\n" in text:
        return None
    stripped = text.strip()
    lead = text.index(stripped[0]) if stripped else 0
    match = _CREDIT.match(stripped)
    if match is None or not _who_is_credit(match.group("who")):
        return None
    key = " ".join(match.group("label").lower().split())
    if key in ("source", "video", "image", "credit", "credits") and not match.group("colon"):
        return None
    return CreditLine(
        text=text,
        label_start=lead + match.start("label"),
        label_end=lead + match.end("label"),
        label=key,
        who_start=lead + match.start("who"),
        colon=bool(match.group("colon")),
    )


def glued_credit_start(line: str) -> int | None:
    """Where a photo credit glued to the end of ``line`` begins (``…alliancesImage
    Credits: France 24``), or None. The text before it is never empty."""
    # a credit is short: only the end of a long line is searched (bounded work)
    line_start = len(line) - MAX_HEADER_CHARS if len(line) > 2 * MAX_HEADER_CHARS else 1
    for match in reversed(list(_GLUED_CREDIT.finditer(line, line_start))):
        start = match.start()
        if line[:start].strip() and parse_credit(line[start:]) is not None:
            return start
    return None


def render_credit(text: str, locale: str) -> str | None:
    """``text`` rendered for ``locale`` when it is a photo-credit line, else None."""
    credit = parse_credit(text)
    if credit is None:
        return None
    words = load_header_words(locale)
    source_label = text[credit.label_start : credit.label_end]
    label = words["credits"].get(credit.label)
    if label is None:
        return None if not credit.colon else text.strip()
    label = _in_case_of(source_label, label)
    head = text[: credit.label_start].strip()
    tail = text[credit.who_start :].rstrip()
    # "Photo by X" becomes "Photo: X" in the locale's spacing (French: a narrow no-break
    # space before the colon); "Courtesy of X" keeps its own construction.
    prefix = label if credit.label == "courtesy of" else apply_typography(f"{label}:", locale)
    return f"{head}{prefix} {tail}".strip()


def localize_dateline(source_text: str, locale: str, source_lang: str = "en") -> str | None:
    """``source_text`` rendered for ``locale`` without machine translation when it is a
    header line (byline/date/section), a date or dateline line, or a photo-credit line;
    else None (the line needs translating).

    The pipeline's hook for segments of the kinds in
    :data:`translate.documents.RENDERED_KINDS`. ``source_lang``: the language the line is
    written in (its dates are read in it, whatever the target).
    """
    check_locale(locale)
    if primary(source_lang) != "en":
        # Through a pivot (--from fr): the header and credit grammars are English; the
        # line's dates are read in its own language and rendered for the target.
        return render_date_line(source_text, locale, source_lang)
    for render in (render_header, render_date_line, render_credit):
        rendered = render(source_text, locale)
        if rendered is not None:
            return rendered
    return None
