"""Review commands end to end on the real toy models: in process through the CLI's own
entry point (``conftest.run_cli``), a full standard output checked in a subprocess.

One run of the library fills a database per module; every test works on its own copy,
so review actions in one test never leak into another.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib
import pytest
import xmlschema
from conftest import (
    ENGLISH,
    SAMPLE,
    cli_json,
    cli_ok,
    copy_database,
    invoke,
    run_cli,
    translated_sample,
)
from lxml import etree

import translate
from translate import RunOptions, run
from translate.records import GlossarySelection

ARTICLE = "niger-air-defence"
SCHEMAS = Path(__file__).parent / "schemas"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CNSP_SOURCE_START = "The plane landed at 10:30 p.m."
APPROVED_TEXT = "Le CNSP confirme l'arrivée de l'avion jeudi à 22 h 30 (approuvé)."


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return translated_sample(tmp_path_factory.mktemp("review"))


@pytest.fixture()
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_database(base_db, tmp_path / "translations.db")


def _items(db: Path, *args: str) -> list[dict[str, Any]]:
    return cli_json("review", "list", "--db", str(db), *args)


def _by_segment(db: Path) -> dict[int, dict[str, Any]]:
    return {item["segment_id"]: item for item in _items(db)}


def _cnsp(db: Path) -> dict[str, Any]:
    return next(i for i in _items(db) if i["source"].startswith(CNSP_SOURCE_START))


def _dump(db: Path) -> list[tuple[Any, ...]]:
    """Every row of translations and audit: equal dumps mean nothing changed."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM translations ORDER BY id").fetchall()
        rows += conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    return rows


def _audit(db: Path, translation_id: int) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT * FROM audit WHERE translation_id = ? ORDER BY id", [translation_id]
        ).fetchall()
    return [dict(row) for row in rows]


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# -- list / show ----------------------------------------------------------------------


ITEM_KEYS = [
    "id",
    "segment_id",
    "article",
    "article_version",
    "position",
    "kind",
    "lang",
    "status",
    "source",
    "target",
    "machine_text",
    "violations",
    "reviewer",
    "note",
    "updated_at",
    "flags",
    "parts",
    "failure",
    "tagged_source",
    "tagged_target",
    "tags",
]


@pytest.mark.slow
def test_list_json_is_stable_and_filters(db: Path) -> None:
    items = _items(db)
    assert len(items) == 27
    assert all(list(item) == ITEM_KEYS for item in items)
    assert {item["article"] for item in items} == {ARTICLE}
    assert [item["position"] for item in items] == sorted(item["position"] for item in items)
    flagged = _items(db, "--status", "needs_review")
    assert all(item["status"] == "needs_review" for item in flagged)
    # Fresh machine output is held exactly when a glossary term is missing or the output
    # is suspect (translate.mt.quality flags).
    assert {i["id"] for i in flagged} == {i["id"] for i in items if i["violations"] or i["flags"]}
    assert len(_items(db, "--limit", "3", "--article", ARTICLE, "--lang", "fr")) == 3
    assert _items(db, "--lang", "ha") == []
    bad = run_cli("review", "list", "--status", "done", "--db", str(db))
    assert bad.returncode == 2 and "done" in _one_error_line(bad.stderr)


def test_list_text_previews_fit_the_terminal(db: Path) -> None:
    out = cli_ok("review", "list", "--db", str(db), env={"COLUMNS": "100"})
    lines = out.splitlines()
    assert lines[0].split()[:7] == ["ID", "SEG", "ARTICLE", "VER", "LANG", "STATUS", "VIOL"]
    assert len(lines) == 28
    assert max(len(line) for line in lines) <= 100
    assert "…" in out  # long sentences are cut, the full text is in --json


def test_show_has_full_text_terms_and_history(db: Path) -> None:
    cnsp = _cnsp(db)
    shown = cli_json("review", "show", str(cnsp["id"]), "--db", str(db))
    assert shown["source"] == cnsp["source"]  # full, not a preview
    assert shown["machine_text"] == shown["target"]
    assert {"term", "expected", "found"} <= set(shown["terms"][0])
    assert any(t["term"] == "CNSP" for t in shown["terms"])
    assert [event["action"] for event in shown["audit"]] == ["translate"]
    assert shown["audit"][0]["who"] == "machine"
    text = cli_ok("review", "show", str(cnsp["id"]), "--db", str(db))
    assert cnsp["source"] in text and "History:" in text and "CNSP" in text


