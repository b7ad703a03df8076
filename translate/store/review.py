"""Human review on top of the store: listing, edit/approve/reject, audit, CAT round trips."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from translate import tags
from translate.errors import InputError
from translate.i18n import N_, _
from translate.ids import STATUSES, same_source, text_digest
from translate.localize.folding import fold_for_search
from translate.records import (
    HUMAN_CHECKS,
    HUMAN_STATUSES,
    AuditEvent,
    Flag,
    ImportChange,
    ImportCounts,
    InlineSpan,
    StoredTranslation,
    TermOutcome,
)
from translate.store.base import StoreBase, chunked, guarded, inserted_id
from translate.store.columns import (
    Row,
    audit_event,
    default_reviewer,
    flags_json,
    parse_spans,
    placed_spans,
    spans_json,
    stored_translation,
    tagged_final,
    terms_json,
    utc_now,
)

#: Skip reasons of an import are data (the JSON report's "reason"): English here, marked
#: for the catalog so that the CLI can show them in the interface language.
UNKNOWN_SEGMENT = N_("unknown segment id {segment_id}")
SOURCE_CHANGED = N_("source changed since export")

_SELECT = """
SELECT t.id, t.segment_id, a.id AS article_id, a.doc_id AS article, a.source,
       a.version, a.source_lang, s.position, s.kind, s.block, t.lang, t.status,
       s.source_text, s.source_hash, t.machine_text, t.final_text, t.terms,
       t.package, t.package_version, t.glossary_version, t.term_key, t.score, t.pivot,
       t.run_id, t.reviewer, t.note, t.created_at, t.updated_at, t.flags, t.parts, t.failure,
       s.spans AS markup, t.spans, t.final_spans
