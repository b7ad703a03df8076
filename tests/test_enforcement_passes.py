"""The order of enforcement through the real toy packages: what each segment costs,
which second pass a package gets, forbidden renderings. The trained toys copy ⟦n⟧;
their placeholder-naive twins (tests/data/packages/) stand in for real packages.

Decode counts come from the real engine itself: :class:`Counting` passes every call
through to the loaded package and only records what was asked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tools.glossary_eval.data import articles
from tools.glossary_eval.variants import naive_package, trained_package
from translate.engine.translator import CT2Translator as Translator
from translate.engine.translator import Hypothesis, load_translator
from translate.glossary import (
    check_glossary,
    default_glossary_paths,
    load_glossary,
    plural_rule,
    protect,
    verify,
)
from translate.mt.enforce import (
    CONSTRAIN,
    FIRST,
    PLACEHOLDER,
    REPAIRED,
    SECOND,
    TermPolicy,
    translate_enforced,
)
from translate.mt.enforce import probe as probes
from translate.mt.enforce.fidelity import mean, words
from translate.mt.enforce.placeholders import restore_placeholders
from translate.mt.guard import translate_guarded
from translate.mt.outcome import status_of
from translate.mt.result import SegmentResult, TermOutcome

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


@pytest.fixture(scope="module")
def french() -> Any:
    return load_glossary(default_glossary_paths("fr"), "fr")


class Counting:
    """The real loaded package, every call passed through, each one recorded."""

    def __init__(self, engine: Translator) -> None:
        self.engine = engine
        self.decodes: list[tuple[list[str], dict[str, Any]]] = []
        self.scored: list[list[str]] = []
        probes.method_for(engine)  # the one-time probe is not a segment's cost

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def translate(self, sentences: Sequence[str], **options: Any) -> list[list[Hypothesis]]:
        self.decodes.append((list(sentences), options))
        return self.engine.translate(sentences, **options)

    def score_pairs(self, pairs: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        self.scored.append([sentence for sentence, _pieces in pairs])
        return self.engine.score_pairs(pairs)

    def decoded(self, sentence: str) -> int:
        """How many times ``sentence`` (or its placeholder form) went to the decoder."""
        return sum(sentence in batch for batch, _options in self.decodes)


# ------------------------------------------------------------------ what a segment costs


def test_a_segment_whose_first_decode_has_its_terms_is_decoded_once(
    naive_fr: Translator, french: Any
) -> None:
    """The naive package copies "Niger", "Niamey" and writes "junte" itself: nothing
    more is spent on those segments than on a sentence without terms."""
    sentences = [
        "The junta expelled French troops from Niger.",
        "The plane landed at Niamey airport on Sunday.",
        "Residents say they are waiting for results.",
    ]
    engine = Counting(naive_fr)
    results = translate_enforced(engine, sentences, TermPolicy(french, "fr"))
    assert [r.stage for r in results] == [FIRST, FIRST, ""]
    assert all(t.found for r in results for t in r.terms)
    assert [engine.decoded(s) for s in sentences] == [1, 1, 1]
    assert engine.scored == []  # the model wrote every text itself: nothing to score


def test_a_repair_that_keeps_the_sentence_costs_no_decode(
    naive_fr: Translator, french: Any
) -> None:
    """The first decode drops "Wagner"; attention shows which word stands for it, the
    repaired text still reads as the sentence to the model (scored, not decoded)."""
    sentence = "Wagner fighters arrived in Bamako on Sunday."
    engine = Counting(naive_fr)
    (result,) = translate_enforced(engine, [sentence], TermPolicy(french, "fr"))
    assert result.stage == REPAIRED and not result.violated and not result.flags
    assert {t.term: t.how for t in result.terms} == {"Wagner": "replaced", "Bamako": "copied"}
    assert engine.decoded(sentence) == 1
    assert engine.scored == [[sentence]]


def test_the_second_pass_is_one_batched_call_for_the_segments_still_missing_a_term(
    naive_fr: Translator, french: Any
) -> None:
    missing = [
        "Abdourahamane Tiani said Chad will choose its partners freely.",
        "ECOWAS lifted sanctions on Niger.",
    ]
    settled = "The junta expelled French troops from Niger."
    engine = Counting(naive_fr)
    results = translate_enforced(engine, [*missing, settled], TermPolicy(french, "fr"))
    assert [r.stage for r in results] == [SECOND, SECOND, FIRST]
    assert all(not r.violated for r in results)
    forced = [(batch, o) for batch, o in engine.decodes if o.get("target_prefixes")]
    assert len(forced) == 1  # one engine call, whatever the number of segments
    (batch, options) = forced[0]
    assert set(missing) <= set(batch) and settled not in batch
    assert len(options["target_prefixes"]) == len(batch)
    # Forced only where missing: the name, not the terms the first decode had.
    first = results[0]
    assert {t.term: t.how for t in first.terms} == {
        "Abdourahamane Tiani": "constrained",
        "Chad": "copied",
    }
    assert engine.decoded(settled) == 1


def test_the_sentence_check_scores_and_never_decodes_the_sentence_again(
    trained_fr: Translator, french: Any
) -> None:
    """A package that copies ⟦n⟧ decodes glossary segments through placeholders; whether
    the restored text kept the sentence is scored, not checked against a second,
    unenforced decode."""
    sentences = [
        "Wagner fighters arrived in Bamako on Sunday.",
        "Abdourahamane Tiani said Chad will choose its partners freely.",
    ]
    engine = Counting(trained_fr)
    results = translate_enforced(engine, sentences, TermPolicy(french, "fr"))
    assert [r.stage for r in results] == [FIRST, FIRST]
    assert all(not r.violated and not r.flags for r in results)
    ((batch, _options),) = engine.decodes  # one decode, of the placeholder sources
    assert all("⟦0⟧" in source for source in batch)
    assert [engine.decoded(s) for s in sentences] == [0, 0]
    assert engine.scored == [sentences]  # each restored text scored once, in one call
    assert {t.strategy for r in results for t in r.terms} == {PLACEHOLDER}


def test_the_engine_scores_a_text_as_it_scored_its_own_hypothesis(naive_fr: Translator) -> None:
    sentence = "The junta expelled French troops from Niger."
    nbest = naive_fr.translate([sentence], num_hypotheses=2)[0]
    scored = naive_fr.score_pairs([(sentence, h.target_tokens) for h in nbest])
    assert [round(mean(s), 3) for s in scored] == [round(h.score, 3) for h in nbest]


# ------------------------------------------------------------------ the second pass per package


def test_the_second_pass_is_chosen_per_package_and_probed_once(
    trained_fr: Translator, naive_fr: Translator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "probes.json"
    probed: list[str] = []
    real_probe = probes.probe

    def counting(decoder: Any) -> probes.Verdict:
        probed.append(decoder.package.id)
        return real_probe(decoder)

    monkeypatch.setattr(probes, "probe", counting)
    monkeypatch.setattr(probes, "_KNOWN", {})
    trained = probes.method_for(trained_fr, record)
    naive = probes.method_for(naive_fr, record)
    assert (trained.method, naive.method) == (PLACEHOLDER, CONSTRAIN)
    assert trained.copied >= 7 and naive.copied <= 2
    # Cached in the process, then in the record: a new process does not probe again.
    probes.method_for(naive_fr, record)
    monkeypatch.setattr(probes, "_KNOWN", {})
    assert probes.method_for(naive_fr, record) == naive
    assert probed == [trained_fr.package.id, naive_fr.package.id]
    stored = json.loads(record.read_text(encoding="utf-8"))
    assert {v["method"] for v in stored.values()} == {PLACEHOLDER, CONSTRAIN}
    # A different model file (size/mtime in the key) is probed again.
    assert all(naive_fr.package.id in key or trained_fr.package.id in key for key in stored)


def test_a_probe_record_that_cannot_be_written_is_logged_not_hidden(
    naive_fr: Translator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setattr(probes, "_KNOWN", {})
    with caplog.at_level(logging.WARNING, logger="translate.mt.enforce.probe"):
        verdict = probes.method_for(naive_fr, blocker / "probes.json")
    assert verdict.method == CONSTRAIN  # the run goes on with a fresh probe
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2, messages  # read once, written once: each failure said once
    assert "cannot read the placeholder probes" in messages[0]
    assert "cannot record the placeholder probe" in messages[1]
    assert all(m.startswith(f"{blocker / 'probes.json'}: ") for m in messages)


def test_term_outcomes_record_the_method_and_forced_terms(
    naive_fr: Translator, french: Any
) -> None:
    sources = list(articles(3).sources)
    results = translate_enforced(naive_fr, sources, TermPolicy(french, "fr"))
    terms = [t for r in results for t in r.terms]
    assert terms and {t.strategy for t in terms} == {CONSTRAIN}
    # The naive package copies no placeholder: terms come from its own decoding,
    # a lower-ranked hypothesis, a forced prefix or a repair, never from ⟦n⟧.
    assert {"copied", "constrained", "replaced"} <= {t.how for t in terms}
    assert {r.stage for r in results if r.terms} == {FIRST, REPAIRED, SECOND}


# ------------------------------------------------------------------ no collapse, no silent miss


def _under_half(result: SegmentResult, plain: SegmentResult) -> bool:
    return len(words(result.text)) < 0.5 * len(words(plain.text))


def _unguarded_placeholders(
    translator: Translator, sources: list[str], glossary: Any, lang: str
) -> list[SegmentResult]:
    """Terms masked as ⟦n⟧, decoded, restored (lost ones where attention points), and
    nothing checked: what enforcement did before it measured each package."""
    guards = [protect(s, glossary.find(s), lang) for s in sources]
    decoded = translator.translate([g.text for g in guards], return_attention=True)
    results = []
    for source, guard, (best, *_rest) in zip(sources, guards, decoded, strict=True):
        text, _lost = restore_placeholders(best, guard)
        checks = verify(text, guard.matches, lang)
        terms = [TermOutcome(c.term, c.expected, c.found) for c in checks]
        results.append(SegmentResult(text, best.score, terms, best, source))
    return results


def _kept_terms(results: list[SegmentResult], plain: list[SegmentResult]) -> int:
    return sum(
        t.found
        for r, p in zip(results, plain, strict=True)
        if not _under_half(r, p)
        for t in r.terms
    )


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "ha"])
def test_on_a_naive_package_enforcement_keeps_the_sentences(lang: str) -> None:
    """The collapse ("Niger Russie." for a whole sentence) on the package that never saw
    ⟦n⟧: unguarded placeholders collapse segments and call them compliant; the
    library's enforcement does not, and every miss is needs_review."""
    translator = load_translator(naive_package(lang))
    glossary = load_glossary(default_glossary_paths(lang), lang)
    sources = [s for s in articles(5).sources if glossary.find(s)]
    plain = translate_guarded(translator, sources, TermPolicy(None, lang))
    placeholder = _unguarded_placeholders(translator, sources, glossary, lang)
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
    (prefixed,) = trained_fr.translate([sentence], target_prefixes=[forced], num_hypotheses=3)
    assert all(h.text.startswith("La junte militaire") for h in prefixed)
    assert len({h.text for h in prefixed}) == 3  # the n-best list after the prefix
    scores = trained_fr.score_pairs([(sentence, plain[0].target_tokens), (sentence, forced)])
    assert all(mean(s) < 0 for s in scores)


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
    from translate.glossary import export_terms, import_glossary

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
