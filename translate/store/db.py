"""The Store: opening the database, runs, articles, translation memory, saving output."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
import unicodedata
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

from sqlite_utils import Database

from translate.errors import InputError, StoreError
from translate.i18n import _
from translate.ids import source_hash
from translate.records import (
    HUMAN_STATUSES,
    ArticleInput,
    ArticleRecord,
    GlossarySelection,
    MemoryHit,
    TranslationRow,
)
from translate.store.base import chunked, guarded, inserted_id
from translate.store.columns import (
    RUN_STATUSES,
    Row,
    parse_flags,
    parse_spans,
    parse_terms,
    placed_spans,
    spans_json,
    translation_columns,
    utc_now,
)
from translate.store.liveness import current_process, is_dead
from translate.store.review import ReviewMixin
from translate.store.schema import check_schema, migrate
from translate.store.search import SearchMixin

BUSY_TIMEOUT_MS = 30_000
#: The key of runs.options that records the run's glossaries (GlossarySelection).
_SELECTION = "glossary_selection"

# A rerun that produces exactly this again changes nothing, not even the audit.
_COMPARED = (
    "machine_text", "final_text", "status", "package", "term_key", "flags", "parts", "failure",
)  # fmt: skip


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Store(ReviewMixin, SearchMixin):
    """The translation database. Every write method is one transaction."""

    def __enter__(self) -> Store:
        return self

    # -- runs ---------------------------------------------------------------------

    @guarded
    def begin_run(
        self, options: Mapping[str, object], glossaries: GlossarySelection | None = None
    ) -> int:
        """Record a run starting: its options and (``glossaries``) the glossaries it
        uses, which review checks of its translations use too (:meth:`run_glossaries`)."""
        owner = current_process()
        if glossaries is not None:
            options = {**options, _SELECTION: asdict(glossaries)}
        with self.transaction():
            table = self.db.table("runs")
            table.insert(
                {
                    "started_at": utc_now(),
                    "status": "running",
                    "options": json.dumps(options, ensure_ascii=False, default=str),
                    "counts": "{}",
                    # Who runs it: the next command that opens the db can tell if it died.
                    "pid": owner.pid,
                    "host": owner.host,
                    "process_start": owner.start,
                }
            )
            return inserted_id(table)

    @guarded
    def run_glossaries(self, run_id: int) -> GlossarySelection | None:
        """The glossaries run ``run_id`` recorded (None: it recorded none, as runs before
        this was recorded, or without enforcement, did)."""
        raw = self._scalar("SELECT options FROM runs WHERE id = ?", [run_id])
        try:
            recorded = json.loads(raw or "{}").get(_SELECTION)
            return GlossarySelection(
                files=tuple(str(f) for f in recorded["files"]), defaults=bool(recorded["defaults"])
            )
        except (TypeError, ValueError, KeyError, AttributeError):
            return None

    def dead_runs(self) -> list[int]:
        """Ids of runs still `running` whose process is gone (killed, crashed). A run
        whose process cannot be inspected (another host) is not among them
        (translate.store.liveness)."""
        running = self._rows(
            "SELECT id, pid, host, process_start FROM runs WHERE status = 'running'"
        )
        return [r["id"] for r in running if is_dead(r["pid"], r["host"], r["process_start"])]

    @guarded
    def mark_dead_runs(self) -> list[int]:
        """Dead runs (see dead_runs) become `interrupted`; returns their ids."""
        dead = self.dead_runs()
        if dead:
            with self.transaction():
                for chunk in chunked(dead):
                    marks = ",".join("?" * len(chunk))
                    self.db.execute(
                        f"UPDATE runs SET status = 'interrupted'"
                        f" WHERE status = 'running' AND id IN ({marks})",
                        list(chunk),
                    )
        return dead

    @guarded
    def finish_run(self, run_id: int, counts: Mapping[str, int], status: str = "ok") -> None:
        if status not in RUN_STATUSES:
            raise ValueError(f"run status must be one of {', '.join(RUN_STATUSES)}")
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
                [utc_now(), status, json.dumps(counts, ensure_ascii=False, default=str), run_id],
            )

    # -- articles -----------------------------------------------------------------

    @guarded
    def add_article(self, article: ArticleInput) -> ArticleRecord:
        """Store an article version with its segments, or find the identical one stored.

        Unchanged content returns the stored record (nothing written), changed content
        becomes version max+1 beside the older versions, which keep their translations.
        """
        source, doc_id, content_hash = article.source, article.doc_id, article.content_hash
        rows: list[Row] = []
        for position, segment in enumerate(article.segments):
            try:
                kind, block, text, *rest = segment
                if len(rest) > 1:
                    raise ValueError
            except (TypeError, ValueError):
                raise InputError(
                    _("{doc_id}: segment {position} is not (kind, block, text)").format(
                        doc_id=doc_id, position=position
                    )
                ) from None
            if not isinstance(text, str):
                raise InputError(
                    _("{doc_id}: segment {position} text is not a string").format(
                        doc_id=doc_id, position=position
                    )
                )
            rows.append(
                {
                    "position": position,
                    "kind": str(kind),
                    "block": int(block),
                    "source_text": text,
                    "source_hash": source_hash(text),
                    "spans": spans_json(rest[0] if rest else ()),
                }
            )
        with self.transaction():
            found = self._one(
                "SELECT id, version FROM articles"
                " WHERE source = ? AND doc_id = ? AND content_hash = ?",
                [source, doc_id, content_hash],
            )
            texts = [row["source_text"] for row in rows]
            if found is not None and self._segment_texts(found["id"]) != texts:
                # The same text cut into other segments (a newer segmenter): a version of
                # its own, keyed by the text and its segments; the older keeps its work.
                digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
                content_hash = f"{content_hash}+{digest[:16]}"
                found = self._one(
                    "SELECT id, version FROM articles"
                    " WHERE source = ? AND doc_id = ? AND content_hash = ?",
                    [source, doc_id, content_hash],
                )
            if found is not None:
                self._fill_legacy_spans(found["id"], rows)
                return ArticleRecord(
                    id=found["id"],
                    version=found["version"],
                    created=False,
                    segment_ids=self._segment_ids(found["id"]),
                )
            previous = self._scalar(
                "SELECT MAX(version) FROM articles WHERE source = ? AND doc_id = ?",
                [source, doc_id],
            )
            version = (previous or 0) + 1
            articles = self.db.table("articles")
            articles.insert(
                {
                    "source": source,
                    "doc_id": doc_id,
                    "content_hash": content_hash,
                    "source_lang": article.source_lang,
                    "title": article.title,
                    "version": version,
                    "created_at": utc_now(),
                }
            )
            article_id = inserted_id(articles)
            for row in rows:
                row["article_id"] = article_id
            if rows:
                self.db.table("segments").insert_all(rows)
            return ArticleRecord(
                id=article_id,
                version=version,
                created=True,
                segment_ids=self._segment_ids(article_id),
            )

    def _fill_legacy_spans(self, article_id: int, rows: list[Row]) -> None:
        """Segments stored before schema 3 have no recorded markup (NULL): the same
        content seen again records it, so review shows their tags from now on."""
        self.db.conn.executemany(
            "UPDATE segments SET spans = ? WHERE article_id = ? AND position = ? AND spans IS NULL",
            [(row["spans"], article_id, row["position"]) for row in rows],
        )

    def _segment_texts(self, article_id: int) -> list[str]:
        cursor = self.db.execute(
            "SELECT source_text FROM segments WHERE article_id = ? ORDER BY position", [article_id]
        )
        return [row[0] for row in cursor.fetchall()]

    def _segment_ids(self, article_id: int) -> list[int]:
        cursor = self.db.execute(
            "SELECT id FROM segments WHERE article_id = ? ORDER BY position", [article_id]
        )
        return [row[0] for row in cursor.fetchall()]

    # -- translation memory ---------------------------------------------------------

    @guarded
    def memory_lookup(
        self, requests: Mapping[str, str] | Iterable[str], lang: str, package: str
    ) -> dict[str, MemoryHit]:
        """Reusable translations for source texts, keyed by the requested text.

        `requests` maps text → term_key (a plain iterable of texts means term_key "").
        Human work (approved, then edited) is reused whatever produced it; machine
        output only from the same package with the same glossary terms.
        """
        wanted = dict(requests) if isinstance(requests, Mapping) else dict.fromkeys(requests, "")
        by_hash: dict[str, list[str]] = {}
        for text in wanted:
            by_hash.setdefault(source_hash(text), []).append(text)
        # (hash, NFC text) → [best human row, best machine row per term_key...]
        candidates: dict[tuple[str, str], list[Row]] = {}
        for hashes in chunked(list(by_hash)):
            marks = ",".join("?" * len(hashes))
            # The window keeps one row per text and kind of match, so a dateline
            # repeated in thousands of articles does not come back thousands of times.
            rows = self._rows(
                f"""
                SELECT * FROM (
                    SELECT s.source_hash, s.source_text, s.spans AS markup, t.id,
                           t.final_text, t.machine_text, t.final_spans, t.status,
                           t.terms, t.spans, t.score, t.term_key, t.package,
                           t.package_version, t.flags, t.parts,
                           t.updated_at,
                           t.status IN ('approved', 'edited') AS human,
                           ROW_NUMBER() OVER (
                               PARTITION BY s.source_hash, s.source_text,
                                   CASE WHEN t.status IN ('approved', 'edited')
                                        THEN NULL ELSE t.term_key END,
                                   t.status IN ('approved', 'edited')
                               ORDER BY t.status = 'approved' DESC, t.updated_at DESC, t.id DESC
                           ) AS rank
                    FROM segments s
                    JOIN translations t ON t.segment_id = s.id AND t.lang = ?
                    WHERE s.source_hash IN ({marks})
                      AND (t.status IN ('approved', 'edited')
                           OR (t.status IN ('machine', 'needs_review') AND t.package = ?))
                ) WHERE rank = 1
                """,
                [lang, *hashes, package],
            )
            for row in rows:
                key = (row["source_hash"], _nfc(row["source_text"]))
                candidates.setdefault(key, []).append(row)
        hits: dict[str, MemoryHit] = {}
        for text, term_key in wanted.items():
            rows = candidates.get((source_hash(text), _nfc(text)), [])
            human = [r for r in rows if r["human"]]
            machine = [r for r in rows if not r["human"] and r["term_key"] == (term_key or "")]
            best = _best(human) or _best(machine)
            if best is not None:
                hits[text] = MemoryHit(
                    text=best["final_text"],
                    status=best["status"],
                    terms=parse_terms(best["terms"]),
                    translation_id=best["id"],
                    score=best["score"],
                    package=best["package"],
                    package_version=best["package_version"],
                    spans=placed_spans(best),
                    flags=parse_flags(best["flags"]),
                    parts=int(best["parts"] or 1),
                    markup=parse_spans(best["markup"]) or [],
                )
        return hits

    # -- machine output -----------------------------------------------------------

    @guarded
    def save_translations(self, rows: Sequence[TranslationRow]) -> int:
        """Insert or refresh machine translations in one transaction; returns rows changed.

        Edited/approved rows are never overwritten, identical reruns write nothing.
        """
        changed = 0
        with self.transaction():
            now = utc_now()
            table = self.db.table("translations")
            for index, row in enumerate(rows):
                if not isinstance(row, TranslationRow):
                    raise InputError(
                        _("translation row {index}: not a TranslationRow").format(index=index)
                    )
                values = translation_columns(row)
                existing = self._one(
                    "SELECT * FROM translations WHERE segment_id = ? AND lang = ?",
                    [values["segment_id"], values["lang"]],
                )
                who = "machine"
                note = f"run {values['run_id']}" if values.get("run_id") is not None else None
                if existing is None:
                    table.insert({**values, "created_at": now, "updated_at": now})
                    after = {**values, "id": inserted_id(table)}
                    self._audit("translate", who, None, after, note=note, at=now)
                    changed += 1
                    continue
                if existing["status"] in HUMAN_STATUSES:
                    continue  # a person's work outranks any machine output
                if all(existing[key] == values[key] for key in _COMPARED):
                    continue
                update = {**values, "updated_at": now, "reviewer": None, "note": None}
                table.update(existing["id"], update)
                after = {**existing, **update}
                self._audit("retranslate", who, existing, after, note=note, at=now)
                changed += 1
        return changed


def _best(rows: list[Row]) -> Row | None:
    if not rows:
        return None
    # Rows are best per partition already; partitions differ only by spelling of the
    # source (NFC vs NFD), so apply the same order across them.
    return max(rows, key=lambda r: (r["status"] == "approved", r["updated_at"], r["id"]))


def _prepare(db: Database, store: Store, label: str, *, wal: bool) -> None:
    """Switch to WAL and create/migrate the schema. Two processes opening a brand-new
    file at once can get SQLITE_BUSY here without the busy handler being consulted
    (the journal-mode switch), so this step retries for as long as busy_timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            if wal and db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.enable_wal()
            # Migrations rebuild tables: foreign key actions must not fire meanwhile
            # (the pragma only takes effect outside a transaction).
            db.execute("PRAGMA foreign_keys = OFF")
            try:
                with store.transaction():
                    migrate(db, label)
            finally:
                db.execute("PRAGMA foreign_keys = ON")
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def check_db_path(path: Path | str) -> None:
    """StoreError unless ``path`` is a regular file (a link to one included), a path
    that does not exist yet, or ``:memory:``: ``--db /dev/null`` would have SQLite
    write its ``-wal`` and ``-shm`` files beside the device."""
    label = str(path)
    if label == ":memory:":
        return
    try:
        mode = os.stat(label).st_mode
    except OSError:
        return  # missing (created by open_store) or unreadable (reported when opened)
    if stat.S_ISDIR(mode):
        raise StoreError(_("{path}: is a directory, not a translate database").format(path=label))
    if not stat.S_ISREG(mode):
        raise StoreError(
            _("{path}: is not a regular file, so not a translate database; refused").format(
                path=label
            )
        )


