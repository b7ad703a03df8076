"""English news dates and times, found in text and rendered for French and Hausa with CLDR.

Recognised (English newsroom / AP style):

* ``January 29, 2025``, ``Jan. 29, 2025``, ``Jan 29``, ``Nov. 3``, ``Sept. 4, 2024``
* ``29 January 2025``, ``29 Jan. 2025``, ``3rd of November``
* ``Monday, January 29, 2025`` / ``Mon., Nov. 3`` (weekday kept only when it agrees
  with the date; a weekday that contradicts the date leaves the whole text untouched)
* ``March 2025`` (month and year)
* any of the above followed by a time: ``January 29, 2025 10:05 AM``,
  ``Jan. 29, 2025, at 10:05 a.m. GMT``
* stand-alone times that carry an ``a.m.``/``p.m.`` or a time zone: ``10:05 a.m.``,
  ``10 PM``, ``10:05 GMT`` (a bare ``10:05`` or ``3:1`` is not a time)

Rendering uses babel's CLDR data (no hand-written month names):

* full date: the locale's ``long`` date pattern (``full`` when a weekday is given);
* day and month without a year: the CLDR ``MMMMd`` skeleton (``MMMMEd`` with a
  weekday, widened to the full weekday name) — the year is never invented;
* month and year: the ``yMMMM`` skeleton;
* time: the locale's ``short`` time pattern (24-hour ``HH:mm`` for fr and ha), the
  time-zone text kept as written; date and time joined with the CLDR date-time
  pattern of the same width (``{1}, {0}`` for fr and ha at ``long``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format, get_day_names

from translate.errors import UsageError
from translate.i18n import _
from translate.lang import OUTPUT_LANGUAGES, OUTPUT_LOCALES, known_locale, normalize_locale, primary

#: Locales the date renderer (and the pipeline) are documented for, in canonical form;
#: any other region babel knows of these languages is accepted too.
ACCEPTED_LOCALES: tuple[str, ...] = OUTPUT_LOCALES

# --------------------------------------------------------------------------- locales

#: CLDR format widths (babel.dates).
_Width = Literal["short", "medium", "long", "full"]


@functools.lru_cache(maxsize=64)
def check_locale(code: str) -> str:
    """Normalise *code* and require a locale of an output language that babel knows
    (:data:`ACCEPTED_LOCALES`, or another region of theirs)."""
    try:
        loc = normalize_locale(code)
    except UsageError:
        loc = None
    if (
        loc is None
        or len(re.split(r"[-_]", code.strip())) > 2  # babel drops what it does not know
        or primary(loc) not in OUTPUT_LANGUAGES
        or not re.fullmatch(r"[a-z]{2,3}(?:_[A-Z]{2})?", loc)  # a language and a region
        or not known_locale(loc)
    ):
        raise UsageError(
            _("unsupported locale {code!r}; accepted: {accepted}").format(
                code=code, accepted=", ".join(ACCEPTED_LOCALES)
            )
        )
    return loc


# --------------------------------------------------------------------------- matching

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sept", "Sep"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name.lower()] = _num

_WEEKDAYS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("Monday", "Mon"),
        ("Tuesday", "Tues", "Tue"),
        ("Wednesday", "Wed"),
        ("Thursday", "Thurs", "Thur", "Thu"),
        ("Friday", "Fri"),
        ("Saturday", "Sat"),
        ("Sunday", "Sun"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name.lower()] = _num


def _alternation(words: dict[str, int]) -> str:
    """Title-case and upper-case forms, longest first; abbreviations take an optional dot."""
    alts: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        full = len(word) > 5 or word in {"march", "april", "may", "june", "july"}
        dot = "" if full else r"\.?"
        alts.append(f"(?:{word.title()}|{word.upper()}){dot}")
    return "|".join(alts)


_MONTH = _alternation(_MONTHS)
_WEEKDAY = _alternation(_WEEKDAYS)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_TZ = (
    r"(?:GMT|UTC|WAT|WAST|CAT|EAT|CET|CEST|BST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT)"
    r"(?:\s?[+\-−]\d{1,2}(?::?\d\d)?)?"
)
_AMPM = r"(?:[ap]\.\s?m\.?|[AP]\.\s?M\.?|[ap]m|[AP]M)"

# hour:minute with optional am/pm and time zone, or hour with am/pm (10 a.m.)
_TIME = (
    rf"(?:(?P<{{p}}h>2[0-3]|[01]?\d):(?P<{{p}}mi>[0-5]\d)(?![\d:])"
    rf"(?:\s?(?P<{{p}}ap>{_AMPM}))?(?:\s(?P<{{p}}tz>{_TZ}))?"
    rf"|(?P<{{p}}h2>1[0-2]|0?[1-9])\s?(?P<{{p}}ap2>{_AMPM})(?:\s(?P<{{p}}tz2>{_TZ}))?)"
    r"(?!\w)"
)


def _time(prefix: str) -> str:
    return _TIME.replace("{p}", prefix)


_AFTER_DATE_TIME = rf"(?:,?\s(?:at\s)?{_time('t')})?"
_WD = rf"(?:(?P<wd>{_WEEKDAY}),?\s)?"

_DATE_RE = re.compile(
    r"(?<![\w.])(?:"
    # Month Day[, Year]
    rf"(?P<mdy>{_WD}(?P<m1>{_MONTH})\s(?P<d1>{_DAY})(?![\d:])(?:,?\s(?P<y1>{_YEAR})(?!\d|,\d))?)"
    # Day Month[ Year]
    rf"|(?P<dmy>{_WD.replace('wd', 'wd2')}(?:the\s)?(?P<d2>{_DAY})(?:\sof)?\s(?P<m2>{_MONTH})"
    rf"(?:,?\s(?P<y2>{_YEAR})(?!\d|,\d))?)"
    # Month Year
    rf"|(?P<my>(?P<m3>{_MONTH})\s(?P<y3>{_YEAR})(?!\d|,\d))"
    r")"
    rf"(?![\w])(?:{_AFTER_DATE_TIME})"
    # stand-alone time (needs am/pm or a time zone; checked below)
    rf"|(?<![\w.:])(?P<time>{_time('s')})",
)

_RANGE_BEFORE = re.compile(r"\d\s?[-–—]\s?$")
_RANGE_AFTER = re.compile(r"^\s?[-–—]\s?\d")


@dataclass(frozen=True)
class DateMatch:
    """One English date and/or time found in a text."""

    start: int
    end: int
    text: str
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None  # 0 = Monday, as datetime.date.weekday()
    hour: int | None = None
    minute: int | None = None
    tz: str | None = None  # time-zone text kept as written ("GMT", "UTC+1")

    @property
    def has_date(self) -> bool:
        return self.month is not None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    @property
    def date(self) -> _dt.date | None:
        """The date, when the year is known."""
        if self.month is None or self.day is None or self.year is None:
            return None
        return _dt.date(self.year, self.month, self.day)

    @property
    def time(self) -> _dt.time | None:
        if self.hour is None:
            return None
        return _dt.time(self.hour, self.minute or 0)


def _hour24(hour: int, ampm: str | None) -> int | None:
    if not ampm:
        return hour
    if not 1 <= hour <= 12:
        return None
    pm = ampm.strip().lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def _word_num(table: dict[str, int], word: str | None) -> int | None:
    if not word:
        return None
    return table[word.rstrip(".").lower()]


def _build(m: re.Match[str], text: str) -> DateMatch | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    month = day = year = weekday = hour = minute = None
    tz: str | None = None
    if g["time"] is not None:
        prefix = "s"
    else:
        prefix = "t"
        month = _word_num(_MONTHS, g["m1"] or g["m2"] or g["m3"])
        daytext = g["d1"] or g["d2"]
        day = int(re.sub(r"\D", "", daytext)) if daytext else None
        ytext = g["y1"] or g["y2"] or g["y3"]
        year = int(ytext) if ytext else None
        weekday = _word_num(_WEEKDAYS, g["wd"] or g["wd2"])
        if day is not None and month is not None:
            try:
                real = _dt.date(year or 2000, month, day)  # 2000: leap year, Feb 29 valid
            except ValueError:
                return None
            if weekday is not None and year is not None and real.weekday() != weekday:
                return None  # contradictory weekday: do not guess which part is wrong
        # a range (Jan. 29-30, 29–30 January) is left alone rather than half rendered
        if _RANGE_BEFORE.search(text[max(0, start - 4) : start]) or (
            g["th"] is None and g["th2"] is None and _RANGE_AFTER.match(text[end:])
        ):
            return None
    htext = g[prefix + "h"] or g[prefix + "h2"]
    ampm = None
    if htext is not None:
        ampm = g[prefix + "ap"] or g[prefix + "ap2"]
        tz = g[prefix + "tz"] or g[prefix + "tz2"]
        if prefix == "s" and not ampm and not tz:
            return None  # 10:05 alone could be a score or a ratio
        hour = _hour24(int(htext), ampm)
        if hour is None:
            return None
        minute = int(g[prefix + "mi"]) if g[prefix + "mi"] else 0
        # "at 10 a.m." ending a sentence: the dot also ends the sentence, keep it
        if ampm and ampm.endswith(".") and not tz:
            rest = text[end:]
            line_before = text[text.rfind("\n", 0, start) + 1 : start]
            if re.match(r"\s+[A-Z«\"“]", rest) or (
                # end of a running sentence (lower-case words before it), not of a dateline
                re.match(r"\s*(?:\n|$)", rest) and re.search(r"[^\W\d_A-Z]", line_before)
            ):
                end -= 1
    return DateMatch(start, end, text[start:end], month, day, year, weekday, hour, minute, tz)


def find_dates(text: str, lang: str = "en") -> list[DateMatch]:
    """All dates/times in *text*, in order, non-overlapping: English ones (the module
    doc), or those of the source language ``lang`` when it is another (a pivot from
    French: ``3 mai 2024``, ``lundi 1er juillet``, ``29 janvier 2025 à 10 h 05``)."""
    if primary(lang) != "en":
        return _dates_in_language(text, primary(lang))
    found: list[DateMatch] = []
    for m in _DATE_RE.finditer(text):
        dm = _build(m, text)
        if dm is not None:
            found.append(dm)
    return found


# Dates written in another source language, read with its CLDR month and day names.
_FOREIGN_TIME = r"(?:,?\s*(?:à\s+)?(?P<h>[01]?\d|2[0-3])\s?(?:h|:)\s?(?P<mi>[0-5]\d)?(?!\d))?"


@functools.lru_cache(maxsize=8)
def _language_date_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    """The date pattern of ``lang`` (day month [year] [time], month year) built from
    babel's month and weekday names, and the name → number tables."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=lang).items():
                months[name.lower().rstrip(".")] = number
    weekdays = {
        name.lower(): number
        for width in ("wide", "abbreviated")
        for number, name in get_day_names(width, locale=lang).items()
    }

    def alternation(names: dict[str, int]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    month = rf"(?P<m>{alternation(months)})\.?"
    pattern = re.compile(
        rf"(?<![\w.])(?:(?:(?P<wd>{alternation(weekdays)})\.?,?\s+)?"
        rf"(?P<d>1er|3[01]|[12]\d|0?[1-9])\s+{month}(?:\s+(?P<y>1[89]\d\d|2[01]\d\d))?"
        rf"(?![\w]){_FOREIGN_TIME}"
        rf"|{month.replace('P<m>', 'P<m2>')}\s+(?P<y2>1[89]\d\d|2[01]\d\d))(?!\w)",
        re.IGNORECASE,
    )
    return pattern, months, weekdays


def _dates_in_language(text: str, lang: str) -> list[DateMatch]:
    try:
        pattern, months, weekdays = _language_date_pattern(lang)
    except (ValueError, LookupError):  # babel does not know the language
        return []
    found: list[DateMatch] = []
    for m in pattern.finditer(text):
        if m.group("m2"):
            found.append(DateMatch(m.start(), m.end(), m.group(0),
                                   months[m.group("m2").lower().rstrip(".")], None,
                                   int(m.group("y2"))))  # fmt: skip
            continue
        day = 1 if m.group("d").lower() == "1er" else int(m.group("d"))
        month = months[m.group("m").lower().rstrip(".")]
        year = int(m.group("y")) if m.group("y") else None
        weekday = weekdays.get((m.group("wd") or "").lower().rstrip("."))
        try:
            real = _dt.date(year or 2000, month, day)
        except ValueError:
            continue
        if weekday is not None and year is not None and real.weekday() != weekday:
            continue
        hour = int(m.group("h")) if m.group("h") else None
        minute = int(m.group("mi")) if m.group("mi") else (0 if hour is not None else None)
        end = m.end() if hour is not None else m.end("y") if year else m.end("m")
        found.append(DateMatch(m.start(), end, text[m.start() : end], month, day, year,
                               weekday, hour, minute))  # fmt: skip
    return found


# --------------------------------------------------------------------------- rendering


def _quote_literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _skeleton_pattern(loc: Locale, skeleton: str) -> str | None:
    pattern = loc.datetime_skeletons.get(skeleton)
    return None if pattern is None else str(pattern.pattern)


def _format_date_part(dm: DateMatch, loc: Locale) -> str:
    assert dm.month is not None
    if dm.day is None:  # Month Year
        d = _dt.date(dm.year or 2000, dm.month, 1)
        return format_date(d, _skeleton_pattern(loc, "yMMMM") or "MMMM y", locale=loc)
    if dm.year is not None:
        d = _dt.date(dm.year, dm.month, dm.day)
        return format_date(d, "full" if dm.weekday is not None else "long", locale=loc)
    # no year: day and month only, never an invented year
    d = _dt.date(2000, dm.month, dm.day)
    if dm.weekday is None:
        return format_date(d, _skeleton_pattern(loc, "MMMMd") or "d MMMM", locale=loc)
    pattern = _skeleton_pattern(loc, "MMMMEd") or (
        "E " + (_skeleton_pattern(loc, "MMMMd") or "d MMMM")
    )
    weekday_name = get_day_names("wide", locale=loc)[dm.weekday]
    # the weekday comes from the source (the year 2000 placeholder would compute another)
    pattern = re.sub(r"E+|c+", lambda _m: _quote_literal(weekday_name), pattern)
    return format_date(d, pattern, locale=loc)


def _format_time_part(dm: DateMatch, loc: Locale) -> str:
    assert dm.time is not None
    out = format_time(dm.time, "short", locale=loc)
    return f"{out} {dm.tz}" if dm.tz else out


@functools.lru_cache(maxsize=16)
def _babel_locale(code: str) -> Locale:
    return Locale.parse(code)


def render_date(match: DateMatch, locale: str) -> str:
    """The date/time of *match* written for *locale* (fr, fr_NE, ha, ha_NE, ha_NG)."""
    loc = _babel_locale(check_locale(locale))
    if not match.has_date:
        return _format_time_part(match, loc)
    date_part = _format_date_part(match, loc)
    if not match.has_time:
        return date_part
    # Datelines put the time straight after the date ("29 janvier 2025 10:05"): take
    # the locale's plain "{1} {0}" joiner where CLDR has one (fr: short, ha: full),
    # else the joiner of the date's own width.
    widths: tuple[_Width, ...] = ("short", "medium", "long", "full")
    joiners = [str(get_datetime_format(w, locale=loc)) for w in widths]
    width = "full" if match.weekday is not None and match.year is not None else "long"
    joiner = "{1} {0}" if "{1} {0}" in joiners else joiners[widths.index(width)]
    return joiner.replace("{1}", date_part).replace("{0}", _format_time_part(match, loc))


def render_dates_in(text: str, locale: str, source_lang: str = "en") -> str:
    """*text* with every recognised date/time (of ``source_lang``) rewritten for *locale*."""
    check_locale(locale)
    out: list[str] = []
    pos = 0
    for dm in find_dates(text, source_lang):
        out.append(text[pos : dm.start])
        out.append(render_date(dm, locale))
        pos = dm.end
    out.append(text[pos:])
    return "".join(out)


_LETTERS = re.compile(r"[^\W\d_]+")


def render_date_line(source_text: str, locale: str, source_lang: str = "en") -> str | None:
    """The rendered line when *source_text* is a date/time line, else ``None``.

    A dateline here is a segment whose text, once its dates and times are taken
    out, holds only upper-case words (place names, agency credits such as AFP),
    punctuation and dashes: ``"NIAMEY, Jan. 29, 2025 —"``, ``"January 29, 2025
    10:05 AM"``. Such a line needs no machine translation.
    """
    check_locale(locale)
    matches = find_dates(source_text, source_lang)
    if not matches:
        return None
    rest = []
    pos = 0
    for dm in matches:
        rest.append(source_text[pos : dm.start])
        pos = dm.end
    rest.append(source_text[pos:])
    # what may surround the dates: upper-case place names and agency credits
    # (NIAMEY, ABUJA (AFP)), digits, punctuation and dashes; nothing that needs MT
    if not all(word.isupper() for word in _LETTERS.findall(" ".join(rest))):
        return None
    return render_dates_in(source_text, locale, source_lang)
