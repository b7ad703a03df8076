"""`make eval`: its JSON for both variants, and the checks its figures rest on."""

from __future__ import annotations

import json

import pytest

from tools.glossary_eval.__main__ import main
from tools.glossary_eval.metrics import exact_hits
from tools.glossary_eval.records import HOW
from translate.glossary import Glossary, default_glossary_paths, load_glossary
from translate.mt.enforce import STAGES
from translate.mt.enforce.fidelity import check_fidelity


@pytest.fixture(scope="module")
def french() -> Glossary:
    return load_glossary(default_glossary_paths("fr"), "fr")


@pytest.mark.slow
def test_eval_json_has_every_figure_for_both_variants(capsys: pytest.CaptureFixture[str]) -> None:
    """A small subset through the real packages: production and a forced second pass."""
    code = main(["--json", "--limit", "2", "--strategy", "production", "--strategy", "constrain"])
    assert code == 0
    reports = json.loads(capsys.readouterr().out)["reports"]
    assert {(r["variant"], r["lang"]) for r in reports} == {
        (v, lang) for v in ("trained", "naive") for lang in ("fr", "ha")
    }
    for report in reports:
        assert report["package"].endswith("naive-toy" if report["variant"] == "naive" else "-toy")
        expected = "constrain" if report["variant"] == "naive" else "placeholder"
        assert report["probe"]["method"] == expected
        assert set(report["sets"]) == {"eval", "articles"}
        for set_name, figures in report["sets"].items():
            assert set(figures) == {"none", "production", "constrain"}
            for strategy, row in figures.items():
                assert row["terms"] == row["enforceable_terms"] > 0
                for share in ("term_success", "term_presence"):
                    assert 0.0 <= row[share] <= 1.0
                assert row["term_success"] <= row["term_presence"]
                assert row["consistency"] is None or 0.0 <= row["consistency"] <= 1.0
                # chrF only where there are references
                assert (row["chrf"] is not None) == (set_name == "eval")
                collapse = row["collapse"]
                assert set(collapse) == {
                    "under_half_source",
                    "under_half_unenforced",
                    "median_target_source_ratio",
                }
                if strategy == "none":
                    continue
                assert set(row["how"]) == set(HOW)
                assert sum(row["how"].values()) == row["terms"]
                assert set(row["stages"]) == set(STAGES)
                assert sum(row["stages"].values()) == row["glossary_segments"]
                assert row["silent_violations"] >= 0 and row["flagged_segments"] >= 0
        assert set(report["goals"]) == {"production", "constrain"}
        for goals in report["goals"].values():
            assert set(goals["met"]) == {"term_success", "no_silent", "chrf", "no_collapse"}
        assert report["winner"] in report["goals"]


def test_a_list_of_terms_is_not_a_translation(french: Glossary) -> None:
    source = "Niger and Russia signed an agreement on military cooperation in Niamey on Monday."
    plain = "Le Niger et la Russie ont signé un accord de coopération militaire à Niamey lundi."
    matches = french.find(source)
    collapsed = check_fidelity("Niger Russie.", plain, matches)
    assert not collapsed.kept and collapsed.reason == "shorter"
    listed = check_fidelity(
        "Niger, Russie, Niamey, Niger, Russie, Niamey, le Niger, la Russie, Niamey.", plain, matches
    )
    assert not listed.kept and listed.reason == "term-list"
    masked = "Le ⟦0⟧ et la Russie ont signé un accord à Niamey lundi."
    residue = check_fidelity(masked, plain, matches)
    assert not residue.kept and residue.reason == "residue"
    assert check_fidelity(plain.replace("lundi", "ce lundi"), plain, matches).kept


def test_term_success_is_exact_after_nfc(french: Glossary) -> None:
    import unicodedata

    source = "ECOWAS said jihadist groups attacked the United States."
    matches = french.find(source)
    assert [m.expected for m in matches] == ["CEDEAO", "djihadiste", "États-Unis"]
    output = "Des groupes djihadistes ont attaqué les États-Unis, a déclaré la CEDEAO."
    # NFD output is the same text; the entry's plural form counts for its singular
    assert exact_hits(unicodedata.normalize("NFD", output), matches) == [True, True, True]
    wrong = "La Cédéao a dit que des djihadistes ont attaqué les ÉTATS-UNIS."
    assert exact_hits(wrong, matches) == [False, True, False]
    assert exact_hits("Djihadiste et CEDEAO.", matches[:2]) == [True, True]  # first letter
    # each occurrence needs its own span
    twice = french.find("ECOWAS and ECOWAS.")
    assert exact_hits("La CEDEAO.", twice) == [True, False]


@pytest.mark.slow
def test_on_a_naive_package_the_second_pass_buys_terms_and_leaves_no_silent_miss() -> None:
    """The naive package through the product: the first decode and its repairs alone
    leave terms missing; the forced second pass finds more, and whatever still misses
    is held for review (no silent violation), with chrF at least the unenforced one."""
    from tools.glossary_eval.data import articles, eval_sentences
    from tools.glossary_eval.run import evaluate

    sets = [eval_sentences(12), articles(4)]
    report = evaluate("naive", "fr", sets, only=["first-pass", "production"])
    first = [figures["first-pass"] for figures in report.sets.values()]
    production = [figures["production"] for figures in report.sets.values()]
    assert sum(f.silent for f in production) == 0
    assert sum(f.successes for f in production) > sum(f.successes for f in first)
    assert sum(f.stages["second"] for f in production) > 0
    assert sum(f.stages["second"] for f in first) == 0
    eval_figures = report.sets["eval"]
    assert eval_figures["production"].chrf >= eval_figures["none"].chrf  # type: ignore[operator]
