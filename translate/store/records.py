"""Plain values the store hands out, and small helpers shared by its modules."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

#: Workflow statuses of a translation (also enforced by a CHECK constraint).
STATUSES = ("machine", "needs_review", "edited", "approved", "rejected", "failed")
#: Statuses set by a person; machine output never overwrites them.
HUMAN_STATUSES = ("edited", "approved")
RUN_STATUSES = ("running", "ok", "failed", "interrupted")
AUDIT_ACTIONS = ("translate", "retranslate", "edit", "approve", "reject", "import")


def source_hash(text: str) -> str:
    """sha1 hex of the NFC form, so composed and decomposed accents hash alike."""
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def utc_now() -> str:
    """ISO-8601 UTC with milliseconds: sorts as text and orders close events."""
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def default_reviewer() -> str:
    """Who a review action is recorded under: $TRANSLATE_REVIEWER, else the OS user."""
    name = os.environ.get("TRANSLATE_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # getuser raises various errors without a passwd entry or env
        return "unknown"


def parse_terms(raw: str | None) -> list[dict[str, Any]]:
    """The terms JSON column as a list of dicts; anything unreadable counts as none."""
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return []
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def parse_flags(raw: str | None) -> list[dict[str, str]]:
    """The flags JSON column as [{reason, detail}]; anything unreadable counts as none."""
    return [
        {"reason": str(item.get("reason", "")), "detail": str(item.get("detail", ""))}
        for item in parse_terms(raw)
    ]


def violations(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [term for term in terms if not term.get("found")]


@dataclass(frozen=True)
class ArticleRecord:
    """An article version as stored; `created` is False when it was already there."""

    id: int
    version: int
    created: bool
    segment_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class MemoryHit:
    """A reusable translation found in the memory for one source text."""

    text: str
    status: str
    terms: list[dict[str, Any]]
    translation_id: int
    score: float | None = None
    package: str = ""  # what produced it, so a copy into a new segment keeps provenance
    package_version: str = ""
    spans: list[tuple[Any, ...]] = field(default_factory=list)  # (start, end, open, close)
    flags: list[dict[str, Any]] = field(default_factory=list)  # [{reason, detail}]
    parts: int = 1


@dataclass(frozen=True)
class ImportChange:
    """One segment coming back from a CAT tool."""

    segment_id: int
    lang: str
    source_hash: str
    target: str
    final: bool
    # What the export that produced the file held (text digest, status): "" for files
    # that do not say (other tools, older exports). See translate.ids.text_digest.
    base_digest: str = ""
    base_status: str = ""


@dataclass
class ImportResult:
    """What apply_import did; each change lands in exactly one bucket, and each
    bucket names its segment ids."""

    edited: int = 0
    approved: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    edited_ids: list[int] = field(default_factory=list)
    approved_ids: list[int] = field(default_factory=list)
    unchanged_ids: list[int] = field(default_factory=list)
    #: Units edited in the file whose stored translation changed since the export.
    conflicts: list[int] = field(default_factory=list)
