"""Per-package enforcement strategies, forbidden renderings and constrained decoding,
through the real toy packages: the trained toys (they copy ⟦n⟧) and their
placeholder-naive twins (tests/data/packages/, stand-ins for real packages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.glossary_eval.data import articles
from tools.glossary_eval.variants import naive_package, trained_package
from translate.engine.translator import CT2Translator as Translator
from translate.engine.translator import load_translator
from translate.glossary import check_glossary, default_glossary_paths, load_glossary, plural_rule
from translate.mt import strategy
from translate.mt.enforce import TermPolicy, translate_enforced
from translate.mt.fidelity import words
from translate.mt.guard import translate_guarded
from translate.mt.outcome import status_of
from translate.mt.result import SegmentResult

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    f'"Plural-Forms: {plural_rule("fr").header}\\n"\n\n'
)


def _po(tmp_path: Path, body: str, name: str = "desk.po") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained_fr() -> Translator:
    return load_translator(trained_package("fr"))


@pytest.fixture(scope="module")
def naive_fr() -> Translator:
    return load_translator(naive_package("fr"))


# ------------------------------------------------------------------ strategy choice


def test_the_strategy_is_chosen_per_package_and_probed_once(
    trained_fr: Translator, naive_fr: Translator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "probes.json"
    probes: list[str] = []
    real_probe = strategy.probe

    def counting(translator: Translator) -> strategy.StrategyChoice:
        probes.append(translator.package.id)
        return real_probe(translator)

    monkeypatch.setattr(strategy, "probe", counting)
    monkeypatch.setattr(strategy, "_KNOWN", {})
    trained = strategy.choose_strategy(trained_fr, record)
    naive = strategy.choose_strategy(naive_fr, record)
    assert (trained.strategy, naive.strategy) == ("placeholder+guard", "best-of")
    assert trained.copied >= 7 and naive.copied <= 2
    # Cached in the process, then in the record: a new process does not probe again.
    strategy.choose_strategy(naive_fr, record)
    monkeypatch.setattr(strategy, "_KNOWN", {})
    assert strategy.choose_strategy(naive_fr, record) == naive
    assert probes == [trained_fr.package.id, naive_fr.package.id]
    stored = json.loads(record.read_text(encoding="utf-8"))
    assert {v["strategy"] for v in stored.values()} == {"placeholder+guard", "best-of"}
    # A different model file (size/mtime in the key) is probed again.
    assert all(naive_fr.package.id in key or trained_fr.package.id in key for key in stored)


def test_term_outcomes_record_the_strategy_and_constrained_decoding(naive_fr: Translator) -> None:
    glossary = load_glossary(default_glossary_paths("fr"), "fr")
    sources = list(articles(3).sources)
    results = translate_enforced(naive_fr, sources, TermPolicy(glossary, "fr"))
    terms = [t for r in results for t in r.terms]
    assert terms and {t.strategy for t in terms} == {"best-of"}
    # The naive package copies no placeholder: terms come from its own decoding,
    # reranked, forced as a prefix (constrained) or repaired, not from ⟦n⟧.
    assert "constrained" in {t.how for t in terms}


# ------------------------------------------------------------------ no collapse, no silent miss


def _under_half(result: SegmentResult, plain: SegmentResult) -> bool:
    return len(words(result.text)) < 0.5 * len(words(plain.text))


def _kept_terms(results: list[SegmentResult], plain: list[SegmentResult]) -> int:
    return sum(
        t.found
        for r, p in zip(results, plain, strict=True)
        if not _under_half(r, p)
        for t in r.terms
    )


@pytest.mark.parametrize("lang", ["fr", "ha"])
def test_on_a_naive_package_enforcement_keeps_the_sentences(lang: str) -> None:
    """The issue's collapse ("Niger Russie." for a whole sentence) on the package that
    never saw ⟦n⟧: today's placeholder path collapses segments and calls them
    compliant; the library's choice does not, and every miss is needs_review."""
    translator = load_translator(naive_package(lang))
    glossary = load_glossary(default_glossary_paths(lang), lang)
    sources = [s for s in articles(5).sources if glossary.find(s)]
    plain = translate_guarded(translator, sources, TermPolicy(None, lang))
    placeholder = translate_guarded(translator, sources, TermPolicy(glossary, lang, "placeholder"))
    enforced = translate_guarded(translator, sources, TermPolicy(glossary, lang))
    collapsed_before = sum(_under_half(r, p) for r, p in zip(placeholder, plain, strict=True))
    collapsed = [
        i for i, (r, p) in enumerate(zip(enforced, plain, strict=True)) if _under_half(r, p)
    ]
    assert collapsed_before >= 3  # the finding this strategy answers
    assert len(collapsed) <= 1, [enforced[i].text for i in collapsed]
    for index in collapsed:
        assert status_of(enforced[index]) == "needs_review"
        assert "sentence_lost" in {f.reason for f in enforced[index].flags}
    for result in enforced:
        if any(not t.found for t in result.terms):
            assert status_of(result) == "needs_review"
    # Terms present in translations that kept their sentence: more than before.
    assert _kept_terms(enforced, plain) > _kept_terms(placeholder, plain)


