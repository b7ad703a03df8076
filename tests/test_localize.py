"""The locale text layer: CLDR dates for datelines, French and Hausa typography."""

from __future__ import annotations

import unicodedata

import pytest

from translate.errors import UsageError
from translate.localize import (
    ACCEPTED_LOCALES,
    apply_typography,
    find_dates,
    load_rules,
    locale_name,
    locales_dir,
    localize_dateline,
    normalize_locale,
    render_date,
    render_dates_in,
)

NNBSP = "\u202f"

# ----------------------------------------------------------------------------- locales


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fr", "fr"),
        ("fr-NE", "fr_NE"),
        ("FR_ne", "fr_NE"),
        ("HA", "ha"),
        ("ha_NG", "ha_NG"),
        ("ha-ne", "ha_NE"),
        (" ha ", "ha"),
    ],
)
def test_normalize_locale(code: str, expected: str) -> None:
    assert normalize_locale(code) == expected


@pytest.mark.parametrize("code", ["", "xx", "12", "not a locale"])
def test_normalize_locale_rejects_unknown(code: str) -> None:
    with pytest.raises(UsageError):
        normalize_locale(code)


def test_locale_names_from_cldr() -> None:
    assert locale_name("fr", "fr") == "français"
    assert locale_name("fr") == "French"
    assert locale_name("fr_NE", "fr") == "français (Niger)"
    assert locale_name("ha") == "Hausa"
    assert locale_name("ha", "ha") == "Hausa"
    assert locale_name("ha_NE", "ha") == "Hausa (Nijar)"
    assert locale_name("ha-NG", "ha") == "Hausa (Nijeriya)"


@pytest.mark.parametrize("bad", ["de", "en", "xx", "ha_GH_extra"])
def test_unsupported_locale_lists_accepted(bad: str) -> None:
    with pytest.raises(UsageError) as info:
        render_dates_in("Jan. 29, 2025", bad)
    for accepted in ACCEPTED_LOCALES:
        assert accepted in str(info.value)


# ----------------------------------------------------------------------------- finding


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("January 29, 2025", "January 29, 2025"),
        ("Jan. 29, 2025", "Jan. 29, 2025"),
        ("29 January 2025", "29 January 2025"),
        ("January 29, 2025 10:05 AM", "January 29, 2025 10:05 AM"),
        ("It happened on Nov. 3 in Niamey", "Nov. 3"),
        ("Wednesday, January 29, 2025", "Wednesday, January 29, 2025"),
        ("at 10:05 a.m. on Tuesday", "10:05 a.m."),
        ("10:05 AM", "10:05 AM"),
        ("10:05 GMT", "10:05 GMT"),
        ("JAN. 29, 2025", "JAN. 29, 2025"),
        ("the 3rd of November", "the 3rd of November"),
        ("in March 2025 the", "March 2025"),
    ],
)
def test_find_dates(text: str, found: str) -> None:
    assert [m.text for m in find_dates(text)] == [found]


def test_find_dates_fields() -> None:
    (m,) = find_dates("Wed., Jan. 29, 2025, at 10:05 p.m. GMT")
    assert (m.year, m.month, m.day, m.weekday) == (2025, 1, 29, 2)
    assert (m.hour, m.minute, m.tz) == (22, 5, "GMT")
    assert m.date is not None and m.date.isoformat() == "2025-01-29"


@pytest.mark.parametrize(
    "text",
    [
        "score 3:1 at 10:05",  # bare times and ratios are not dates
        "Feb. 30, 2025",  # no such day
        "Monday, January 29, 2025",  # Jan. 29, 2025 is a Wednesday: do not guess
        "Jan. 29-30",  # ranges stay whole
        "29–30 January",
        "May I come in 3 times?",
        "January",
    ],
)
def test_find_dates_leaves_doubtful_text(text: str) -> None:
    assert find_dates(text) == []
    assert render_dates_in(text, "fr") == text


# ----------------------------------------------------------------------------- rendering
# Exact strings from babel's CLDR data (babel 2.18).

FR_CASES = [
    ("January 29, 2025", "29 janvier 2025"),
    ("Jan. 29, 2025", "29 janvier 2025"),
    ("29 January 2025", "29 janvier 2025"),
    ("January 29, 2025 10:05 AM", "29 janvier 2025 10:05"),
    ("Jan. 29, 2025 10:05 PM", "29 janvier 2025 22:05"),
    ("Nov. 3", "3 novembre"),
    ("Wednesday, January 29, 2025", "mercredi 29 janvier 2025"),
    ("Mon., Nov. 3", "lundi 3 novembre"),
    ("March 2025", "mars 2025"),
    ("10:05 a.m.", "10:05"),
    ("10:05 AM", "10:05"),
    ("10 p.m. WAT", "22:00 WAT"),
    ("10:05 GMT", "10:05 GMT"),
]

