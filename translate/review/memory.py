"""Fuzzy matches of the translation memory: the reviewed translations of sources close
to a given one, as OmegaT, Trados and Weblate show them, so a reviewer fixing a
sentence that differs from an approved one by a word does not start from scratch.

Candidates come from the FTS5 index of the sources (``Store.memory_candidates``: a few
hundred at most, whatever the size of the memory); rapidfuzz scores them. Runs never
use a fuzzy match as a translation: only exact matches are reused.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz

from translate.localize.folding import fold_for_search
from translate.records import FuzzyMatch
from translate.store import Store

#: Matches below this similarity (percent) are not shown: the threshold CAT tools use.
MIN_SIMILARITY = 75.0
#: Candidates scored per lookup, and words of the text they are looked up by.
CANDIDATES = 200
_QUERY_WORDS = 12
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


def query_words(text: str) -> list[str]:
    """The words a text's candidates are looked up by: its longest distinct words,
    common English words left out (longer words are rarer, so rank better)."""
    words = dict.fromkeys(
        w for w in _WORD.findall(text.casefold()) if len(w) > 2 and w not in _COMMON
    )
    return sorted(words, key=len, reverse=True)[:_QUERY_WORDS]


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
    for candidate in store.memory_candidates(query_words(text), lang, CANDIDATES):
        if candidate.segment_id == exclude_segment:
            continue
        score = similarity(text, candidate.source_text)
        if score >= minimum:
            found.append(replace(candidate, similarity=round(score, 1)))
    found.sort(key=lambda m: (-m.similarity, m.status != "approved", m.translation_id))
    return found[:limit]
