"""Verbatim spans: inline code, URLs, e-mail addresses, handles and hashtags.

The documents layer marks them on each segment (``Segment.verbatim``: character
ranges), and inline code/autolink markup is verbatim too (``documents.is_verbatim``).
They go through the engine exactly like no-translate glossary terms — masked as
placeholders, restored afterwards, repaired or retried when the model drops one — but
they are never counted as glossary terms: each pseudo-match carries the ``verbatim``
flag, and its term record is removed before a result leaves ``translate.mt``.
Typography is never applied inside them (:func:`typeset_outside`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from translate.documents import Segment, is_verbatim
from translate.glossary import Entry, Match

VERBATIM_FLAG = "verbatim"


def segment_verbatim(segment: Segment) -> list[tuple[int, int]]:
    """The verbatim character ranges of a segment (``Segment.verbatim`` and its code
    markup), sorted, merged, within its text, whitespace at their edges left out."""
    text = segment.text
    ranges = [(a, b) for a, b in segment.verbatim]
    ranges += [(s.start, s.end) for s in segment.spans if is_verbatim(s)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, int(a)), min(len(text), int(b))) for a, b in ranges):
        # Whitespace at the edges belongs to the sentence, not to the code span.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def verbatim_matches(text: str, ranges: Iterable[tuple[int, int]]) -> list[Match]:
    """Each range as a no-translate pseudo-match of itself, marked ``verbatim``."""
    matches = []
    for start, end in ranges:
        surface = text[start:end]
        entry = Entry(
            source=surface,
            target=surface,
            flags=(VERBATIM_FLAG,),
            no_translate=True,
            case_sensitive=True,
            origin=VERBATIM_FLAG,
        )
        matches.append(Match(start, end, surface, entry, False, surface, (surface,)))
    return matches


def is_verbatim_match(match: Match | None) -> bool:
    return match is not None and VERBATIM_FLAG in match.entry.flags


def with_verbatim(glossary: Sequence[Match], verbatim: Sequence[Match]) -> list[Match]:
    """Glossary matches outside every verbatim span, plus the verbatim spans, in order
    (a term inside a URL or code span is not a term there)."""
    kept = [m for m in glossary if all(m.end <= v.start or m.start >= v.end for v in verbatim)]
    return sorted([*kept, *verbatim], key=lambda m: m.start)


def surfaces_in(text: str, surfaces: Iterable[str]) -> list[tuple[int, int]]:
    """Ranges of ``text`` holding the given surfaces (each occurrence, longest first,
    never overlapping): how a pivot leg finds the spans in its English input."""
    found: list[tuple[int, int]] = []
    for surface in sorted(set(surfaces), key=len, reverse=True):
        start = text.find(surface) if surface else -1
        while start >= 0:
            end = start + len(surface)
            if all(end <= a or start >= b for a, b in found):
                found.append((start, end))
            start = text.find(surface, end)
    return sorted(found)


def typeset_outside(text: str, surfaces: Sequence[str], typeset: Callable[[str], str]) -> str:
    """``typeset(text)`` with every verbatim surface left exactly as it is.

    Each surface is swapped for one private-use character (no typography rule touches
    those) while ``typeset`` runs, then put back.
    """
    present = [s for s in dict.fromkeys(surfaces) if s and s in text]
    if not present:
        return typeset(text)
    present.sort(key=len, reverse=True)
    marks = {chr(0xE000 + index): surface for index, surface in enumerate(present[:6000])}
    masked = text
    for mark, surface in marks.items():
        masked = masked.replace(surface, mark)
    result = typeset(masked)
    for mark, surface in marks.items():
        result = result.replace(mark, surface)
    return result
