"""Export for CAT tools: stored rows → ExchangeSegment → PO, XLIFF or TMX text."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

from translate import tags
from translate.errors import InputError, UsageError
from translate.exchange.model import ExchangeSegment
from translate.files import write_atomic
from translate.i18n import _
from translate.ids import STATUSES, text_digest
from translate.records import HUMAN_STATUSES, FuzzyMatch, StoredTranslation, TermOutcome
from translate.review.items import violation_label
from translate.store import Store

#: Export formats of `translate review export`, with the file extension they suggest.
EXPORT_FORMATS = {"po": ".po", "xliff": ".xlf", "xliff2": ".xlf", "tmx": ".tmx"}


def term_notes(terms: list[TermOutcome]) -> list[str]:
    """Glossary notes for CAT tools: "glossary: Niamey → Yamai (violated)"."""
    notes = []
    for term in terms:
        how = (term.how or "found") if term.found else "violated"
        notes.append(f"glossary: {violation_label(term)} ({how})")
    return notes


def quality_notes(row: StoredTranslation) -> list[str]:
    """Why a translation is held or missing, for CAT tools:
    "quality: repetition — “niger” ×5", "failed: RuntimeError: ..."."""
    notes = [f"quality: {f.reason} — {f.detail}" for f in row.flags]
    if row.parts > 1:
        notes.append(f"translated in {row.parts} parts")
    if row.failure:
        notes.append(f"failed: {row.failure}")
    return notes


def exchange_segments(
    rows: list[StoredTranslation],
    audit: Mapping[int, tuple[str, str, str, str]] | None = None,
    matches: Mapping[int, list[FuzzyMatch]] | None = None,
) -> list[ExchangeSegment]:
    """Stored translations → ExchangeSegment, with glossary, quality and review notes;
    ``audit``: who made and last changed each translation, and when
    (``Store.audit_spans``); ``matches``: its fuzzy matches (``review.memory``)."""
    segments = []
    for row in rows:
        made_by, made_at, changed_by, changed_at = (audit or {}).get(row.id, ("", "", "", ""))
        notes = term_notes(row.terms) + quality_notes(row)
        if row.machine_text and row.final_text != row.machine_text:
            # A reviewer in a CAT tool should see what the machine proposed.
            notes.append(f"machine translation: {row.machine_text}")
        if row.note:
            notes.append(f"reviewer note: {row.note}")
        segments.append(
            ExchangeSegment(
                segment_id=row.segment_id,
                # Links and emphasis as numbered tags in both texts (translate.tags).
                source=tags.tag(row.source_text, row.markup, row.markup),
                target=row.tagged_target,
                status=row.status,
                source_lang=row.source_lang,
                target_lang=row.lang,
                article=row.article,
                notes=notes,
                source_hash=text_digest(row.source_text),
                markup=row.markup,
                created_by=made_by,
                created_at=made_at or row.created_at,
                changed_by=changed_by or row.reviewer or "",
                changed_at=changed_at or row.updated_at,
                matches=list((matches or {}).get(row.id, [])),
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
    rows = store.export_rows(article, lang, statuses=statuses, since=since_timestamp(since))
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
    audit = store.audit_spans([row.id for row in rows]) if fmt == "tmx" else None
    matches = _fuzzy(store, rows) if fmt != "tmx" else None
    segments = exchange_segments(rows, audit, matches)
    if fmt == "po":
        label = rows[0].article if article is not None else f"all ({lang})"
        return export_po(segments, target_lang=lang, article=label)
    if fmt == "tmx":
        return export_tmx(
            segments, source_lang=segments[0].source_lang, statuses=statuses or TMX_STATUSES
        )
    return export_xliff(segments, version="2.0" if fmt == "xliff2" else "1.2")


def export_omegat(
    store: Store,
    article: str | None,
    lang: str,
    *,
    status: str | None = None,
    since: str | None = None,
) -> dict[str, str]:
    """The files of an OmegaT project (relative path → text) of one article version, or
    of the whole memory of the language (``translate.exchange.omegat``)."""
    from translate.exchange.omegat import omegat_project

    rows = store.export_rows(
        article, lang, statuses=_statuses(status), since=since_timestamp(since)
    )
    if not rows:
        raise InputError(
            _("no {lang!r} translations match (status {status}, since {since})").format(
                lang=lang, status=status or _("any"), since=since or _("ever")
            )
        )
    audit = store.audit_spans([row.id for row in rows])
    name = rows[0].article if article is not None else f"memory-{lang}"
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".") or "article"
    return omegat_project(exchange_segments(rows, audit), name=safe, target_lang=lang)


def write_project(files: Mapping[str, str], folder: str) -> None:
    """Write a project's files under ``folder``, a new or empty folder (never one
    holding anything else: the export owns none of it)."""
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(
            _("{path}: an OmegaT project goes into a new or empty folder").format(path=folder)
        )
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text, newline="\n")


def _fuzzy(store: Store, rows: list[StoredTranslation]) -> dict[int, list[FuzzyMatch]]:
    """Fuzzy matches for the translations a reviewer still has to settle (not approved
    or edited): what XLIFF <alt-trans> and PO comments carry."""
    from translate.review.memory import fuzzy_matches

    return {
        row.id: fuzzy_matches(
            store, row.source_text, row.lang, limit=3, exclude_segment=row.segment_id
        )
        for row in rows
        if row.status not in HUMAN_STATUSES
    }


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


def since_timestamp(value: str | None) -> str | None:
    """A --since value as the store compares it (stored times are ISO-8601 UTC)."""
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
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds")


def write_export(text: str, output: str) -> None:
    """Write to a file atomically (a half-written export never replaces a good one),
    or to stdout for "-"."""
    if output == "-":
        stream = sys.stdout  # a local: a failure here is reported as stdout's
        stream.write(text)
        stream.flush()
        return
    write_atomic(output, text, newline="\n")
