"""Import of reviewed CAT files: all of a file or (malformed) none of it, with the
glossary check of the imported text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from translate import tags
from translate.errors import InputError, NoUsableInputError, UsageError
from translate.exchange.model import ImportedSegment
from translate.i18n import N_, _, ngettext
from translate.ids import source_hash, text_digest
from translate.lang import closest_code, same_language
from translate.records import OPTIONAL, ArticleInput, InlineSpan, SegmentInput
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
    :func:`skip_reason` words it for the interface). A unit without an id of ours that
    matched no segment has ``segment_id`` None and its ``source``."""

    segment_id: int | None
    reason: str
    source: str = field(default="", metadata=OPTIONAL)


@dataclass(frozen=True)
class ConflictUnit:
    """A unit held back: edited in the file while the stored translation changed since
    the export (or, from a file that does not say what it was made from, a reviewer's
    translation it would replace)."""

    segment_id: int
    stored_status: str
    stored: str  # the text in the database
    imported: str  # the text in the file


@dataclass
class ImportReport:
    """What an import did (or would do, with --dry-run): counts by what was stored, with
    their segment ids (applied = approved + edited). Its fields are the JSON of
    `review import --json`."""

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
    conflicts: list[ConflictUnit] = field(default_factory=list)
    #: Units the file marks final whose text breaks the glossary: stored as edited (or
    #: left as they were), not approved; `--force` approves them.
    held: int = 0
    held_ids: list[int] = field(default_factory=list)
    #: Units matching no segment kept as translation memory (--as-memory): the segment
    #: ids of the memory article that holds them.
    memory: int = 0
    memory_ids: list[int] = field(default_factory=list)
    skipped: list[SkippedUnit] = field(default_factory=list)
    skipped_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    force: bool = False
    #: Glossary terms the imported human text breaks (warned at once).
    glossary_warnings: list[GlossaryWarning] = field(default_factory=list)
    #: Inline tags the imported human text leaves out (warned at once, flagged).
    markup_warnings: list[MarkupWarning] = field(default_factory=list)

    def summary(self) -> str:
        """``2 approved, 1 edited, 24 unchanged, 0 conflicts, 1 skipped``; held and
        memory units when there are any."""
        parts = [
            ngettext("{count} approved", "{count} approved", self.approved),
            ngettext("{count} edited", "{count} edited", self.edited),
            ngettext("{count} unchanged", "{count} unchanged", self.unchanged),
            ngettext("{count} conflict", "{count} conflicts", self.conflict),
            ngettext("{count} skipped", "{count} skipped", len(self.skipped)),
        ]
        counts = [self.approved, self.edited, self.unchanged, self.conflict, len(self.skipped)]
        if self.held:
            parts.append(
                ngettext(
                    "{count} held for the glossary", "{count} held for the glossary", self.held
                )
            )
            counts.append(self.held)
        if self.memory:
            parts.append(
                ngettext("{count} added to memory", "{count} added to memory", self.memory)
            )
            counts.append(self.memory)
        return ", ".join(p.format(count=n) for p, n in zip(parts, counts, strict=True))


class _DryRun(Exception):
    """Raised inside the import transaction to roll it back after counting."""


#: Skip reason of a unit without an id of ours whose source no stored segment has.
NO_MATCH = N_("no stored segment has this source (--as-memory keeps it as memory)")