HA_CASES = [
    ("January 29, 2025", "29 Janairu, 2025"),
    ("Jan. 29, 2025", "29 Janairu, 2025"),
    ("29 January 2025", "29 Janairu, 2025"),
    ("January 29, 2025 10:05 AM", "29 Janairu, 2025 10:05"),
    ("Nov. 3", "Nuwamba 3"),
    ("Wednesday, January 29, 2025", "Laraba 29 Janairu, 2025"),
    ("Wed., Jan. 29, 2025 10:05 p.m.", "Laraba 29 Janairu, 2025 22:05"),
    ("Friday, Jan. 31, 2025", "Jummaʼa 31 Janairu, 2025"),
    ("Mon., Nov. 3", "Litinin, Nuwamba 3"),
    ("March 2025", "Maris 2025"),
    ("Feb. 3, 2025", "3 Faburairu, 2025"),
    ("Aug. 15, 2025", "15 Agusta, 2025"),
    ("Dec. 25, 2025", "25 Disamba, 2025"),
    ("10:05 GMT", "10:05 GMT"),
]


@pytest.mark.parametrize("locale", ["fr", "fr_NE", "fr-NE"])
@pytest.mark.parametrize(("source", "expected"), FR_CASES)
def test_render_french(source: str, expected: str, locale: str) -> None:
    (m,) = find_dates(source)
    assert render_date(m, locale) == expected
    assert localize_dateline(source, locale) == expected


@pytest.mark.parametrize("locale", ["ha", "ha_NE", "ha_NG", "HA-ng"])
@pytest.mark.parametrize(("source", "expected"), HA_CASES)
def test_render_hausa(source: str, expected: str, locale: str) -> None:
    (m,) = find_dates(source)
    assert render_date(m, locale) == expected
    assert localize_dateline(source, locale) == expected


def test_hausa_month_names_are_cldrs() -> None:
    rendered = [
        render_dates_in(f"{month} 1, 2025", "ha")
        for month in (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        )
    ]
    assert rendered == [
        "1 Janairu, 2025",
        "1 Faburairu, 2025",
        "1 Maris, 2025",
        "1 Afirilu, 2025",
        "1 Mayu, 2025",
        "1 Yuni, 2025",
        "1 Yuli, 2025",
        "1 Agusta, 2025",
        "1 Satumba, 2025",
        "1 Oktoba, 2025",
        "1 Nuwamba, 2025",
        "1 Disamba, 2025",
    ]


@pytest.mark.parametrize(
    ("source", "locale", "expected"),
    [
        ("NIAMEY, Jan. 29, 2025 —", "fr", "NIAMEY, 29 janvier 2025 —"),
        ("NIAMEY, Jan. 29, 2025 —", "fr_NE", "NIAMEY, 29 janvier 2025 —"),
        ("NIAMEY, Jan. 29, 2025 —", "ha_NE", "NIAMEY, 29 Janairu, 2025 —"),
        ("KANO, Nigeria (AFP) — Nov. 3", "ha_NG", None),  # "Nigeria" needs translating
        (
            "ABUJA (AFP) — Jan. 29, 2025, at 10:05 a.m. GMT",
            "fr",
            "ABUJA (AFP) — 29 janvier 2025 10:05 GMT",
        ),
        (
            "ABUJA (AFP) — Jan. 29, 2025, at 10:05 a.m. GMT",
            "ha_NG",
            "ABUJA (AFP) — 29 Janairu, 2025 10:05 GMT",
        ),
        ("The army said on Jan. 29, 2025 that", "fr", None),
        ("NIAMEY —", "fr", None),
    ],
)
def test_localize_dateline(source: str, locale: str, expected: str | None) -> None:
    assert localize_dateline(source, locale) == expected


def test_render_dates_in_running_text() -> None:
    text = "On Jan. 29, 2025, the army said it left at 10 a.m. Then it rained."
    assert render_dates_in(text, "fr") == (
        "On 29 janvier 2025, the army said it left at 10:00. Then it rained."
    )
    assert render_dates_in("It ended at 10 a.m.", "fr") == "It ended at 10:00."
    # no year in the source: none is invented
    text = "Vote on Nov. 3, 1,200 troops"
    assert render_dates_in(text, "ha") == "Vote on Nuwamba 3, 1,200 troops"


# ----------------------------------------------------------------------------- French typography


