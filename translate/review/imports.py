"""Import of reviewed CAT files: all of a file or (malformed) none of it, with the
glossary check of the imported text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate import tags
from translate.documents.model import InlineSpan
from translate.errors import NoUsableInputError, UsageError
from translate.exchange.model import ImportedSegment
from translate.i18n import N_, _, ngettext
from translate.ids import source_hash
from translate.lang import closest_code
from translate.review.checks import (
    GlossaryWarning,
    MarkupWarning,
    glossary_for,
    markup_flags,
    recheck_reviewed,
    text_problem,
)
from translate.store import ImportChange, ImportResult, Store
from translate.store.review import SOURCE_CHANGED, UNKNOWN_SEGMENT
from translate.tags import TagError


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
    #: Glossary terms the imported human text breaks (warned at once).
    glossary: list[GlossaryWarning] = field(default_factory=list)
    #: Inline tags the imported human text leaves out (warned at once, flagged).
    markup: list[MarkupWarning] = field(default_factory=list)

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
        """Counts with their segment ids; applied = edited + approved."""
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
            "glossary_warnings": [w.as_dict() for w in self.glossary],
            "markup_warnings": [w.as_dict() for w in self.markup],
        }


class _DryRun(Exception):
    """Raised inside the import transaction to roll it back after counting."""


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
    from translate.files import STDIN_NAME, is_stdin

    imported = read_exchange(path)  # raises InputError naming file (and line) first
    path = Path(STDIN_NAME) if is_stdin(path) else path  # what messages call it
    known = store.translation_langs()
    wanted = closest_code(lang, known) if lang else None
    changes: list[ImportChange] = []
    markups = store.segment_markup([segment.segment_id for segment in imported])
    broken: list[tuple[int, str]] = []
    for segment in imported:
        file_lang = closest_code(segment.target_lang, known) if segment.target_lang else None
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
        try:
            source, target, spans = read_tags(segment, markups.get(segment.segment_id, []))
        except TagError as error:
            # One unit with broken tags is skipped; the rest of the file still applies.
            broken.append((segment.segment_id, f"{BROKEN_TAGS}: {error}"))
            continue
        problem = text_problem(target)
        if problem is not None:  # an ESC typed in a CAT tool never reaches the article
            broken.append(
                (segment.segment_id, _("the target holds {problem}").format(problem=problem))
            )
            continue
        changes.append(
            ImportChange(
                segment_id=segment.segment_id,
                lang=target_lang,
                # Hash of the source as the file carries it: a source edited in the
                # file, or a segment changed since export, no longer matches ours.
                source_hash=source_hash(source),
                target=target,
                final=segment.approved,
                base_digest=segment.base_digest,
                base_status=segment.base_status,
                spans=spans,
            )
        )
    result, warnings, dropped = _apply(store, changes, who, dry_run, path, force)
    result.skipped = sorted([*result.skipped, *broken])
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
        glossary=warnings,
        markup=dropped,
    )


#: Skip reason of a unit whose inline tags do not fit its segment (then the problem).
BROKEN_TAGS = N_("broken inline tags")


def read_tags(
    segment: ImportedSegment, markup: list[InlineSpan]
) -> tuple[str, str, list[InlineSpan] | None]:
    """(source, target, spans) of an imported unit against its segment's ``markup``.

    A file that tags the source (our exports) has its target read strictly
    (``translate.tags.untag``; TagError when broken), its spans then stored with it.
    A file without tags (older exports, TMX, other tools) is plain text: None, and the
    renderer places the markup by string match. Tags on a segment without markup are
    dropped."""
    if segment.problem and markup:
        raise TagError(segment.problem)
    if not tags.has_tags(segment.source):
        return segment.source, segment.target, None
    if not markup:
        return tags.plain(segment.source), tags.plain(segment.target), None
    untagged = tags.untag(segment.target, markup)
    return tags.plain(segment.source), untagged.text, untagged.spans


def _require_a_match(path: Path, result: ImportResult) -> None:
    """A file none of whose units is a segment of this database was exported from
    another one (or long ago): say so rather than report "0 edited"."""
    matched = result.edited + result.approved + result.unchanged + len(result.conflicts)
    stale = {UNKNOWN_SEGMENT.format(segment_id=sid) for sid, _reason in result.skipped}
    stale.add(SOURCE_CHANGED)
    if not matched and result.skipped and all(why in stale for _sid, why in result.skipped):
        raise NoUsableInputError(
            ngettext(
                "{path}: its {count} unit matches no segment of this database "
                "(unknown id or changed source); nothing applied",
                "{path}: none of its {count} units matches a segment of this database "
                "(unknown ids or changed sources); nothing applied",
                len(result.skipped),
            ).format(path=path, count=len(result.skipped))
        )


def _apply(
    store: Store,
    changes: list[ImportChange],
    who: str | None,
    dry_run: bool,
    path: Path,
    force: bool = False,
) -> tuple[ImportResult, list[GlossaryWarning], list[MarkupWarning]]:
    if not dry_run:
        for lang in {c.lang for c in changes}:
            glossary_for(lang)  # loaded (and any glossary error raised) before writing
        # The import and the checks of the imported text: one transaction.
        with store.transaction():
            result = store.apply_import(changes, who, force=force)
            _require_a_match(path, result)
            applied = set(result.edited_ids + result.approved_ids)
            dropped = _flag_markup(store, [c for c in changes if c.segment_id in applied])
            warnings = recheck_reviewed(store, {(c.segment_id, c.lang) for c in changes})
        return result, [w for w in warnings if w.segment_id in applied], dropped
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
    return outcome[0], [], []


def _flag_markup(store: Store, changes: list[ImportChange]) -> list[MarkupWarning]:
    """Flag (and return) the applied units whose text leaves out tags of the source."""
    warnings = []
    for change in changes:
        if change.spans is None:
            continue
        row = store.get_translation(store.translation_of_segment(change.segment_id, change.lang))
        if not row["markup"]:
            continue
        flags = markup_flags(row["flags"], row["markup"], change.spans)
        store.set_terms(row["id"], row["terms"], flags=flags)
        warnings += [
            MarkupWarning(row["id"], change.segment_id, f["detail"])
            for f in flags
            if f["reason"] == "markup"
        ]
    return warnings


def skip_reason(segment_id: int, reason: str) -> str:
    """A skip reason in the interface language (the JSON report keeps the English one)."""
    if reason == UNKNOWN_SEGMENT.format(segment_id=segment_id):
        return _(UNKNOWN_SEGMENT).format(segment_id=segment_id)
    if reason.startswith(f"{BROKEN_TAGS}: "):  # the tag problem is already translated
        return _(BROKEN_TAGS) + reason[len(BROKEN_TAGS) :]
    return _(reason)  # the fixed reasons are msgids (N_ in translate.store.review)