def import_file(
    store: Store,
    path: Path,
    *,
    lang: str | None = None,
    who: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    checker: TermChecker | None = None,
    article: str | None = None,
    as_memory: bool = False,
) -> ImportReport:
    """Apply a reviewed PO/XLIFF/TMX file; all of it or (malformed file) none of it.

    The language comes from the file or `lang`; when both are given they must agree.
    A unit of our own export is bound to its segment id; any other unit (OmegaT's,
    translate-toolkit's, Trados's) is matched by source text, in the latest version of
    each article or of ``article``, and updates every segment it matches. A unit whose
    source no longer matches its stored segment, or whose id is unknown, is skipped;
    one that matches nothing is skipped too, or kept as translation memory
    (``as_memory``). A unit edited in the file whose stored translation changed since
    the export is a conflict: reported, applied only with ``force`` (see
    Store.apply_import). A unit the file marks final whose text breaks the glossary is
    stored as edited, not approved, unless ``force``. Each change is recorded as the
    reviewer the file names, else ``who``, else the OS user.
    """
    from translate.exchange import read_exchange
    from translate.files import STDIN_NAME, is_stdin

    imported = read_exchange(path)  # raises InputError naming file (and line) first
    path = Path(STDIN_NAME) if is_stdin(path) else path  # what messages call it
    known = store.translation_langs()
    wanted = closest_code(lang, known) if lang else None
    units: list[tuple[ImportedSegment, str]] = []
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
        units.append((segment, target_lang))
    matches, unmatched = _match(store, units, article)
    ids = [sid for targets in matches.values() for sid in targets]
    markups = store.segment_markup(ids)
    changes: list[ImportChange] = []
    broken: list[tuple[int, str]] = []
    for index, (segment, target_lang) in enumerate(units):
        if _source_copy(segment):  # OmegaT writes an untranslated segment as its source
            broken += [(sid, NOT_TRANSLATED) for sid in matches.get(index, [])]
            continue
        for segment_id in matches.get(index, []):
            try:
                source, target, spans = read_tags(segment, markups.get(segment_id, []))
            except TagError as error:
                # One unit with broken tags is skipped; the rest of the file still applies.
                broken.append((segment_id, f"{BROKEN_TAGS}: {error}"))
                continue
            problem = text_problem(target)
            if problem is not None:  # an ESC typed in a CAT tool never reaches the article
                broken.append((segment_id, _("the target holds {problem}").format(problem=problem)))
                continue
            changes.append(
                ImportChange(
                    segment_id=segment_id,
                    lang=target_lang,
                    # Hash of the source as the file carries it: a source edited in the
                    # file, or a segment changed since export, no longer matches ours.
                    source_hash=source_hash(source),
                    target=target,
                    final=segment.approved,
                    base_digest=segment.base_digest,
                    base_status=segment.base_status,
                    spans=spans,
                    who=segment.who,
                )
            )
    checker = checker or TermChecker(store)
    changes = _hold_violations(checker, changes)
    memory = [(units[i][0], units[i][1]) for i in unmatched] if as_memory else []
    result, warnings, dropped, memory_ids = _apply(
        checker, changes, who, dry_run, path, force, memory, len(unmatched)
    )
    skipped = sorted([*result.skipped, *broken])
    report = ImportReport(
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
        conflicts=_conflicts(store, changes, result.conflicts),
        held=len(result.held_ids),
        held_ids=list(result.held_ids),
        memory=len(memory_ids),
        memory_ids=memory_ids,
        skipped=[SkippedUnit(segment_id, reason) for segment_id, reason in skipped],
        skipped_ids=[segment_id for segment_id, _reason in skipped],
        dry_run=dry_run,
        force=force,
        glossary_warnings=warnings,
        markup_warnings=dropped,
    )
    if not as_memory:
        report.skipped += [SkippedUnit(None, NO_MATCH, units[i][0].source) for i in unmatched]
    return report


#: Skip reason of a unit of ours whose target is its source copied (not translated).
NOT_TRANSLATED = N_("not translated (the target is a copy of the source)")


def _source_copy(segment: ImportedSegment) -> bool:
    """A unit of our export whose target is its source although what we exported was
    not: OmegaT's copy of an untranslated segment (``--for omegat``), not a text."""
    return (
        segment.exact
        and segment.target.strip() == segment.source.strip()
        and segment.base_digest != text_digest(segment.source)
    )


def _match(
    store: Store, units: list[tuple[ImportedSegment, str]], article: str | None
) -> tuple[dict[int, list[int]], list[int]]:
    """The segments each unit (by index) applies to, and the units matching none.

    A unit of our export (``exact``) keeps its id, unless ``article`` leaves it out.
    Any other unit matches the segments whose source is its source (NFC, as the store
    hashes it) and that have a translation in its language; an id it carries that is
    one of them picks that one."""
    by_lang: dict[str, list[str]] = {}
    for segment, lang in units:
        if not segment.exact:
            by_lang.setdefault(lang, []).append(source_hash(tags.plain(segment.source)))
    found = {
        lang: store.segments_by_source(hashes, lang, article) for lang, hashes in by_lang.items()
    }
    allowed: set[int] | None = None
    if article is not None:
        allowed = {sid for lang in found for ids in found[lang].values() for sid in ids}
        exact_ids = [s.segment_id for s, _lang in units if s.exact and s.segment_id]
        if exact_ids:
            allowed |= set(store.article_segment_ids(article, exact_ids))
    matches: dict[int, list[int]] = {}
    unmatched: list[int] = []
    for index, (segment, lang) in enumerate(units):
        if segment.exact and segment.segment_id is not None:
            if allowed is None or segment.segment_id in allowed:
                matches[index] = [segment.segment_id]
            continue
        candidates = found[lang].get(source_hash(tags.plain(segment.source)), [])
        if segment.segment_id in candidates:
            matches[index] = [segment.segment_id]
        elif candidates:
            matches[index] = list(candidates)
        else:
            unmatched.append(index)
    return matches, unmatched


def _hold_violations(checker: TermChecker, changes: list[ImportChange]) -> list[ImportChange]:
    """Mark ``hold`` the final units whose text breaks the glossary their translation's
    run used: an import approves no more than `review approve` would."""
    held = []
    for change in changes:
        if change.final:
            try:
                translation_id = checker.store.translation_of_segment(
                    change.segment_id, change.lang
                )
            except InputError:
                held.append(change)  # unknown: apply_import skips it with the reason
                continue
            row = checker.store.get_translation(translation_id)
            if any(not term.found for term in checker.check(row, change.target)):
                change = replace(change, hold=True)
        held.append(change)
    return held


