"""Schema version 2: failed translations, quality flags, parts, run liveness; the v1 → v2
migration of an existing database."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from sqlite_utils import Database

from translate.errors import InputError
from translate.records import Flag, TranslationRow
from translate.store import SCHEMA_VERSION, ArticleInput, SegmentInput, open_store
from translate.store.liveness import current_process, is_dead
from translate.store.schema import _migrate_to_1


def _v1_database(path: Path) -> None:
    """A database exactly as version 1 of the program left it, with one reviewed
    translation and its audit trail."""
    db = Database(str(path))
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    _migrate_to_1(db)
    db["meta"].insert({"key": "schema_version", "value": "1"})
    db.execute(
        "INSERT INTO runs (id, started_at, status) VALUES (7, '2025-01-01T00:00:00.000Z', 'ok')"
    )
    db.execute(
        "INSERT INTO articles (id, source, doc_id, content_hash, source_lang, version, "
        "created_at) VALUES (3, 'wire', 'niger-1', 'h', 'en', 1, 'now')"
    )
    db.execute(
        "INSERT INTO segments (id, article_id, position, kind, block, source_text, source_hash)"
        " VALUES (11, 3, 0, 'paragraph', 0, 'The CNSP met in Niamey.', 'x')"
    )
    db.execute(
        "INSERT INTO translations (id, segment_id, lang, machine_text, final_text, status, "
        "run_id, created_at, updated_at) VALUES (42, 11, 'ha', 'CNSP ya gana a Yamai.', "
        "'CNSP ta gana a Yamai.', 'edited', 7, 'then', 'now')"
    )
    db.execute(
        "INSERT INTO audit (at, who, action, translation_id, segment_id, lang) "
        "VALUES ('now', 'amina', 'edit', 42, 11, 'ha')"
    )
    db.conn.commit()
    db.close()


def test_a_v1_database_migrates_keeping_ids_audit_fts_and_indexes(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    _v1_database(path)
    with open_store(path) as store:
        db = store.db
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert int(version[0]) == SCHEMA_VERSION == 3
        row = store.get_translation(42)
        assert (row.final_text, row.status, row.run_id) == (
            "CNSP ta gana a Yamai.", "edited", 7,
        )  # fmt: skip
        assert (row.flags, row.parts, row.failure) == ([], 1, None)
        # The audit still points at the translation (no ON DELETE SET NULL on rebuild).
        assert [e.who for e in store.audit_for(42)] == ["amina"]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        assert {"translations_lang_status", "translations_ai", "translations_au"} <= names
        assert "translations_v2" not in names
        # Full-text search over the old row, and the triggers keep it current.
        assert [h.final_text for h in store.tm_search("Yamai", lang="ha")] == [
            "CNSP ta gana a Yamai."
        ]
        store.edit(42, "CNSP ya gana da ECOWAS a Yamai.", "amina")
        assert store.tm_search("ECOWAS", lang="ha")
        # The new status is accepted, the old CHECK is gone.
        db.execute("UPDATE translations SET status = 'failed' WHERE id = 42")
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE translations SET status = 'bogus' WHERE id = 42")
        runs = {c.name for c in db["runs"].columns}
        assert {"pid", "host", "process_start"} <= runs
    with open_store(path) as store:  # opening again changes nothing
        assert store.get_translation(42).status == "failed"


@pytest.mark.slow
def test_flags_parts_and_failures_are_stored_listed_and_exported(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with open_store(db) as store:
        record = store.add_article(ArticleInput(
            source="wire", doc_id="sahel", content_hash="c", source_lang="en", title=None,
            segments=[SegmentInput("paragraph", 0, f"Sentence number {i} about the Sahel.")
                      for i in range(8)],
        ))  # fmt: skip
        reasons = ["repetition", "copy", "empty", "length_ratio", "low_score", "truncated",
                   "verbatim"]  # fmt: skip
        rows = [
            TranslationRow(segment_id, "fr", f"Phrase {reason}.", "needs_review",
                           flags=[Flag(reason, f"{reason}!")],
                           parts=2 if reason == "truncated" else 1)
            for segment_id, reason in zip(record.segment_ids, reasons, strict=False)
        ]  # fmt: skip
        rows.append(TranslationRow(record.segment_ids[7], "fr", "", "failed",
                                   failure="RuntimeError: engine died"))  # fmt: skip
        store.save_translations(rows)
        failed_id = store.list_translations(status="failed")[0].id
        with pytest.raises(InputError, match="no text to approve"):
            store.approve(failed_id, "amina")
        assert store.approve_article("sahel", "fr", "amina") == 7  # the failed one is left

    for reason in reasons:
        result = run_cli("review", "list", "--db", str(db), "--reason", reason, "--json")
        assert result.returncode == 0, result.stderr
        (item,) = json.loads(result.stdout)
        assert item["flags"] == [{"reason": reason, "detail": f"{reason}!"}]
    both = run_cli("review", "list", "--db", str(db), "--reason", "copy,empty", "--json")
    assert len(json.loads(both.stdout)) == 2
    bad = run_cli("review", "list", "--db", str(db), "--reason", "ugly")
    assert bad.returncode == 2 and "unknown flag reason 'ugly'" in bad.stderr
    failed = run_cli("review", "list", "--db", str(db), "--status", "failed", "--json")
    (item,) = json.loads(failed.stdout)
    assert item["failure"] == "RuntimeError: engine died" and item["target"] == ""
    table = run_cli("review", "list", "--db", str(db), env={"COLUMNS": "160"})
    assert "FLAGS" in table.stdout.splitlines()[0] and "repetition" in table.stdout

    po = run_cli("review", "export", "--db", str(db), "--article", "sahel", "--lang", "fr")
    assert po.returncode == 0, po.stderr
    for reason in reasons:
        assert f"#. quality: {reason} — {reason}!" in po.stdout
    assert "#. translated in 2 parts" in po.stdout
    assert "#. failed: RuntimeError: engine died" in po.stdout
    xliff = run_cli("review", "export", "--db", str(db), "--article", "sahel", "--lang", "fr",
                    "--format", "xliff")  # fmt: skip
    assert "quality: low_score — low_score!" in xliff.stdout
    assert 'state="needs-translation"' in xliff.stdout  # the failed segment


def test_dead_runs_become_interrupted_live_ones_stay_running(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    me = current_process()
    assert not is_dead(me.pid, me.host, me.start)
    assert is_dead(gone.pid, me.host, "")
    assert not is_dead(gone.pid, "another-host", "")  # cannot tell: never a false alarm
    if me.start:  # a reused pid: same number, another process
        assert is_dead(me.pid, me.host, me.start + "0")
    db = tmp_path / "runs.db"
    with open_store(db) as store:
        alive = store.begin_run({})
        dead = store.begin_run({})
        other = store.begin_run({})
        store.db.execute("UPDATE runs SET pid = ? WHERE id = ?", [gone.pid, dead])
        store.db.execute("UPDATE runs SET host = 'elsewhere' WHERE id = ?", [other])
        store.db.conn.commit()
    with open_store(db) as store:  # the next command that opens the database
        status = dict(store.db.execute("SELECT id, status FROM runs").fetchall())
    assert status == {alive: "running", dead: "interrupted", other: "running"}
    assert socket.gethostname() and os.getpid() == me.pid
