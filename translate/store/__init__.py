"""SQLite store: articles, segments, translations, runs and audit, with FTS5 search.

The schema is a public interface, documented in docs/schema.md.
"""

from __future__ import annotations

from translate.ids import STATUSES, source_hash
from translate.store.db import Store, open_store
from translate.store.records import (
    AUDIT_ACTIONS,
    RUN_STATUSES,
    ArticleInput,
    ArticleRecord,
    ImportChange,
    ImportResult,
    MemoryHit,
    SegmentInput,
    TranslationRow,
    default_reviewer,
)
from translate.store.schema import SCHEMA_VERSION

__all__ = [
    "AUDIT_ACTIONS",
    "RUN_STATUSES",
    "SCHEMA_VERSION",
    "STATUSES",
    "ArticleInput",
    "ArticleRecord",
    "ImportChange",
    "ImportResult",
    "MemoryHit",
    "SegmentInput",
    "Store",
    "TranslationRow",
    "default_reviewer",
    "open_store",
    "source_hash",
]
