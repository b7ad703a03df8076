"""Which date finder header lines use, measured (``python -m tools.compare_date_parsers``).

Runs the project's CLDR-backed ``find_dates`` (with the header parser's glue points
opened up), dateparser's ``search_dates`` (English only, absolute dates only, strict:
offline and with no relative "6 hours ago" dates), datefinder and dateutil's fuzzy
parser on header lines in the shapes scraped copy has, plus lines that hold no date.
A case counts as right when the date and time are right (or, for a line without a date,
when nothing is found); "exact span" counts the source text matched exactly, which the
renderer needs to keep the rest of the line. datefinder is dev-only here and is skipped
when absent.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Callable

from translate.localize import find_dates
from translate.localize.headers import _GLUE, _deglue

Found = tuple[str, tuple[int, ...]] | None
CASES: list[tuple[str, str | None, tuple[int, ...] | None]] = [
    ("Web DeskApril 13, 2024 01:43 PMworld", "April 13, 2024 01:43 PM", (2024, 4, 13, 13, 43)),
    ("Staff Reporter · January 29, 2025 10:05 AM · Africa", "January 29, 2025 10:05 AM",
     (2025, 1, 29, 10, 5)),
    ("Web Desk | June 12, 2025 07:40 PM | Security", "June 12, 2025 07:40 PM",
     (2025, 6, 12, 19, 40)),
    ("By Ibrahim Sani — Ouagadougou, April 12, 2025", "April 12, 2025", (2025, 4, 12, 0, 0)),
    ("Published: Tuesday, September 16, 2025", "Tuesday, September 16, 2025",
     (2025, 9, 16, 0, 0)),
    ("Updated 4 March 2025, 09:15 GMT", "4 March 2025, 09:15 GMT", (2025, 3, 4, 9, 15)),
    ("March 4, 2025 09:15 AM", "March 4, 2025 09:15 AM", (2025, 3, 4, 9, 15)),
    ("News DeskMarch 3, 2025 11:20 AMpolitics", "March 3, 2025 11:20 AM", (2025, 3, 3, 11, 20)),
    ("Amina Moussa | Jan. 29, 2025 | Niger", "Jan. 29, 2025", (2025, 1, 29, 0, 0)),
    ("By Hadiza Garba · March 4, 2025 09:15 AM", "March 4, 2025 09:15 AM", (2025, 3, 4, 9, 15)),
    ("Written by Issa Maiga on Tuesday, September 16, 2025", "Tuesday, September 16, 2025",
     (2025, 9, 16, 0, 0)),
    ("Sahel Wire Service, 12 April 2025 08:00 GMT", "12 April 2025 08:00 GMT",
     (2025, 4, 12, 8, 0)),
    ("Staff Reporter2 days agoworld", None, None),
    ("Web Desk | 6 hours ago | World", None, None),
    ("Security forces said on Monday they had killed 12 fighters", None, None),
    ("Mali beat Niger 2-1 in Bamako", None, None),
    ("Web Desk", None, None),
    ("May God protect the Sahel", None, None),
]  # fmt: skip


def _value(d: dt.datetime) -> tuple[int, ...]:
    return (d.year, d.month, d.day, d.hour, d.minute)


def _project(line: str) -> Found:
    text, _ = _deglue(line)
    dates = [d for d in find_dates(text) if d.has_date]
    if not dates:
        return None
    d = dates[0]
    return d.text.replace(_GLUE, ""), (d.year or 0, d.month or 0, d.day or 0, d.hour or 0,
                                       d.minute or 0)  # fmt: skip


def _dateparser(line: str) -> Found:
    from dateparser.search import search_dates

    text, _ = _deglue(line)
    found = search_dates(
        text.replace(_GLUE, " "),
        languages=["en"],
        settings={"PARSERS": ["absolute-time"], "STRICT_PARSING": True},
    )
    return (found[0][0], _value(found[0][1])) if found else None


def _datefinder(line: str) -> Found:
    import datefinder  # type: ignore[import-not-found]

    found = list(datefinder.find_dates(line, source=True))
    return (found[0][1], _value(found[0][0])) if found else None


def _dateutil(line: str) -> Found:
    from dateutil import parser

    try:
        value, _tokens = parser.parse(line, fuzzy_with_tokens=True, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    return "", _value(value)


def main() -> int:
    warnings.filterwarnings("ignore")
    finders: dict[str, Callable[[str], Found]] = {
        "project find_dates": _project,
        "dateparser": _dateparser,
        "datefinder": _datefinder,
        "dateutil fuzzy": _dateutil,
    }
    dated = sum(1 for _, want, _ in CASES if want)
    for name, find in finders.items():
        try:
            find("January 29, 2025")
        except ImportError:
            print(f"{name:<20} skipped (not installed)")
            continue
        right = exact = false_dates = 0
        started = time.perf_counter()
        for line, want_text, want in CASES:
            got = find(line)
            if want is None:
                right += got is None
                false_dates += got is not None
            elif got is not None and got[1] == want:
                right += 1
                exact += got[0].strip(" ,") == want_text
        per_line = (time.perf_counter() - started) / len(CASES) * 1000
        print(
            f"{name:<20} right {right}/{len(CASES)}  exact span {exact}/{dated}  "
            f"false dates {false_dates}/{len(CASES) - dated}  {per_line:.2f} ms/line"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