# ------------------------------------------------------------------ engine: prefix, suppress


def test_suppress_sequences_keep_a_word_out_and_prefixes_are_kept(trained_fr: Translator) -> None:
    sentence = "The junta expelled French troops from Niger."
    (plain,) = trained_fr.translate([sentence])
    assert "junte" in plain[0].text.split()
    (suppressed,) = trained_fr.translate([sentence], suppress=[trained_fr.tokenize_target("junte")])
    assert "junte" not in suppressed[0].text and len(words(suppressed[0].text)) >= 5
    forced = trained_fr.tokenize_target("La junte militaire")
    (prefixed,) = trained_fr.translate(
        [sentence], target_prefixes=[forced], num_hypotheses=3, return_alternatives=True
    )
    assert all(h.text.startswith("La junte militaire") for h in prefixed)
    assert len({h.text for h in prefixed}) == 3  # alternatives after the prefix
    scores = trained_fr.score_targets(sentence, [plain[0].target_tokens, prefixed[0].target_tokens])
    assert all(s < 0 for s in scores)


# ------------------------------------------------------------------ forbidden renderings


FORBIDDEN_ECOWAS = (
    "# House style is the acronym in capitals, never the lower-case word.\n"
    '#, forbidden\nmsgid "ECOWAS"\nmsgstr "Cédéao"\n'
)


def test_glossary_check_accepts_a_forbidden_entry_beside_the_house_term(tmp_path: Path) -> None:
    path = _po(tmp_path, 'msgid "ECOWAS"\nmsgstr "CEDEAO"\n\n' + FORBIDDEN_ECOWAS)
    assert check_glossary([path]) == []
    glossary = load_glossary([path], "fr")
    assert glossary.warnings == []  # not a conflict with the house entry
    (house,) = glossary.find("ECOWAS met.")
    (banned,) = glossary.forbidden("ECOWAS met.")
    assert (house.expected, banned.expected) == ("CEDEAO", "Cédéao")
    both = _po(tmp_path, '#, forbidden, no-translate\nmsgid "AES"\nmsgstr "AES"\n', "bad.po")
    (problem,) = check_glossary([both])
    assert problem.line == 8 and "forbidden" in problem.message


def test_forbidden_entries_in_stacked_files_import_and_export(tmp_path: Path) -> None:
    """A later file's forbidden rendering takes over no form of the house entry; import
    edits the house entry, never the forbidden one of the same msgid; export omits it."""
    from translate.glossary import export_terms
    from translate.glossary.imports import import_glossary

    house = _po(tmp_path, 'msgid "ECOWAS"\nmsgstr "CEDEAO"\n', "house.po")
    desk = _po(tmp_path, FORBIDDEN_ECOWAS, "desk.po")
    glossary = load_glossary([house, desk], "fr")
    assert glossary.warnings == []
    assert [m.expected for m in glossary.find("ECOWAS met.")] == ["CEDEAO"]
    assert [m.expected for m in glossary.forbidden("ECOWAS met.")] == ["Cédéao"]
    assert "Cédéao" not in export_terms(glossary, "csv", "fr")
    both = _po(tmp_path, 'msgid "ECOWAS"\nmsgstr "CEDEAO"\n\n' + FORBIDDEN_ECOWAS, "both.po")
    terms = tmp_path / "terms.csv"
    terms.write_text("en,fr\nECOWAS,CÉDÉAO\n", encoding="utf-8")
    result = import_glossary(terms, "fr", into=both, update=True)
    assert [(c.old, c.new) for c in result.changed] == [("CEDEAO", "CÉDÉAO")]
    reloaded = load_glossary([both], "fr")
    assert [m.expected for m in reloaded.find("ECOWAS met.")] == ["CÉDÉAO"]
    assert [m.expected for m in reloaded.forbidden("ECOWAS met.")] == ["Cédéao"]


