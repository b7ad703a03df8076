"""The placeholder-naive toy packages: real packages that never saw ⟦n⟧.

They stand in for a downloaded Argos/OPUS-MT package in `make eval`, so they must
really be naive (they do not carry placeholders through as the bundled toys do),
really be translation models (held-out chrF as recorded when they were trained), and
never be picked up as bundled packages.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tools.glossary_eval.variants import NAIVE_REPORT, naive_archive, naive_package
from translate.engine import packages
from translate.engine.translator import load_translator
from translate.mt.enforce.probe import CANNED, probe

DATA = Path(__file__).parent / "data"
LANGS = ("fr", "ha")


def _heldout() -> list[list[str]]:
    lines = (DATA / "toy_heldout.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("lang", LANGS)
def test_naive_packages_are_labelled_and_never_bundled(lang: str) -> None:
    archive = naive_archive(lang)
    with zipfile.ZipFile(archive) as zf:
        (top,) = {name.split("/")[0] for name in zf.namelist()}
        metadata = json.loads(zf.read(f"{top}/metadata.json"))
        readme = zf.read(f"{top}/README.md").decode()
    assert metadata["toy"] is True and metadata["to_code"] == lang
    assert "NAIVE" in readme and "TOY" in readme
    package = naive_package(lang)
    assert package.id == f"en_{lang}-1.0-naive-toy"
    assert archive not in packages.bundled_toy_archives()
    assert all(p.id != package.id for p in packages.all_packages())


@pytest.mark.parametrize("lang", LANGS)
def test_naive_package_does_not_copy_placeholders_the_trained_toy_does(lang: str) -> None:
    """Through the product's loading path: the canned probe that picks the second pass."""
    naive = probe(load_translator(naive_package(lang)))
    (trained_package,) = [p for p in packages.bundled_toy_packages() if p.to_code == lang]
    trained = probe(load_translator(trained_package))
    assert naive.sentences == trained.sentences == len(CANNED)
    assert trained.copied >= 7, trained
    assert naive.copied <= 2, naive
    assert (trained.method, naive.method) == ("placeholder", "constrain")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_naive_package_translates_held_out_sentences_as_recorded(lang: str) -> None:
    """The held-out chrF recorded at training time (naive-models.json), re-measured."""
    import sacrebleu

    recorded = json.loads(NAIVE_REPORT.read_text())[lang]
    assert recorded["placeholder_pairs"] == 0
    rows = _heldout()
    column = {"fr": 1, "ha": 2}[lang]
    output = load_translator(naive_package(lang)).translate([r[0] for r in rows])
    hypotheses = [nbest[0].text for nbest in output]
    chrf = sacrebleu.corpus_chrf(hypotheses, [[r[column] for r in rows]]).score
    assert recorded["chrf_heldout"] - 1.0 <= chrf <= recorded["chrf_heldout"] + 1.0
    assert chrf >= 85.0  # a working model, like the trained toy (99.9 / 99.4)
