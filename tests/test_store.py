"""The SQLite store: articles and versions, translation memory, review, search, CAT import.

No model needed: translations are plain rows, as the pipeline would save them.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke

from translate.errors import InputError, StoreError
from translate.ids import text_digest
from translate.records import (
    GlossaryCounts,
    MemoryStats,
    TermOutcome,
    TranslationRow,
    Violation,
)
from translate.store import (
    SCHEMA_VERSION,
    ArticleInput,
    ImportChange,
    SegmentInput,
    Store,
    default_reviewer,
    open_store,
    source_hash,
)

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("articles", "segments", "translations", "runs", "audit")

FRONT_PAGE = [
    ("headline", 0, "CNSP closes air defences over Niamey"),
    ("dateline", 1, "NIAMEY, Niger (AP) —"),
    ("paragraph", 2, "The junta said the U.S. drones must leave."),
]


def add(store: Store, doc_id: str, segments: list[tuple[str, int, str]], source: str = "wire"):
    digest = hashlib.sha256(json.dumps(segments).encode()).hexdigest()
    return store.add_article(
        ArticleInput(
            source=source,
            doc_id=doc_id,
            content_hash=digest,
            source_lang="en",
            title=segments[0][2] if segments else None,
            segments=[SegmentInput(*s) for s in segments],
        )
    )


def machine_row(segment_id: int, text: str, lang: str = "ha", **extra: Any) -> TranslationRow:
    fields: dict[str, Any] = {
        "package": "translate-en_ha-1_0",
        "package_version": "1.0",
        "glossary_version": "g1",
        "score": -0.5,
        **extra,
    }
    return TranslationRow(segment_id, lang, text, fields.pop("status", "machine"), **fields)


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def audit_count(path: Path) -> int:
    return counts(path)["audit"]


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "translations.db"


@pytest.fixture()
def store(db_path: Path):
    with open_store(db_path) as opened:
        yield opened


def translated(store: Store, doc_id: str = "niger-1", lang: str = "ha") -> list[int]:
    """Store FRONT_PAGE with machine translations; returns the translation ids."""
    record = add(store, doc_id, FRONT_PAGE)
    store.save_translations(
        [machine_row(sid, f"{lang} {i}", lang) for i, sid in enumerate(record.segment_ids)]
    )
    return [row.id for row in store.list_translations(lang=lang, article=doc_id)]


# -- opening ----------------------------------------------------------------------------


def test_open_creates_schema_wal_and_is_idempotent(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        add(store, "a", FRONT_PAGE)
    with open_store(str(db_path)) as store:  # reopening migrates nothing, loses nothing
        version = store.db.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert int(version.fetchone()[0]) == SCHEMA_VERSION
    assert counts(db_path)["segments"] == 3


def test_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is a plain text file, not SQLite\n" * 20)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert message == f"{path}: not a translate database (file is not a database)"
    assert "\n" not in message


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a translate database"):
        open_store(path)


# -- articles -----------------------------------------------------------------------------


def test_same_article_twice_adds_nothing(store: Store, db_path: Path) -> None:
    first = add(store, "niger-1", FRONT_PAGE)
    before = counts(db_path)
    again = add(store, "niger-1", FRONT_PAGE)
    assert counts(db_path) == before
    assert (again.id, again.version, again.created) == (first.id, 1, False)
    assert again.segment_ids == first.segment_ids and first.created


def test_changed_article_becomes_version_2_and_keeps_version_1(store: Store, db_path: Path) -> None:
    ids_v1 = translated(store, "niger-1")
    changed = [*FRONT_PAGE[:2], ("paragraph", 2, "The junta said all foreign drones must leave.")]
    v2 = add(store, "niger-1", changed)
    assert v2.created and v2.version == 2
    assert len(set(v2.segment_ids) & set(add(store, "niger-1", FRONT_PAGE).segment_ids)) == 0
    assert counts(db_path)["articles"] == 2
    assert counts(db_path)["segments"] == 6
    # Version 1 keeps its translations; doc_id references resolve to the latest version.
    assert [t.id for t in store.list_translations(article=1)] == ids_v1
    assert store.list_translations(article="niger-1") == []
    assert store.export_rows("niger-1", "ha") == []
    # Another source with the same doc_id is a separate article.
    assert add(store, "niger-1", FRONT_PAGE, source="other-wire").version == 1


def test_segments_are_hashed_nfc(store: Store) -> None:
    composed = "Côte d'Ivoire"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed and source_hash(composed) == source_hash(decomposed)
    record = add(store, "ci", [("paragraph", 0, decomposed)])
    row = store.db.execute("SELECT source_hash FROM segments WHERE id = ?", record.segment_ids)
    assert row.fetchone()[0] == hashlib.sha1(composed.encode()).hexdigest()


# -- translation memory ----------------------------------------------------------------------


def test_memory_prefers_human_work_and_matches_package_and_terms(store: Store) -> None:
    text = FRONT_PAGE[2][2]
    a = add(store, "a", FRONT_PAGE)
    b = add(store, "b", [("paragraph", 0, text)])
    key = "Niamey=Yamai"
    terms = [TermOutcome("U.S.", "Amurka", True)]
    store.save_translations(
        [machine_row(a.segment_ids[2], "machine text", term_key=key, terms=terms)]
    )

    hit = store.memory_lookup({text: key}, "ha", "translate-en_ha-1_0")[text]
    assert (hit.text, hit.status) == ("machine text", "machine")
    assert hit.terms == terms
    assert (hit.package, hit.package_version) == ("translate-en_ha-1_0", "1.0")
    assert store.memory_lookup({text: key}, "ha", "other-package") == {}
    assert store.memory_lookup({text: "different terms"}, "ha", "translate-en_ha-1_0") == {}
    assert store.memory_lookup({text: key}, "fr", "translate-en_ha-1_0") == {}

    # An approved translation of the same text in another article wins, any package/key.
    store.save_translations([machine_row(b.segment_ids[0], "other", package="x")])
    approved_id = store.list_translations(article="b")[0].id
    store.edit(approved_id, "human text", "amina")
    assert store.memory_lookup({text: "k"}, "ha", "zzz")[text].status == "edited"
    store.approve(approved_id, "amina")
    hit = store.memory_lookup({text: key}, "ha", "translate-en_ha-1_0")[text]
    assert (hit.text, hit.status, hit.translation_id) == ("human text", "approved", approved_id)

    # Rejected work is never reused: only the machine row (right package/key) remains.
    store.reject(approved_id, "amina", "wrong register")
    hit = store.memory_lookup({text: key}, "ha", "translate-en_ha-1_0")[text]
    assert hit.text == "machine text"
    machine_id = hit.translation_id
    store.reject(machine_id, "amina", "bad")
    assert store.memory_lookup({text: key}, "ha", "translate-en_ha-1_0") == {}


@pytest.mark.slow
def test_memory_matches_nfc_variants_and_handles_thousands(store: Store) -> None:
    texts = [f"Sentence number {i} about Zinder." for i in range(1500)]
    record = add(store, "long", [("paragraph", i, t) for i, t in enumerate(texts)])
    store.save_translations(
        [machine_row(sid, f"ha {i}") for i, sid in enumerate(record.segment_ids)]
    )
    hits = store.memory_lookup(dict.fromkeys([*texts, "never stored"], ""), "ha",
                               "translate-en_ha-1_0")  # fmt: skip
    assert len(hits) == 1500 and hits[texts[1234]].text == "ha 1234"

    accented = add(store, "acc", [("paragraph", 0, "Côte d'Ivoire")])
    store.save_translations([machine_row(accented.segment_ids[0], "Kwaddibuwa")])
    decomposed = unicodedata.normalize("NFD", "Côte d'Ivoire")
    assert store.memory_lookup([decomposed], "ha", "translate-en_ha-1_0")[decomposed].text == (
        "Kwaddibuwa"
    )


# -- saving machine output -----------------------------------------------------------------


def test_save_translations_rerun_adds_nothing(store: Store, db_path: Path) -> None:
    record = add(store, "a", FRONT_PAGE)
    rows = [machine_row(sid, f"text {i}") for i, sid in enumerate(record.segment_ids)]
    assert store.save_translations(rows) == 3
    before = counts(db_path)
    assert before["audit"] == 3
    assert store.save_translations(rows) == 0
    assert counts(db_path) == before

    changed = [machine_row(record.segment_ids[0], "better text")]
    assert store.save_translations(changed) == 1
    history = store.audit_for(store.list_translations()[0].id)
    assert [h.action for h in history] == ["translate", "retranslate"]
    assert history[1].before.final_text == "text 0"
    assert history[1].after.final_text == "better text"


def test_machine_output_never_overwrites_human_work(store: Store) -> None:
    edited_id, approved_id, _ = translated(store)
    store.edit(edited_id, "edited by hand", "amina")
    store.approve(approved_id, "amina")
    segment_ids = add(store, "niger-1", FRONT_PAGE).segment_ids
    rows = [machine_row(sid, "new machine output") for sid in segment_ids]
    assert store.save_translations(rows) == 1  # only the machine row moves
    assert store.get_translation(edited_id).final_text == "edited by hand"
    assert store.get_translation(approved_id).status == "approved"
    assert store.get_translation(approved_id).final_text == "ha 1"


def test_save_translations_is_one_transaction(store: Store, db_path: Path) -> None:
    record = add(store, "a", FRONT_PAGE)
    rows = [machine_row(record.segment_ids[0], "ok"), machine_row(record.segment_ids[1], "x")]
    rows[1] = replace(rows[1], status="nonsense")  # violates the CHECK constraint
    with pytest.raises(StoreError):
        store.save_translations(rows)
    assert counts(db_path)["translations"] == 0 and counts(db_path)["audit"] == 0


def test_failed_commit_rolls_back_so_later_writes_commit(store: Store, db_path: Path) -> None:
    # A deferred foreign key is only checked at COMMIT, which then fails and leaves
    # the transaction open unless transaction() rolls it back.
    store.db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    store.db.execute(
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER"
        " REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"
    )
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.db.execute("INSERT INTO child (parent_id) VALUES (42)")
    assert not store.db.conn.in_transaction
    run_id = store.begin_run({"after": "failed commit"})
    with sqlite3.connect(db_path) as other:  # really committed, not a dangling savepoint
        assert other.execute("SELECT id FROM runs").fetchall() == [(run_id,)]
        assert other.execute("SELECT COUNT(*) FROM child").fetchone()[0] == 0


# -- review ---------------------------------------------------------------------------------


def test_review_actions_write_audit_with_before_after_and_who(store: Store) -> None:
    first, second, third = translated(store)
    store.edit(first, "Hukumar CNSP ta rufe", "amina", note="house style")
    store.approve(second, "bello")
    store.reject(third, "bello", "mistranslation")

    edit = store.audit_for(first)[-1]
    assert (edit.action, edit.who, edit.note) == ("edit", "amina", "house style")
    assert edit.before.final_text == "ha 0" and edit.before.status == "machine"
    assert edit.after.final_text == "Hukumar CNSP ta rufe"
    assert edit.after.status == "edited"
    assert edit.at.endswith("Z") and edit.at[:4].isdigit()
    row = store.get_translation(first)
    assert (row.status, row.reviewer, row.machine_text) == ("edited", "amina", "ha 0")

    approve = store.audit_for(second)[-1]
    assert (approve.action, approve.who) == ("approve", "bello")
    assert (approve.before.status, approve.after.status) == ("machine", "approved")
    reject = store.audit_for(third)[-1]
    assert (reject.action, reject.after.status, reject.note) == (
        "reject", "rejected", "mistranslation"
    )  # fmt: skip

    # Approving again changes nothing and records nothing.
    store.approve(second, "bello")
    assert len(store.audit_for(second)) == 2

    # approve_article approves what is neither approved nor rejected: the edited one.
    assert store.approve_article("niger-1", "ha", "chief") == 1
    assert store.get_translation(first).status == "approved"
    assert store.get_translation(third).status == "rejected"


def test_list_and_get_translations(store: Store) -> None:
    translated(store)
    record = add(store, "b", [("paragraph", 0, "Niamey is hot.")])
    terms = [TermOutcome("Niamey", "Yamai", False)]
    store.save_translations(
        [machine_row(record.segment_ids[0], "Niamey", status="needs_review", terms=terms)]
    )
    rows = store.list_translations(lang="ha", status="needs_review")
    assert len(rows) == 1
    row = rows[0]
    assert (row.article, row.version, row.kind) == ("b", 1, "paragraph")
    assert row.violations == [Violation("Niamey", "Yamai")]
    assert row.terms == terms and row.source_text == "Niamey is hot."
    assert len(store.list_translations(limit=2)) == 2
    assert store.list_translations(lang="fr") == []
    assert store.get_translation(row.id).final_text == "Niamey"
    with pytest.raises(InputError, match="no translation with id 999"):
        store.get_translation(999)
    with pytest.raises(InputError, match="no translation with id 999"):
        store.approve(999, "x")
    with pytest.raises(InputError, match="no article"):
        store.list_translations(article="missing")


def test_default_reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_REVIEWER", "desk-editor")
    assert default_reviewer() == "desk-editor"
    monkeypatch.delenv("TRANSLATE_REVIEWER")
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    assert default_reviewer() == "os-user"
    monkeypatch.setenv("TRANSLATE_REVIEWER", "   ")  # blank counts as unset

    def no_user() -> str:
        raise OSError("no passwd entry")

    monkeypatch.setattr("getpass.getuser", no_user)
    assert default_reviewer() == "unknown"
    monkeypatch.delenv("TRANSLATE_REVIEWER")
    assert default_reviewer() == "unknown"


# -- search and stats -------------------------------------------------------------------------


def test_tm_search_source_and_target(store: Store) -> None:
    record = add(store, "niger-1", FRONT_PAGE)
    store.save_translations(
        [
            machine_row(record.segment_ids[0], "CNSP ta rufe sararin samaniyar Yamai"),
            machine_row(record.segment_ids[2], "Gwamnatin soja ta ce jiragen Amurka su tafi."),
            machine_row(record.segment_ids[0], "Le CNSP ferme la défense aérienne", "fr"),
        ]
    )
    found = store.tm_search("CNSP")
    assert {(r.lang, r.article) for r in found} == {("ha", "niger-1"), ("fr", "niger-1")}
    assert [r.lang for r in store.tm_search("CNSP", lang="fr")] == ["fr"]
    target = store.tm_search("Yamai")
    assert len(target) == 1 and target[0].source_text == FRONT_PAGE[0][2]
    assert store.tm_search("yamai")[0].translation_id == target[0].translation_id
    assert store.tm_search("defense", lang="fr")[0].final_text.startswith("Le CNSP")
    assert len(store.tm_search("U.S.")) == 1
    assert len(store.tm_search("air defences")) == 2
    # Hyphens, quotes and operators are text, never FTS5 syntax (which would raise).
    assert len(store.tm_search("air-defences")) == 2
    for phrase in ('"CNSP"', "CNSP*", "cnsp:"):
        assert {r.lang for r in store.tm_search(phrase)} == {"ha", "fr"}, phrase
    for odd in ('"', "OR", "NOT", "AND", "*", "(", "a:b", "'", "^", "", "  ", "NOT CNSP"):
        assert store.tm_search(odd) == [], odd


def test_tm_search_folds_repeats(store: Store) -> None:
    for doc in ("a", "b", "c"):
        record = add(store, doc, [("dateline", 0, "NIAMEY, Niger (AP) —")])
        store.save_translations([machine_row(record.segment_ids[0], "YAMAI, Nijar (AP) —")])
    assert len(store.tm_search("Niamey")) == 1


def test_stats(store: Store) -> None:
    record = add(store, "a", FRONT_PAGE)
    ok = [TermOutcome("CNSP", "CNSP", True)]
    bad = [*ok, TermOutcome("Niamey", "Yamai", False)]
    store.save_translations(
        [
            machine_row(record.segment_ids[0], "x", terms=ok),
            machine_row(record.segment_ids[1], "y", status="needs_review", terms=bad),
            machine_row(record.segment_ids[2], "z"),
        ]
    )
    run = store.begin_run({"targets": ["ha"]})
    store.finish_run(run, {"reused": 6, "translated": 2})
    stats = store.stats()
    assert (stats.articles, stats.segments, stats.runs) == (1, 3, 1)
    assert stats.by_lang == {"ha": {"machine": 2, "needs_review": 1}}
    assert stats.glossary.total == GlossaryCounts(
        with_terms=2, compliant=1, violating=1, expected=3, satisfied=2, violated=1
    )
    assert stats.memory == MemoryStats(reused=6, translated=2, reuse_rate=0.75)
    finished = store.db.execute("SELECT status, finished_at FROM runs").fetchone()
    assert finished[0] == "ok" and finished[1]


# -- CAT import -------------------------------------------------------------------------------


def exported_changes(store: Store) -> list[ImportChange]:
    rows = store.export_rows("niger-1", "ha")
    assert [r.position for r in rows] == [0, 1, 2]
    return [ImportChange(r.segment_id, "ha", r.source_hash, r.final_text, False) for r in rows]


def test_apply_import(store: Store) -> None:
    ids = translated(store)
    same, approve, edit = exported_changes(store)
    changes = [
        same,
        ImportChange(approve.segment_id, "ha", approve.source_hash, approve.target, True),
        ImportChange(edit.segment_id, "ha", edit.source_hash, "Reviewed text", True),
        ImportChange(99999, "ha", "abc", "whatever", True),
        ImportChange(same.segment_id, "ha", source_hash("another source"), "x", False),
        ImportChange(same.segment_id, "fr", same.source_hash, "x", False),
    ]
    result = store.apply_import(changes, "omegat-user")
    # Counted by what was stored: the reviewed text, final in the file, is approved.
    assert (result.edited, result.approved, result.unchanged) == (0, 2, 1)
    assert result.skipped == [
        (99999, "unknown segment id 99999"),
        (same.segment_id, "source changed since export"),
        (same.segment_id, f"unknown segment id {same.segment_id}"),
    ]
    assert store.get_translation(ids[2]).final_text == "Reviewed text"
    assert store.get_translation(ids[2]).status == "approved"
    assert store.get_translation(ids[1]).status == "approved"
    assert store.get_translation(ids[0]).status == "machine"
    history = store.audit_for(ids[2])[-1]
    assert (history.action, history.who) == ("import", "omegat-user")
    assert history.before.final_text == "ha 2"
    # The exchange layer's short hash (12 digits) is accepted as well.
    short = text_digest(FRONT_PAGE[0][2])
    again = store.apply_import([ImportChange(same.segment_id, "ha", short, "new", False)], "x")
    assert again.edited == 1


def test_apply_import_rolls_back_everything(store: Store, db_path: Path) -> None:
    ids = translated(store)
    good = [
        ImportChange(c.segment_id, c.lang, c.source_hash, "changed", True)
        for c in exported_changes(store)
    ]
    before = counts(db_path)
    malformed: list[Any] = [good[0], good[1], {"segment_id": 1}, good[2]]
    with pytest.raises(InputError, match="import change 2"):
        store.apply_import(malformed, "x")
    bad_id: list[Any] = [good[0], ImportChange("7", "ha", "h", "t", True)]  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not a number"):
        store.apply_import(bad_id, "x")
    assert counts(db_path) == before
    assert [store.get_translation(i).final_text for i in ids] == ["ha 0", "ha 1", "ha 2"]


def test_apply_import_rolls_back_on_database_error(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = translated(store)
    good = [
        ImportChange(c.segment_id, c.lang, c.source_hash, "changed", True)
        for c in exported_changes(store)
    ]
    original = Store._change
    calls = []

    def failing(self: Store, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_change", failing)
    before = counts(db_path)
    with pytest.raises(StoreError, match="disk I/O error"):
        store.apply_import(good, "x")
    assert counts(db_path) == before
    assert store.get_translation(ids[0]).final_text == "ha 0"


# -- several processes ------------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from translate.store import ArticleInput, TranslationRow, open_store

    db, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    deadline = time.time() + 20
    while go != "-" and not os.path.exists(go) and time.time() < deadline:
        time.sleep(0.005)
    store = open_store(db)
    run = store.begin_run({"writer": name})
    i = 0
    while count < 0 or i < count:
        segments = [("paragraph", n, f"{name} article {i} sentence {n}") for n in range(SEGS)]
        segments.append(("dateline", SEGS, "NIAMEY, Niger (AP) —"))
        record = store.add_article(ArticleInput(source=name, doc_id=f"{name}-{i}",
            content_hash=str(i), source_lang="en", title=None, segments=segments))
        store.save_translations([
            TranslationRow(sid, "ha", f"ha {sid}", "machine", package="p", package_version="1",
                           glossary_version="g", run_id=run)
            for sid in record.segment_ids])
        print(i, flush=True)
        i += 1
    store.finish_run(run, {"articles": i})
    store.close()
    """
)


