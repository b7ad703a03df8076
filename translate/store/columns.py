"""The store's columns: its JSON encoding of records and back, and small values its
modules share. Above the store, only records (``translate.records``) travel."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from translate.records import (
    HUMAN_STATUSES,
    AuditEvent,
    Flag,
    InlineSpan,
    Snapshot,
    StoredTranslation,
    TermOutcome,
    TranslationRow,
)

__all__ = ["AUDIT_ACTIONS", "HUMAN_STATUSES", "RUN_STATUSES"]

RUN_STATUSES = ("running", "ok", "failed", "interrupted")
AUDIT_ACTIONS = ("translate", "retranslate", "edit", "approve", "reject", "import")

#: A database row as sqlite hands it to the store's modules (never beyond them).
Row = dict[str, Any]


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


# --------------------------------------------------------------------------- JSON columns


def _json_list(raw: str | None) -> list[object]:
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return []
    return value if isinstance(value, list) else []


def _dicts(raw: str | None) -> list[Mapping[str, object]]:
    return [item for item in _json_list(raw) if isinstance(item, dict)]


def terms_json(terms: Sequence[TermOutcome]) -> str:
    """The terms column: ``[{term, expected, found, how}]`` (TermOutcome.as_dict)."""
    return json.dumps([t.as_dict() for t in terms], ensure_ascii=False)


def parse_terms(raw: str | None) -> list[TermOutcome]:
    """The terms column; anything unreadable counts as none."""
    return [TermOutcome.from_dict(item) for item in _dicts(raw)]


def flags_json(flags: Sequence[Flag]) -> str:
    """The flags column: ``[{reason, detail}]``."""
    return json.dumps([f.as_dict() for f in flags], ensure_ascii=False)


def parse_flags(raw: str | None) -> list[Flag]:
    """The flags column; anything unreadable counts as none."""
    return [Flag(str(item.get("reason", "")), str(item.get("detail", ""))) for item in _dicts(raw)]


def spans_json(spans: Sequence[InlineSpan]) -> str:
    """The JSON text of a spans column: [[start, end, open, close], ...]."""
    return json.dumps([[s.start, s.end, s.open, s.close] for s in spans])


def parse_spans(raw: str | None) -> list[InlineSpan] | None:
    """A spans column as InlineSpans; None for NULL (not recorded), [] when unreadable."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
        return [InlineSpan(int(a), int(b), str(o), str(c)) for a, b, o, c in value]
    except (TypeError, ValueError):
        return []


def placed_spans(row: Mapping[str, Any]) -> list[InlineSpan] | None:
    """Where the markup sits in a translation's ``final_text``: the reviewer's tags,
    else the machine's spans when the text is still the machine's; None when a person
    changed the text without placing tags."""
    reviewed = parse_spans(row.get("final_spans"))
    if reviewed is not None:
        return reviewed
    if row.get("final_text") == row.get("machine_text"):
        return parse_spans(row.get("spans")) or []
    return None


def tagged_final(row: Mapping[str, Any]) -> str:
    """A translation's final text with its markup as numbered tags (``translate.tags``),
    as exports write it; the plain text when no markup is known for it."""
    from translate import tags

    markup = parse_spans(row.get("markup")) or []
    spans = placed_spans(row)
    if not markup or spans is None:
        return str(row["final_text"])
    return tags.tag(str(row["final_text"]), spans, markup)


# --------------------------------------------------------------------------- rows


def translation_columns(row: TranslationRow) -> Row:
    """The ``translations`` columns of a row to save."""
    return {
        "segment_id": row.segment_id,
        "lang": row.lang,
        "machine_text": row.machine_text,
        "status": row.status,
        "final_text": row.final_text,
        "package": row.package,
        "package_version": row.package_version,
        "glossary_version": row.glossary_version,
        "term_key": row.term_key,
        "terms": terms_json(row.terms),
        "spans": spans_json(row.spans),
        "score": row.score,
        "pivot": row.pivot,
        "run_id": row.run_id,
        "flags": flags_json(row.flags),
        "parts": row.parts,
        "failure": row.failure,
    }


def stored_translation(row: Row) -> StoredTranslation:
    """A row of the review SELECT (``translate.store.review``) as a record."""
    return StoredTranslation(
        id=row["id"],
        segment_id=row["segment_id"],
        article_id=row["article_id"],
        article=row["article"],
        source=row["source"],
        version=row["version"],
        source_lang=row["source_lang"] or "en",
        position=row["position"],
        kind=row["kind"],
        block=row["block"],
        lang=row["lang"],
        status=row["status"],
        source_text=row["source_text"],
        source_hash=row["source_hash"],
        machine_text=row["machine_text"],
        final_text=row["final_text"],
        terms=parse_terms(row["terms"]),
        package=row["package"] or "",
        package_version=row["package_version"] or "",
        glossary_version=row["glossary_version"] or "",
        term_key=row["term_key"] or "",
        score=row["score"],
        pivot=row["pivot"],
        run_id=row["run_id"],
        reviewer=row["reviewer"],
        note=row["note"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        flags=parse_flags(row["flags"]),
        parts=int(row["parts"] or 1),
        failure=row["failure"],
        markup=parse_spans(row["markup"]) or [],
        placed=placed_spans(row),
        tagged_target=tagged_final(row),
    )


_SNAPSHOT_FIELDS = frozenset(Snapshot.__dataclass_fields__)


def _snapshot(raw: str | None) -> Snapshot | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return Snapshot()
    if not isinstance(value, dict):
        return Snapshot()
    return Snapshot(**{k: None if v is None else str(v) for k, v in value.items()
                       if k in _SNAPSHOT_FIELDS})  # fmt: skip


def audit_event(row: Row, *, located: bool = False) -> AuditEvent:
    """A row of the ``audit`` table as a record (before/after decoded); ``located``:
    with its translation, segment, language and article (``article`` joined in)."""
    where: dict[str, Any] = {}
    if located:
        where = {
            "translation_id": row["translation_id"],
            "segment_id": row["segment_id"],
            "lang": row["lang"],
            "article": row.get("article"),
        }
    return AuditEvent(
        at=row["at"],
        who=row["who"],
        action=row["action"],
        before=_snapshot(row["before"]),
        after=_snapshot(row["after"]),
        note=row["note"],
        **where,
    )
