"""Import of reviewed CAT files: all of a file or (malformed) none of it, with the
glossary check of the imported text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translate import tags
from translate.errors import NoUsableInputError, UsageError
from translate.exchange.model import ImportedSegment
from translate.i18n import N_, _, ngettext
from translate.ids import source_hash
from translate.lang import closest_code, same_language
from translate.records import InlineSpan
from translate.review.checks import (
    GlossaryWarning,
    MarkupWarning,
    TermChecker,
    markup_flags,
    recheck_reviewed,
    text_problem,
)
from translate.store import ImportChange, ImportCounts, Store
from translate.store.review import SOURCE_CHANGED, UNKNOWN_SEGMENT
from translate.tags import TagError


@dataclass(frozen=True)
class SkippedUnit:
    """A unit of the file that was not applied, and why (English: the JSON's data;
    :func:`skip_reason` words it for the interface)."""

    segment_id: int
    reason: str


@dataclass
class ImportReport:
    """What an import did (or would do, with --dry-run): counts with their segment ids
    (applied = edited + approved). Its fields are the JSON of `review import --json`."""

    file: str
    applied: int = 0
    applied_ids: list[int] = field(default_factory=list)
    edited: int = 0
    edited_ids: list[int] = field(default_factory=list)
    approved: int = 0
    approved_ids: list[int] = field(default_factory=list)
    unchanged: int = 0
    unchanged_ids: list[int] = field(default_factory=list)
    #: Units edited in the file while the database changed since the export: not applied.
    conflict: int = 0
    conflict_ids: list[int] = field(default_factory=list)
    skipped: list[SkippedUnit] = field(default_factory=list)
    skipped_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    force: bool = False
    #: Glossary terms the imported human text breaks (warned at once).
    glossary_warnings: list[GlossaryWarning] = field(default_factory=list)
    #: Inline tags the imported human text leaves out (warned at once, flagged).
    markup_warnings: list[MarkupWarning] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "{applied} applied ({edited} edited, {approved} approved), {unchanged} unchanged, "
            "{conflicts} conflicts, {skipped} skipped"
        ).format(
            applied=self.applied,
            edited=self.edited,
            approved=self.approved,
            unchanged=self.unchanged,
            conflicts=self.conflict,
            skipped=len(self.skipped),
        )


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
    checker: TermChecker | None = None,
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
        if wanted and file_lang and not same_language(wanted, file_lang):
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
    checker = checker or TermChecker(store)
    result, warnings, dropped = _apply(checker, changes, who, dry_run, path, force)
    skipped = sorted([*result.skipped, *broken])
    return ImportReport(
        file=str(path),
        applied=result.edited + result.approved,
        applied_ids=sorted(result.edited_ids + result.approved_ids),
        edited=result.edited,
        edited_ids=list(result.edited_ids),
        approved=result.approved,
        approved_ids=list(result.approved_ids),
        unchanged=result.unchanged,
        unchanged_ids=list(result.unchanged_ids),
        conflict=len(result.conflicts),
        conflict_ids=list(result.conflicts),
        skipped=[SkippedUnit(segment_id, reason) for segment_id, reason in skipped],
        skipped_ids=[segment_id for segment_id, _reason in skipped],
        dry_run=dry_run,
        force=force,
        glossary_warnings=warnings,
        markup_warnings=dropped,
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


def _require_a_match(path: Path, result: ImportCounts) -> None:
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
    checker: TermChecker,
    changes: list[ImportChange],
    who: str | None,
    dry_run: bool,
    path: Path,
    force: bool = False,
) -> tuple[ImportCounts, list[GlossaryWarning], list[MarkupWarning]]:
    store = checker.store
    if not dry_run:
        # The import and the checks of the imported text: one transaction.
        with store.transaction():
            result = store.apply_import(changes, who, force=force)
            _require_a_match(path, result)
            applied = set(result.edited_ids + result.approved_ids)
            dropped = _flag_markup(store, [c for c in changes if c.segment_id in applied])
            warnings = recheck_reviewed(checker, {(c.segment_id, c.lang) for c in changes})
        return result, [w for w in warnings if w.segment_id in applied], dropped
    # Run the real import inside an outer transaction and roll it back, so a dry
    # run counts exactly what a real one would do.
    outcome: list[ImportCounts] = []
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
        if not row.markup:
            continue
        flags = markup_flags(row.flags, row.markup, change.spans)
        store.set_terms(row.id, row.terms, flags=flags)
        warnings += [
            MarkupWarning(row.id, change.segment_id, f.detail)
            for f in flags
            if f.reason == "markup"
        ]
    return warnings


def skip_reason(segment_id: int, reason: str) -> str:
    """A skip reason in the interface language (the JSON report keeps the English one)."""
    if reason == UNKNOWN_SEGMENT.format(segment_id=segment_id):
        return _(UNKNOWN_SEGMENT).format(segment_id=segment_id)
    if reason.startswith(f"{BROKEN_TAGS}: "):  # the tag problem is already translated
        return _(BROKEN_TAGS) + reason[len(BROKEN_TAGS) :]
    return _(reason)  # the fixed reasons are msgids (N_ in translate.store.review)
