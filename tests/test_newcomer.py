"""Issue 29: the small things a translator, a reviewer and a pipeline engineer trip on
(messages, review, glossary). The interface language of each message is checked in
tests/test_i18n.py; the library items in tests/test_public_api.py; the database in a
browser in tests/test_browse.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from translate.mt.quality import REASONS


def _run(tmp_path: Path, text: str, *args: str, name: str = "story.txt") -> tuple[Path, str]:
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    result = run_cli("run", str(article), "--to", "fr", "--db", str(db), "--out-dir",
                     str(tmp_path / "out"), *args)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return db, result.stderr


# --------------------------------------------------------------------------- messages


def test_counts_agree_with_their_number(tmp_path: Path) -> None:
    _db, stderr = _run(tmp_path, "The CNSP met in Niamey.\n")
    (summary,) = [line for line in stderr.splitlines() if " → " in line]
    assert "(1 translated, 0 from memory; glossary 2/2 terms, 0 violations)" in summary
    broken = tmp_path / "fr.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Niamey"\nmsgstr ""\n',
        encoding="utf-8",
    )
    result = run_cli("glossary", "check", str(broken))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == "1 problem in 1 file"
    french = run_cli("--ui-lang", "fr", "glossary", "check", str(broken))
    assert french.stderr.strip().splitlines()[-1] == "1 problème dans 1 fichier"


def test_a_term_kept_as_it_is_says_what_the_text_has_instead(tmp_path: Path) -> None:
    db, _stderr = _run(tmp_path, "Burkina Faso left ECOWAS on Monday.\n")
    listed = json.loads(run_cli("review", "list", "--db", str(db), "--json").stdout)
    (item,) = [i for i in listed if i["source"].startswith("Burkina")]
    changed = run_cli("review", "edit", str(item["id"]), "--db", str(db),
                      "--text", "Le Burkina a quitté la CEDEAO lundi.")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "'Burkina Faso' should be 'Burkina Faso'" not in changed.stderr
    assert "'Burkina Faso' is kept as it is, but the text has 'Burkina'" in changed.stderr
    assert changed.stderr.startswith("translate: warning: translation")
    dropped = run_cli("review", "edit", str(item["id"]), "--db", str(db),
                      "--text", "Le pays a quitté la CEDEAO lundi.")  # fmt: skip
    assert "'Burkina Faso' is kept as it is, but the text drops it" in dropped.stderr


def test_a_file_named_like_xliff_that_is_not_xml_says_so(tmp_path: Path) -> None:
    db, _stderr = _run(tmp_path, "The CNSP met in Niamey.\n")
    for name, format_ in (("garbage.xlf", "XLIFF"), ("garbage.tmx", "TMX")):
        garbage = tmp_path / name
        garbage.write_text("this is no translation file\n", encoding="utf-8")
        result = run_cli("review", "import", str(garbage), "--db", str(db))
        assert result.returncode == 1
        (line,) = result.stderr.strip().splitlines()
        assert line == (
            f"translate: error: {garbage}:1: not {format_}: {format_} files are XML, and "
            "this one starts with 'this is no translation file'"
        )
        assert "PO" not in line


def test_every_warning_and_error_has_one_form(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    result = run_cli("run", str(story), str(empty), "--to", "fr", "--db",
                     str(tmp_path / "t.db"), "-o", "-")  # fmt: skip
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert warnings and all(line.startswith("translate: warning: ") for line in warnings)
    for args in (("run",), ("run", "x.txt", "--bogus"), ("review", "lst")):
        usage = run_cli(*args)
        assert usage.returncode == 2
        (line,) = usage.stderr.strip().splitlines()
        assert line.startswith("translate: error: ") and "--help')" in line


def test_the_pivot_advice_names_packages_that_exist(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Le CNSP s'est réuni.\n", encoding="utf-8")
    result = run_cli("run", str(story), "--from", "fr", "--to", "ha", "--db",
                     str(tmp_path / "t.db"), "-o", "-")  # fmt: skip
    assert result.returncode == 4
    assert "translate models install fr en" in result.stderr
    assert "models install fr ha" not in result.stderr


def test_the_reasons_help_and_error_list_every_reason(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from translate.cli.app import app

    shown = CliRunner().invoke(app, ["review", "list", "--help"], env={"COLUMNS": "400"})
    assert all(reason in shown.output for reason in REASONS), shown.output
    db, _stderr = _run(tmp_path, "The CNSP met in Niamey.\n")
    refused = run_cli("review", "list", "--reason", "nonsense", "--db", str(db))
    assert refused.returncode == 2
    assert all(reason in refused.stderr for reason in REASONS)


# --------------------------------------------------------------------------- review


def test_a_persons_fix_drops_the_machine_texts_flags(tmp_path: Path) -> None:
    from translate import open_store
    from translate.records import Flag
    from translate.review import Review

    db, _stderr = _run(tmp_path, "The CNSP met in Niamey.\n")
    with open_store(db) as store:
        (row,) = store.list_translations(lang="fr")
        store.set_terms(row.id, row.terms, flags=[Flag("length_ratio", "0.31 of the source")])
    with Review(db) as review:
        (machine,) = review.list_items(lang="fr")
        assert [f.reason for f in machine.flags] == ["length_ratio"]
        review.edit(row.id, "Le CNSP s'est réuni à Niamey.", "amina")
        (fixed,) = review.list_items(lang="fr")
    assert fixed.flags == []  # the flag spoke of the machine's text, gone now
    listed = run_cli("review", "list", "--db", str(db), "--reason", "length_ratio")
    assert "Le CNSP" not in listed.stdout


def test_review_list_shows_the_latest_version_unless_asked(tmp_path: Path) -> None:
    db, _stderr = _run(tmp_path, "The CNSP met in Niamey.\n")
    _run(tmp_path, "The CNSP met in Niamey on Tuesday.\n")  # the same story, changed
    latest = json.loads(run_cli("review", "list", "--db", str(db), "--json").stdout)
    every = json.loads(run_cli("review", "list", "--db", str(db), "--json",
                               "--all-versions").stdout)  # fmt: skip
    assert {i["article_version"] for i in latest} == {2}
    assert {i["article_version"] for i in every} == {1, 2}
    table = run_cli("review", "list", "--db", str(db)).stdout.splitlines()
    head, row = table[0], table[1]
    assert "VER" in head.split() and row.split()[3] == "2"


# --------------------------------------------------------------------------- glossary


@pytest.mark.parametrize("sep", [",", "\t"])
def test_a_deepl_glossary_says_its_languages_on_every_row(tmp_path: Path, sep: str) -> None:
    terms = tmp_path / ("deepl.csv" if sep == "," else "deepl.tsv")
    terms.write_text(f"ECOWAS{sep}CEDEAO{sep}EN{sep}FR\nElectoral board{sep}CENI{sep}EN{sep}FR\n",
                     encoding="utf-8")  # fmt: skip
    result = run_cli("glossary", "import", str(terms), "--into", str(tmp_path / "fr.po"))
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout and "1 unchanged" in result.stdout
    assert 'msgid "Electoral board"' in (tmp_path / "fr.po").read_text(encoding="utf-8")