def test_missing_database_is_an_error_and_not_created(tmp_path: Path) -> None:
    absent = tmp_path / "absent.db"
    for args in (
        ("review", "list"),
        ("review", "show", "1"),
        ("review", "approve", "1"),
        ("tm", "search", "CNSP"),
        ("stats",),
    ):
        result = run_cli(*args, "--db", str(absent))
        assert result.returncode == 1, args
        assert str(absent) in _one_error_line(result.stderr)
        assert not absent.exists()


def test_unknown_translation_id(db: Path) -> None:
    result = run_cli("review", "show", "999999", "--db", str(db))
    assert result.returncode == 1
    assert "999999" in _one_error_line(result.stderr)


# -- edit / approve / reject ------------------------------------------------------------


def test_review_actions_leave_an_audit_trail(db: Path) -> None:
    first, second, third = _items(db, "--limit", "3")
    out = cli_ok(
        "review",
        "edit",
        str(first["id"]),
        "--text",
        "Des instructeurs russes à Niamey.",
        "--reviewer",
        "amina",
        "--note",
        "headline",
        "--db",
        str(db),
    )
    assert "edited" in out
    # No --reviewer: the environment names who acted.
    ibrahim = {"TRANSLATE_REVIEWER": "ibrahim"}
    # The edit drops glossary terms: approving it takes --force (see test_review_truth).
    cli_ok("review", "approve", str(first["id"]), "--force", "--db", str(db), env=ibrahim)
    cli_ok("review", "reject", str(second["id"]), "--note", "nonsense", "--db", str(db),
           env=ibrahim)  # fmt: skip

    after = _by_segment(db)
    assert after[first["segment_id"]]["status"] == "approved"
    assert after[first["segment_id"]]["target"] == "Des instructeurs russes à Niamey."
    assert after[first["segment_id"]]["reviewer"] == "ibrahim"
    assert after[second["segment_id"]]["status"] == "rejected"
    assert after[second["segment_id"]]["note"] == "nonsense"
    assert after[third["segment_id"]]["status"] == third["status"]

    edit, approve = _audit(db, first["id"])[1:]
    assert (edit["action"], edit["who"], edit["note"]) == ("edit", "amina", "headline")
    assert json.loads(edit["before"])["final_text"] == first["target"]
    assert json.loads(edit["after"])["final_text"] == "Des instructeurs russes à Niamey."
    assert json.loads(edit["after"])["status"] == "edited"
    assert (approve["action"], approve["who"]) == ("approve", "ibrahim")
    assert json.loads(approve["before"])["status"] == "edited"
    assert json.loads(approve["after"])["status"] == "approved"
    assert edit["at"] <= approve["at"] and approve["at"].endswith("Z")
    (reject,) = _audit(db, second["id"])[1:]
    assert (reject["action"], reject["who"], reject["note"]) == ("reject", "ibrahim", "nonsense")

    # The whole article: everything still pending, not the rejected one.
    whole = ("review", "approve", "--article", ARTICLE, "--lang", "fr", "--db", str(db))
    out = cli_ok(*whole, "--reviewer", "chief")
    assert "Approved 25 " in out
    statuses = [item["status"] for item in _items(db)]
    assert statuses.count("approved") == 26 and statuses.count("rejected") == 1


def test_edit_without_text_and_without_tty_is_a_usage_error(db: Path) -> None:
    item = _items(db, "--limit", "1")[0]
    before = _dump(db)
    # stdin closed (not a terminal); an editor that would fail loudly if ever started.
    result = run_cli(
        "review", "edit", str(item["id"]), "--db", str(db), input="", env={"EDITOR": "false"}
    )
    assert result.returncode == 2
    assert "--text" in _one_error_line(result.stderr)
    assert result.stdout == ""
    assert _dump(db) == before


def test_approve_needs_an_id_or_article_and_lang(db: Path) -> None:
    for args in ((), ("--article", ARTICLE), ("1", "--article", ARTICLE, "--lang", "fr")):
        result = run_cli("review", "approve", *args, "--db", str(db))
        assert result.returncode == 2, args
        _one_error_line(result.stderr)


# -- export / import ---------------------------------------------------------------------


def _export(db: Path, fmt: str, path: Path) -> Path:
    cli_ok(
        "review",
        "export",
        "--article",
        ARTICLE,
        "--lang",
        "fr",
        "--format",
        fmt,
        "-o",
        str(path),
        "--db",
        str(db),
    )
    return path


