"""Fitting a segment into what the model can take: split at clauses, then by tokens.

The engine knows its limits and counts tokens; this module knows clauses. A segment
whose tokens exceed the *part budget* (:func:`part_budget`) is cut, strongest boundary
first, into parts that each fit:

1. after ``;`` and ``:`` followed by a space, and at dashes (``—``, ``–``, spaced
   ``-``/``--``);
2. after ``,`` followed by a space;
3. before a conjunction or relative word (English: and, but, while, as, which, who,
   whereas, because, although, though, after, before, since, when, where, or, yet, so,
   that; French: et, mais, tandis que, alors que, qui, dont, où, car, lorsque, parce
   que, bien que, ou);
4. only then by tokens: at the last space that keeps the part within the budget, or
   inside a word that has no space at all.

At each level the pieces are packed greedily, left to right, into as few parts as fit;
a piece too long on its own is cut at the next level. Cuts never fall inside a
``keep_whole`` range (glossary terms, verbatim spans), so each term stays in one part.
No character but the whitespace between parts is ever dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from translate.lang import primary

#: Share of the source positions a part may use: the rest is room for what protection
#: adds (placeholders, terms written into the source on an injection retry).
SOURCE_SHARE = 0.9
#: A part's translation may need up to this many target tokens per source token; a
#: part is kept short enough for that translation to fit the target positions.
TARGET_RATIO = 1.5

_STRONG = re.compile(r"[;:](?=\s)|\s[—–]\s?|[—–](?=\w)|\s--?(?=\s)")
_COMMA = re.compile(r",(?=\s)")
_CONJUNCTIONS = {
    "en": (
        "and but while as which who whereas because although though after before since "
        "when where or yet so that"
    ),
    "fr": "et mais tandis alors qui dont où car lorsque parce bien ou",
}


@dataclass(frozen=True)
class Part:
    """A piece of a segment's text: ``text == segment_text[start:end]``."""

    start: int
    end: int
    text: str


def part_budget(source_limit: int, target_limit: int, prefix_tokens: int = 0) -> int:
    """Most source tokens one part may have for the model to read it and write its
    translation within its positions."""
    by_source = int(source_limit * SOURCE_SHARE)
    by_target = int((target_limit - prefix_tokens) / TARGET_RATIO)
    return max(8, min(by_source, by_target))


@cache
def _conjunctions(lang: str) -> re.Pattern[str]:
    words = _CONJUNCTIONS.get(primary(lang), _CONJUNCTIONS["en"]).split()
    return re.compile(r"\s(?=(?:" + "|".join(words) + r")\b)", re.IGNORECASE)


def _cut_points(text: str, start: int, end: int, level: int, lang: str) -> list[int]:
    """Offsets in ``text`` where a cut of this level may fall, inside (start, end)."""
    window = text[start:end]
    if level == 0:
        pattern = _STRONG
    elif level == 1:
        pattern = _COMMA
    else:
        pattern = _conjunctions(lang)
    points = []
    for match in pattern.finditer(window):
        # Punctuation stays with the part before it; a conjunction opens the next part.
        point = start + (match.end() if level < 2 else match.start())
        if start < point < end:
            points.append(point)
    return points