def open_store(path: Path | str, *, readonly: bool = False) -> Store:
    """Open (creating and migrating as needed) the translation database at `path`.

    ``readonly``: for commands that only read (review list/show/export, stats, tm
    search). The file is opened with SQLite's ``mode=ro``: no write lock, no migration
    (a schema that needs one is a one-line StoreError), and in WAL mode a writer in
    another process never makes it wait. On read-only media, where SQLite cannot
    create the ``-shm`` file, it falls back to ``immutable=1`` when that is safe.
    """
    check_db_path(path)
    if readonly and str(path) != ":memory:":
        return _open_readonly(Path(path))
    label = str(path)
    memory = label == ":memory:"
    if not memory:
        target = Path(path)
        if target.is_dir():
            raise StoreError(
                _("{path}: is a directory, not a translate database").format(path=label)
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                _("{path}: cannot create its directory ({reason})").format(
                    path=label, reason=exc.strerror
                )
            ) from exc
    try:
        db = Database(label, execute_plugins=False)
    except sqlite3.Error as exc:
        raise StoreError(
            _("{path}: cannot open database ({error})").format(path=label, error=exc)
        ) from exc
    store = Store(db, label)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # The first read of the header: a text file fails here, not mid-run.
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _prepare(db, store, label, wal=not memory)
        store.mark_dead_runs()
    except sqlite3.DatabaseError as exc:
        db.close()
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(
                _("{path}: not a translate database ({error})").format(path=label, error=exc)
            ) from exc
        raise StoreError(f"{label}: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return store


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """The SQLite URI that opens ``path`` read-only (``immutable=1``: no locks at all)."""
    quoted = urllib.parse.quote(str(path.absolute()), safe="/")
    return f"file:{quoted}?mode=ro" + ("&immutable=1" if immutable else "")


def wal_has_data(path: Path) -> bool:
    """Whether a write-ahead log beside the database may hold committed pages."""
    wal = Path(f"{path}-wal")
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: assume it does


def immutable_is_safe(path: Path) -> bool:
    """``immutable=1`` reads the file without locks and ignores the WAL: right only when
    no log holds data and nobody can write beside it (read-only media)."""
    return not wal_has_data(path) and not os.access(path.parent, os.W_OK)


def _cannot_open(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    return name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")) or (
        "unable to open" in text or "readonly" in text
    )


def _connect_readonly(path: Path, label: str) -> sqlite3.Connection:
    conn = sqlite3.connect(readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # The first read opens the file (and the WAL index) for real.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _cannot_open(exc):
            raise
        if wal_has_data(path):
            raise StoreError(
                _(
                    "{path}: cannot be read here: its write-ahead log ({wal}) holds changes "
                    "that need write access to the folder; copy both files somewhere writable"
                ).format(path=label, wal=f"{label}-wal")
            ) from exc
        if not immutable_is_safe(path):
            raise
    conn = sqlite3.connect(readonly_uri(path, immutable=True), uri=True)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _open_readonly(path: Path) -> Store:
    label = str(path)
    if path.is_dir():
        raise StoreError(_("{path}: is a directory, not a translate database").format(path=label))
    if not path.exists():
        raise StoreError(
            _("{path}: no such database (translate run creates it; see --db)").format(path=label)
        )
    try:
        conn = _connect_readonly(path, label)
    except sqlite3.DatabaseError as exc:
        raise _open_error(label, exc) from exc
    db = Database(conn, execute_plugins=False)
    store = Store(db, label)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        check_schema(db, label)
        dead = store.dead_runs()
    except sqlite3.DatabaseError as exc:
        db.close()
        raise _open_error(label, exc) from exc
    except BaseException:
        db.close()
        raise
    if dead:
        _mark_interrupted_if_free(path, dead)
    return store


def _mark_interrupted_if_free(path: Path, run_ids: list[int]) -> None:
    """A read command still shows dead runs as interrupted where it can: one short write
    that never waits (busy_timeout 0) and gives up silently on read-only media or while
    another process writes; the next writer marks them otherwise."""
    try:
        conn = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        marks = ",".join("?" * len(run_ids))
        conn.execute(
            f"UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND id IN ({marks})",
            run_ids,
        )
        conn.execute("COMMIT")
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def _open_error(label: str, exc: sqlite3.DatabaseError) -> StoreError:
    if "not a database" in str(exc) or "malformed" in str(exc):
        return StoreError(
            _("{path}: not a translate database ({error})").format(path=label, error=exc)
        )
    return StoreError(_("{path}: cannot open database ({error})").format(path=label, error=exc))