def _import(db: Path, path: Path, *args: str) -> Any:
    return cli_json("review", "import", str(path), "--db", str(db), "--reviewer", "poedit", *args)


def test_po_round_trip(db: Path, tmp_path: Path) -> None:
    path = _export(db, "po", tmp_path / "a.fr.po")
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "fr"
    assert len(po) == 27 and all("fuzzy" in entry.flags for entry in po)
    cnsp = _cnsp(db)
    entry = next(e for e in po if e.msgctxt == str(cnsp["segment_id"]))
    assert entry.msgid == cnsp["source"] and entry.msgstr == cnsp["target"]
    found = next(
        t["found"]
        for t in cli_json("review", "show", str(cnsp["id"]), "--db", str(db))["terms"]
        if t["term"] == "CNSP"
    )
    assert "glossary: CNSP → CNSP (" in entry.comment
    assert ("glossary: CNSP → CNSP (violated)" in entry.comment) is not found

    edited, unfuzzied = po[0], po[1]
    edited.msgstr = "Des instructeurs militaires russes arrivent au Niger."
    unfuzzied.flags.remove("fuzzy")
    po.save(str(path))

    before = _dump(db)
    dry = _import(db, path, "--dry-run")
    assert (dry["edited"], dry["approved"], dry["unchanged"], dry["skipped"]) == (1, 1, 25, [])
    assert _dump(db) == before

    out = cli_ok("review", "import", str(path), "--db", str(db), "--reviewer", "poedit")
    assert out.splitlines()[0] == ("1 approved, 1 edited, 25 unchanged, 0 conflicts, 0 skipped")
    assert f"approved segments: {unfuzzied.msgctxt}\n" in out
    assert f"edited segments: {edited.msgctxt}\n" in out
    after = _by_segment(db)
    assert after[int(edited.msgctxt)]["status"] == "edited"
    assert after[int(edited.msgctxt)]["target"] == edited.msgstr
    assert after[int(unfuzzied.msgctxt)]["status"] == "approved"
    assert after[int(unfuzzied.msgctxt)]["reviewer"] == "poedit"
    event = _audit(db, after[int(edited.msgctxt)]["id"])[-1]
    assert (event["action"], event["who"]) == ("import", "poedit")

    # Stdout export (-o -, the default) is the same catalog.
    out = cli_ok("review", "export", "-a", ARTICLE, "-l", "fr", "--format", "po", "--db", str(db))
    assert {e.msgctxt: e.msgstr for e in polib.pofile(out)}[edited.msgctxt] == edited.msgstr

    # Importing the same file again changes nothing.
    again = _import(db, path)
    assert (again["edited"], again["approved"], again["unchanged"]) == (0, 0, 27)


def _schema(name: str) -> xmlschema.XMLSchema:
    # The official XSDs import xml.xsd from w3.org; use the shipped copy (offline).
    return xmlschema.XMLSchema(str(SCHEMAS / name), locations=[(XML_NS, str(SCHEMAS / "xml.xsd"))])


@pytest.mark.slow
def test_xliff_and_tmx_exports_validate(db: Path, tmp_path: Path) -> None:
    first, second = _items(db, "--limit", "2")
    cli_ok("review", "approve", str(first["id"]), "--force", "--db", str(db))
    cli_ok("review", "edit", str(second["id"]), "--text", "Niamey, Niger —", "--db", str(db))

    xliff12 = _export(db, "xliff", tmp_path / "a.xlf")
    _schema("xliff-core-1.2-strict.xsd").validate(str(xliff12))
    root = etree.parse(str(xliff12)).getroot()
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert root.get("version") == "1.2"
    assert root.find("x:file", ns).get("target-language") == "fr"
    states = {
        int(unit.get("id")): unit.find("x:target", ns).get("state")
        for unit in root.iterfind(".//x:trans-unit", ns)
    }
    assert len(states) == 27
    assert states[first["segment_id"]] == "final"
    assert states[second["segment_id"]] == "translated"

    xliff20 = _export(db, "xliff2", tmp_path / "a2.xlf")
    _schema("xliff_core_2.0.xsd").validate(str(xliff20))
    root = etree.parse(str(xliff20)).getroot()
    assert (root.get("version"), root.get("trgLang")) == ("2.0", "fr")

    tmx = _export(db, "tmx", tmp_path / "a.tmx")
    tree = etree.parse(str(tmx))
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    assert dtd.validate(tree.getroot()), dtd.error_log.filter_from_errors()
    tuids = {int(tu.get("tuid")) for tu in tree.iter("tu")}
    assert tuids == {first["segment_id"], second["segment_id"]}

    help_text = cli_ok("review", "export", "--help", env={"COLUMNS": "100"})
    assert "OmegaT does not read 2.0" in " ".join(help_text.replace("│", " ").split())


