"""Splitting a segment that does not fit the model: clause boundaries first, then tokens."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.engine.packages import bundled_toy_packages
from translate.engine.translator import load_translator
from translate.mt.fit import fit_parts, join_parts, part_budget, tidy_part


def words(text: str) -> int:
    """A stand-in tokenizer: one token per word."""
    return len(text.split())


def _covers(text: str, parts: list) -> bool:  # type: ignore[type-arg]
    """The parts are the text in order, only whitespace between them dropped."""
    position = 0
    for part in parts:
        if text[part.start : part.end] != part.text or part.start < position:
            return False
        if text[position : part.start].strip():
            return False
        position = part.end
    return not text[position:].strip()


def test_a_text_that_fits_is_one_part() -> None:
    text = "The junta met ECOWAS envoys in Niamey on Monday."
    (part,) = fit_parts(text, words, 20)
    assert (part.start, part.end, part.text) == (0, len(text), text)


def test_strongest_boundary_first() -> None:
    text = (
        "The junta, which took power in July, met the envoys; they asked for a timetable, "
        "and the talks ended without one."
    )
    parts = fit_parts(text, words, 12)
    assert [p.text for p in parts] == [
        "The junta, which took power in July, met the envoys;",
        "they asked for a timetable, and the talks ended without one.",
    ]
    assert _covers(text, parts)


def test_commas_then_conjunctions_then_tokens() -> None:
    text = (
        "Farmers in Tillabéri fled their fields and traders closed the markets while "
        "soldiers searched the villages but found no weapons"
    )
    parts = fit_parts(text, words, 7)
    assert all(words(p.text) <= 7 for p in parts)
    # No punctuation at all: the cuts fall before the conjunctions.
    assert [p.text.split()[0] for p in parts[1:]] == ["and", "while", "but"]
    assert _covers(text, parts)
    no_boundary = " ".join(f"word{i}" for i in range(50))
    cut = fit_parts(no_boundary, words, 8)
    assert [words(p.text) for p in cut] == [8, 8, 8, 8, 8, 8, 2]
    assert _covers(no_boundary, cut)


def test_a_word_longer_than_the_budget_is_cut_inside() -> None:
    text = "x" * 100
    parts = fit_parts(text, len, 30)
    assert "".join(p.text for p in parts) == text
    assert all(len(p.text) <= 30 for p in parts)


def test_terms_and_verbatim_spans_are_never_cut() -> None:
    text = "Officials of the Alliance of Sahel States, meeting in Bamako, agreed"
    keep = [(text.index("Alliance"), text.index("States") + len("States"))]
    parts = fit_parts(text, words, 3, keep_whole=keep)
    holder = [p for p in parts if "Alliance" in p.text]
    assert len(holder) == 1 and "Alliance of Sahel States" in holder[0].text
    assert _covers(text, parts)


def test_numbers_times_and_urls_are_not_clause_boundaries() -> None:
    text = "Turnout reached 5,000 voters by 10:30 at https://example.org/results today"
    parts = fit_parts(text, words, 3)
    assert all(p.text not in ("5,", "10:", "https:") for p in parts)
    assert any("5,000" in p.text for p in parts) and any("10:30" in p.text for p in parts)


def test_joined_translation_reads_as_one_sentence() -> None:
    sources = ["The junta met the envoys,", "but the talks ended without a timetable."]
    targets = ["La junte a rencontré les émissaires.", "Mais les pourparlers ont échoué."]
    text, offsets = join_parts(sources, targets, " ".join(sources))
    assert text == "La junte a rencontré les émissaires, mais les pourparlers ont échoué."
    assert offsets == [0, text.index("mais")]
    # A name keeps its capital; an acronym too.
    assert tidy_part("while Tiani spoke", "Tiani a parlé.", first=False, context="while Tiani") == (
        "Tiani a parlé"
    )
    assert tidy_part("and the CNSP", "CNSP.", first=False, context="and the CNSP") == "CNSP"


def test_budget_leaves_room_for_the_translation() -> None:
    assert part_budget(128, 128) == 85  # the toys: the target side decides
    assert part_budget(512, 512) == 341  # OPUS-MT
    assert part_budget(1024, 1024, 1) == 682  # NLLB, with its language tag


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉé", min_size=1, max_size=12),
            st.sampled_from([",", ";", ":", "—", "and", "but", "which", "5,000", "10:30"]),
        ),
        min_size=1,
        max_size=120,
    ),
    st.integers(min_value=2, max_value=40),
)
def test_parts_always_cover_the_text_and_fit(pieces: list[str], budget: int) -> None:
    text = " ".join(pieces)
    parts = fit_parts(text, words, budget)
    assert _covers(text, parts)
    assert all(words(p.text) <= budget for p in parts)


@pytest.mark.parametrize("lang", ["fr", "ha"])
def test_with_the_real_tokenizer(lang: str) -> None:
    package = next(p for p in bundled_toy_packages() if p.to_code == lang)
    translator = load_translator(package)
    sentence = (
        "Analysts in Niamey say the junta, which seized power in July 2023, has presented "
        "its alliance with Russia as a matter of sovereignty; critics reply that attacks "
        "on army posts in Tillabéri have only grown, and that villagers there still wait "
        "for the protection they were promised. "
    ) * 4
    budget = part_budget(translator.source_limit, translator.target_limit)
    parts = fit_parts(sentence, translator.count_tokens, budget)
    assert len(parts) > 1
    assert all(translator.count_tokens(p.text) <= budget for p in parts)
    assert _covers(sentence, parts)
    # Cuts fall at clause boundaries here, never mid-clause.
    assert all(re.search(r"[;,.]$", p.text) for p in parts[:-1])
