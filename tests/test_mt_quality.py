"""Each quality flag provoked on purpose, and left alone on ordinary output."""

from __future__ import annotations

from translate.mt import quality
from translate.mt.quality import Flag

SOURCE = "The junta said on Tuesday that the vote would be postponed until next year."
GOOD = "La junte a déclaré mardi que le vote serait reporté à l'année prochaine."


def reasons(flags: list[Flag]) -> list[str]:
    return [f.reason for f in flags]


def test_clean_output_raises_no_flag() -> None:
    assert quality.decoding_flags(SOURCE, GOOD, -0.2) == []
    assert quality.text_flags(SOURCE, GOOD, quality.pair_ratio("en", "fr")) == []


def test_repetition_loops() -> None:
    looping = "Le Niger Niger Niger Niger Niger a déclaré"
    flag = quality.repetition("Niger said", looping)
    assert flag is not None and flag.reason == "repetition" and "niger" in flag.detail
    assert quality.repetition(SOURCE, "des ⟦0⟧ russes étaient arrivés au s au s au s au s")
    assert quality.repetition("!!!", "Bien" + "!" * 30)
    # Repeating what the source repeats is not a loop; two or three repeats are language.
    assert quality.repetition("Niger Niger Niger Niger", "Nijar Nijar Nijar Nijar") is None
    assert quality.repetition("very very good", "très très bien") is None
    assert quality.repetition(SOURCE, "de la ville de la région de la capitale") is None


def test_copy_through() -> None:
    assert reasons(quality.text_flags(SOURCE, SOURCE.upper(), 1.15)) == ["copy"]
    # Names, numbers and acronyms pass through legitimately.
    for untranslatable in ("Mahamat Idriss Déby", "CNSP", "ECOWAS, AES", "12 000", "Niamey."):
        assert quality.copy_through(untranslatable, untranslatable) is None


def test_empty_output() -> None:
    assert quality.empty(SOURCE, "") == Flag("empty", "no text in the translation")
    assert quality.empty(SOURCE, " … ") is not None
    assert quality.empty("—", "—") is None


def test_length_ratio_far_from_the_norm() -> None:
    short = quality.length_ratio(SOURCE, "Mars.", 1.15)
    assert short is not None and short.reason == "length_ratio"
    long = quality.length_ratio(SOURCE, GOOD * 3, 1.15)
    assert long is not None and "norm 1.15" in long.detail
    assert quality.length_ratio("Niger.", "Le Niger a déclaré.", 1.15) is None  # too short
    assert quality.pair_ratio("en", "ha") == 1.10 and quality.pair_ratio("xx", "yy") == 1.0


def test_low_model_score() -> None:
    flag = quality.low_score(-3.2)
    assert flag is not None and flag.reason == "low_score"
    assert quality.low_score(-0.4) is None and quality.low_score(None) is None


def test_truncated_and_verbatim() -> None:
    flags = quality.decoding_flags(SOURCE, GOOD, -0.2, truncated_at=128)
    assert reasons(flags) == ["truncated"] and "128" in flags[0].detail
    assert quality.is_loop(flags)
    lost = quality.missing_verbatim("Lancez translate.", ["`x`", "translate --to fr"])
    assert lost is not None and lost.reason == "verbatim" and "translate --to fr" in lost.detail
    assert quality.missing_verbatim("run `x` now", ["`x`"]) is None


def test_every_reason_is_listed_for_review_filters() -> None:
    produced = {
        quality.repetition("a", "b b b b b").reason,  # type: ignore[union-attr]
        quality.copy_through(SOURCE, SOURCE).reason,  # type: ignore[union-attr]
        quality.empty(SOURCE, "").reason,  # type: ignore[union-attr]
        quality.length_ratio(SOURCE, "x", 1.0).reason,  # type: ignore[union-attr]
        quality.low_score(-9).reason,  # type: ignore[union-attr]
        quality.truncated(9).reason,
        quality.missing_verbatim("", ["u"]).reason,  # type: ignore[union-attr]
        quality.sentence_lost("shorter", 0.3).reason,
        quality.markup_dropped(["<1>…</1> = **…**"]).reason,
    }
    assert produced == set(quality.REASONS)
