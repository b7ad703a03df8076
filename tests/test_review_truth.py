"""Review work is never lost (issue 13): three-way-safe imports, folded search,
read-only databases, whole-memory exports. The real CLI on the toy packages."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path
from typing import Any

import polib
import pytest
from conftest import ROOT, cli_json, cli_ok, copy_database, run_cli
from lxml import etree

from translate.errors import EXIT_CONFLICT

SAMPLES = [ROOT / "samples" / "niger-air-defence.txt", ROOT / "samples" / "ecowas-exit.md"]
ARTICLE = "niger-air-defence"
SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("truth")
    db = base / "base.db"
    args = [str(p) for p in SAMPLES]
    for _ in range(3):  # the toy models may be mid-rebuild by another engineer
        result = run_cli("run", *args, "--to", "fr", "--db", str(db), "--out-dir", str(base), "-q")
        if result.returncode == 0:
            return db
    pytest.fail(f"translate run failed: {result.stderr}")


@pytest.fixture()
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_database(base_db, tmp_path / "translations.db")


def _items(db: Path, *args: str) -> list[dict[str, Any]]:
    return cli_json("review", "list", "--db", str(db), *args)


def _export(db: Path, path: Path, *args: str) -> Path:
    cli_ok("review", "export", "--lang", "fr", "--db", str(db), "-o", str(path), *args)
    return path


def _audit_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0])


# -- item 1: three-way-safe imports ----------------------------------------------------


@pytest.mark.slow
def test_an_old_untouched_export_never_undoes_newer_review_work(db: Path, tmp_path: Path) -> None:
    old_xliff = _export(db, tmp_path / "old.xlf", "-a", ARTICLE, "--format", "xliff2")
    old_po = _export(db, tmp_path / "old.po", "-a", ARTICLE, "--format", "po")
    # Meanwhile a reviewer corrects and approves a segment through another export.
    target = _items(db, "--article", ARTICLE)[1]
    newer = _export(db, tmp_path / "newer.po", "-a", ARTICLE, "--format", "po")
    po = polib.pofile(str(newer))
    entry = next(e for e in po if e.msgctxt == str(target["segment_id"]))
    entry.msgstr = "Une correction approuvée par la rédaction."
    entry.flags.remove("fuzzy")
    po.save(str(newer))
    # --force: the correction drops glossary terms, which holds an import's approval too.
    report = cli_json("review", "import", str(newer), "--db", str(db), "--force")
    assert (report["applied"], report["applied_ids"]) == (1, [target["segment_id"]])

    audit = _audit_count(db)
    for old in (old_xliff, old_po):
        report = cli_json("review", "import", str(old), "--db", str(db))
        assert (report["applied"], report["conflict"]) == (0, 0)
        assert target["segment_id"] in report["unchanged_ids"]
        assert report["unchanged"] == len(report["unchanged_ids"]) == 27
    row = next(i for i in _items(db) if i["id"] == target["id"])
    assert (row["target"], row["status"]) == (entry.msgstr, "approved")
    assert _audit_count(db) == audit  # nothing happened, nothing recorded


def test_an_edit_on_a_stale_export_is_a_conflict_unless_forced(db: Path, tmp_path: Path) -> None:
    old = _export(db, tmp_path / "old.po", "-a", ARTICLE, "--format", "po")
    first, second = _items(db, "--article", ARTICLE)[:2]
    cli_ok("review", "edit", str(first["id"]), "--text", "Texte plus récent.", "--db", str(db))
    po = polib.pofile(str(old))
    for entry in po:
        if entry.msgctxt in (str(first["segment_id"]), str(second["segment_id"])):
            entry.msgstr = "Texte de l'ancien fichier."
    po.save(str(old))

    result = run_cli("review", "import", str(old), "--db", str(db))
    assert result.returncode == EXIT_CONFLICT, result.stderr  # held back: a script can tell
    assert result.stdout.splitlines()[0] == (
        "0 approved, 1 edited, 25 unchanged, 1 conflict, 0 skipped"
    )
    assert f"conflict segments: {first['segment_id']}" in result.stdout
    assert f"conflict on segment {first['segment_id']}" in result.stderr
    rows = {i["id"]: i for i in _items(db)}
    assert rows[first["id"]]["target"] == "Texte plus récent."  # the newer work stays
    assert rows[second["id"]]["target"] == "Texte de l'ancien fichier."  # no conflict there

    report = cli_json("review", "import", str(old), "--force", "--db", str(db))
    assert (report["applied_ids"], report["conflict"], report["force"]) == (
        [first["segment_id"]],
        0,
        True,
    )
    assert _items(db, "--article", ARTICLE)[0]["target"] == "Texte de l'ancien fichier."


def test_a_file_without_base_records_imports_as_before(db: Path, tmp_path: Path) -> None:
    """Files from other tools (no base note) keep the two-way behaviour."""
    path = _export(db, tmp_path / "plain.po", "-a", ARTICLE, "--format", "po")
    po = polib.pofile(str(path))
    for entry in po:
        entry.comment = "\n".join(
            line for line in entry.comment.splitlines() if not line.startswith("base:")
        )
    po[0].msgstr = "Texte d'un autre outil."
    po.save(str(path))
    report = cli_json("review", "import", str(path), "--db", str(db))
    assert (report["applied"], report["unchanged"], report["conflict"]) == (1, 26, 0)


def test_a_file_without_base_never_reverts_approved_or_edited_work(
    db: Path, tmp_path: Path
) -> None:
    """Issue 28: an old export with its `base:` lines stripped put approved translations
    back to old machine text (exit 0). Without a base, a reviewer's text is a conflict."""
    old = _export(db, tmp_path / "old.po", "-a", ARTICLE, "--format", "po")
    first, second, third = _items(db, "--article", ARTICLE)[:3]
    for item, text in ((first, "Texte approuvé."), (second, "Texte corrigé.")):
        cli_ok("review", "edit", str(item["id"]), "--text", text, "--db", str(db))
    cli_ok("review", "approve", str(first["id"]), "--db", str(db), "--force")
    po = polib.pofile(str(old))
    for entry in po:
        entry.comment = "\n".join(
            line for line in entry.comment.splitlines() if not line.startswith("base:")
        )
    po.save(str(old))  # still fuzzy units holding the old machine text
    held = run_cli("review", "import", str(old), "--db", str(db), "--json")
    assert held.returncode == EXIT_CONFLICT, held.stderr
    report = json.loads(held.stdout)
    assert {c["segment_id"]: c["stored"] for c in report["conflicts"]} == {
        first["segment_id"]: "Texte approuvé.",
        second["segment_id"]: "Texte corrigé.",
    }
    assert sorted(report["conflict_ids"]) == sorted([first["segment_id"], second["segment_id"]])
    assert report["applied"] == 0
    rows = {i["id"]: i for i in _items(db)}
    assert (rows[first["id"]]["target"], rows[first["id"]]["status"]) == (
        "Texte approuvé.",
        "approved",
    )
    assert (rows[second["id"]]["target"], rows[second["id"]]["status"]) == (
        "Texte corrigé.",
        "edited",
    )
    assert rows[third["id"]]["status"] == third["status"]  # machine text: nothing to undo
    forced = cli_json("review", "import", str(old), "--db", str(db), "--force")
    assert sorted(forced["applied_ids"]) == sorted([first["segment_id"], second["segment_id"]])


