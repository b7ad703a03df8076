"""Fuzzy matches of the translation memory: the reviewed translations of sources close
to a given one, as OmegaT, Trados and Weblate show them, so a reviewer fixing a
sentence that differs from an approved one by a word does not start from scratch.

Candidates come from the FTS5 index of the sources (``Store.memory_candidates``: a few
hundred at most, whatever the size of the memory); rapidfuzz scores them. Runs never
use a fuzzy match as a translation: only exact matches are reused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from rapidfuzz import fuzz

from translate.localize.folding import fold_for_search
from translate.records import FuzzyMatch
from translate.store import Store

#: Matches below this similarity (percent) are not shown: the threshold CAT tools use.
MIN_SIMILARITY = 75.0
#: Candidates scored per lookup, and words of the text they are looked up by.
CANDIDATES = 100
_QUERY_WORDS = 6
_WORD = re.compile(r"\w+")
# Words in nearly every English sentence: they would rank half the memory, not a match.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "are",
        "was",
        "were",
        "with",
        "that",
        "this",
        "from",
        "have",
        "has",
        "had",
        "its",
        "his",
        "her",
        "their",
        "they",
        "not",
        "but",
        "said",
        "will",
        "would",
        "been",
        "into",
        "over",
        "after",
        "also",
        "which",
        "who",
    ]
)


def index_words(text: str) -> list[str]:
    """The distinct words of a text as the FTS5 index spells them (``unicode61
    remove_diacritics 2``: case and accents folded), common English words left out."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )
    return list(dict.fromkeys(w for w in _WORD.findall(plain) if len(w) > 2 and w not in _COMMON))


def query_words(store: Store, text: str) -> list[str]:
    """The words a text's candidates are looked up by: its rarest words in the stored
    sources (a rare word narrows the candidates to the few sentences that can be close;
    a word in every other sentence would rank half the memory)."""
    words = index_words(text)
    counts = store.word_frequencies(words)
    present = sorted((counts[w], w) for w in words if counts.get(w))
    return [w for _count, w in present[:_QUERY_WORDS]]


def fts_query(words: list[str]) -> str:
    """The FTS5 query of a text's rarest words: sources holding two of its three rarest
    (a sentence at least 75% similar keeps most of its words; asking for two narrows
    the candidates to a handful even where every word is common), or the one word."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words[:3]]
    if len(quoted) < 2:
        return " OR ".join(quoted)
    pairs = [(a, b) for i, a in enumerate(quoted) for b in quoted[i + 1 :]]
    return " OR ".join(f"({a} AND {b})" for a, b in pairs)


def similarity(first: str, second: str) -> float:
    """Percent similarity of two texts (rapidfuzz's normalised Indel distance), case,
    apostrophes and Hausa hooked letters folded as search folds them."""
    return float(fuzz.ratio(fold_for_search(first), fold_for_search(second)))


def fuzzy_matches(
    store: Store,
    text: str,
    lang: str,
    *,
    limit: int = 5,
    minimum: float = MIN_SIMILARITY,
    exclude_segment: int | None = None,
) -> list[FuzzyMatch]:
    """The closest reviewed (approved, then edited) translations in ``lang`` of sources
    like ``text``, most similar first, at least ``minimum`` percent; the segment
    ``exclude_segment`` (the one being reviewed) left out."""
    found = []
    words = query_words(store, text)
    for candidate in store.memory_candidates(words, lang, CANDIDATES, query=fts_query(words)):
        if candidate.segment_id == exclude_segment:
            continue
        score = similarity(text, candidate.source_text)
        if score >= minimum:
            found.append(replace(candidate, similarity=round(score, 1)))
    found.sort(key=lambda m: (-m.similarity, m.status != "approved", m.translation_id))
    return found[:limit]
