"""Concordance search over the FTS5 indexes, and summary statistics."""

from __future__ import annotations

from collections.abc import Sequence

from translate.errors import InputError
from translate.i18n import _
from translate.localize.folding import fold_for_search
from translate.records import (
    FuzzyMatch,
    GlossaryCounts,
    GlossaryStats,
    MemoryStats,
    StoreStats,
    TmHit,
)
from translate.store.base import StoreBase, guarded

_STATUS_ORDER = """CASE t.status WHEN 'approved' THEN 0 WHEN 'edited' THEN 1
    WHEN 'needs_review' THEN 2 WHEN 'machine' THEN 3 ELSE 4 END"""


def fts_phrase(query: str) -> str | None:
    """User text as one FTS5 phrase, or None when it holds no searchable word.

    Inside a double-quoted FTS5 string nothing is syntax (OR, NOT, -, ., :, *), and
    the tokenizer splits it the way it split the indexed text: `U.S.` becomes the
    phrase "u s", `air-defence` the phrase "air defence".
    """
    if not any(char.isalnum() for char in query):
        return None
    return '"' + query.replace('"', '""') + '"'


class SearchMixin(StoreBase):
    @guarded
    def tm_search(self, query: str, lang: str | None = None, limit: int = 50) -> list[TmHit]:
        """Translations whose source or target contains `query` as a phrase.

        Repeats of the same source/target pair (a dateline in every article) are
        folded into one row: the best status, most recently updated. Besides the FTS5
        phrase, the folded forms are compared (``tn_fold``: apostrophe variants and
        Hausa hooked letters), so ``ma'adinai`` finds ``maʼadinai``; stored text is
        never changed.
        """
        if limit < 1:
            raise InputError(_("search limit must be at least 1"))
        phrase = fts_phrase(query)
        folded = fold_for_search(query)
        if phrase is None or not folded.strip():
            return []
        rows = self._rows(
            f"""
            SELECT translation_id, segment_id, source_text, final_text, lang, status,
                   article, version
            FROM (
                SELECT t.id AS translation_id, s.id AS segment_id, s.source_text,
                       t.final_text, t.lang, t.status, a.doc_id AS article, a.version,
                       {_STATUS_ORDER} AS status_order, t.updated_at,
                       ROW_NUMBER() OVER (
                           PARTITION BY s.source_hash, t.lang, t.final_text
                           ORDER BY {_STATUS_ORDER}, t.updated_at DESC, t.id DESC
                       ) AS rank
                FROM translations t
                JOIN segments s ON s.id = t.segment_id
                JOIN articles a ON a.id = s.article_id
                WHERE (s.id IN (SELECT rowid FROM segments_fts WHERE segments_fts MATCH :q)
                       OR t.id IN (SELECT rowid FROM translations_fts
                                   WHERE translations_fts MATCH :q)
                       OR instr(tn_fold(s.source_text), :folded) > 0
                       OR instr(tn_fold(t.final_text), :folded) > 0)
                  AND (:lang IS NULL OR t.lang = :lang)
            )
            WHERE rank = 1
            ORDER BY status_order, updated_at DESC, translation_id DESC
            LIMIT :limit
            """,
            {"q": phrase, "folded": folded, "lang": lang, "limit": int(limit)},
        )
        return [TmHit(**row) for row in rows]

    @guarded
    def word_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """How many stored sources hold each word (as the FTS5 index tokenizes it):
        the index's own vocabulary, through a temporary fts5vocab table (so read-only
        databases need no schema change)."""
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.segments_vocab"
            " USING fts5vocab(main, 'segments_fts', 'row')"
        )
        found: dict[str, int] = {}
        for word in dict.fromkeys(words):
            # One equality each: fts5vocab reads only that term's doclist (IN would scan).
            row = self._one("SELECT doc FROM temp.segments_vocab WHERE term = ?", [word])
            if row is not None:
                found[word] = int(row["doc"])
        return found

    @guarded
    def memory_candidates(
        self, words: Sequence[str], lang: str, limit: int = 200, *, query: str | None = None
    ) -> list[FuzzyMatch]:
        """Approved and edited translations in ``lang`` whose source shares one of
        ``words`` with a text (or matches the FTS5 ``query``), best BM25 rank first (the
        FTS5 index of the sources): the few candidates fuzzy matching then scores, so a
        lookup stays fast however big the memory. One row per distinct source and
        translation."""
        query = query or " OR ".join('"' + w.replace('"', '""') + '"' for w in words if w)
        if not query:
            return []
        # The rank first, on the index alone (LIMIT inside): the join only sees the best.
        rows = self._rows(
            """
            SELECT t.id AS translation_id, s.id AS segment_id, s.source_text, t.final_text,
                   t.lang, t.status, a.doc_id AS article
            FROM (SELECT rowid, rank FROM segments_fts WHERE segments_fts MATCH :q
                  ORDER BY rank LIMIT :limit) f
            JOIN segments s ON s.id = f.rowid
            JOIN translations t ON t.segment_id = s.id AND t.lang = :lang
            JOIN articles a ON a.id = s.article_id
            WHERE t.status IN ('approved', 'edited')
            ORDER BY f.rank, t.status = 'approved' DESC, t.updated_at DESC
            """,
            {"q": query, "lang": lang, "limit": int(limit)},
        )
        seen: set[tuple[str, str]] = set()
        kept = []
        for row in rows:  # one row per distinct source and translation
            key = (row["source_text"], row["final_text"])
            if key not in seen:
                seen.add(key)
                kept.append(row)
        rows = kept
        return [FuzzyMatch(similarity=0.0, **row) for row in rows]  # scored by the caller

    @guarded
    def stats(self) -> StoreStats:
        """Counts for `translate stats`: statuses, glossary compliance, memory reuse."""
        by_lang: dict[str, dict[str, int]] = {}
        for row in self._rows(
            "SELECT lang, status, COUNT(*) AS n FROM translations GROUP BY lang, status"
            " ORDER BY lang, status"
        ):
            by_lang.setdefault(row["lang"], {})[row["status"]] = row["n"]

        # Per translation: terms expected vs found (rejected work does not ship).
        glossary_rows = self._rows(
            """
            SELECT lang, COUNT(*) AS with_terms,
                   SUM(satisfied = expected) AS compliant,
                   SUM(satisfied < expected) AS violating,
                   SUM(expected) AS expected, SUM(satisfied) AS satisfied
            FROM (
                SELECT t.lang, COUNT(*) AS expected,
                       SUM(CASE WHEN json_extract(j.value, '$.found') THEN 1 ELSE 0 END)
                           AS satisfied
                FROM translations t, json_each(t.terms) j
                WHERE t.status != 'rejected' AND json_valid(t.terms)
                  AND json_type(t.terms) = 'array' AND j.type = 'object'
                GROUP BY t.id
            )
            GROUP BY lang ORDER BY lang
            """
        )
        glossary: dict[str, GlossaryCounts] = {}
        for row in glossary_rows:
            counts = {key: int(row[key] or 0) for key in _GLOSSARY_COUNTS}
            glossary[row["lang"]] = GlossaryCounts(
                **counts, violated=counts["expected"] - counts["satisfied"]
            )
        total = GlossaryCounts(
            **{key: sum(getattr(g, key) for g in glossary.values()) for key in _GLOSSARY_COUNTS},
            violated=sum(g.violated for g in glossary.values()),
        )

        memory = self._one(
            """
            SELECT COALESCE(SUM(json_extract(counts, '$.reused')), 0) AS reused,
                   COALESCE(SUM(json_extract(counts, '$.translated')), 0) AS translated
            FROM runs WHERE json_valid(counts) AND json_type(counts) = 'object'
            """
        ) or {"reused": 0, "translated": 0}
        reused, translated = int(memory["reused"]), int(memory["translated"])
        done = reused + translated

        def count(sql: str) -> int:
            return int(self._scalar(sql) or 0)

        return StoreStats(
            articles=count("SELECT COUNT(DISTINCT source || char(0) || doc_id) FROM articles"),
            article_versions=count("SELECT COUNT(*) FROM articles"),
            segments=count("SELECT COUNT(*) FROM segments"),
            translations=count("SELECT COUNT(*) FROM translations"),
            runs=count("SELECT COUNT(*) FROM runs"),
            by_lang=by_lang,
            glossary=GlossaryStats(total=total, by_lang=glossary),
            memory=MemoryStats(
                reused=reused,
                translated=translated,
                reuse_rate=round(reused / done, 4) if done else None,
            ),
        )


_GLOSSARY_COUNTS = ("with_terms", "compliant", "violating", "expected", "satisfied")
