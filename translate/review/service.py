"""The review service: the one place `translate review`, `translate tm` and
`translate stats` call. Each command is one method of :class:`Review`, over one
database that must already exist; the SQL behind them lives in ``translate.store``."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from translate.errors import StoreError
from translate.i18n import _
from translate.records import (
    AuditEvent,
    FuzzyMatch,
    ReviewDetail,
    ReviewItem,
    StoreStats,
    TmHit,
)
from translate.review import checks, export, imports, items
from translate.store import Store, open_store


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


class Review:
    """Review operations on one existing database; use as a context manager.

    ``readonly`` opens it without the write lock, for the commands that only read."""

    def __init__(self, db: Path | str, *, readonly: bool = False) -> None:
        self.store = open_existing(db, readonly=readonly)
        # The glossary checks of human text, against the glossaries of each
        # translation's run; what they could not check is in `warnings`.
        self.checker = checks.TermChecker(self.store)

    @property
    def warnings(self) -> list[str]:
        """What the glossary checks so far could not do as the run did (a glossary file
        of the run is gone), one line each; the CLI prints them."""
        return self.checker.warnings

    def __enter__(self) -> Review:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- reading --------------------------------------------------------------------

    def list_items(
        self,
        *,
        lang: str | None = None,
        status: str | None = None,
        article: str | None = None,
        limit: int | None = None,
        reason: str | None = None,
        search: str | None = None,
        all_versions: bool = False,
    ) -> list[ReviewItem]:
        """Review items (``items.list_items``): status and reason may be comma-separated;
        ``search``: words of the source or target, folded (apostrophes, hooked letters);
        each article's latest version only unless ``all_versions``."""
        return items.list_items(
            self.store,
            lang=lang,
            status=status,
            article=article,
            limit=limit,
            reason=reason,
            search=search,
            all_versions=all_versions,
        )

    def translation_of_segment(self, segment_id: int, lang: str | None = None) -> int:
        """The translation id of a segment id (in ``lang``; needed when it has several)."""
        return self.store.translation_of_segment(segment_id, lang)

    def show(self, translation_id: int) -> ReviewDetail:
        return items.show_item(self.store, translation_id)

    def current_text(self, translation_id: int) -> str:
        """The text a reviewer would edit: the translation's final text, its links and
        emphasis as numbered tags (``translate.tags``)."""
        return self.store.get_translation(translation_id).tagged_target

    # -- changing -------------------------------------------------------------------

    def edit(
        self, translation_id: int, text: str, who: str | None, note: str | None = None
    ) -> ReviewItem:
        """Edit a translation; the new text's glossary check is stored with it."""
        row = checks.edit_translation(self.checker, translation_id, text, who, note=note)
        return items.review_item(row)

    def approve(self, translation_id: int, who: str | None, *, force: bool = False) -> ReviewItem:
        """Approve a translation (and give it to every stored segment with the same
        source, terms and package). Refused (exit 3) while its text breaks the
        glossary, unless ``force``."""
        if not force:
            checks.refuse_violations(checks.approval_violations(self.checker, [translation_id]))
        return items.review_item(self.store.approve(translation_id, who))

    def approve_article(
        self, article: str | int, lang: str, who: str | None, *, force: bool = False
    ) -> int:
        """Approve every pending translation of an article in one language; returns how
        many. Refused as a whole while any of them breaks the glossary, unless ``force``."""
        if not force:
            pending = self.store.list_translations(
                lang=lang, article=article, status=["machine", "needs_review", "edited"]
            )
            checks.refuse_violations(
                checks.approval_violations(self.checker, [row.id for row in pending])
            )
        return self.store.approve_article(article, lang, who)

    def reject(self, translation_id: int, who: str | None, note: str | None = None) -> ReviewItem:
        return items.review_item(self.store.reject(translation_id, who, note=note))

    # -- exchange -------------------------------------------------------------------

    def export(
        self,
        article: str | None,
        lang: str,
        fmt: str,
        *,
        status: str | None = None,
        since: str | None = None,
    ) -> str:
        """The text of a PO/XLIFF/TMX file for one article version and language, or
        (``article`` None) for the whole memory of the language."""
        return export.export_article(self.store, article, lang, fmt, status=status, since=since)

    def export_omegat(
        self,
        article: str | None,
        lang: str,
        *,
        status: str | None = None,
        since: str | None = None,
    ) -> dict[str, str]:
        """The files of an OmegaT project (relative path → text): English to translate,
        reviewed translations inserted, machine ones as matches."""
        return export.export_omegat(self.store, article, lang, status=status, since=since)

    def import_file(
        self,
        path: Path,
        *,
        lang: str | None = None,
        who: str | None = None,
        dry_run: bool = False,
        force: bool = False,
        article: str | None = None,
        as_memory: bool = False,
    ) -> imports.ImportReport:
        """Apply a reviewed file, three-way: conflicts are reported, applied with force;
        units without an id of ours are matched by source (within ``article``), and
        those matching nothing kept as memory with ``as_memory``."""
        return imports.import_file(
            self.store, path, lang=lang, who=who, dry_run=dry_run, force=force,
            checker=self.checker, article=article, as_memory=as_memory,
        )  # fmt: skip

    # -- memory and figures ---------------------------------------------------------

    def tm_search(self, query: str, *, lang: str | None = None, limit: int = 50) -> list[TmHit]:
        """Full-text search of the translation memory."""
        return self.store.tm_search(query, lang=lang, limit=limit)

    def fuzzy(self, text: str, *, lang: str, limit: int = 5) -> list[FuzzyMatch]:
        """The closest reviewed translations of sources like ``text`` (≥ 75%)."""
        from translate.review.memory import fuzzy_matches

        return fuzzy_matches(self.store, text, lang, limit=limit)

    def history(
        self,
        *,
        since: str | None = None,
        who: str | None = None,
        article: str | None = None,
        lang: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEvent]:
        """The audit trail across translations, oldest first (``--since`` a date or ISO
        timestamp, UTC)."""
        return self.store.history(
            since=export.since_timestamp(since), who=who, article=article, lang=lang, limit=limit
        )

    def stats(self) -> StoreStats:
        """Counts of the database for `translate stats`."""
        return self.store.stats()