FROM translations t
JOIN segments s ON s.id = t.segment_id
JOIN articles a ON a.id = s.article_id
"""


def _checked(change: Any, index: int) -> ImportChange:
    """Refuse a malformed change outright: the whole import then rolls back."""
    try:
        segment_id, lang = change.segment_id, change.lang
        digest, target, final = change.source_hash, change.target, change.final
    except AttributeError as exc:
        raise InputError(
            _("import change {index}: not an import change ({error})").format(
                index=index, error=exc
            )
        ) from None
    if isinstance(segment_id, bool) or not isinstance(segment_id, int):
        raise InputError(
            _("import change {index}: segment id {segment_id!r} is not a number").format(
                index=index, segment_id=segment_id
            )
        )
    for name, value in (("lang", lang), ("source hash", digest), ("target", target)):
        if not isinstance(value, str):
            raise InputError(
                _("import change {index}: {name} {value!r} is not text").format(
                    index=index, name=name, value=value
                )
            )
    base_digest = getattr(change, "base_digest", "") or ""
    base_status = getattr(change, "base_status", "") or ""
    if not isinstance(base_digest, str) or not isinstance(base_status, str):
        raise InputError(
            _("import change {index}: base {value!r} is not text").format(
                index=index, value=(base_digest, base_status)
            )
        )
    spans = getattr(change, "spans", None)
    who = getattr(change, "who", "") or ""
    if not isinstance(who, str):
        raise InputError(
            _("import change {index}: {name} {value!r} is not text").format(
                index=index, name="who", value=who
            )
        )
    return ImportChange(
        segment_id, lang, digest, target, bool(final), base_digest, base_status,
        None if spans is None else list(spans), who, bool(getattr(change, "hold", False)),
    )  # fmt: skip


class ReviewMixin(StoreBase):
    # -- reading ------------------------------------------------------------------
    @guarded
    def translation_langs(self) -> set[str]:
        """Every language the store holds translations in."""
        return {row["lang"] for row in self._rows("SELECT DISTINCT lang FROM translations")}

    @guarded
    def human_translations(self, segment_id: int, lang: str) -> list[StoredTranslation]:
        """A segment's edited or approved translation in ``lang``: what an import's
        glossary re-check reads."""
        rows = self._rows(
            _SELECT + " WHERE t.segment_id = ? AND t.lang = ?"
            " AND t.status IN ('edited', 'approved')",
            [segment_id, lang],
        )
        return [stored_translation(row) for row in rows]

    @guarded
    def list_translations(
        self,
        lang: str | None = None,
        status: str | Sequence[str] | None = None,
        article: str | int | None = None,
        limit: int | None = None,
        reason: str | Sequence[str] | None = None,
        text: str | None = None,
        all_versions: bool = False,
    ) -> list[StoredTranslation]:
        """Translations in article/segment order; `article` is a doc_id (latest version)
        or an article id, `status` one status or several, `reason` one quality-flag
        reason or several (translations flagged with any of them), `text` words the
        source or target contains (folded: apostrophes, Hausa hooked letters, case).
        Only each article's latest version unless `all_versions` (or an article id
        names an older one)."""
        where: list[str] = []
        params: list[Any] = []
        if text is not None and text.strip():
            folded = fold_for_search(text)
            where.append(
                "(instr(tn_fold(s.source_text), ?) > 0 OR instr(tn_fold(t.final_text), ?) > 0)"
            )
            params += [folded, folded]
        if lang is not None:
            where.append("t.lang = ?")
            params.append(lang)
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            unknown = [s for s in statuses if s not in STATUSES]
            if unknown:
                raise InputError(
                    _("unknown status {status!r} (one of {statuses})").format(
                        status=unknown[0], statuses=", ".join(STATUSES)
                    )
                )
            where.append(f"t.status IN ({','.join('?' * len(statuses))})")
            params += statuses
        if article is not None:
            where.append("a.id = ?")
            params.append(self._resolve_article(article))
        elif not all_versions:
            where.append(
                "a.version = (SELECT MAX(b.version) FROM articles b"
                " WHERE b.source = a.source AND b.doc_id = a.doc_id)"
            )
        if reason is not None:
            reasons = [reason] if isinstance(reason, str) else list(reason)
            # A person's text answers only for its own checks (records.HUMAN_CHECKS).
            where.append(
                "EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(t.flags) THEN t.flags"
                " ELSE '[]' END) f WHERE json_extract(f.value, '$.reason')"
                f" IN ({','.join('?' * len(reasons))})"
                " AND (t.final_text IS t.machine_text OR json_extract(f.value, '$.reason')"
                f" IN ({','.join('?' * len(HUMAN_CHECKS))})))"
            )
            params += [*reasons, *HUMAN_CHECKS]
        sql = _SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.id, s.position, t.lang"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, int(limit)))
        return [stored_translation(row) for row in self._rows(sql, params)]

    @guarded
    def segment_markup(self, segment_ids: Sequence[int]) -> dict[int, list[InlineSpan]]:
        """The inline markup of each segment (its numbered tags); segments stored
        without a record of it (before schema 3) have none."""
        found: dict[int, list[InlineSpan]] = {}
        for chunk in chunked(list(segment_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(f"SELECT id, spans FROM segments WHERE id IN ({marks})", chunk):
                found[int(row["id"])] = parse_spans(row["spans"]) or []
        return found

    @guarded
    def stored_statuses(self, segment_ids: Sequence[int], lang: str) -> dict[int, str]:
        """The stored status of each segment's translation in ``lang``: what a run
        report shows, so it never says "held for review" of an approved row."""
        found: dict[int, str] = {}
        for chunk in chunked(list(segment_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT segment_id, status FROM translations WHERE lang = ?"
                f" AND segment_id IN ({marks})",
                [lang, *chunk],
            ):
                found[int(row["segment_id"])] = str(row["status"])
        return found

    @guarded
    def translation_of_segment(self, segment_id: int, lang: str | None = None) -> int:
        """The translation id of a segment in ``lang`` (or its only language)."""
        rows = self._rows(
            "SELECT id, lang FROM translations WHERE segment_id = ? AND (? IS NULL OR lang = ?)"
            " ORDER BY lang",
            [segment_id, lang, lang],
        )
        if not rows:
            raise InputError(_("no translation of segment {id}").format(id=segment_id))
        if len(rows) > 1:
            raise InputError(
                _("segment {id} is translated into {langs}: give --lang").format(
                    id=segment_id, langs=", ".join(row["lang"] for row in rows)
                )
            )
        return int(rows[0]["id"])

    @guarded
    def get_translation(self, translation_id: int) -> StoredTranslation:
        row = self._one(_SELECT + " WHERE t.id = ?", [translation_id])
        if row is None:
            raise InputError(_("no translation with id {id}").format(id=translation_id))
        return stored_translation(row)

    @guarded
    def audit_for(self, translation_id: int) -> list[AuditEvent]:
        """The history of one translation, oldest first."""
        rows = self._rows(
            "SELECT * FROM audit WHERE translation_id = ? ORDER BY id", [translation_id]
        )
        return [audit_event(row) for row in rows]

    @guarded
    def segments_by_source(
        self, hashes: Sequence[str], lang: str, article: str | int | None = None
    ) -> dict[str, list[int]]:
        """Segments whose source has one of these hashes (``translate.ids.source_hash``)
        and a translation in ``lang``, by hash: in the latest version of each article,
        or of ``article``. What an import matches a unit without an id of ours to."""
        found: dict[str, list[int]] = {}
        where, extra = "", []
        if article is not None:
            where = " AND a.id = ?"
            extra = [self._resolve_article(article)]
        else:
            where = (
                " AND a.version = (SELECT MAX(b.version) FROM articles b"
                " WHERE b.source = a.source AND b.doc_id = a.doc_id)"
            )
        for chunk in chunked(list(dict.fromkeys(hashes))):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT s.id, s.source_hash FROM segments s"
                " JOIN articles a ON a.id = s.article_id"
                " JOIN translations t ON t.segment_id = s.id AND t.lang = ?"
                f" WHERE s.source_hash IN ({marks}){where} ORDER BY a.id, s.position",
                [lang, *chunk, *extra],
            ):
                found.setdefault(row["source_hash"], []).append(int(row["id"]))
        return found

    @guarded
    def article_segment_ids(self, article: str | int, segment_ids: Sequence[int]) -> list[int]:
        """Which of ``segment_ids`` belong to ``article`` (its latest version, or an
        article id)."""
        article_id = self._resolve_article(article)
        found: list[int] = []
        for chunk in chunked(list(segment_ids)):
            marks = ",".join("?" * len(chunk))
            found += [
                int(row["id"])
                for row in self._rows(
                    f"SELECT id FROM segments WHERE article_id = ? AND id IN ({marks})",
                    [article_id, *chunk],
                )
            ]
        return found

    @guarded
    def add_memory(
        self, segment_ids: Sequence[int], lang: str, units: Sequence[tuple[str, bool, str]]
    ) -> list[int]:
        """Human translations for segments of a memory article (``add_article``), one
        ``(text, approved, who)`` per segment: what an import of units matching no
        segment keeps for later runs. Returns the translation ids; an audit `import`
        row each."""
        ids: list[int] = []
        with self.transaction():
            now = utc_now()
            table = self.db.table("translations")
            for segment_id, (text, approved, who) in zip(segment_ids, units, strict=True):
                if self._one(
                    "SELECT id FROM translations WHERE segment_id = ? AND lang = ?",
                    [segment_id, lang],
                ):
                    continue
                row: Row = {
                    "segment_id": segment_id,
                    "lang": lang,
                    "machine_text": "",
                    "final_text": text,
                    "status": "approved" if approved else "edited",
                    "reviewer": who,
                    "created_at": now,
                    "updated_at": now,
                }
                table.insert(row)
                row["id"] = inserted_id(table)
                ids.append(int(row["id"]))
                self._audit("import", who, None, row, note="translation memory", at=now)
        return ids

    @guarded
    def history(
        self,
        *,
        since: str | None = None,
        who: str | None = None,
        article: str | int | None = None,
        lang: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEvent]:
        """The audit trail across translations, oldest first: changes at or after
        ``since`` (ISO, UTC as stored), by ``who``, of ``article``'s latest version (or
        an article id), in ``lang``; each event with its translation, segment, language
        and article."""
        where: list[str] = []
        params: list[Any] = []
        if since:
            where.append("u.at >= ?")
            params.append(since)
        if who:
            where.append("u.who = ?")
            params.append(who)
        if lang:
            where.append("u.lang = ?")
            params.append(lang)
        if article is not None:
            where.append("s.article_id = ?")
            params.append(self._resolve_article(article))
        sql = (
            "SELECT u.*, a.doc_id AS article FROM audit u"
            " LEFT JOIN segments s ON s.id = u.segment_id"
            " LEFT JOIN articles a ON a.id = s.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY u.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, int(limit)))
        return [audit_event(row, located=True) for row in self._rows(sql, params)]

    @guarded
    def audit_spans(self, translation_ids: Sequence[int]) -> dict[int, tuple[str, str, str, str]]:
        """``(first_who, first_at, last_who, last_at)`` of each translation's audit:
        who made the text first and who changed it last (a TMX export's creationid,
        creationdate, changeid, changedate)."""
        found: dict[int, tuple[str, str, str, str]] = {}
        for chunk in chunked(list(translation_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT translation_id AS id,"
                " (SELECT who FROM audit b WHERE b.translation_id = u.translation_id"
                "  ORDER BY b.id LIMIT 1) AS first_who, MIN(at) AS first_at,"
                " (SELECT who FROM audit b WHERE b.translation_id = u.translation_id"
                "  ORDER BY b.id DESC LIMIT 1) AS last_who, MAX(at) AS last_at"
                f" FROM audit u WHERE translation_id IN ({marks}) GROUP BY translation_id",
                chunk,
            ):
                found[int(row["id"])] = (
                    row["first_who"],
                    row["first_at"],
                    row["last_who"],
                    row["last_at"],
                )
        return found

    # -- review actions -----------------------------------------------------------

    def _change(
        self,
        before: Row,
        changes: Row,
        action: str,
        who: str,
        note: str | None = None,
    ) -> None:
        now = utc_now()
        self.db.table("translations").update(before["id"], {**changes, "updated_at": now})
        self._audit(action, who, before, {**before, **changes}, note=note, at=now)

    @guarded
    def edit(
        self,
        translation_id: int,
        text: str,
        who: str | None,
        note: str | None = None,
        terms: Sequence[TermOutcome] | None = None,
        spans: Sequence[InlineSpan] | None = None,
        flags: Sequence[Flag] | None = None,
    ) -> StoredTranslation:
        """Replace the shipping text; the translation becomes `edited` (needs approval).

        ``terms``: the glossary check of the new text, when the caller made one;
        ``spans``: the markup the reviewer placed on it (read from its tags);
        ``flags``: the translation's flags afresh (a markup flag set or cleared)."""
        if not text.strip():
            raise InputError(_("empty translation text: use reject to discard a translation"))
        who = who or default_reviewer()
        with self.transaction():
            before = self._translation(translation_id)
            placed = None if spans is None else spans_json(spans)
            unchanged = (
                before["final_text"] == text
                and before["status"] == "edited"
                and (placed is None or placed == before["final_spans"])
            )
            if not unchanged or (note is not None and note != before["note"]):
                changes: Row = {"final_text": text, "status": "edited", "reviewer": who}
                changes["final_spans"] = placed
                if note is not None:
                    changes["note"] = note
                if terms is not None:
                    changes["terms"] = terms_json(terms)
                if flags is not None:
                    changes["flags"] = flags_json(flags)
                self._change(before, changes, "edit", who, note)
        return self.get_translation(translation_id)

    @guarded
    def set_terms(
        self,
        translation_id: int,
        terms: Sequence[TermOutcome],
        flags: Sequence[Flag] | None = None,
    ) -> None:
        """Record a fresh glossary check (and, given ``flags``, fresh flags) of a
        translation's current text: derived data, not a change of the text, so no
        audit row."""
        with self.transaction():
            self._translation(translation_id)
            self.db.execute(
                "UPDATE translations SET terms = ? WHERE id = ?",
                [terms_json(terms), translation_id],
            )
            if flags is not None:
                self.db.execute(
                    "UPDATE translations SET flags = ? WHERE id = ?",
                    [flags_json(flags), translation_id],
                )

    @guarded
    def approve(self, translation_id: int, who: str | None) -> StoredTranslation:
        """Mark the current final_text as approved; approving twice changes nothing."""
        who = who or default_reviewer()
        with self.transaction():
            before = self._translation(translation_id)
            if before["status"] == "failed":
                raise InputError(
                    _(
                        "translation {id} failed and has no text to approve; give it one with "
                        "`translate review edit {id} --text ...`"
                    ).format(id=translation_id)
                )
            if before["status"] != "approved":
                self._change(before, {"status": "approved", "reviewer": who}, "approve", who)
            self._propagate(translation_id, who)
        return self.get_translation(translation_id)

    def _propagate(self, translation_id: int, who: str) -> list[int]:
        """Give an approved translation to every other stored segment with the same
        source text, glossary terms (term_key) and package in the same language, so
        their rows (and exports, and the next run's output) say what was approved.
        Each copy is an `approve` audit row naming where it came from; returns the ids
        changed. Call inside a transaction."""
        row = self._one(
            "SELECT t.*, s.source_hash, s.spans AS markup FROM translations t"
            " JOIN segments s ON s.id = t.segment_id WHERE t.id = ?",
            [translation_id],
        )
        if row is None or row["status"] != "approved":
            return []
        others = self._rows(
            "SELECT t.*, s.spans AS markup FROM translations t"
            " JOIN segments s ON s.id = t.segment_id"
            " WHERE s.source_hash = ? AND t.lang = ? AND t.term_key = ? AND t.package = ?"
            " AND t.id != ? AND (t.final_text != ? OR t.status != 'approved')",
            [
                row["source_hash"],
                row["lang"],
                row["term_key"],
                row["package"],
                row["id"],
                row["final_text"],
            ],
        )
        note = f"propagated from translation {translation_id}"
        placed = placed_spans(row)
        markup = parse_spans(row["markup"]) or []
        for other in others:
            changes = {
                "final_text": row["final_text"],
                "status": "approved",
                "reviewer": who,
                "terms": row["terms"],
                # The reviewer's tags, on the other segment's own markup (a link of the
                # same sentence may point elsewhere in another article).
                "final_spans": None
                if placed is None
                else spans_json(tags.remap(placed, markup, parse_spans(other["markup"]) or [])),
            }
            self._change(other, changes, "approve", who, note)
        return [other["id"] for other in others]

    @guarded
    def approve_article(self, article: str | int, lang: str, who: str | None) -> int:
        """Approve every translation of an article in `lang` that is not approved,
        rejected or failed (those need an edit first); returns how many were approved."""
        who = who or default_reviewer()
        with self.transaction():
            article_id = self._resolve_article(article)
            rows = self._rows(
                "SELECT t.* FROM translations t JOIN segments s ON s.id = t.segment_id"
                " WHERE s.article_id = ? AND t.lang = ?"
                " AND t.status NOT IN ('approved', 'rejected', 'failed') ORDER BY s.position",
                [article_id, lang],
            )
            for before in rows:
                self._change(before, {"status": "approved", "reviewer": who}, "approve", who)
            for before in rows:
                self._propagate(before["id"], who)
        return len(rows)

    @guarded
    def reject(
        self, translation_id: int, who: str | None, note: str | None = None
    ) -> StoredTranslation:
        """Mark a translation unusable: it is never reused and a rerun retranslates it."""
        who = who or default_reviewer()
        with self.transaction():
            before = self._translation(translation_id)
            if before["status"] != "rejected" or (note is not None and note != before["note"]):
                changes: Row = {"status": "rejected", "reviewer": who}
                if note is not None:
                    changes["note"] = note
                self._change(before, changes, "reject", who, note)
        return self.get_translation(translation_id)

    # -- CAT exchange -------------------------------------------------------------

    @guarded
    def export_rows(
        self,
        article: str | int | None,
        lang: str,
        *,
        statuses: Sequence[str] | None = None,
        since: str | None = None,
    ) -> list[StoredTranslation]:
        """Translated segments in order, for PO/XLIFF/TMX export: of one article version,
        or (``article`` None) of every article, the whole memory of ``lang``.

        ``statuses``: only these; ``since``: only translations updated at or after this
        ISO date or timestamp (UTC, as stored)."""
        where = ["t.lang = ?"]
        params: list[Any] = [lang]
        if article is not None:
            where.append("s.article_id = ?")
            params.append(self._resolve_article(article))
        if statuses:
            where.append(f"t.status IN ({','.join('?' * len(statuses))})")
            params += list(statuses)
        if since:
            where.append("t.updated_at >= ?")
            params.append(since)
        sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY a.id, s.position"
        return [stored_translation(row) for row in self._rows(sql, params)]

    @guarded
    def apply_import(
        self, changes: Sequence[ImportChange], who: str | None, *, force: bool = False
    ) -> ImportCounts:
        """Apply a reviewed exchange file in one transaction (all or nothing).

        Three-way: a change that says what its export held (``base_digest``,
        ``base_status``) and is unchanged against it changes nothing, whatever the
        database holds now (an old untouched file never undoes newer work); one edited in
        the file while the stored translation moved on since the export is a conflict,
        reported and not applied unless ``force``.

        Buckets, by what is stored afterwards: `approved` (the file's text, or the same
        text, now approved), `edited` (the file's text stored as edited), `unchanged`,
        `conflicts`, `skipped` with a reason (unknown segment, stale source, empty
        target). A ``final`` change marked ``hold`` (its text breaks the glossary) is
        stored as edited, or left as it is, unless ``force``: listed in `held_ids`.
        Each change is recorded as its ``who``, else ``who``, else the OS user.
        """
        fallback = who or default_reviewer()
        result = ImportCounts()
        approved: list[tuple[int, str]] = []
        with self.transaction():
            for index, raw in enumerate(changes):
                change = _checked(raw, index)
                actor = change.who or fallback
                before = self._one(
                    "SELECT t.*, s.source_text, s.source_hash, s.spans AS markup"
                    " FROM translations t"
                    " JOIN segments s ON s.id = t.segment_id"
                    " WHERE t.segment_id = ? AND t.lang = ?",
                    [change.segment_id, change.lang],
                )
                segment_id = change.segment_id
                if before is None:
                    result.skipped.append(
                        (segment_id, UNKNOWN_SEGMENT.format(segment_id=segment_id))
                    )
                    continue
                if not same_source(change.source_hash, before["source_hash"]):
                    result.skipped.append((segment_id, SOURCE_CHANGED))
                    continue
                if not change.target.strip():
                    # An untranslated entry in the file is not a request to blank ours.
                    result.skipped.append((segment_id, N_("empty target")))
                    continue
                # Exports record the digest of the tagged text, so moving a link is a
                # change; files without tags (older exports, TMX) compare plain text.
                markup = parse_spans(before["markup"]) or []
                imported = change.target
                if change.spans is not None and markup:
                    imported = tags.tag(change.target, change.spans, markup)
                current = tagged_final(before)
                stored = {current, before["final_text"]}
                changed_text = change.target != before["final_text"] or (
                    change.spans is not None and imported != current
                )
                if change.base_digest:
                    base_final = change.base_status == "approved"
                    untouched = (
                        text_digest(imported) == change.base_digest and change.final == base_final
                    )
                    if untouched:
                        result.unchanged += 1
                        result.unchanged_ids.append(segment_id)
                        continue
                    moved = (
                        change.base_digest not in {text_digest(text) for text in stored}
                        or before["status"] != change.base_status
                    )
                    wanted = changed_text or (change.final and before["status"] != "approved")
                    if moved and wanted and not force:
                        result.conflicts.append(segment_id)
                        continue
                elif changed_text and before["status"] in HUMAN_STATUSES and not force:
                    # The file does not say what it was made from (an older export, its
                    # `base:` lines stripped): it never replaces a reviewer's text unasked.
                    result.conflicts.append(segment_id)
                    continue
                final = change.final
                newly = changed_text or before["status"] != "approved"
                if final and change.hold and not force and newly:
                    final = False  # `review approve` would refuse it: stored, not approved
                    result.held_ids.append(segment_id)
                if changed_text:
                    status = "approved" if final else "edited"
                    updates: dict[str, str | None] = {
                        "final_text": change.target,
                        "status": status,
                        "reviewer": actor,
                    }
                    updates["final_spans"] = (
                        None if change.spans is None else spans_json(change.spans)
                    )
                    self._change(before, updates, "import", actor)
                    if final:
                        result.approved += 1
                        result.approved_ids.append(segment_id)
                        approved.append((before["id"], actor))
                    else:
                        result.edited += 1
                        result.edited_ids.append(segment_id)
                elif final and before["status"] != "approved":
                    self._change(before, {"status": "approved", "reviewer": actor}, "import", actor)
                    result.approved += 1
                    result.approved_ids.append(segment_id)
                    approved.append((before["id"], actor))
                else:
                    result.unchanged += 1
                    result.unchanged_ids.append(segment_id)
            for translation_id, actor in approved:  # only rows the file approved propagate
                self._propagate(translation_id, actor)
        return result
