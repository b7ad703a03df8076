"""Glossary enforcement through the real toy models: each path, the run report, the db."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

from translate.engine.packages import best_package
from translate.engine.translator import Hypothesis, load_translator
from translate.glossary import Entry, Glossary, default_glossary_paths, load_glossary, protect
from translate.mt.enforce import TermPolicy, translate_enforced
from translate.mt.enforce.placeholders import restore_placeholders, restored
from translate.mt.enforce.policy import REPAIRED_ALIGNED, REPAIRED_GUESSED, Candidate
from translate.mt.enforce.repair import repair

DATA = Path(__file__).parent / "data"


def _eval_rows() -> list[list[str]]:
    lines = (DATA / "glossary_eval.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def shipped() -> dict[str, Glossary]:
    return {lang: load_glossary(default_glossary_paths(lang), lang) for lang in ("fr", "ha")}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "ha"])
def test_every_enforced_term_is_satisfied_on_the_eval_set(
    lang: str, shipped: dict[str, Glossary]
) -> None:
    """The issue's target: 100% of enforced terms, with chrF no worse than without."""
    import sacrebleu

    rows = _eval_rows()
    assert len(rows) >= 40
    sources = [r[0] for r in rows]
    references = [[r[{"fr": 1, "ha": 2}[lang]] for r in rows]]
    translator = load_translator(best_package("en", lang))
    plain = translate_enforced(translator, sources, TermPolicy(None, lang))
    enforced = translate_enforced(translator, sources, TermPolicy(shipped[lang], lang))
    terms = [t for r in enforced for t in r.terms]
    assert len(terms) >= 60
    assert all(t.found for t in terms), [t for t in terms if not t.found]
    # The real model exercises each path: placeholder copied, a lower-ranked hypothesis
    # selected, a lost term put back through attention.
    assert {t.how for t in terms} >= {"copied", "selected", "replaced"}
    chrf_plain = sacrebleu.corpus_chrf([r.text for r in plain], references).score
    chrf_enforced = sacrebleu.corpus_chrf([r.text for r in enforced], references).score
    assert chrf_enforced >= chrf_plain - 1.0


def test_names_the_model_never_saw_are_copied_through_placeholders(
    shipped: dict[str, Glossary],
) -> None:
    """Without the glossary the toy model drops an unseen name; with it, the name survives."""
    sentence = "Abdourahamane Tiani called on ECOWAS to lift the sanctions."
    translator = load_translator(best_package("en", "fr"))
    (plain,) = translate_enforced(translator, [sentence], TermPolicy(None, "fr"))
    (enforced,) = translate_enforced(translator, [sentence], TermPolicy(shipped["fr"], "fr"))
    assert "Abdourahamane Tiani" not in plain.text
    assert "Abdourahamane Tiani" in enforced.text and "CEDEAO" in enforced.text
    hows = {t.term: t.how for t in enforced.terms}
    assert set(hows.values()) <= {"copied", "selected", "replaced", "constrained"}


# Unit tests of the selection and repair steps on hand-made hypotheses (what an engine
# would return); the integration tests above and in test_enforcement_passes.py use the
# real toy packages.


def test_a_lower_ranked_hypothesis_that_keeps_the_term_is_selected() -> None:
    glossary = Glossary("ha", [Entry("Niamey", "Yamai", lang="ha")])
    sentence = "They arrived in Niamey."
    matches = glossary.find(sentence)
    guard = protect(sentence, matches, "ha")
    nbest = [
        Hypothesis("Sun isa birnin.", -0.5),  # the term is lost
        Hypothesis("Sun isa ⟦0⟧.", -0.9),
    ]
    candidate = restored(sentence, matches, guard, nbest, "ha")
    assert candidate.text == "Sun isa Yamai." and candidate.model_source == guard.text
    assert candidate.how == {0: "selected"}


