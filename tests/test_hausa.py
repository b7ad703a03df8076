"""Hausa house conventions (ha_NE, ha_NG): output spelling, matching, hook-less QA count."""

from __future__ import annotations

import pytest

from translate.glossary import Entry, Glossary, verify
from translate.localize.hausa import (
    convention_for,
    hooked_words,
    hookless_count,
    matching_form,
    normalize_output,
)

NE, NG = convention_for("ha_NE"), convention_for("ha-NG")


@pytest.mark.parametrize(
    ("raw", "niger", "nigeria"),
    [
        ("'yan sanda sun kama 'ya'yansu", "ƴan sanda sun kama ƴaƴansu",
         "ʼyan sanda sun kama ʼyaʼyansu"),
        ("ƴan tawaye", "ƴan tawaye", "ʼyan tawaye"),
        ("’yan majalisa", "ƴan majalisa", "ʼyan majalisa"),
        # Typed stand-ins for hooked letters: k'asa, d'an, dotted letters, Ewe Ɖ.
        ("k'asar Nijar, d'an majalisa, ḳasa, Ɖan", "ƙasar Nijar, ɗan majalisa, ƙasa, Ɗan",
         "ƙasar Nijar, ɗan majalisa, ƙasa, Ɗan"),
        # One apostrophe inside words; a French name keeps its capital after d'.
        ("ta'addanci a Côte d'Ivoire", "taʼaddanci a Côte dʼIvoire", "taʼaddanci a Côte dʼIvoire"),
        # NFC: a decomposed letter is composed.
        ("Nijar ta ce\u0301", "Nijar ta cé", "Nijar ta cé"),
    ],
)  # fmt: skip
def test_output_follows_the_locale(raw: str, niger: str, nigeria: str) -> None:
    assert NE.normalize(raw) == niger and NG.normalize(raw) == nigeria
    assert NE.normalize(niger) == niger and NG.normalize(nigeria) == nigeria  # idempotent


def test_plain_ha_is_niger_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert convention_for("ha").locale == "ha_NE"
    monkeypatch.setenv("TRANSLATE_HAUSA_CONVENTION", "ha_NG")
    assert convention_for("ha").locale == "ha_NG"
    assert normalize_output("ƴan sanda") == "ʼyan sanda"
    assert convention_for("ha_NE").locale == "ha_NE"  # an explicit locale wins


def test_matching_reads_both_conventions_but_not_dropped_hooks() -> None:
    assert matching_form("ʼyan") == matching_form("ƴan") == matching_form("'yan")
    assert matching_form("k'asashe") == matching_form("ƙasashe")
    entry = Entry("rebels", "ƴan tawaye", lang="ha")
    glossary = Glossary("ha", [entry])
    (match,) = glossary.find("the rebels")
    for text, found in [
        ("ʼyan tawaye sun kai hari", True),
        ("ƴan tawaye sun kai hari", True),
        ("yan tawaye sun kai hari", False),  # hooks dropped: a miss, and counted below
    ]:
        assert verify(text, [match], "ha")[0].found is found, text


def test_hookless_count() -> None:
    known = hooked_words(["ƙasashe", "gwamnatin soja", "ƴan tawaye", "ɗan majalisa"])
    assert known == ("ƙasashe", "ƴan", "ɗan")
    assert hookless_count("Kasashe da yan tawaye, dan majalisa.", known) == 3
    assert hookless_count("ƙasashe da ƴan tawaye, ɗan majalisa, ʼyan sanda", known) == 0
    assert hookless_count("k'asashe", known) == 0  # a stand-in, normalised, not a miss
    assert hookless_count("kasa", known) == 0  # not a glossary word
    assert hookless_count("anything", ()) == 0