def _conflicts(store: Store, changes: list[ImportChange], ids: list[int]) -> list[ConflictUnit]:
    wanted = set(ids)
    found = []
    for change in changes:
        if change.segment_id not in wanted:
            continue
        row = store.get_translation(store.translation_of_segment(change.segment_id, change.lang))
        found.append(ConflictUnit(change.segment_id, row.status, row.final_text, change.target))
    return found


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


def _require_a_match(path: Path, result: ImportCounts, unmatched: int = 0) -> None:
    """A file none of whose units is a segment of this database was exported from
    another one (or long ago): say so rather than report "0 edited"."""
    matched = result.edited + result.approved + result.unchanged + len(result.conflicts)
    stale = {UNKNOWN_SEGMENT.format(segment_id=sid) for sid, _reason in result.skipped}
    stale.add(SOURCE_CHANGED)
    count = len(result.skipped) + unmatched
    if not matched and count and all(why in stale for _sid, why in result.skipped):
        raise NoUsableInputError(
            ngettext(
                "{path}: its {count} unit matches no segment of this database "
                "(unknown id or changed source); nothing applied",
                "{path}: none of its {count} units matches a segment of this database "
                "(unknown ids or changed sources); nothing applied",
                count,
            ).format(path=path, count=count)
        )


def _apply(
    checker: TermChecker,
    changes: list[ImportChange],
    who: str | None,
    dry_run: bool,
    path: Path,
    force: bool = False,
    memory: Sequence[tuple[ImportedSegment, str]] = (),
    unmatched: int = 0,
) -> tuple[ImportCounts, list[GlossaryWarning], list[MarkupWarning], list[int]]:
    store = checker.store
    if not dry_run:
        # The import and the checks of the imported text: one transaction.
        with store.transaction():
            result = store.apply_import(changes, who, force=force)
            memory_ids = _keep_as_memory(store, path, memory, who)
            if not memory_ids:
                _require_a_match(path, result, unmatched)
            applied = set(result.edited_ids + result.approved_ids)
            dropped = _flag_markup(store, [c for c in changes if c.segment_id in applied])
            warnings = recheck_reviewed(checker, {(c.segment_id, c.lang) for c in changes})
        return result, [w for w in warnings if w.segment_id in applied], dropped, memory_ids
    # Run the real import inside an outer transaction and roll it back, so a dry
    # run counts exactly what a real one would do.
    outcome: list[tuple[ImportCounts, list[int]]] = []
    try:
        with store.transaction():
            counts = store.apply_import(changes, who, force=force)
            outcome.append((counts, _keep_as_memory(store, path, memory, who)))
            raise _DryRun
    except _DryRun:
        pass
    counts, memory_ids = outcome[0]
    if not memory_ids:
        _require_a_match(path, counts, unmatched)
    return counts, [], [], memory_ids


def _keep_as_memory(
    store: Store, path: Path, units: Sequence[tuple[ImportedSegment, str]], who: str | None
) -> list[int]:
    """Units that match no segment, kept as translation memory: the segments of a
    memory article named after the file (``source`` ``memory:PATH``), one per
    language, each with its translation (approved when the file says so, else edited).
    Returns their segment ids. Later runs reuse them exactly as reviewed work."""
    from translate.store.columns import default_reviewer

    kept: list[int] = []
    by_lang: dict[str, list[ImportedSegment]] = {}
    for segment, lang in units:
        if segment.target.strip() and text_problem(segment.target) is None:
            by_lang.setdefault(lang, []).append(segment)
    for lang, segments in sorted(by_lang.items()):
        texts = [tags.plain(s.source) for s in segments]
        digest = source_hash("\n".join([lang, *texts]))
        record = store.add_article(
            ArticleInput(
                source=f"memory:{path.resolve() if path.name != '<stdin>' else path}",
                doc_id=f"memory-{path.stem}-{lang}",
                content_hash=digest,
                source_lang="en",
                title=None,
                segments=[SegmentInput("memory", i, text) for i, text in enumerate(texts)],
            )
        )
        fallback = who or default_reviewer()
        store.add_memory(
            record.segment_ids,
            lang,
            [(tags.plain(s.target), s.approved, s.who or fallback) for s in segments],
        )
        kept += record.segment_ids
    return kept


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


def skip_reason(segment_id: int | None, reason: str) -> str:
    """A skip reason in the interface language (the JSON report keeps the English one)."""
    if segment_id is not None and reason == UNKNOWN_SEGMENT.format(segment_id=segment_id):
        return _(UNKNOWN_SEGMENT).format(segment_id=segment_id)
    if reason.startswith(f"{BROKEN_TAGS}: "):  # the tag problem is already translated
        return _(BROKEN_TAGS) + reason[len(BROKEN_TAGS) :]
    return _(reason)  # the fixed reasons are msgids (N_ in translate.store.review)