def _attended(text: str, source_tokens: list[str], target_tokens: list[str]) -> Hypothesis:
    """ "Ils ont quitté la Communauté." for source tokens ending in the term: the fifth
    target word attends to the term's tokens."""
    attention = [
        [0.9, 0.05, 0.03, 0.02],
        [0.1, 0.8, 0.05, 0.05],
        [0.05, 0.9, 0.03, 0.02],
        [0.1, 0.5, 0.3, 0.1],  # "la" belongs to the verb phrase
        [0.05, 0.05, 0.85, 0.05],
        [0.05, 0.05, 0.1, 0.8],
    ]
    return Hypothesis(text, -1.0, target_tokens, source_tokens, attention)


def test_attention_puts_a_lost_placeholder_back_where_the_model_translated_it() -> None:
    glossary = Glossary("fr", [Entry("ECOWAS", "CEDEAO", lang="fr")])
    sentence = "They left ECOWAS."
    guard = protect(sentence, glossary.find(sentence), "fr")
    hypothesis = _attended(
        "Ils ont quitté la Communauté.",
        ["▁They", "▁left", "▁⟦0⟧", "."],
        ["▁Ils", "▁ont", "▁quitté", "▁la", "▁Communauté", "."],
    )
    text, lost = restore_placeholders(hypothesis, guard)
    assert (text, lost) == ("Ils ont quitté la CEDEAO.", [])


def test_attention_repairs_a_term_in_a_plain_decode() -> None:
    glossary = Glossary("fr", [Entry("ECOWAS", "CEDEAO", lang="fr")])
    sentence = "They left ECOWAS."
    matches = glossary.find(sentence)
    hypothesis = _attended(
        "Ils ont quitté la Communauté.",
        ["▁They", "▁left", "▁ECOWAS", "."],
        ["▁Ils", "▁ont", "▁quitté", "▁la", "▁Communauté", "."],
    )
    fixed = repair(Candidate(hypothesis.text, hypothesis), sentence, matches, "fr")
    assert fixed.text == "Ils ont quitté la CEDEAO." and fixed.how == {0: "replaced"}
    assert fixed.origin == REPAIRED_ALIGNED and not fixed.own


def test_a_term_nothing_aligns_to_is_only_placed_by_a_guess_when_asked() -> None:
    """The model dropped the term: no target word attends to it most. The word that
    attends to it most is a guess, made only as a last resort."""
    glossary = Glossary("fr", [Entry("Niamey", "Niamey", lang="fr")])
    sentence = "They arrived in Niamey."
    source = ["▁They", "▁arrived", "▁in", "▁Niamey", "."]
    target = ["▁Ils", "▁sont", "▁arrivés", "▁hier", "."]
    attention = [
        [0.9, 0.05, 0.02, 0.02, 0.01],
        [0.1, 0.7, 0.1, 0.05, 0.05],
        [0.05, 0.8, 0.05, 0.05, 0.05],
        [0.05, 0.1, 0.45, 0.35, 0.05],  # "hier" attends to Niamey more than any other word
        [0.05, 0.05, 0.1, 0.1, 0.7],
    ]
    hypothesis = Hypothesis("Ils sont arrivés hier.", -1.0, target, source, attention)
    candidate = Candidate(hypothesis.text, hypothesis)
    matches = glossary.find(sentence)
    assert repair(candidate, sentence, matches, "fr") is candidate
    guessed = repair(candidate, sentence, matches, "fr", guess=True)
    assert guessed.text == "Ils sont arrivés Niamey." and guessed.origin == REPAIRED_GUESSED


def _article(tmp_path: Path) -> Path:
    article = tmp_path / "story.txt"
    article.write_text(
        "Junta meets in Niamey\n\n"
        "The CNSP met in Niamey on Tuesday. Jihadists attacked a military post near Gao on "
        "Monday. Residents of Dosso say they are waiting for results.\n",
        encoding="utf-8",
    )
    return article


