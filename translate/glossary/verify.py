"""Checking a translation for the glossary terms its source requires.

The target is compared after NFC and with every apostrophe look-alike read as ';
case is ignored except for case-sensitive entries and acronyms. Hausa hooked
letters (ɓ ɗ ƙ ƴ) are distinct letters: "kasashe" does not satisfy "ƙasashe".
Words match whole, and French elision is transparent (l'armée, d'État, du Niger).
Each source occurrence needs its own target occurrence; the longest terms claim
their target spans first, so "Sahel" inside "Alliance des États du Sahel" is not
counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from translate.glossary.matching import _SEPARATOR, _WORD_SPLIT
from translate.glossary.model import Match, TermCheck, nfc, plain_apostrophes
from translate.lang import is_french, is_hausa

_FRENCH_ARTICLE = re.compile(r"^(?:le|la|les)\s+|^l'", re.IGNORECASE)


def _normalize_target(text: str, lang: str) -> str:
    if is_hausa(lang):
        # Either house convention (ʼy in Nigeria, ƴ in Niger) and typed stand-ins for
        # hooked letters (k'asa, ḳasa) read as the hooked spelling; hook-less words do
        # not (translate.localize.hausa).
        from translate.localize.hausa import matching_form

        return matching_form(text)
    return plain_apostrophes(nfc(text))


def _variants(form: str, lang: str) -> list[str]:
    form = _normalize_target(form, lang).strip()
    variants = [form]
    if is_french(lang):
        bare = _FRENCH_ARTICLE.sub("", form)
        if bare and bare != form:
            # "le Niger" is satisfied by "du Niger" / "au Niger".
            variants.append(bare)
    return variants


@lru_cache(maxsize=4096)
def _pattern(forms: tuple[str, ...], case_sensitive: bool, lang: str) -> re.Pattern[str]:
    variants = {v for f in forms for v in _variants(f, lang) if v}
    alternatives = []
    for variant in sorted(variants, key=len, reverse=True):
        words = [w for w in _WORD_SPLIT.split(variant) if w]
        alternatives.append(_SEPARATOR.join(re.escape(w) for w in words))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", flags)


def verify(target: str, matches: Sequence[Match], lang: str) -> list[TermCheck]:
    """One check per match, in source order: is its expected term in ``target``?"""
    text = _normalize_target(target, lang)
    groups: dict[tuple[tuple[str, ...], bool], list[int]] = {}
    for index, match in enumerate(matches):
        forms = match.alternatives or (match.expected,)
        groups.setdefault((tuple(forms), match.entry.case_sensitive), []).append(index)
    found = [False] * len(matches)
    taken: list[tuple[int, int]] = []
    # Longest forms claim their spans first (see module docstring).
    for (forms, case_sensitive), indexes in sorted(
        groups.items(), key=lambda item: -max(len(f) for f in item[0][0])
    ):
        if not any(forms):
            continue
        pattern = _pattern(forms, case_sensitive, lang)
        spans = [
            (hit.start(), hit.end())
            for hit in pattern.finditer(text)
            if all(hit.end() <= s or hit.start() >= e for s, e in taken)
        ]
        for index, span in zip(indexes, spans, strict=False):
            found[index] = True
            taken.append(span)
    return [
        TermCheck(term=m.entry.source, expected=m.expected, found=ok, match=m)
        for m, ok in zip(matches, found, strict=True)
    ]


def best_compliant(candidates: Sequence[str], matches: Sequence[Match], lang: str) -> int | None:
    """Index of the first candidate (best first) that has every required term, or None."""
    for index, candidate in enumerate(candidates):
        if all(check.found for check in verify(candidate, matches, lang)):
            return index
    return None