# -- item 6: folded search -------------------------------------------------------------


def test_search_folds_apostrophes_and_hooked_letters_but_never_the_text(db: Path) -> None:
    item = _items(db, "--article", ARTICLE)[2]
    typed = "Aikin maʼadinai a ƙasar Nijar."  # U+02BC, as output writes it
    cli_ok("review", "edit", str(item["id"]), "--text", typed, "--db", str(db))
    for query in ("ma'adinai", "ma\u2019adinai", "MAʼADINAI", "kasar", "ƙasar Nijar"):
        hits = cli_json("tm", "search", query, "--db", str(db))
        assert [h["translation_id"] for h in hits] == [item["id"]], query
        assert hits[0]["final_text"] == typed
    assert cli_json("tm", "search", "madinai", "--db", str(db)) == []  # whole words only
    listed = _items(db, "--search", "ma'adinai")
    assert [i["id"] for i in listed] == [item["id"]]
    assert listed[0]["target"] == typed  # stored as typed


# -- item 7: read-only databases -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("schema", ["current", "2"])
def test_a_read_only_database_is_listed_searched_and_exported(
    db: Path, tmp_path: Path, schema: str
) -> None:
    """Also a file an older version wrote (schema 2): read-only media cannot be
    migrated, so the columns added since read as NULL."""
    folder = tmp_path / "media"
    folder.mkdir()
    ro_db = folder / "translations.db"
    copy_database(db, ro_db)
    with sqlite3.connect(ro_db) as conn:  # a journal-mode file, as copied off a backup
        conn.execute("PRAGMA journal_mode = DELETE")
        if schema == "2":
            conn.execute("ALTER TABLE segments DROP COLUMN spans")
            conn.execute("ALTER TABLE translations DROP COLUMN final_spans")
            conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    before = ro_db.read_bytes()
    ro_db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    out = tmp_path / "out"
    out.mkdir()
    try:
        assert len(_items(ro_db)) == len(_items(db))
        cli_ok("stats", "--db", str(ro_db))
        cli_ok("tm", "search", "Niger", "--db", str(ro_db))
        _export(ro_db, out / "a.po", "-a", ARTICLE)
        _export(ro_db, out / "all.tmx", "--format", "tmx", "--status", "machine,needs_review")
        # Nothing tried to write: no journal, no WAL index, not a byte changed.
        assert sorted(p.name for p in folder.iterdir()) == ["translations.db"]
        assert ro_db.read_bytes() == before
    finally:
        folder.chmod(stat.S_IRWXU)
        ro_db.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert len(polib.pofile(str(out / "a.po"))) == 27


