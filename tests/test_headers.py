"""Header and credit lines rendered for French and Hausa without machine translation."""

from __future__ import annotations

import pytest

from translate.localize import (
    glued_credit_start,
    localize_dateline,
    parse_credit,
    parse_header,
    render_header,
)
from translate.localize.headers import load_header_words

HEADERS = [
    # glued by a scraper: name, date and section with no separator
    (
        "Web DeskApril 13, 2024 01:43 PMworld",
        "Web Desk · 13 avril 2024 13:43 · Monde",
        "Web Desk · 13 Afirilu, 2024 13:43 · Duniya",
    ),
    (
        "News DeskMarch 3, 2025 11:20 AMpolitics",
        "News Desk · 3 mars 2025 11:20 · Politique",
        "News Desk · 3 Maris, 2025 11:20 · Siyasa",
    ),
    # the source's separators are kept
    (
        "Staff Reporter · January 29, 2025 10:05 AM · Africa",
        "Staff Reporter · 29 janvier 2025 10:05 · Afrique",
        "Staff Reporter · 29 Janairu, 2025 10:05 · Afirka",
    ),
    (
        "Web Desk | June 12, 2025 07:40 PM | Security",
        "Web Desk | 12 juin 2025 19:40 | Sécurité",
        "Web Desk | 12 Yuni, 2025 19:40 | Tsaro",
    ),
    # bylines: the label is the locale's, the name is kept
    (
        "By Ibrahim Sani — Ouagadougou, April 12, 2025",
        "Par Ibrahim Sani — Ouagadougou, 12 avril 2025",
        "Daga Ibrahim Sani — Ouagadougou, 12 Afirilu, 2025",
    ),
    (
        "Written by Issa Maiga on Tuesday, September 16, 2025",
        "Par Issa Maiga le mardi 16 septembre 2025",
        "Daga Issa Maiga ranar Talata 16 Satumba, 2025",
    ),
    ("Published: March 4, 2025", "Publié le 4 mars 2025", "An wallafa 4 Maris, 2025"),
    # an unknown section word stays as written; capitals stay capitals
    (
        "Amina Moussa | Jan. 29, 2025 | Niger",
        "Amina Moussa | 29 janvier 2025 | Niger",
        "Amina Moussa | 29 Janairu, 2025 | Niger",
    ),
    (
        "WEB DESK | JUNE 12, 2025 | SECURITY",
        "WEB DESK | 12 juin 2025 | SÉCURITÉ",
        "WEB DESK | 12 Yuni, 2025 | TSARO",
    ),
]


@pytest.mark.parametrize(("source", "french", "hausa"), HEADERS)
def test_header_lines_render_dates_keep_names_translate_sections(
    source: str, french: str, hausa: str
) -> None:
    assert localize_dateline(source, "fr") == french
    assert localize_dateline(source, "fr_NE") == french
    assert localize_dateline(source, "ha") == hausa
    assert localize_dateline(source, "ha_NG") == hausa


@pytest.mark.parametrize(
    "text",
    [
        "Niger Junta Marks July 26, 2023 Coup Anniversary",  # a title-case headline
        "Elections Postponed Until March 2026",
        "The army said on Jan. 29, 2025 that the vote was off",
        "Web Desk | 6 hours ago | World",  # relative: no date to render, none invented
        "Staff Reporter2 days agoworld",
        "Web Desk",
        "Security",
        "May God protect the Sahel",
    ],
)
def test_lines_that_are_not_headers_are_left_to_translation(text: str) -> None:
    assert parse_header(text) is None
    assert render_header(text, "fr") is None
    assert localize_dateline(text, "fr") is None


def test_header_parts_have_exact_offsets() -> None:
    text = "Web DeskApril 13, 2024 01:43 PMworld"
    header = parse_header(text)
    assert header is not None
    kinds = [(p.kind, text[p.start : p.end]) for p in header.parts]
    assert kinds == [
        ("name", "Web Desk"),
        ("separator", ""),
        ("date", "April 13, 2024 01:43 PM"),
        ("separator", ""),
        ("section", "world"),
    ]


@pytest.mark.parametrize(
    ("source", "french", "hausa"),
    [
        ("Image Credits: France 24", "Crédit photo\u202f: France 24", "Asalin hoton: France 24"),
        ("Photo: Issa Maiga / AFP", "Photo\u202f: Issa Maiga / AFP", "Hoto: Issa Maiga / AFP"),
        ("(Photo: Reuters)", "(Photo\u202f: Reuters)", "(Hoto: Reuters)"),
        ("Photo by Amina Moussa", "Photo\u202f: Amina Moussa", "Hoto: Amina Moussa"),
    ],
)
def test_credit_lines_translate_the_label_and_keep_who(
    source: str, french: str, hausa: str
) -> None:
    assert localize_dateline(source, "fr") == french
    assert localize_dateline(source, "ha") == hausa


def test_a_caption_after_photo_is_not_a_credit() -> None:
    assert parse_credit("Photo: Soldiers patrol the streets of Niamey on Tuesday") is None


def test_glued_credit_is_found_at_the_end_of_a_line() -> None:
    line = "Russian instructors arrive in Niamey amid shifting alliancesImage Credits: France 24"
    start = glued_credit_start(line)
    assert start is not None
    assert line[start:] == "Image Credits: France 24"
    # A headline ending in an acronym glues just the same: "…away from USImage Credits".
    capped = "Junta turns away from USImage Credits: France 24"
    assert capped[glued_credit_start(capped) or 0 :] == "Image Credits: France 24"
    assert glued_credit_start("Photo: Reuters") is None  # nothing glued before it
    assert glued_credit_start("The photo showed the base.") is None


def test_section_tables_are_per_locale_files() -> None:
    fr, ha = load_header_words("fr"), load_header_words("ha_NE")
    assert fr["sections"]["world"] == "Monde" and ha["sections"]["world"] == "Duniya"
    assert fr["labels"]["by"] == "Par" and ha["labels"]["by"] == "Daga"
    assert set(fr) == set(ha) == {"sections", "labels", "credits"}