def test_xliff_import_takes_language_and_states_from_the_file(db: Path, tmp_path: Path) -> None:
    path = _export(db, "xliff2", tmp_path / "a2.xlf")
    text = path.read_text(encoding="utf-8")
    # A reviewer marks the first segment final in the CAT tool.
    path.write_text(text.replace('state="initial"', 'state="final"', 1), encoding="utf-8")
    report = _import(db, path)  # no --lang: trgLang says fr
    assert (report["edited"], report["approved"], report["skipped"]) == (0, 1, [])
    assert _items(db, "--limit", "1")[0]["status"] == "approved"


def test_stale_and_unknown_units_are_skipped(db: Path, tmp_path: Path) -> None:
    path = _export(db, "po", tmp_path / "a.po")
    po = polib.pofile(str(path))
    stale, unknown, changed = po[3], po[4], po[5]
    stale.msgid = stale.msgid + " (rewritten by the desk)"
    unknown.msgctxt = "999999"
    changed.msgstr = "Un texte revu."
    po.save(str(path))

    result = run_cli("review", "import", str(path), "--db", str(db))
    assert result.returncode == 6, result.stderr  # finished, some units skipped
    assert result.stdout.splitlines()[0] == (
        "0 approved, 1 edited, 24 unchanged, 0 conflicts, 2 skipped"
    )
    assert f"skipped segments: {stale.msgctxt} 999999" in result.stdout
    lines = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(lines) == 2
    assert any(stale.msgctxt in line and "source changed" in line for line in lines)
    # The reviewed text drops glossary terms: the import says so at once.
    assert f"(segment {changed.msgctxt}) breaks the glossary" in result.stderr
    assert any("999999" in line and "unknown" in line for line in lines)
    after = _by_segment(db)
    assert after[int(changed.msgctxt)]["target"] == "Un texte revu."
    assert after[int(stale.msgctxt)]["status"] in ("machine", "needs_review")


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_malformed_file_changes_nothing(db: Path, tmp_path: Path, fmt: str) -> None:
    path = _export(db, fmt, tmp_path / f"bad.{fmt}")
    text = path.read_text(encoding="utf-8")
    if fmt == "po":
        po = polib.pofile(text)
        po[0].msgstr = "Une modification valable."
        # A good edit, then a broken line further down: all or nothing.
        text = str(po) + '\nmsgctxt "77"\nmsgid "x"\nmsgstr "unterminated\n'
    else:
        text = text.replace("<source", "<source><oops", 1)
    path.write_text(text, encoding="utf-8")
    before = _dump(db)
    result = run_cli("review", "import", str(path), "--db", str(db))
    assert result.returncode == 1
    line = _one_error_line(result.stderr)
    assert str(path) in line and line.startswith("translate: error:")
    assert f"{path}:" in line  # with the line number
    assert _dump(db) == before


def test_import_needs_a_language(db: Path, tmp_path: Path) -> None:
    path = _export(db, "po", tmp_path / "a.po")
    po = polib.pofile(str(path))
    del po.metadata["Language"]
    po[0].msgstr = "Texte revu."
    po.save(str(path))
    result = run_cli("review", "import", str(path), "--db", str(db))
    assert result.returncode == 2
    assert "--lang" in _one_error_line(result.stderr)
    report = _import(db, path, "--lang", "fr")
    assert report["edited"] == 1


# -- memory, search, stats ----------------------------------------------------------------


