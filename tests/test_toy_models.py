"""The committed toy packages: real Argos packages decoded through the runtime engine."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from translate.engine import packages
from translate.engine.translator import CT2Translator, EngineOptions, load_translator

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def toy() -> dict[str, packages.PackageInfo]:
    return {p.to_code: p for p in packages.bundled_toy_packages()}


def test_toy_packages_are_labelled_everywhere(toy_archive: dict[str, Path]) -> None:
    for lang, archive in toy_archive.items():
        with zipfile.ZipFile(archive) as zf:
            (top,) = {name.split("/")[0] for name in zf.namelist()}
            metadata = json.loads(zf.read(f"{top}/metadata.json"))
            readme = zf.read(f"{top}/README.md").decode()
        assert metadata["toy"] is True and metadata["to_code"] == lang
        assert "TOY model" in readme
        assert archive.stat().st_size < 5_000_000  # "a few MB in total"


def test_argos_itself_reads_the_toy_packages(toy: dict[str, packages.PackageInfo]) -> None:
    """The package layer of argos-translate-lt parses what we ship."""
    from argostranslate.package import Package

    for lang, info in toy.items():
        argos = Package(info.path)
        assert (argos.from_code, argos.to_code) == ("en", lang)


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "column", "minimum"), [("fr", 1, 60.0), ("ha", 2, 60.0)])
def test_toy_models_translate_held_out_sentences(
    toy: dict[str, packages.PackageInfo], lang: str, column: int, minimum: float
) -> None:
    """chrF on unseen synthetic sentences: the model really learned the toy domain."""
    import sacrebleu

    rows = _rows("toy_heldout.tsv")[:120]
    output = load_translator(toy[lang]).translate([r[0] for r in rows])
    hypotheses = [h[0].text for h in output]
    chrf = sacrebleu.corpus_chrf(hypotheses, [[r[column] for r in rows]]).score
    assert chrf >= minimum, (chrf, hypotheses[:3])


def test_known_sentence_and_glossary_terms(toy: dict[str, packages.PackageInfo]) -> None:
    sentence = "The CNSP met in Niamey on Tuesday."
    fr = load_translator(toy["fr"]).translate([sentence])[0][0].text
    ha = load_translator(toy["ha"]).translate([sentence])[0][0].text
    assert "CNSP" in fr and "Niamey" in fr
    assert "CNSP" in ha and "Yamai" in ha


def test_placeholders_are_copied(toy: dict[str, packages.PackageInfo]) -> None:
    """The glossary layer relies on the model carrying ⟦n⟧ through untouched."""
    sources = [
        "The ⟦0⟧ met in ⟦1⟧ on Tuesday.",
        "⟦0⟧ sent ⟦1⟧ to Mali on Friday.",
        "The ⟦0⟧ expelled French troops from ⟦1⟧.",
    ]
    for lang in ("fr", "ha"):
        for source, nbest in zip(
            sources, load_translator(toy[lang]).translate(sources), strict=True
        ):
            assert "⟦0⟧" in nbest[0].text and "⟦1⟧" in nbest[0].text, (lang, source, nbest[0])


def test_nbest_scores_and_attention(toy: dict[str, packages.PackageInfo]) -> None:
    translator = CT2Translator(toy["ha"], EngineOptions(beam_size=4))
    (nbest,) = translator.translate(
        ["Jihadists attacked a military post near Gao on Monday."],
        num_hypotheses=3,
        return_attention=True,
    )
    assert len(nbest) == 3
    assert [h.score for h in nbest] == sorted((h.score for h in nbest), reverse=True)
    best = nbest[0]
    assert best.attention is not None
    assert len(best.attention) == len(best.target_tokens)
    assert all(len(row) == len(best.source_tokens) for row in best.attention)
    assert best.source_tokens[-1] == "</s>"  # the Marian source suffix from metadata


def test_translator_is_loaded_once_per_process(toy: dict[str, packages.PackageInfo]) -> None:
    assert load_translator(toy["fr"]) is load_translator(toy["fr"])