# -- item 8: whole-memory export -------------------------------------------------------


@pytest.mark.slow
def test_whole_language_exports_span_articles_and_the_tmx_validates(
    db: Path, tmp_path: Path
) -> None:
    items = _items(db, "--lang", "fr")
    articles = {i["article"] for i in items}
    assert len(articles) == 2
    for article in articles:
        cli_ok("review", "approve", "--article", article, "--lang", "fr", "--db", str(db))
    first = _items(db, "--article", ARTICLE)[0]
    cli_ok("review", "edit", str(first["id"]), "--text", "Repris à la main.", "--db", str(db))
    approved = [i for i in _items(db, "--lang", "fr", "--status", "approved") if i["target"]]
    assert {i["article"] for i in approved} == articles

    tmx = _export(db, tmp_path / "fr.tmx", "--format", "tmx", "--status", "approved")
    tree = etree.parse(str(tmx))
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    assert dtd.validate(tree.getroot()), dtd.error_log.filter_from_errors()
    header = tree.getroot().find("header")
    assert (header.get("srclang"), header.get("segtype")) == ("en", "sentence")
    units = list(tree.iter("tu"))
    assert {int(tu.get("tuid")) for tu in units} == {i["segment_id"] for i in approved}
    for tu in units:  # what OmegaT reads as a memory: a source and a target variant
        langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.iter("tuv")]
        assert langs == ["en", "fr"]
    seen_articles = {p.text for p in tree.iter("prop") if p.get("type") == "x-article"}
    assert seen_articles == articles

    po = polib.pofile(str(_export(db, tmp_path / "fr.po", "--format", "po")))
    assert {int(e.msgctxt) for e in po} == {i["segment_id"] for i in items}
    held = _export(db, tmp_path / "held.xlf", "--format", "xliff", "--status", "edited")
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    ids = [int(u.get("id")) for u in etree.parse(str(held)).iterfind(".//x:trans-unit", ns)]
    assert ids == [first["segment_id"]]

    future = run_cli("review", "export", "-l", "fr", "--since", "2999-01-01", "--db", str(db))
    assert future.returncode != 0 and "no 'fr' translations match" in future.stderr
    bad = run_cli("review", "export", "-l", "fr", "--since", "yesterday", "--db", str(db))
    assert bad.returncode == 2 and "--since" in bad.stderr
    recent = _export(db, tmp_path / "recent.po", "--format", "po", "--since", "2000-01-01")
    assert len(polib.pofile(str(recent))) == len(items)


# -- item 4: glossary on human text ----------------------------------------------------


def _with_term(db: Path, term: str) -> dict[str, Any]:
    """A translation whose source holds a glossary term and whose text has it."""
    for item in _items(db, "--lang", "fr"):
        show = cli_json("review", "show", str(item["id"]), "--db", str(db))
        for check in show["terms"]:
            if check["term"] == term and check["found"]:
                return show
    pytest.fail(f"no translation with {term} found")