@pytest.mark.slow
def test_approved_translation_is_reused_by_the_next_run(tmp_path: Path) -> None:
    article = tmp_path / "in" / f"{ARTICLE}.txt"
    article.parent.mkdir()
    shutil.copy(SAMPLE, article)
    db = tmp_path / "memory.db"
    common = ("--to", "fr", "--db", str(db), "-q")
    cli_ok("run", str(article), *common, "--out-dir", str(tmp_path / "out1"))
    cnsp = _cnsp(db)
    cli_ok("review", "edit", str(cnsp["id"]), "--text", APPROVED_TEXT, "--db", str(db))
    # The short text drops the junta's full name (a glossary term): approving needs --force.
    cli_ok("review", "approve", str(cnsp["id"]), "--force", "--db", str(db))

    # The desk updates the story: a new last paragraph, the CNSP sentence unchanged.
    text = SAMPLE.read_text(encoding="utf-8")
    article.write_text(text + "\nThe junta did not comment on the arrival.\n", encoding="utf-8")
    report = json.loads(
        cli_ok("run", str(article), *common, "--json", "--out-dir", str(tmp_path / "out2"))
    )
    (entry,) = report["articles"]
    assert entry["version"] == 2
    target = entry["targets"]["fr"]
    assert target["reused"] >= 1 and target["translated"] >= 1
    output = Path(target["output"]).read_text(encoding="utf-8")
    # Rendered with French typography (issue 13); stored exactly as typed (below).
    assert APPROVED_TEXT.replace("'", "’") in output

    # The new version's segment carries the approved text and status.
    latest = {i["source"]: i for i in _items(db, "--article", ARTICLE)}
    assert all(i["article_version"] == 2 for i in latest.values())
    reused = latest[cnsp["source"]]
    assert (reused["target"], reused["status"]) == (APPROVED_TEXT, "approved")
    stats = cli_json("stats", "--db", str(db))
    assert stats["memory"]["reused"] == target["reused"]
    assert 0 < stats["memory"]["reuse_rate"] < 1


def test_tm_search_finds_source_and_target(db: Path) -> None:
    cnsp = _cnsp(db)
    headline = _items(db, "--limit", "1")[0]
    assert "CNSP" not in headline["source"]
    # Put the acronym in a target only: a hit the source index cannot give.
    cli_ok(
        "review",
        "edit",
        str(headline["id"]),
        "--text",
        "Le CNSP accueille des instructeurs.",
        "--db",
        str(db),
    )
    hits = cli_json("tm", "search", "CNSP", "--db", str(db))
    by_segment = {hit["segment_id"]: hit for hit in hits}
    assert cnsp["segment_id"] in by_segment  # source hit
    assert by_segment[headline["segment_id"]]["final_text"] == "Le CNSP accueille des instructeurs."
    assert set(hits[0]) >= {"translation_id", "source_text", "final_text", "lang", "status"}
    assert hits[0]["status"] == "edited"  # reviewed work first
    assert cli_json("tm", "search", "CNSP", "--lang", "ha", "--db", str(db)) == []
    limited = cli_json("tm", "search", "CNSP", "--lang", "fr", "--limit", "1", "--db", str(db))
    assert len(limited) == 1
    text = cli_ok("tm", "search", "cnsp", "--db", str(db))
    assert "Le CNSP accueille des instructeurs." in text
    assert "\x1b[" not in text  # no colour codes when stdout is not a terminal


def test_stats(db: Path) -> None:
    stats = cli_json("stats", "--db", str(db))
    assert sum(stats["by_lang"]["fr"].values()) == 27 == stats["translations"]
    assert set(stats["by_lang"]["fr"]) <= {"machine", "needs_review"}
    glossary = stats["glossary"]["by_lang"]["fr"]
    assert glossary["expected"] == glossary["satisfied"] + glossary["violated"]
    # 25 translated; the 2 datelines are rendered, not counted as translated
    assert stats["memory"]["translated"] == 25 and stats["memory"]["reuse_rate"] == 0.0
    text = cli_ok("stats", "--db", str(db))
    assert "fr: 27" in text and "Memory:" in text and "Glossary:" in text


@pytest.mark.slow
def test_an_edit_that_drops_a_glossary_term_is_flagged_and_fails_strict(tmp_path: Path) -> None:
    """Human text is held to the glossary too: the violation shows in review and in the
    next run's report, and --strict refuses to ship it."""
    db = tmp_path / "strict.db"
    article = tmp_path / "short.txt"
    article.write_text("The CNSP met in Niamey on Tuesday.\n", encoding="utf-8")
    common = ("--to", "ha", "--db", str(db), "--out-dir", str(tmp_path / "out"))
    assert run_cli("run", str(article), *common, "--strict").returncode == 0
    (item,) = _items(db)
    assert item["violations"] == []
    edited = "CNSP ya yi taro a birnin ranar Talata."  # the reviewer wrote "the city"
    cli_ok("review", "edit", str(item["id"]), "--text", edited, "--db", str(db))
    (flagged,) = _items(db)
    assert flagged["violations"] == [{"term": "Niamey", "expected": "Yamai"}]
    shown = cli_json("review", "show", str(item["id"]), "--db", str(db))
    terms = {t["term"]: t for t in shown["terms"]}
    assert terms["Niamey"]["found"] is False and terms["CNSP"]["how"] == "reviewer"
    rerun = run_cli("run", str(article), *common, "--strict", "--json")
    assert rerun.returncode == 3
    report = json.loads(rerun.stdout)
    assert report["glossary"]["ha"]["violated"] == 1
    assert report["articles"][0]["targets"]["ha"]["reused"] == 1


