"""Human review: the glue between the store and the CAT exchange formats.

The CLI (`translate review`, `translate tm`, `translate stats`) only parses options
and prints; everything it shows or changes goes through these functions, so other
front ends (a web UI, a notebook) get the same behaviour and the same JSON keys.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.errors import InputError, NoUsableInputError, StoreError, UsageError
from translate.files import write_atomic
from translate.i18n import _
from translate.store import (
    STATUSES,
    ImportChange,
    ImportResult,
    Store,
    open_store,
    source_hash,
)

#: Export formats of `translate review export`, with the file extension they suggest.
EXPORT_FORMATS = {"po": ".po", "xliff": ".xlf", "xliff2": ".xlf", "tmx": ".tmx"}


def open_existing(path: Path | str, *, readonly: bool = False) -> Store:
    """Open a database that must already exist.

    open_store creates a missing file; a review command pointed at a mistyped path
    must say so instead of showing an empty, freshly created database. ``readonly``:
    commands that only read open it without the write lock (see open_store).
    """
    target = Path(path)
    if str(path) != ":memory:" and not target.exists():
        raise StoreError(
            _("{path}: no such database (translate run creates it; see --db)").format(path=path)
        )
    return open_store(target, readonly=readonly)


# -- reading ------------------------------------------------------------------------


def _violation_label(term: dict[str, Any]) -> str:
    return f"{term.get('term', '?')} → {term.get('expected', '?')}"


def review_item(row: dict[str, Any]) -> dict[str, Any]:
    """One translation as `review list --json` shows it: a stable subset of the row."""
    return {
        "id": row["id"],
        "segment_id": row["segment_id"],
        "article": row["article"],
        "article_version": row["version"],
        "position": row["position"],
        "kind": row["kind"],
        "lang": row["lang"],
        "status": row["status"],
        "source": row["source_text"],
        "target": row["final_text"],
        "machine_text": row["machine_text"],
        "violations": [
            {"term": v.get("term"), "expected": v.get("expected")} for v in row["violations"]
        ],
        "reviewer": row["reviewer"],
        "note": row["note"],
        "updated_at": row["updated_at"],
        "flags": row.get("flags", []),
        "parts": row.get("parts", 1),
        "failure": row.get("failure"),
    }


def list_items(
    store: Store,
    *,
    lang: str | None = None,
    status: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    reason: str | None = None,
    search: str | None = None,
) -> list[dict[str, Any]]:
    """Review items; `status` and `reason` (quality flags) may be comma-separated
    ("machine,needs_review", "repetition,truncated"); `search`: words the source or
    target holds, folded (translate.localize.folding)."""
    from translate.mt.quality import REASONS

    statuses = [s.strip() for s in status.split(",") if s.strip()] if status else None
    for name in statuses or []:
        if name not in STATUSES:  # an option value, so a usage error (exit 2)
            raise UsageError(
                _("unknown status {status!r} (one of {statuses})").format(
                    status=name, statuses=", ".join(STATUSES)
                )
            )
    reasons = [r.strip() for r in reason.split(",") if r.strip()] if reason else None
    for name in reasons or []:
        if name not in REASONS:
            raise UsageError(
                _("unknown flag reason {reason!r} (one of {reasons})").format(
                    reason=name, reasons=", ".join(REASONS)
                )
            )
    rows = store.list_translations(
        lang=lang, status=statuses, article=article, limit=limit, reason=reasons, text=search
    )
    return [review_item(row) for row in rows]


def show_item(store: Store, translation_id: int) -> dict[str, Any]:
    """Everything about one translation: the list item plus terms and audit history."""
    row = store.get_translation(translation_id)
    item = review_item(row)
    item["terms"] = row["terms"]
    item["package"] = row["package"]
    item["score"] = row["score"]
    item["pivot"] = row["pivot"]
    item["audit"] = [
        {
            "at": event["at"],
            "who": event["who"],
            "action": event["action"],
            "before": event["before"],
            "after": event["after"],
            "note": event["note"],
        }
        for event in store.audit_for(translation_id)
    ]
    return item


def preview(text: str, width: int) -> str:
    """One line of at most `width` characters: newlines folded, an ellipsis if cut."""
    flat = " ".join(text.split())
    if width <= 1:
        return flat[: max(width, 0)]
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# -- export ---------------------------------------------------------------------------


def term_notes(terms: list[dict[str, Any]]) -> list[str]:
    """Glossary notes for CAT tools: "glossary: Niamey → Yamai (violated)"."""
    notes = []
    for term in terms:
        how = term.get("how") or ("found" if term.get("found") else "violated")
        if not term.get("found"):
            how = "violated"
        notes.append(f"glossary: {_violation_label(term)} ({how})")
    return notes


def quality_notes(row: dict[str, Any]) -> list[str]:
    """Why a translation is held or missing, for CAT tools:
    "quality: repetition — “niger” ×5", "failed: RuntimeError: ..."."""
    from translate.store.records import parse_flags

    notes = [f"quality: {f['reason']} — {f['detail']}" for f in parse_flags(row.get("flags"))]
    if (row.get("parts") or 1) > 1:
        notes.append(f"translated in {row['parts']} parts")
    if row.get("failure"):
        notes.append(f"failed: {row['failure']}")
    return notes


def exchange_segments(rows: list[dict[str, Any]]) -> list[Any]:
    """Store export rows → ExchangeSegment, with glossary, quality and review notes."""
    from translate.exchange import ExchangeSegment
    from translate.exchange import source_hash as exchange_hash
    from translate.store.records import parse_terms

    segments = []
    for row in rows:
        notes = term_notes(parse_terms(row["terms"])) + quality_notes(row)
        if row["final_text"] != row["machine_text"]:
            # A reviewer in a CAT tool should see what the machine proposed.
            notes.append(f"machine translation: {row['machine_text']}")
        if row.get("note"):
            notes.append(f"reviewer note: {row['note']}")
        segments.append(
            ExchangeSegment(
                segment_id=row["segment_id"],
                source=row["source_text"],
                target=row["final_text"],
                status=row["status"],
                source_lang=row.get("source_lang") or "en",
                target_lang=row["lang"],
                article=row["article"],
                notes=notes,
                source_hash=exchange_hash(row["source_text"]),
            )
        )
    return segments


def export_article(
    store: Store,
    article: str | None,
    lang: str,
    fmt: str,
    *,
    status: str | None = None,
    since: str | None = None,
) -> str:
    """The text of an export file: one article version in one language, or (``article``
    None) the whole memory of the language across articles. ``status``: only these
    statuses (comma-separated); ``since``: only translations updated since this date
    (YYYY-MM-DD, or a full ISO timestamp, UTC)."""
    from translate.exchange import TMX_STATUSES, export_po, export_tmx, export_xliff

    if fmt not in EXPORT_FORMATS:
        raise UsageError(
            _("unknown export format {format!r} (one of {formats})").format(
                format=fmt, formats=", ".join(EXPORT_FORMATS)
            )
        )
    statuses = _statuses(status)
    rows = store.export_rows(article, lang, statuses=statuses, since=_since(since))
    if not rows:
        if article is None:
            raise InputError(
                _("no {lang!r} translations match (status {status}, since {since})").format(
                    lang=lang, status=status or _("any"), since=since or _("ever")
                )
            )
        raise InputError(
            _("article {article!r} has no {lang!r} translations to export").format(
                article=article, lang=lang
            )
        )
    segments = exchange_segments(rows)
    if fmt == "po":
        label = rows[0]["article"] if article is not None else f"all ({lang})"
        return export_po(segments, target_lang=lang, article=label)
    if fmt == "tmx":
        return export_tmx(
            segments, source_lang=segments[0].source_lang, statuses=statuses or TMX_STATUSES
        )
    return export_xliff(segments, version="2.0" if fmt == "xliff2" else "1.2")


def _statuses(status: str | None) -> list[str] | None:
    statuses = [s.strip() for s in status.split(",") if s.strip()] if status else None
    for name in statuses or []:
        if name not in STATUSES:
            raise UsageError(
                _("unknown status {status!r} (one of {statuses})").format(
                    status=name, statuses=", ".join(STATUSES)
                )
            )
    return statuses


def _since(value: str | None) -> str | None:
    """A --since value as the store compares it (stored times are ISO-8601 UTC)."""
    from datetime import datetime

    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            _("--since {value!r} is not a date (YYYY-MM-DD or an ISO timestamp)").format(
                value=value
            )
        ) from None
    if moment.tzinfo is not None:
        from datetime import timezone

        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds")


def write_output(text: str, output: str) -> None:
    """Write to a file atomically (a half-written export never replaces a good one),
    or to stdout for "-"."""
    if output == "-":
        stream = sys.stdout  # a local: a failure here is reported as stdout's
        stream.write(text)
        stream.flush()
        return
    write_atomic(output, text, newline="\n")


# -- import ---------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or would do, with --dry-run)."""

    file: str
    edited: int = 0
    approved: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False
    edited_ids: list[int] = field(default_factory=list)
    approved_ids: list[int] = field(default_factory=list)
    unchanged_ids: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)  # segment ids, not applied
    forced: bool = False

    @property
    def applied_ids(self) -> list[int]:
        return sorted(self.edited_ids + self.approved_ids)

    def summary(self) -> str:
        return _(
            "{applied} applied ({edited} edited, {approved} approved), {unchanged} unchanged, "
            "{conflicts} conflicts, {skipped} skipped"
        ).format(
            applied=self.edited + self.approved,
            edited=self.edited,
            approved=self.approved,
            unchanged=self.unchanged,
            conflicts=len(self.conflicts),
            skipped=len(self.skipped),
        )

    def as_dict(self) -> dict[str, Any]:
        """Counts with segment ids: applied = edited + approved."""
        return {
            "file": self.file,
            "applied": self.edited + self.approved,
            "applied_ids": self.applied_ids,
            "edited": self.edited,
            "edited_ids": self.edited_ids,
            "approved": self.approved,
            "approved_ids": self.approved_ids,
            "unchanged": self.unchanged,
            "unchanged_ids": self.unchanged_ids,
            "conflict": len(self.conflicts),
            "conflict_ids": self.conflicts,
            "skipped": [{"segment_id": sid, "reason": why} for sid, why in self.skipped],
            "skipped_ids": [sid for sid, _why in self.skipped],
            "dry_run": self.dry_run,
            "force": self.forced,
        }