@pytest.mark.slow
def test_an_edit_that_breaks_the_glossary_warns_and_approve_refuses(db: Path) -> None:
    item = _with_term(db, "CNSP")
    expected = next(t["expected"] for t in item["terms"] if t["term"] == "CNSP")
    broken = item["target"].replace(expected, "la junte")
    assert broken != item["target"]
    result = run_cli("review", "edit", str(item["id"]), "--text", broken, "--db", str(db))
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.strip().splitlines()
    assert any("breaks the glossary" in w and "'CNSP'" in w for w in warnings), warnings

    refused = run_cli("review", "approve", str(item["id"]), "--db", str(db))
    assert refused.returncode == 3
    (line,) = refused.stderr.strip().splitlines()  # one line, no traceback
    assert "not approved" in line and "'CNSP'" in line and "--force" in line
    assert cli_json("review", "show", str(item["id"]), "--db", str(db))["status"] == "edited"

    forced = run_cli("review", "approve", str(item["id"]), "--force", "--db", str(db))
    assert forced.returncode == 0 and "'CNSP'" in forced.stderr
    assert cli_json("review", "show", str(item["id"]), "--db", str(db))["status"] == "approved"


# -- item 3: one truth ------------------------------------------------------------------


@pytest.mark.slow
def test_file_and_database_agree_after_the_a_b_sequence(tmp_path: Path) -> None:
    """Sentence S in articles A and B: approve S in A, run B, edit and approve S in A
    again, run B again: B's file, B's stored row and B's TMX all carry the new text."""
    source = (ROOT / "samples" / "niger-air-defence.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    a, b = folder / "story-a.txt", folder / "story-b.txt"
    a.write_text(source, encoding="utf-8")
    paragraphs = source.split("\n\n")
    b.write_text("\n\n".join(paragraphs[:1] + paragraphs[2:4]), encoding="utf-8")
    db = tmp_path / "t.db"
    common = ("--to", "fr", "--db", str(db), "-q", "--out-dir", str(tmp_path / "out"))
    cli_ok("run", str(a), *common)
    cli_ok("run", str(b), *common)
    rows_b = _items(db, "--article", "story-b")
    shared = next(
        r for r in _items(db, "--article", "story-a")
        if r["kind"] != "title" and r["source"] in {x["source"] for x in rows_b}
        and not r["violations"]
    )  # fmt: skip

    def in_b() -> dict[str, Any]:
        return next(
            r for r in _items(db, "--article", "story-b") if r["source"] == shared["source"]
        )

    cli_ok("review", "approve", str(shared["id"]), "--db", str(db))
    cli_ok("run", str(b), *common)
    new_text = shared["target"].rstrip(".") + " (revu)."
    cli_ok("review", "edit", str(shared["id"]), "--text", new_text, "--db", str(db))
    cli_ok("review", "approve", str(shared["id"]), "--db", str(db))
    # The approval reached B's stored row at once, recorded in B's audit.
    row = in_b()
    assert (row["target"], row["status"]) == (new_text, "approved")
    history = cli_json("review", "show", str(row["id"]), "--db", str(db))["audit"]
    assert history[-1]["action"] == "approve"
    assert f"propagated from translation {shared['id']}" in history[-1]["note"]

    cli_ok("run", str(b), *common)
    output = (tmp_path / "out" / "story-b.fr.txt").read_text(encoding="utf-8")
    assert new_text in output
    assert in_b()["target"] == new_text
    tmx = etree.parse(str(_export(db, tmp_path / "b.tmx", "-a", "story-b", "--format", "tmx")))
    targets = [tu.findall("tuv")[1].findtext("seg") for tu in tmx.iter("tu")]
    assert new_text in targets and shared["target"] not in targets


# -- item 9: typography on human edits ---------------------------------------------------


@pytest.mark.slow
def test_a_reviewers_text_gets_typography_when_rendered_and_is_stored_as_typed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "t.db"
    common = ("--to", "fr", "--db", str(db), "-q", "--out-dir", str(tmp_path / "out"))
    cli_ok("run", str(SAMPLES[0]), *common)
    item = next(
        i
        for i in _items(db)
        if i["kind"] != "title"
        and not cli_json("review", "show", str(i["id"]), "--db", str(db))["terms"]
    )  # no glossary term: the approval is not refused
    typed = "Selon eux, qu'ils viennent ou non... rien ne change."
    cli_ok("review", "edit", str(item["id"]), "--text", typed, "--db", str(db))
    cli_ok("review", "approve", str(item["id"]), "--db", str(db))
    cli_ok("run", str(SAMPLES[0]), *common)
    output = (tmp_path / "out" / "niger-air-defence.fr.txt").read_text(encoding="utf-8")
    assert "qu’ils viennent ou non… rien ne change." in output
    assert "qu'ils" not in output
    assert cli_json("review", "show", str(item["id"]), "--db", str(db))["target"] == typed


@pytest.mark.slow
def test_a_run_report_shows_the_stored_status(tmp_path: Path) -> None:
    """A forced approval of a text breaking the glossary: the next run reports the
    violation with the stored status, never "held for review" of an approved row."""
    db = tmp_path / "t.db"
    common = ("--to", "fr", "--db", str(db), "--out-dir", str(tmp_path / "out"))
    cli_ok("run", str(SAMPLES[0]), *common, "-q")
    item = _with_term(db, "CNSP")
    expected = next(t["expected"] for t in item["terms"] if t["term"] == "CNSP")
    broken = item["target"].replace(expected, "la junte")
    cli_ok("review", "edit", str(item["id"]), "--text", broken, "--db", str(db))
    cli_ok("review", "approve", str(item["id"]), "--force", "--db", str(db))
    result = run_cli("run", str(SAMPLES[0]), *common, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    violations = [
        v
        for article in report["articles"]
        for v in article["targets"]["fr"]["glossary"]["violations"]
        if v["segment_id"] == item["segment_id"]
    ]
    assert violations and {v["status"] for v in violations} == {"approved"}
    text_run = run_cli("run", str(SAMPLES[0]), *common)
    lines = [
        line for line in text_run.stderr.splitlines() if f"segment {item['segment_id']}:" in line
    ]
    assert lines and all("stored as approved" in line for line in lines), text_run.stderr
    assert item["id"] not in {i["id"] for i in _items(db, "--status", "needs_review")}


# -- item 5: clear identity -------------------------------------------------------------


@pytest.mark.slow
def test_article_identity_does_not_depend_on_spelling_and_ambiguity_is_refused(
    tmp_path: Path,
) -> None:
    source = SAMPLES[0].read_text(encoding="utf-8")
    for feed in ("feed-a", "feed-b"):
        (tmp_path / feed).mkdir()
        (tmp_path / feed / "story-1.txt").write_text(source, encoding="utf-8")
    db = tmp_path / "t.db"
    common = ("--to", "fr", "--db", str(db), "-q", "--out-dir", str(tmp_path / "out"))
    # The same file spelled relative and absolute is one article.
    relative = run_cli("run", "feed-a/story-1.txt", *common, cwd=tmp_path)
    assert relative.returncode == 0, relative.stderr
    cli_ok("run", str(tmp_path / "feed-a" / "story-1.txt"), *common)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    cli_ok("run", str(tmp_path / "feed-b" / "story-1.txt"), *common)
    ambiguous = run_cli("review", "list", "--article", "story-1", "--db", str(db))
    assert ambiguous.returncode != 0
    (line,) = ambiguous.stderr.strip().splitlines()
    assert "ambiguous" in line and "feed-a" in line and "feed-b" in line

    # Stdin articles get an id of their own.
    for name in ("brief-1", "brief-2"):
        text = "Niger closed its air space on Monday.\n"
        result = run_cli("run", "-", "--id", name, *common, "--format", "txt", input=text)
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        ids = {row[0] for row in conn.execute("SELECT doc_id FROM articles")}
    assert {"brief-1", "brief-2"} <= ids and "stdin" not in ids


@pytest.mark.slow
def test_review_show_takes_a_segment_id_when_told(db: Path) -> None:
    # Pick a translation whose id differs from its segment id (two articles in the db).
    item = next(i for i in _items(db) if i["id"] != i["segment_id"])
    by_segment = cli_json("review", "show", str(item["segment_id"]), "--segment", "--db", str(db))
    assert (by_segment["id"], by_segment["source"]) == (item["id"], item["source"])
    text = cli_ok("review", "show", str(item["segment_id"]), "--segment", "--db", str(db))
    assert f"Translation {item['id']} (segment {item['segment_id']})" in text
    seg = str(item["segment_id"])
    in_fr = cli_json("review", "show", seg, "--segment", "--lang", "fr", "--db", str(db))
    assert in_fr["id"] == item["id"]
    # Without --segment the same number is a translation id: another row (or none).
    plain = run_cli("review", "show", seg, "--db", str(db), "--json")
    assert plain.returncode != 0 or json.loads(plain.stdout)["id"] != item["id"]
    missing = run_cli("review", "show", seg, "--segment", "--lang", "ha", "--db", str(db))
    assert missing.returncode == 1 and f"no translation of segment {seg}" in missing.stderr