@pytest.mark.slow
def test_review_checks_use_the_glossaries_of_the_run(tmp_path: Path) -> None:
    """A reviewer's text is checked against the glossaries its translation's run used
    (recorded with the run), not only the default ones; a file gone since is said."""
    article = tmp_path / "short.txt"
    article.write_text("The CNSP met in Niamey on Tuesday.\n", encoding="utf-8")
    desk = tmp_path / "desk.csv"
    desk.write_text("en,ha\nTuesday,Talata\n", encoding="utf-8")

    def translated(db: Path, **options: Any) -> tuple[int, int]:
        chosen = RunOptions(
            inputs=[str(article)], targets=["ha"], db_path=db, out_dir=tmp_path / "out", **options
        )
        report = run(chosen, log=lambda _message: None)
        (item,) = _items(db)
        return report.run_id, item["id"]

    def violations(db: Path, translation_id: int, text: str) -> set[str]:
        cli_ok("review", "edit", str(translation_id), "--text", text, "--db", str(db))
        return {v["term"] for v in _items(db)[0]["violations"]}

    dropped_both = "CNSP ya yi taro a birnin ranar Litinin."  # neither Yamai nor Talata
    with_desk = tmp_path / "desk.db"
    run_id, desk_item = translated(with_desk, glossary_paths=[desk])
    with translate.open_store(with_desk) as store:
        recorded = store.run_glossaries(run_id)
    assert recorded == GlossarySelection((str(desk.absolute()),), defaults=True)
    assert violations(with_desk, desk_item, dropped_both) == {"Niamey", "Tuesday"}
    refused = invoke("review", "approve", str(desk_item), "--db", str(with_desk))
    assert refused.returncode == 3 and "'Tuesday' should be 'Talata'" in refused.stderr

    # --glossary-only: the run left the house glossary out, and so does its review.
    only = tmp_path / "only.db"
    _run_id, only_item = translated(only, glossary_paths=[desk], use_default_glossaries=False)
    assert violations(only, only_item, dropped_both) == {"Tuesday"}

    # A run without --glossary: the default glossaries, as before.
    plain = tmp_path / "plain.db"
    _run_id, plain_item = translated(plain)
    assert violations(plain, plain_item, dropped_both) == {"Niamey"}

    # The run's desk glossary is gone: the check goes on without it, and says so.
    desk.unlink()
    edited = invoke("review", "edit", str(desk_item), "--text", dropped_both + " ",
                    "--db", str(with_desk))  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    assert f"glossary {desk.absolute()} of run {run_id} is gone" in edited.stderr
    assert {v["term"] for v in _items(with_desk)[0]["violations"]} == {"Niamey"}


