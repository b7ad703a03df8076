"""translate.mt.guard: retries, loop mitigation, parts and verbatim spans.

The retry logic is tested here with a stand-in for the engine (a unit test: it only has
to fail on demand); everything else runs on the real toy models.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

import pytest

from translate.documents import InlineSpan, Segment
from translate.engine.packages import bundled_toy_packages
from translate.engine.translator import Hypothesis, load_translator
from translate.glossary import default_glossary_paths, load_glossary
from translate.localize import apply_typography
from translate.mt.enforce import TermPolicy
from translate.mt.guard import translate_guarded
from translate.mt.verbatim import segment_verbatim, typeset_outside


class FlakyEngine:
    """ "Translates" the → le; fails on a batch holding POISON; loops on LOOP unless
    decoding with a repetition penalty; counts one token per word."""

    source_limit = 40
    target_limit = 40
    prefix_tokens = 0

    def __init__(self) -> None:
        self.decoding: dict[str, Any] = {}
        self.calls: list[list[str]] = []

    def with_decoding(self, **options: Any) -> FlakyEngine:
        clone = copy.copy(self)
        clone.decoding = {**self.decoding, **options}
        return clone

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def translate(
        self,
        sentences: Sequence[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int | None = None,
        return_attention: bool = False,
    ) -> list[list[Hypothesis]]:
        self.calls.append(list(sentences))
        if any("POISON" in s for s in sentences):
            raise RuntimeError("No position encodings are defined for positions >= 128")
        out = []
        for sentence in sentences:
            if "LOOP" in sentence and not self.decoding.get("repetition_penalty"):
                out.append([Hypothesis("niger " * 30, -0.1, ["x"] * 40, truncated=True)])
            else:
                text = re.sub(r"\bthe\b", "le", sentence)
                out.append([Hypothesis(text, -0.2, text.split())])
        return out


def test_a_failing_segment_fails_alone() -> None:
    engine = FlakyEngine()
    texts = ["the junta met.", "POISON pill here.", "the envoys left."]
    results = translate_guarded(engine, texts, TermPolicy(None, "fr"))
    assert [r.text for r in results] == ["le junta met.", "", "le envoys left."]
    assert results[1].failure is not None and "No position encodings" in results[1].failure
    assert results[0].failure is None and results[2].failure is None
    # One batch, then each text alone.
    assert engine.calls[0] == texts and [texts[1]] in engine.calls


def test_a_loop_is_decoded_again_with_penalties_and_the_better_result_kept() -> None:
    engine = FlakyEngine()
    (result,) = translate_guarded(engine, ["LOOP said the junta."], TermPolicy(None, "fr"))
    assert result.text == "LOOP said le junta."
    assert result.flags == []


def test_a_loop_the_retry_cannot_cure_stays_flagged() -> None:
    class Stubborn(FlakyEngine):
        def with_decoding(self, **options: Any) -> Stubborn:
            return self  # penalties change nothing

    (result,) = translate_guarded(Stubborn(), ["LOOP said the junta."], TermPolicy(None, "fr"))
    assert {f.reason for f in result.flags} >= {"repetition", "truncated"}


def test_a_long_text_is_translated_in_parts_with_its_markup() -> None:
    engine = FlakyEngine()
    text = ", ".join(f"clause number {i} of the long sentence" for i in range(12)) + "."
    bold = text.index("clause number 5")
    segment = Segment(text, "paragraph", 0, [InlineSpan(bold, bold + 15, "**", "**")])
    (result,) = translate_guarded(
        engine,
        [text],
        TermPolicy(None, "fr"),
        markup={text},
    )
    assert result.parts > 1 and result.failure is None
    assert result.text == text.replace(" the ", " le ")
    (span,) = result.carry_spans(segment)
    assert result.text[span.start : span.end] == "clause number 5"


@pytest.fixture(scope="module")
def toy_fr() -> Any:
    return load_translator(next(p for p in bundled_toy_packages() if p.to_code == "fr"))


def test_code_spans_stay_verbatim_and_are_no_glossary_terms(toy_fr: Any) -> None:
    text = "Run translate --to fr ecowas-exit.md to get the French version."
    code = (text.index("translate"), text.index(".md") + 3)
    segment = Segment(text, "paragraph", 0, [InlineSpan(code[0], code[1], "`", "`")])
    glossary = load_glossary(default_glossary_paths("fr"), "fr")
    (result,) = translate_guarded(
        toy_fr, [text], TermPolicy(glossary, "fr"), verbatim=[segment_verbatim(segment)],
        markup={text},
    )  # fmt: skip
    assert "translate --to fr ecowas-exit.md" in result.text
    assert result.verbatim == ("translate --to fr ecowas-exit.md",)
    assert all(not term.verbatim for term in result.terms)
    assert not any(term.term == "translate --to fr ecowas-exit.md" for term in result.terms)
    (span,) = result.carry_spans(segment)
    assert result.text[span.start : span.end] == "translate --to fr ecowas-exit.md"


def test_verbatim_field_of_the_documents_contract_is_read() -> None:
    segment = Segment("Write to desk@example.org today.", "paragraph", 0)
    segment.verbatim = [(9, 25)]  # type: ignore[attr-defined]
    assert segment_verbatim(segment) == [(9, 25)]


def test_typography_never_touches_a_verbatim_span() -> None:
    text = "Lancez 'make test' : voir https://example.org/a:b?c=1 !"
    typeset = typeset_outside(text, ["https://example.org/a:b?c=1", "'make test'"],
                              lambda t: apply_typography(t, "fr"))  # fmt: skip
    assert "https://example.org/a:b?c=1" in typeset and "'make test'" in typeset
    assert typeset != text  # the prose around them was typeset


def test_output_cut_by_the_callers_own_cap_is_flagged_not_retried() -> None:
    class Capped(FlakyEngine):
        def translate(self, sentences: Sequence[str], **kwargs: Any) -> list[list[Hypothesis]]:
            self.calls.append(list(sentences))
            return [[Hypothesis("la junte a dit", -0.2, ["x"] * 32, truncated=True, capped=True)]
                    for _ in sentences]  # fmt: skip

    engine = Capped()
    (result,) = translate_guarded(engine, ["the junta said that"], TermPolicy(None, "fr"))
    assert [f.reason for f in result.flags] == ["truncated"]
    assert len(engine.calls) == 1  # the same cap would cut a retry too


def test_retries_are_bounded_worst_first() -> None:
    engine = FlakyEngine()
    texts = [f"LOOP number {i} said the junta." for i in range(10)]
    results = translate_guarded(engine, texts, TermPolicy(None, "fr"))
    cured = [r for r in results if not r.flags]
    assert len(cured) == 4  # RETRY_MIN: a package that loops everywhere is not decoded twice
    assert all({f.reason for f in r.flags} >= {"repetition"} for r in results if r.flags)