class _Fitter:
    def __init__(
        self,
        text: str,
        count: Callable[[str], int],
        budget: int,
        keep_whole: Sequence[tuple[int, int]],
        lang: str,
    ) -> None:
        self.text = text
        self.count = count
        self.budget = budget
        self.keep = sorted(keep_whole)
        self.lang = lang

    def fits(self, start: int, end: int) -> bool:
        return self.count(self.text[start:end].strip()) <= self.budget

    def allowed(self, point: int) -> bool:
        return not any(s < point < e for s, e in self.keep)

    def split(self, start: int, end: int, level: int = 0) -> list[tuple[int, int]]:
        if self.fits(start, end):
            return [(start, end)]
        if level > 2:
            return self.by_tokens(start, end)
        points = [
            p for p in _cut_points(self.text, start, end, level, self.lang) if self.allowed(p)
        ]
        if not points:
            return self.split(start, end, level + 1)
        bounds = [start, *points, end]
        pieces = list(pairwise(bounds))
        parts: list[tuple[int, int]] = []
        current: tuple[int, int] | None = None
        for piece in pieces:
            if current is not None and self.fits(current[0], piece[1]):
                current = (current[0], piece[1])
                continue
            if current is not None:
                parts.append(current)
                current = None
            if self.fits(*piece):
                current = piece
            else:
                parts += self.split(piece[0], piece[1], level + 1)
        if current is not None:
            parts.append(current)
        return parts

    def by_tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        """Cut at spaces (inside a word only where it has none) so each part fits."""
        parts = []
        while start < end and not self.fits(start, end):
            cut = self._longest_fit(start, end)
            parts.append((start, cut))
            start = cut
        if start < end:
            parts.append((start, end))
        return parts

    def _longest_fit(self, start: int, end: int) -> int:
        spaces = [
            m.start()
            for m in re.finditer(r"\s+", self.text[start:end])
            if m.start() > 0 and self.allowed(start + m.start())
        ]
        # A token covers at least one word piece: no part can hold more than `budget`
        # words, so the search never looks further (it stays linear in the text).
        candidates = [start + s for s in spaces[: self.budget + 1]]
        best = self._search(candidates, start)
        if best is not None:
            return best
        # No space that fits: cut inside the word, at a character boundary.
        limit = min(end, start + 64 * self.budget)
        characters = [p for p in range(start + 1, limit) if self.allowed(p)]
        best = self._search(characters, start)
        if best is not None:
            return best
        # Only a term or verbatim span longer than the budget is left: it stays whole
        # (the budget keeps a margin below the model's limit), cut right after it.
        allowed = [start + s for s in spaces] + characters
        return min(allowed) if allowed else end

    def _search(self, candidates: list[int], start: int) -> int | None:
        """The furthest candidate end that still fits (binary search: counts grow with
        the end)."""
        low, high, best = 0, len(candidates) - 1, None
        while low <= high:
            middle = (low + high) // 2
            if self.fits(start, candidates[middle]):
                best = candidates[middle]
                low = middle + 1
            else:
                high = middle - 1
        return best


def fit_parts(
    text: str,
    count_tokens: Callable[[str], int],
    budget: int,
    *,
    keep_whole: Sequence[tuple[int, int]] = (),
    lang: str = "en",
) -> list[Part]:
    """``text`` as one part if it fits ``budget`` tokens, else as parts that each fit
    (see the module docstring). Parts are stripped of surrounding whitespace."""
    fitter = _Fitter(text, count_tokens, budget, keep_whole, lang)
    parts = []
    for start, end in fitter.split(0, len(text)):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            parts.append(Part(start + lead, start + trail, piece[lead:trail]))
    return parts or [Part(0, len(text), text)]


_CLAUSE_END = ",;:—–-"
_SENTENCE_END = ".!?…"


def tidy_part(source: str, target: str, *, first: bool = True, context: str = "") -> str:
    """A part's translation as it goes into the joined sentence.

    Models finish every input as a sentence: a full stop the source clause does not
    have is dropped (its own clause punctuation kept), and a part after the first that
    starts in lowercase in the source loses the capital the model gave its first word —
    unless that word is capitalised in the source ``context`` too (a name) or is an
    acronym."""
    target = target.strip()
    source = source.strip()
    source_end = source[-1:]
    if target.endswith(".") and not target.endswith("..") and source_end not in _SENTENCE_END:
        target = target[:-1].rstrip()
        if source_end in _CLAUSE_END and not target.endswith(source_end):
            target += source_end
    if not first and source[:1].islower() and target[:1].isupper():
        word = re.match(r"\w+", target)
        name = word.group(0) if word else ""
        capitalised_in_source = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", context)
        if name and not name.isupper() and not capitalised_in_source:
            target = target[0].lower() + target[1:]
    return target


def join_parts(
    sources: Sequence[str], targets: Sequence[str], context: str = ""
) -> tuple[str, list[int]]:
    """The translations of a segment's parts as one text, and where each part starts.
    ``context``: the whole source segment (see :func:`tidy_part`)."""
    text = ""
    offsets = []
    for number, (source, target) in enumerate(zip(sources, targets, strict=True)):
        piece = tidy_part(source, target, first=number == 0, context=context)
        if text and piece:
            text += " "
        offsets.append(len(text))
        text += piece
    return text, offsets