def test_a_forbidden_rendering_the_model_writes_is_suppressed(
    trained_fr: Translator, tmp_path: Path
) -> None:
    sentence = "The junta expelled French troops from Niger."
    (plain,) = translate_enforced(trained_fr, [sentence], TermPolicy(None, "fr"))
    assert "junte" in plain.text
    desk = _po(tmp_path, '#, forbidden\nmsgid "junta"\nmsgstr "junte"\n')
    (result,) = translate_enforced(
        trained_fr, [sentence], TermPolicy(load_glossary([desk], "fr"), "fr")
    )
    assert "junte" not in result.text and not result.violated
    assert len(words(result.text)) >= 0.5 * len(words(plain.text))


@pytest.mark.parametrize("package", [trained_package, naive_package])
def test_a_forbidden_rendering_in_the_output_is_a_violation(
    package: object, tmp_path: Path
) -> None:
    """The house term itself holds a rendering the desk forbids for a shorter term:
    it reaches the output whatever decoding does, and is flagged."""
    desk = _po(
        tmp_path,
        'msgid "French troops"\nmsgstr "troupes françaises"\n\n'
        '#, forbidden\nmsgid "troops"\nmsgstr "troupes"\n',
    )
    translator = load_translator(package("fr"))  # type: ignore[operator]
    glossary = load_glossary([desk], "fr")
    (result,) = translate_guarded(
        translator, ["The junta expelled French troops from Niger."], TermPolicy(glossary, "fr")
    )
    if "troupes" not in result.text.split():
        pytest.fail(f"the house term was not enforced: {result.text!r} {result.terms}")
    forbidden = [t for t in result.terms if t.forbidden]
    assert [(t.term, t.forbidden, t.found, t.how) for t in forbidden] == [
        ("troops", "troupes", False, "forbidden")
    ]
    assert status_of(result) == "needs_review"


def test_a_forbidden_entry_changes_the_glossary_version(tmp_path: Path) -> None:
    plain = _po(tmp_path, 'msgid "ECOWAS"\nmsgstr "CEDEAO"\n', "a.po")
    both = _po(tmp_path, 'msgid "ECOWAS"\nmsgstr "CEDEAO"\n\n' + FORBIDDEN_ECOWAS, "b.po")
    versions = {load_glossary([p], "fr").version for p in (plain, both)}
    assert len(versions) == 2


def test_adding_a_forbidden_rendering_retranslates_the_segments_it_concerns(
    tmp_path: Path,
) -> None:
    from conftest import run_cli

    article = tmp_path / "story.txt"
    article.write_text(
        "ECOWAS lifted sanctions on Niger.\n\nThe plane landed at Niamey airport on Sunday.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "t.db")
    args = ("run", str(article), "--to", "fr", "--db", db, "--out-dir", str(tmp_path), "--json")
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    desk = _po(tmp_path, FORBIDDEN_ECOWAS)
    second = run_cli(*args, "--glossary", str(desk))
    assert second.returncode == 0, second.stderr
    target = json.loads(second.stdout)["articles"][0]["targets"]["fr"]
    # Only the ECOWAS sentence goes through the engine again; the other is reused.
    assert (target["translated"], target["reused"]) == (1, 1)
    assert "Cédéao" not in (tmp_path / "story.fr.txt").read_text(encoding="utf-8")
