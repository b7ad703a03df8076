"""Placeholders around the engine: mask terms in the source, put targets back after.

Each matched span becomes ``⟦n⟧``; models copy such tokens through but sometimes
damage the spacing (``⟦ 0 ⟧``) or repeat one, which restore() tolerates. French
needs the article in front of the restored term to agree with it: the model wrote
"la ⟦0⟧" without knowing the term starts with a vowel, so "la armée" → "l'armée",
"de le" → "du", "du ⟦0⟧" before a vowel → "de l'".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from translate.glossary.model import Match
from translate.lang import is_french

_PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")


def token(index: int) -> str:
    return f"⟦{index}⟧"


def replace_span(text: str, start: int, end: int, replacement: str) -> str:
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} outside a text of {len(text)} characters")
    return text[:start] + replacement + text[end:]


def _replace_matches(text: str, matches: Sequence[Match], make: list[str]) -> str:
    # Right to left so that earlier offsets stay valid.
    ordered = sorted(zip(matches, make, strict=True), key=lambda pair: pair[0].start, reverse=True)
    last_start = len(text) + 1
    for match, replacement in ordered:
        if match.end > last_start:
            raise ValueError("matches overlap")
        text = replace_span(text, match.start, match.end, replacement)
        last_start = match.start
    return text


def inject(text: str, matches: Sequence[Match]) -> str:
    """The source with each term replaced by its target form (the "inject" strategy)."""
    return _replace_matches(text, matches, [m.expected for m in matches])


@dataclass(frozen=True)
class Protected:
    """A masked source and how to restore the model's output."""

    text: str
    source: str
    matches: tuple[Match, ...]
    lang: str = ""

    def missing(self, raw: str) -> list[str]:
        """Placeholders absent from a raw model output."""
        present = {int(m.group(1)) for m in _PLACEHOLDER.finditer(raw)}
        return [token(i) for i in range(len(self.matches)) if i not in present]

    def restore(self, target: str) -> tuple[str, list[str]]:
        """Put each term's expected form where the model left its placeholder.

        Returns the text and the placeholders that the model lost. Placeholders the
        model invented (an index we never issued) are left as they are.
        """
        french = is_french(self.lang)
        out = ""
        position = 0
        for hit in _PLACEHOLDER.finditer(target):
            index = int(hit.group(1))
            out += target[position : hit.start()]
            position = hit.end()
            if index >= len(self.matches):
                out += hit.group()
                continue
            match = self.matches[index]
            term = match.expected
            if french and "verbatim" not in match.entry.flags:  # code and URLs stay as is
                out, term = french_join(out, term)
            if _at_sentence_start(out) and term[:1].islower() and not match.entry.case_sensitive:
                term = term[0].upper() + term[1:]
            out += term
        out += target[position:]
        return out, self.missing(target)


def protect(text: str, matches: Sequence[Match], lang: str | None = None) -> Protected:
    """Replace each matched span by ``⟦0⟧``, ``⟦1⟧``... numbered in text order."""
    ordered = tuple(sorted(matches, key=lambda m: m.start))
    masked = _replace_matches(text, ordered, [token(i) for i in range(len(ordered))])
    if lang is None:
        lang = next((m.entry.lang for m in ordered if m.entry.lang), "")
    return Protected(masked, text, ordered, lang)


def _at_sentence_start(prefix: str) -> bool:
    """Nothing but quotes/dashes since the start or since the end of a sentence."""
    rest = prefix.rstrip(" \t\n«»\"“”'‘’(—–-")
    return not rest or rest.endswith((".", "!", "?", "…"))


# --- French elision and contraction -------------------------------------------------

#: Words that lose their vowel before a vowel sound: "le" → "l'", "que" → "qu'".
_ELIDED = {
    "le": "l",
    "la": "l",
    "de": "d",
    "que": "qu",
    "ne": "n",
    "je": "j",
    "me": "m",
    "te": "t",
    "se": "s",
    "jusque": "jusqu",
    "lorsque": "lorsqu",
    "puisque": "puisqu",
}
#: Contracted articles that, before a vowel, go back to preposition + l'.
_UNCONTRACT = {"du": "de", "au": "à"}
#: de/à + le/les contract: "de le Niger" → "du Niger".
_CONTRACT = {("de", "le"): "du", ("à", "le"): "au", ("de", "les"): "des", ("à", "les"): "aux"}
#: Common news words with a mute h (elided); any other h is treated as aspirated.
_H_MUET = (
    "habit",
    "heure",
    "hier",
    "histoi",
    "historiq",
    "homme",
    "hôpita",
    "hopita",
    "hôte",
    "hotel",
    "humain",
    "humanit",
    "hélico",
    "helico",
    "hebdo",
    "héritage",
    "hiver",
    "horizon",
    "huile",
)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# Accent-free once here, not on every call: the comparison is on accent-free text.
_H_MUET_BASES = tuple(_strip_accents(h) for h in _H_MUET)
_LAST_WORD = re.compile(r"(?<![\w'’])(\w+)(\s+)$")


def starts_with_vowel_sound(term: str) -> bool:
    head = unicodedata.normalize("NFD", term.lstrip('«"“ ')[:12]).casefold()
    base = "".join(c for c in head if not unicodedata.combining(c))
    if not base:
        return False
    if base[0] in "aeiouœæ":
        return True
    return base[0] == "h" and base.startswith(_H_MUET_BASES)


def _match_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def french_join(prefix: str, term: str) -> tuple[str, str]:
    """Make the article before ``term`` agree with it; returns (prefix, term) to join."""
    apostrophe = "’" if "’" in prefix else "'"
    # The term itself may begin with an article: "le Niger", "les États-Unis".
    first, _, rest = term.partition(" ")
    if first.lower() in ("le", "la") and rest and starts_with_vowel_sound(rest):
        term = _match_case(first, "l") + apostrophe + rest
        first, rest = term, ""
    found = _LAST_WORD.search(prefix)
    if found is None:
        return prefix, term
    word, space = found.group(1), found.group(2)
    before = prefix[: found.start()]
    low = word.lower()
    contracted = _CONTRACT.get((low, first.lower())) if rest else None
    if contracted:
        return before + _match_case(word, contracted) + " ", rest
    if not starts_with_vowel_sound(term):
        return prefix, term
    if low in _ELIDED:
        return before + _match_case(word, _ELIDED[low]) + apostrophe, term
    if low in _UNCONTRACT:
        return before + _match_case(word, _UNCONTRACT[low]) + " l" + apostrophe, term
    return before + word + space, term
