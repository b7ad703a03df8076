"""SQLite store: articles, segments, translations, runs and audit, with FTS5 search.

The schema is a public interface, documented in docs/schema.md. What goes in and comes
out are records (``translate.records``); the JSON columns are the store's business
(``columns.py``).
"""

from __future__ import annotations

from translate.ids import STATUSES, source_hash
from translate.records import (
    ArticleInput,
    ArticleRecord,
    AuditEvent,
    ImportChange,
    ImportCounts,
    MemoryHit,
    SegmentInput,
    StoredTranslation,
    StoreStats,
    TmHit,
    TranslationRow,
)
from translate.store.columns import AUDIT_ACTIONS, RUN_STATUSES, default_reviewer
from translate.store.db import Store, open_store
from translate.store.schema import SCHEMA_VERSION

__all__ = [
    "AUDIT_ACTIONS",
    "RUN_STATUSES",
    "SCHEMA_VERSION",
    "STATUSES",
    "ArticleInput",
    "ArticleRecord",
    "AuditEvent",
    "ImportChange",
    "ImportCounts",
    "MemoryHit",
    "SegmentInput",
    "Store",
    "StoreStats",
    "StoredTranslation",
    "TmHit",
    "TranslationRow",
    "default_reviewer",
    "open_store",
    "source_hash",
]
