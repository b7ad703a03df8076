"""Connection handling shared by the store's parts: transactions, errors, audit."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlite_utils import Database
from sqlite_utils.db import Table

from translate.errors import InputError, StoreError
from translate.i18n import _
from translate.localize.folding import fold_for_search
from translate.store.columns import Row, utc_now

F = TypeVar("F", bound=Callable[..., object])
T = TypeVar("T")

# Translation columns recorded in audit before/after snapshots.
SNAPSHOT = (
    "machine_text", "final_text", "status", "package", "term_key", "reviewer", "note", "flags",
    "failure",
)  # fmt: skip

# SQLite caps host parameters (999 on old builds); stay well under it.
CHUNK = 500


def guarded(method: F) -> F:
    """Report SQLite failures (locked, disk full, corrupt) as a one-line StoreError."""

    @functools.wraps(method)
    def wrapper(self: StoreBase, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.label}: {exc}") from exc

    return cast(F, wrapper)


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def inserted_id(table: Table) -> int:
    """The id of the row ``table`` just inserted (sqlite-utils records it)."""
    if table.last_pk is None:  # pragma: no cover - only after a failed insert
        raise StoreError(f"{table.name}: no row was inserted")
    return int(table.last_pk)


def _snapshot(row: Row | None) -> str | None:
    if row is None:
        return None
    return json.dumps({key: row.get(key) for key in SNAPSHOT}, ensure_ascii=False)


class StoreBase:
    """Holds the sqlite-utils Database; the public methods live in the subclasses."""

    def __init__(self, db: Database, label: str) -> None:
        self.db = db
        self.label = label  # the path, for error messages
        # Search folding as an SQL function: registered per connection, so it needs no
        # schema change and works on read-only databases (translate.localize.folding).
        db.conn.create_function("tn_fold", 1, fold_for_search, deterministic=True)

    # -- connection ---------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls become savepoints.

        BEGIN IMMEDIATE takes the write lock up front: a deferred transaction that
        reads and then writes can fail with SQLITE_BUSY at once in WAL mode when
        another process committed in between, without honouring busy_timeout.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # an error may already have rolled it back
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (disk full, deferred constraint) leaves the transaction
            # open: later transaction() calls would become savepoints that never commit.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- helpers ------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        cursor = self.db.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    def _translation(self, translation_id: int) -> Row:
        row = self._one("SELECT * FROM translations WHERE id = ?", [translation_id])
        if row is None:
            raise InputError(_("no translation with id {id}").format(id=translation_id))
        return row

    def _resolve_article(self, article: str | int) -> int:
        """An article id from a doc_id (latest version wins) or a numeric article id.

        A doc_id is tried first because doc ids can themselves be digits.
        """
        if isinstance(article, str):
            latest = self._rows(
                "SELECT id, source, version FROM articles a WHERE doc_id = ? AND version ="
                " (SELECT MAX(version) FROM articles b WHERE b.doc_id = a.doc_id"
                " AND b.source = a.source) ORDER BY id",
                [article],
            )
            if len(latest) > 1:  # two feeds (or files) share the doc_id: never guess
                candidates = ", ".join(
                    _("{id} ({source} v{version})").format(**row) for row in latest
                )
                raise InputError(
                    _("article {article!r} is ambiguous: {candidates}; give the article id").format(
                        article=article, candidates=candidates
                    )
                )
            if latest:
                return int(latest[0]["id"])
            if not article.strip().isdigit():
                raise InputError(_("no article {article!r}").format(article=article))
        number = int(article)
        if self._scalar("SELECT id FROM articles WHERE id = ?", [number]) is None:
            raise InputError(_("no article {article!r}").format(article=article))
        return number

    def _audit(
        self,
        action: str,
        who: str,
        before: Row | None,
        after: Row | None,
        note: str | None = None,
        at: str | None = None,
    ) -> None:
        row = after or before or {}
        self.db.table("audit").insert(
            {
                "at": at or utc_now(),
                "who": who,
                "action": action,
                "translation_id": row.get("id"),
                "segment_id": row.get("segment_id"),
                "lang": row.get("lang"),
                "before": _snapshot(before),
                "after": _snapshot(after),
                "note": note,
            }
        )
