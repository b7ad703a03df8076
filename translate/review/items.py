"""Reading review items: one translation as `review list`/`review show` present it."""

from __future__ import annotations

from translate import tags
from translate.errors import UsageError
from translate.i18n import _
from translate.records import (
    HUMAN_CHECKS,
    Flag,
    ReviewDetail,
    ReviewItem,
    StoredTranslation,
    TermOutcome,
)
from translate.store import STATUSES, Store


def violation_label(term: TermOutcome) -> str:
    return f"{term.term or '?'} → {term.expected or '?'}"


def _own_flags(row: StoredTranslation) -> list[Flag]:
    if row.final_text is None or row.final_text == row.machine_text:
        return list(row.flags)
    return [flag for flag in row.flags if flag.reason in HUMAN_CHECKS]


def review_item(row: StoredTranslation) -> ReviewItem:
    """One translation as `review list` shows it: the flags of the text that ships (a
    person's fix drops the machine text's flags)."""
    return ReviewItem(
        id=row.id,
        segment_id=row.segment_id,
        article=row.article,
        article_version=row.version,
        position=row.position,
        kind=row.kind,
        lang=row.lang,
        status=row.status,
        source=row.source_text,
        target=row.final_text,
        machine_text=row.machine_text,
        violations=row.violations,
        reviewer=row.reviewer,
        note=row.note,
        updated_at=row.updated_at,
        flags=_own_flags(row),
        parts=row.parts,
        failure=row.failure,
        tagged_source=tags.tag(row.source_text, row.markup, row.markup),
        tagged_target=row.tagged_target,
        tags=tags.legend(row.markup),
    )


def list_items(
    store: Store,
    *,
    lang: str | None = None,
    status: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    reason: str | None = None,
    search: str | None = None,
    all_versions: bool = False,
) -> list[ReviewItem]:
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
        lang=lang, status=statuses, article=article, limit=limit, reason=reasons, text=search,
        all_versions=all_versions,
    )  # fmt: skip
    return [review_item(row) for row in rows]


def show_item(store: Store, translation_id: int) -> ReviewDetail:
    """Everything about one translation: the list item plus terms, audit history and
    the memory's fuzzy matches for its source."""
    from translate.review.memory import fuzzy_matches

    row = store.get_translation(translation_id)
    return ReviewDetail(
        **vars(review_item(row)),
        terms=row.terms,
        package=row.package,
        score=row.score,
        pivot=row.pivot,
        audit=store.audit_for(translation_id),
        matches=fuzzy_matches(store, row.source_text, row.lang, exclude_segment=row.segment_id),
    )


def preview(text: str, width: int) -> str:
    """One line of at most `width` characters: newlines folded, an ellipsis if cut."""
    flat = " ".join(text.split())
    if width <= 1:
        return flat[: max(width, 0)]
    return flat if len(flat) <= width else flat[: width - 1] + "…"
