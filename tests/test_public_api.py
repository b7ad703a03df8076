"""The public Python API used the way a newsroom pipeline would: import, translate a text
and a file on the toy packages, open the store, read what was stored, review it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import translate

SAMPLE = ROOT / "samples" / "ecowas-exit.md"


def test_import_is_lazy_and_documented() -> None:
    # `import translate` must not load the engine, the store or typer (the CLI's --help
    # and a pipeline's import stay fast).
    code = (
        "import sys, translate; "
        "heavy = [m for m in ('ctranslate2', 'sqlite_utils', 'typer', 'translate.pipeline') "
        "if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
    assert translate.__doc__ and "translate_text" in translate.__doc__
    for name in translate.__all__:
        assert getattr(translate, name) is not None, name


def test_a_pipeline_translates_a_text_with_the_glossary_enforced() -> None:
    result = translate.translate_text("The CNSP met in Niamey on Monday.", source="en", target="fr")
    assert isinstance(result.text, str) and result.text and result.text != "The CNSP met"
    assert "CNSP" in result.text  # a no-translate term of the shipped glossary
    assert result.report.package == "en_fr-1.0-toy"
    assert result.report.glossary.expected >= 1
    assert result.violations == result.report.glossary.violated
    assert str(result) == result.text


@pytest.mark.slow
def test_a_pipeline_translates_a_file_and_reads_the_stored_rows(tmp_path: Path) -> None:
    db, out = tmp_path / "newsroom.db", tmp_path / "out"
    options = translate.RunOptions(
        inputs=[str(SAMPLE)], targets=["fr", "ha"], db_path=db, out_dir=out
    )
    messages: list[str] = []
    report = translate.run(options, log=messages.append)
    assert isinstance(report, translate.RunReport)
    assert report.exit_code() == 0
    assert {Path(t.output or "").name for a in report.articles for t in a.targets.values()} == {
        "ecowas-exit.fr.md",
        "ecowas-exit.ha.md",
    }
    assert (out / "ecowas-exit.fr.md").read_text(encoding="utf-8").strip()
    as_json = json.loads(json.dumps(report.as_dict()))
    assert as_json["run_id"] == report.run_id and as_json["db"] == str(db)
    assert any("unique segments" in m for m in messages)

    with translate.open_store(db) as store:
        rows = store.list_translations(lang="fr")
    segments = report.articles[0].segments
    assert len(rows) == segments
    assert {r.status for r in rows} <= {"machine", "needs_review"}

    # A rerun takes everything from memory: nothing is translated again.
    again = translate.run(options, log=lambda _message: None)
    assert all(t.translated == 0 for a in again.articles for t in a.targets.values())

    # Review through the service, as a desk tool would.
    with translate.Review(db) as review:
        approved = review.approve(rows[0].id, "amina")
        assert approved.status == "approved"
        assert review.list_items(lang="fr", status="approved")[0].reviewer == "amina"


def test_the_glossary_a_run_uses_and_the_errors(tmp_path: Path) -> None:
    glossary = translate.load_for("fr")
    assert isinstance(glossary, translate.Glossary)
    assert any(m.entry.source == "CNSP" for m in glossary.find("The CNSP met."))
    bare = translate.load_for("fr", use_defaults=False)
    assert not bare.find("The CNSP met.")
    with pytest.raises(translate.NoModelError) as caught:
        translate.translate_text("Hello.", target="xx")
    assert caught.value.exit_code == 4
    assert issubclass(translate.UsageError, translate.TranslateError)


# --------------------------------------------------------------------------- issue 29: library


@pytest.mark.slow
def test_the_public_examples_run_as_written() -> None:
    import doctest

    from translate.pipeline import translator

    for module in (translate, translator):
        failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried > 0 and failed == 0, module.__name__


@pytest.mark.slow
def test_paths_may_be_str_or_pathlike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    options = translate.RunOptions(inputs=["a.txt"], targets=["fr"], db_path="t.db", out_dir="out")
    assert isinstance(options.db_path, Path) and options.out_dir == Path("out")
    report = translate.run(options)
    assert report.exit_code() == 0 and Path("out/a.fr.txt").is_file() and Path("t.db").is_file()

    class Spelled:  # any os.PathLike
        def __fspath__(self) -> str:
            return str(tmp_path / "b.txt")

    Path("b.txt").write_text("ECOWAS met.\n", encoding="utf-8")
    again = translate.RunOptions(inputs=[Spelled()], targets=["fr"], db_path=Spelled(),  # type: ignore[list-item]
                                 out_dir=None, stdout=True)  # fmt: skip
    assert again.inputs == [str(tmp_path / "b.txt")] and again.db_path == tmp_path / "b.txt"
    with pytest.raises(TypeError, match=r"RunOptions\.db_path: a path"):
        translate.RunOptions(inputs=["a.txt"], targets=["fr"], db_path=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"RunOptions\.targets: a list"):
        translate.RunOptions(inputs=["a.txt"], targets="fr")
    with translate.Translator(db="t.db", glossary_paths=[]) as translator:
        assert translator.translate("The CNSP met.", "ha").text


def test_a_library_run_prints_nothing_and_logs_through_logging(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    options = translate.RunOptions(inputs=[str(story)], targets=["fr"], db_path=tmp_path / "t.db",
                                   out_dir=tmp_path / "out")  # fmt: skip
    with caplog.at_level(logging.INFO, logger="translate"):
        translate.run(options)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
    assert any("unique segment" in r.getMessage() for r in caplog.records if r.name == "translate")


def test_a_translator_keeps_its_package_glossary_and_store(tmp_path: Path) -> None:
    with translate.Translator(db=tmp_path / "kept.db") as translator:
        first = translator.translate("The CNSP met ECOWAS in Niamey.", "fr")
        prepared = dict(translator._prepared)
        again = translator.translate("The CNSP met ECOWAS in Niamey.", "fr")
        assert translator._prepared == prepared and len(prepared) == 1  # loaded once
        assert again.text == first.text and again.report.reused == 1  # from its store
        many = translator.translate_many(["ECOWAS met.", "", "   "], "fr", store=False)
        assert [t.text for t in many][1:] == ["", "   "] and "CEDEAO" in many[0].text
        assert many[0].run_id is None and isinstance(first.run_id, int)
        extra = translator.translate("ECOWAS leaders met.", "fr", terms={"leaders": "dirigeants"})
        assert {"term": "leaders", "expected": "dirigeants"}.items() <= vars(
            next(t for t in extra.terms if t.term == "leaders")
        ).items()
    with pytest.raises(TypeError):
        translate.Translator().translate_many("one string", "fr")