def fr(text: str) -> str:
    return apply_typography(text, "fr")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Attention!", f"Attention{NNBSP}!"),
        ("Vraiment ?", f"Vraiment{NNBSP}?"),
        ("Vraiment\u00a0?", f"Vraiment{NNBSP}?"),
        ("Quoi?!", f"Quoi{NNBSP}?!"),
        ("Il a dit: non", f"Il a dit{NNBSP}: non"),
        ("un; deux", f"un{NNBSP}; deux"),
        ('Il a dit "oui".', f"Il a dit «{NNBSP}oui{NNBSP}»."),
        ('" oui "', f"«{NNBSP}oui{NNBSP}»"),
        ("“oui”", f"«{NNBSP}oui{NNBSP}»"),
        ("« oui »", f"«{NNBSP}oui{NNBSP}»"),
        ("«oui»", f"«{NNBSP}oui{NNBSP}»"),
        ("l'armée et aujourd'hui", "l’armée et aujourd’hui"),
        ("Et puis...", "Et puis…"),
        ("Bonjour , le monde .", "Bonjour, le monde."),
        ("l'<b>armée</b>", "l’<b>armée</b>"),
        ("Voir http://example.org/a?b=1!", f"Voir http://example.org/a?b=1{NNBSP}!"),
    ],
)
def test_french_typography(source: str, expected: str) -> None:
    assert fr(source) == expected
    assert fr(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "http://example.org/a?b=1:2;c=3",
        "https://www.example.org/x!y",
        "www.rfi.fr/afrique?id=3",
        "écrire à presse.niamey@example.org",
        "À 10:05, le score était de 3:1",
        "COVID-19 mp3 x86-64 1,5 3.14 G7 1.000.000",
        "lancer `a:b; c?` ici",
        "```\nx = a ? b : c;\n```",
        '<a href="http://x.org" title="a:b ?">lien</a>',
        "⟦1⟧ et ⟦2⟧",
        "{name} et {0}",
        "AT&amp;T et&nbsp;lui",
        "Yahoo! et Jeopardy!",
        'un écran de 5" ici',
        f"Déjà correct{NNBSP}: «{NNBSP}oui{NNBSP}», l’armée{NNBSP}!",
        "",
    ],
)
def test_french_typography_leaves_alone(text: str) -> None:
    assert fr(text) == text


def test_french_protected_spans_inside_changed_text() -> None:
    source = 'Lisez "ceci": https://x.org/?a=1 ou `x:y` ; ⟦1⟧!'
    expected = f"Lisez «{NNBSP}ceci{NNBSP}»{NNBSP}: https://x.org/?a=1 ou `x:y`{NNBSP}; ⟦1⟧{NNBSP}!"
    assert fr(source) == expected
    assert fr(expected) == expected


def test_french_idempotent_on_a_paragraph() -> None:
    text = (
        'NIAMEY — Le ministre a déclaré: "Nous n\'avons pas peur!" Pourquoi? '
        "Voir www.example.ne ou écrire à a@b.ne ; à 10:05 ... "
    )
    once = fr(text)
    assert fr(once) == once
    assert '"' not in once and "'" not in once


def test_rules_from_toml_and_override() -> None:
    rules = load_rules("fr_NE")
    assert rules["spacing"]["space"] == NNBSP
    assert (locales_dir() / "fr" / "typography.toml").is_file()
    plain = {**rules, "spacing": {**rules["spacing"], "space": "\u00a0"}}
    assert apply_typography("Oui!", "fr", rules=plain) == "Oui\u00a0!"
    with pytest.raises(UsageError):
        apply_typography("x", "de")


# ----------------------------------------------------------------------------- Hausa


def ha(text: str) -> str:
    return apply_typography(text, "ha")


def test_hausa_nfc_from_decomposed_input() -> None:
    decomposed = "ta\u0300 Ka\u0302no"  # tone marks as combining characters
    assert not unicodedata.is_normalized("NFC", decomposed)
    assert ha(decomposed) == "tà Kâno"


def test_hausa_hooked_letters_kept() -> None:
    text = "ɓarawo ɗan ƙasa ƴaƴa Ɓ Ɗ Ƙ Ƴ"
    assert ha(text) == text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ta'addanci", "taʼaddanci"),
        ("Jumma’a", "Jummaʼa"),
        ("Jummaʼa", "Jummaʼa"),
        ("'yan sanda", "'yan sanda"),  # word-initial: not word-internal, left alone
        ("ya ce 'abin' ne", "ya ce 'abin' ne"),  # quotes are not apostrophes
        ("“kai” ne", "“kai” ne"),
        ("Mene ne?", "Mene ne?"),  # no French spacing in Hausa
        ("gida , ƙasa .", "gida, ƙasa."),
        ("duba http://bbc.com/hausa'x", "duba http://bbc.com/hausa'x"),
    ],
)
def test_hausa_apostrophe_convention(source: str, expected: str) -> None:
    assert ha(source) == expected
    assert ha(expected) == expected


def test_hausa_stand_ins_only_when_enabled() -> None:
    rules = load_rules("ha")
    assert rules["stand_ins"]["enabled"] is False
    assert ha("'yan sanda") == "'yan sanda"
    on = {**rules, "stand_ins": {**rules["stand_ins"], "enabled": True}}
    assert apply_typography("'yan sanda 'Yan", "ha", rules=on) == "ƴan sanda Ƴan"


def test_hausa_apostrophe_char_from_toml() -> None:
    rules = load_rules("ha")
    assert rules["apostrophe"]["char"] == "\u02bc"
    straight = {**rules, "apostrophe": {**rules["apostrophe"], "char": "'", "variants": ["’", "ʼ"]}}
    assert apply_typography("taʼaddanci Jumma’a", "ha", rules=straight) == "ta'addanci Jumma'a"