def test_import_accepts_a_regional_language_code(db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "fr.po"
    cli_ok("review", "export", "--article", ARTICLE, "--lang", "fr", "--format", "po",
        "-o", str(exported), "--db", str(db))  # fmt: skip
    po = polib.pofile(str(exported))
    po[0].msgstr = "Texte revu par le desk."
    po.metadata["Language"] = ""  # the language comes from --lang only
    po.save()
    report = cli_json("review", "import", str(exported), "--lang", "fr-FR", "--db", str(db))
    assert report["edited"] == 1 and report["skipped"] == []


def test_export_to_a_directory_is_refused_in_one_line(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    result = run_cli("review", "export", "--article", ARTICLE, "--lang", "fr", "--format",
                     "po", "-o", str(folder) + "/", "--db", str(db))  # fmt: skip
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "directory" in line and "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []  # no temporary file left behind


def test_exported_file_is_readable_by_other_reviewers(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "shared" / "fr.xlf"
    cli_ok("review", "export", "--article", ARTICLE, "--lang", "fr", "--format", "xliff",
        "-o", str(target), "--db", str(db))  # fmt: skip
    assert target.stat().st_mode & 0o044  # group/other may read it (umask permitting)


@pytest.mark.slow
def test_a_full_stdout_is_one_error_line(db: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "translate", "review", "list", "--json", "--db", str(db)],
            stdout=full, stderr=subprocess.PIPE, text=True, check=False,
            env={**os.environ, **ENGLISH},
        )  # fmt: skip
    assert result.returncode == 1
    # under --json, the one line is a JSON object (docs/feeds.md: machine-readable stderr)
    assert json.loads(result.stderr) == {"error": {
        "code": "io", "exit": 1,
        "message": "cannot write to standard output: No space left on device",
    }}  # fmt: skip


def test_import_reads_standard_input_and_names_it(db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "fr.xlf"
    cli_ok("review", "export", "--article", ARTICLE, "--lang", "fr", "--format", "xliff",
        "-o", str(exported), "--db", str(db))  # fmt: skip
    text = exported.read_text(encoding="utf-8")
    piped = run_cli("review", "import", "-", "--db", str(db), "--json", input=text)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["unchanged"] == len(re.findall(r"<target", text)) > 0
    broken = run_cli("review", "import", "-", "--db", str(db), input="<xliff")
    assert broken.returncode == 1
    (line,) = broken.stderr.strip().splitlines()
    assert line.startswith("translate: error: <stdin>") and "Traceback" not in broken.stderr


# -- issue 28: what a reviewer types ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Le CNSP \x1b[31ma parlé.", "a control character (U+001B at character 9)"),
        ("Le CNSP\x00.", "a control character (U+0000 at character 8)"),
        ("Le CNSP \x85a parlé.", "a control character (U+0085 at character 9)"),
    ],
)
def test_an_edit_holding_a_control_character_is_refused(text: str, problem: str, db: Path) -> None:
    item = _items(db, "--limit", "1")[0]
    before = _dump(db)
    for args, given in ((["--text", text], None), (["--text", "-"], text)):
        result = invoke("review", "edit", str(item["id"]), *args, "--db", str(db), input=given)
        assert result.returncode == 2
        assert _one_error_line(result.stderr) == (
            f"translate: error: translation {item['id']}: the new text holds {problem}; "
            "nothing changed"
        )
    assert _dump(db) == before


@pytest.mark.slow
def test_an_edit_that_is_not_utf8_is_one_line_and_exit_2(db: Path) -> None:
    item = _items(db, "--limit", "1")[0]
    before = _dump(db)
    command = [sys.executable, "-m", "translate", "review", "edit", str(item["id"]), "--db",
               str(db), "--text"]  # fmt: skip
    env = {**os.environ, **ENGLISH}
    argv = subprocess.run([*command, os.fsdecode(b"Caf\xe9 au CNSP.")], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert argv.returncode == 2, argv.stderr
    assert _one_error_line(argv.stderr) == (
        f"translate: error: translation {item['id']}: the new text holds not valid UTF-8 "
        "(byte 0xe9 at character 4); nothing changed"
    )
    stdin = subprocess.run([*command, "-"], env=env, input=b"Caf\xe9 au CNSP.\n",
                           capture_output=True, timeout=120)  # fmt: skip
    assert stdin.returncode == 2, stdin.stderr
    assert _one_error_line(stdin.stderr.decode()) == (
        "translate: error: --text -: standard input is not valid UTF-8 at byte 3 (byte 0xe9)"
    )
    assert _dump(db) == before


def test_an_imported_unit_holding_a_control_character_is_skipped(db: Path, tmp_path: Path) -> None:
    path = _export(db, "po", tmp_path / "a.po")
    po = polib.pofile(str(path))
    hostile, clean = po[3], po[5]
    hostile.msgstr = "Le CNSP \x1b[2Ja parlé."
    clean.msgstr = "Un texte revu."
    po.save(str(path))
    result = invoke("review", "import", str(path), "--db", str(db))
    assert result.returncode == 6, result.stderr
    assert result.stdout.splitlines()[0] == (
        "0 approved, 1 edited, 25 unchanged, 0 conflicts, 1 skipped"
    )
    assert "the target holds a control character (U+001B at character 9)" in result.stderr
    after = _by_segment(db)
    assert "\x1b" not in after[int(hostile.msgctxt)]["target"]
    assert after[int(clean.msgctxt)]["target"] == "Un texte revu."