class _DryRun(Exception):
    """Raised inside the import transaction to roll it back after counting."""


def _normalize_lang(code: str) -> str:
    return code.strip().replace("_", "-").lower()


def _store_lang(code: str, known: set[str]) -> str:
    """The store's spelling of a file's language: "fr_FR" from Poedit is our "fr"."""
    normalized = _normalize_lang(code)
    if normalized in known:
        return normalized
    primary = normalized.split("-")[0]
    return primary if primary in known else normalized


def import_file(
    store: Store,
    path: Path,
    *,
    lang: str | None = None,
    who: str | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> ImportReport:
    """Apply a reviewed PO/XLIFF/TMX file; all of it or (malformed file) none of it.

    The language comes from the file or `lang`; when both are given they must agree.
    A unit whose source no longer matches the stored segment, or whose id is
    unknown, is skipped and reported, never applied. A unit edited in the file whose
    stored translation changed since the export is a conflict: reported, applied only
    with ``force`` (see Store.apply_import).
    """
    from translate.exchange import read_exchange

    imported = read_exchange(path)  # raises InputError naming file (and line) first
    known = {row[0] for row in store.db.execute("SELECT DISTINCT lang FROM translations")}
    wanted = _store_lang(lang, known) if lang else None
    changes: list[ImportChange] = []
    for segment in imported:
        file_lang = _store_lang(segment.target_lang, known) if segment.target_lang else None
        if wanted and file_lang and wanted.split("-")[0] != file_lang.split("-")[0]:
            raise UsageError(
                _("{path}: the file is in {file_lang!r}, but --lang says {lang!r}").format(
                    path=path, file_lang=segment.target_lang, lang=lang
                )
            )
        target_lang = wanted or file_lang
        if not target_lang:
            raise UsageError(
                _("{path}: the file names no target language; give --lang").format(path=path)
            )
        changes.append(
            ImportChange(
                segment_id=segment.segment_id,
                lang=target_lang,
                # Hash of the source as the file carries it: a source edited in the
                # file, or a segment changed since export, no longer matches ours.
                source_hash=source_hash(unicodedata.normalize("NFC", segment.source)),
                target=segment.target,
                final=segment.approved,
                base_digest=segment.base_digest,
                base_status=segment.base_status,
            )
        )
    result = _apply(store, changes, who, dry_run, path, force)
    return ImportReport(
        file=str(path),
        edited=result.edited,
        approved=result.approved,
        unchanged=result.unchanged,
        skipped=list(result.skipped),
        dry_run=dry_run,
        edited_ids=list(result.edited_ids),
        approved_ids=list(result.approved_ids),
        unchanged_ids=list(result.unchanged_ids),
        conflicts=list(result.conflicts),
        forced=force,
    )


def _require_a_match(path: Path, result: ImportResult) -> None:
    """A file none of whose units is a segment of this database was exported from
    another one (or long ago): say so rather than report "0 edited"."""
    from translate.store.review import SOURCE_CHANGED, UNKNOWN_SEGMENT

    matched = result.edited + result.approved + result.unchanged + len(result.conflicts)
    stale = {UNKNOWN_SEGMENT.format(segment_id=sid) for sid, _reason in result.skipped}
    stale.add(SOURCE_CHANGED)
    if not matched and result.skipped and all(why in stale for _sid, why in result.skipped):
        raise NoUsableInputError(
            _(
                "{path}: none of its {count} units matches a segment of this database "
                "(unknown ids or changed sources); nothing applied"
            ).format(path=path, count=len(result.skipped))
        )


def _apply(
    store: Store,
    changes: list[ImportChange],
    who: str | None,
    dry_run: bool,
    path: Path,
    force: bool = False,
) -> ImportResult:
    if not dry_run:
        for lang in {c.lang for c in changes}:
            _glossary(lang)  # loaded (and any glossary error raised) before writing
        # The import and the glossary check of the imported text: one transaction.
        with store.transaction():
            result = store.apply_import(changes, who, force=force)
            _require_a_match(path, result)
            recheck_reviewed(store, {(c.segment_id, c.lang) for c in changes})
        return result
    # Run the real import inside an outer transaction and roll it back, so a dry
    # run counts exactly what a real one would do.
    outcome: list[ImportResult] = []
    try:
        with store.transaction():
            outcome.append(store.apply_import(changes, who, force=force))
            raise _DryRun
    except _DryRun:
        pass
    _require_a_match(path, outcome[0])
    return outcome[0]


@functools.cache
def _glossary(lang: str) -> Any:
    from translate.glossary import default_glossary_paths, load_glossary

    return load_glossary(default_glossary_paths(lang), lang)


def check_terms(source: str, text: str, lang: str) -> list[dict[str, Any]]:
    """The glossary check of a reviewer's text, in the shape runs store: a human edit
    that drops a term is flagged like machine output, never silently shipped."""
    from translate.glossary import verify

    matches = _glossary(lang).find(source)
    return [
        {
            "term": check.term,
            "expected": check.expected,
            "found": check.found,
            "how": "reviewer" if check.found else "violated",
        }
        for check in verify(text, matches, lang)
    ]


def edit_translation(
    store: Store, translation_id: int, text: str, who: str | None, note: str | None = None
) -> dict[str, Any]:
    """Edit a translation and record the glossary check of the new text."""
    row = store.get_translation(translation_id)
    terms = check_terms(row["source_text"], text, row["lang"])
    return store.edit(translation_id, text, who, note=note, terms=terms)


def recheck_reviewed(store: Store, keys: set[tuple[int, str]]) -> None:
    """Re-check the glossary on imported human translations (edited or approved)."""
    for segment_id, lang in sorted(keys):
        rows = store.db.execute(
            "SELECT t.id, t.final_text, s.source_text FROM translations t"
            " JOIN segments s ON s.id = t.segment_id"
            " WHERE t.segment_id = ? AND t.lang = ? AND t.status IN ('edited', 'approved')",
            [segment_id, lang],
        ).fetchall()
        for translation_id, final_text, source_text in rows:
            store.set_terms(translation_id, check_terms(source_text, final_text, lang))