def test_a_glossary_edit_retranslates_only_the_segments_whose_terms_changed(
    tmp_path: Path,
) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    article = _article(tmp_path)
    first = run_cli("run", str(article), "--to", "fr", "--db", str(db), "--out-dir", str(out))
    assert first.returncode == 0, first.stderr
    extra = tmp_path / "desk.po"
    extra.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, no-translate\nmsgid "Gao"\nmsgstr "Gao"\n',
        encoding="utf-8",
    )
    second = run_cli("run", str(article), "--to", "fr", "--db", str(db), "--out-dir", str(out),
                     "--glossary", str(extra), "--json")  # fmt: skip
    assert second.returncode == 0, second.stderr
    target = json.loads(second.stdout)["articles"][0]["targets"]["fr"]
    assert target["translated"] == 1  # only the sentence with Gao
    assert target["reused"] == 3
    with sqlite3.connect(db) as conn:
        (terms,) = conn.execute(
            "select t.terms from translations t join segments s on s.id = t.segment_id "
            "where s.source_text like 'Jihadists%'"
        ).fetchone()
    assert {t["term"] for t in json.loads(terms)} == {"jihadist", "Gao"}


def test_run_report_counts_terms_per_language(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    args = ("--to", "fr,ha", "--db", db, "--out-dir", str(tmp_path), "--json", "--strict")
    result = run_cli("run", str(_article(tmp_path)), *args)
    assert result.returncode == 0, result.stderr  # --strict passes: nothing violated
    report = json.loads(result.stdout)
    for lang in ("fr", "ha"):
        summary = report["glossary"][lang]
        # Hausa only: output words that are a glossary word without its hooks.
        assert (summary.pop("hookless", None) == 0) == (lang == "ha")
        # junta and Niamey (headline), CNSP and Niamey, jihadist: in both languages
        # the bundled toys copy ⟦n⟧, so the probe gives them placeholders, and each
        # of the three glossary segments is settled by its first decode
        assert summary == {"version": summary["version"], "expected": 5, "satisfied": 5,
                           "violated": 0, "violations": [], "proposed": [],
                           "strategy": "placeholder", "passes": {"first": 3}}  # fmt: skip


def test_a_malformed_glossary_is_named_with_its_line_and_the_db_is_untouched(
    tmp_path: Path,
) -> None:
    db = tmp_path / "t.db"
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "CNSP"\nmsgstr "CNSP"\n\nmsgid "Niamey\nmsgstr "Yamai"\n')
    result = run_cli("run", str(_article(tmp_path)), "--to", "ha", "--db", str(db),
                     "--glossary", str(broken))  # fmt: skip
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "broken.po:" in line and "Traceback" not in result.stderr
    assert not db.exists()


def test_proposed_fuzzy_terms_are_reported_not_enforced(tmp_path: Path) -> None:
    article = tmp_path / "drones.txt"
    article.write_text("Drones hit a base near Gao.\n", encoding="utf-8")
    result = run_cli("run", str(article), "--to", "fr", "--db", str(tmp_path / "t.db"),
                     "--out-dir", str(tmp_path), "--json")  # fmt: skip
    summary = json.loads(result.stdout)["glossary"]["fr"]
    # glossaries/fr.po proposes "drone" (#, fuzzy): listed for the desk, never a violation.
    assert [p["term"] for p in summary["proposed"]] == ["drone"]
    assert summary["expected"] == 0 and summary["violated"] == 0


def test_markup_around_a_glossary_term_follows_the_term(tmp_path: Path) -> None:
    """Emphasis on a protected term lands on its translation, in both languages."""
    article = tmp_path / "marked.md"
    article.write_text(
        "The CNSP met in **Niamey** on Tuesday.\n\n"
        "Russia sent *military trainers* to Mali on Friday.\n",
        encoding="utf-8",
    )
    result = run_cli("run", str(article), "--to", "fr,ha", "--db", str(tmp_path / "t.db"),
                     "--out-dir", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    ha = (tmp_path / "out" / "marked.ha.md").read_text(encoding="utf-8")
    fr = (tmp_path / "out" / "marked.fr.md").read_text(encoding="utf-8")
    assert "**Yamai**" in ha and "*masu horas da sojoji*" in ha
    assert "**Niamey**" in fr and "*instructeurs militaires*" in fr