def _writer(db: Path, name: str, count: int, go: str, segments: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = _WRITER.replace("SEGS", str(segments))
    return subprocess.Popen(
        [sys.executable, "-c", code, str(db), name, str(count), go],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_two_processes_write_at_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"  # both open a fresh file: schema creation races too
    go = tmp_path / "go"
    writers = [_writer(db, name, 30, str(go), 5) for name in ("alpha", "beta")]
    time.sleep(0.3)
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.split()[-1] == "29"
    assert counts(db)["articles"] == 60
    assert counts(db)["segments"] == 60 * 6
    assert counts(db)["translations"] == 60 * 6
    with open_store(db) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {r[0] for r in store.db.execute("SELECT status FROM runs")} == {"ok"}


@pytest.mark.slow
def test_killed_process_leaves_a_consistent_database(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    writer = _writer(db, "kill", -1, "-", 40)
    assert writer.stdout is not None
    done = 0
    deadline = time.time() + 60
    while done < 15 and time.time() < deadline:
        if writer.stdout.readline():
            done += 1
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)
    assert done == 15, writer.stderr.read() if writer.stderr else ""

    with open_store(db) as store:
        conn = store.db
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO segments_fts (segments_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO translations_fts (translations_fts) VALUES ('integrity-check')")
        incomplete = conn.execute(
            "SELECT COUNT(*) FROM articles a"
            " WHERE (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id) != 41"
        ).fetchone()[0]
        assert incomplete == 0
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert articles >= 15
        # A run killed mid-way is shown interrupted by the next open; the db is still usable.
        assert conn.execute("SELECT status FROM runs").fetchone()[0] == "interrupted"
        assert add(store, "after-crash", FRONT_PAGE).created


def test_the_same_text_segmented_anew_is_a_version_of_its_own(tmp_path: Path) -> None:
    """Issue 28: a newer segmenter keeps a URL in one sentence; an article stored by the
    older one (same text, other segments) must not hand back its segment ids."""
    old = [("paragraph", 0, "Read https://example.org/report?"), ("paragraph", 0, "id=42 now.")]
    new = [("paragraph", 0, "Read https://example.org/report?id=42 now.")]

    def article(segments: list[tuple[str, int, str]]) -> ArticleInput:
        return ArticleInput(source="wire", doc_id="url", content_hash="same-text",
                            source_lang="en", title=None,
                            segments=[SegmentInput(*s) for s in segments])  # fmt: skip

    with open_store(tmp_path / "t.db") as store:
        first = store.add_article(article(old))
        second = store.add_article(article(new))
        again = store.add_article(article(new))
        older = store.add_article(article(old))
    assert (first.version, len(first.segment_ids)) == (1, 2)
    assert second.created and (second.version, len(second.segment_ids)) == (2, 1)
    assert not again.created and again.segment_ids == second.segment_ids
    assert not older.created and older.segment_ids == first.segment_ids


@pytest.mark.parametrize("value", ["abc", "2.5", "-1", "9" * 60, "", "\x1b[31m3"])
def test_a_schema_version_that_is_not_a_number_is_one_line(tmp_path: Path, value: str) -> None:
    """Issue 28: a non-integer meta.schema_version gave a traceback."""
    path = tmp_path / "t.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    for args in (["review", "list"], ["stats"], ["run", str(story), "--to", "fr", "-o", "-"]):
        result = invoke(*args, "--db", str(path))
        assert result.returncode == 1, result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"translate: error: {path}: its schema version ")
        assert line.endswith("is not a number; not a usable database") and "\x1b" not in line
    with pytest.raises(StoreError, match="is not a number"):
        open_store(path, readonly=True)
