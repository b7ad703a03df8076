"""Hausa house conventions: one spelling for output and for glossary matching.

Hausa is written with hooked letters ɓ ɗ ƙ and, in Niger, ƴ, where Nigeria writes
the glottalised y as ʼy ('yan, 'ya'ya). Web Hausa often drops the hooks (kasa for
ƙasa) or types stand-ins: an apostrophe after the letter (k'asa, d'an, b'arna),
letters with a dot below (ḳ ḍ ḅ) or the Ewe Ɖ for Ɗ. A convention per locale:

- ``ha_NE`` (Niger, the default for ``ha``): ƴ; ``ha_NG`` (Nigeria): ʼy.
- Both: NFC; stand-ins become the hooked letter; one apostrophe, U+02BC MODIFIER
  LETTER APOSTROPHE inside words (as ``locales/ha/typography.toml`` writes it).

``normalize`` is idempotent. ``matching_form`` is the convention-free spelling the
glossary compares (ʼy and ƴ alike), and ``hookless_count`` is the QA figure: how
many words of the output are a known glossary word with its hooks dropped.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from translate.lang import region

#: The one apostrophe of Hausa output (U+02BC), as in CLDR's Hausa data (Jummaʼa).
APOSTROPHE = "ʼ"
_APOSTROPHES = "'’‘ʼ′`´"
HOOKED = "ɓɗƙƴƁƊƘƳ"
_STRIP = str.maketrans("ɓɗƙƴƁƊƘƳ", "bdkyBDKY")
# Stand-ins typed for hooked letters on keyboards without them.
_DOTTED = str.maketrans({"ḅ": "ɓ", "ḍ": "ɗ", "ḳ": "ƙ", "Ḅ": "Ɓ", "Ḍ": "Ɗ", "Ḳ": "Ƙ", "Ɖ": "Ɗ"})
_APOSTROPHE_CLASS = "[" + _APOSTROPHES + "]"
# k'asa, d'an, b'arna: the letter, an apostrophe, a lower-case vowel (d'Ivoire stays).
_AFTER = re.compile(r"(?<!\w)([bdkBDK])" + _APOSTROPHE_CLASS + r"(?=[aeiou])")
_AFTER_INNER = re.compile(r"(?<=[aeiou])([bdk])" + _APOSTROPHE_CLASS + r"(?=[aeiou])")
_HOOK_OF = {"b": "ɓ", "d": "ɗ", "k": "ƙ", "B": "Ɓ", "D": "Ɗ", "K": "Ƙ"}
# The glottalised y: an apostrophe before y at a word start or after a vowel.
_GLOTTAL_Y = re.compile(r"(?:(?<!\w)|(?<=[aeiouAEIOU]))" + _APOSTROPHE_CLASS + r"([yY])")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)" + _APOSTROPHE_CLASS + r"(?=\w)")
_WORD = re.compile(r"\w+(?:" + _APOSTROPHE_CLASS + r"\w+)*")


@dataclass(frozen=True)
class HausaConvention:
    locale: str  # ha_NE or ha_NG
    hooked_y: bool  # ƴ (Niger) rather than ʼy (Nigeria)

    def normalize(self, text: str) -> str:
        """Output spelling: NFC, stand-ins → hooked letters, one apostrophe, y per locale."""
        text = _hooks(text)
        if self.hooked_y:
            text = _GLOTTAL_Y.sub(lambda m: "ƴ" if m.group(1) == "y" else "Ƴ", text)
        else:
            text = text.replace("ƴ", APOSTROPHE + "y").replace("Ƴ", APOSTROPHE + "Y")
        return _INNER_APOSTROPHE.sub(APOSTROPHE, _glottal_apostrophe(text))


def _glottal_apostrophe(text: str) -> str:
    """Any apostrophe of a glottal ʼy (word-initial too) becomes U+02BC."""
    return _GLOTTAL_Y.sub(lambda m: APOSTROPHE + m.group(1), text)


def _hooks(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_DOTTED)
    text = _AFTER.sub(lambda m: _HOOK_OF[m.group(1)], text)
    return _AFTER_INNER.sub(lambda m: _HOOK_OF[m.group(1)], text)


CONVENTIONS = {
    "ha_NE": HausaConvention("ha_NE", hooked_y=True),
    "ha_NG": HausaConvention("ha_NG", hooked_y=False),
}

#: Environment variable naming the house convention for ``ha`` output.
CONVENTION_ENV = "TRANSLATE_HAUSA_CONVENTION"


def convention_for(locale: str | None = None) -> HausaConvention:
    """The convention of ``locale`` (``ha``, ``ha_NE``, ``ha-NG``); plain ``ha`` uses
    ``$TRANSLATE_HAUSA_CONVENTION``, else Niger's."""
    found = region(locale or "ha") or region(os.environ.get(CONVENTION_ENV, ""))
    return CONVENTIONS.get(f"ha_{found}", CONVENTIONS["ha_NE"])


def normalize_output(text: str, locale: str | None = None) -> str:
    """Hausa output in the house convention (see :class:`HausaConvention`)."""
    return convention_for(locale).normalize(text)


def matching_form(text: str) -> str:
    """The spelling glossary matching compares: NFC, stand-ins hooked, apostrophes ASCII,
    ʼy read as ƴ, so a term is found in either locale's spelling."""
    text = _hooks(text)
    text = _GLOTTAL_Y.sub(lambda m: "ƴ" if m.group(1) == "y" else "Ƴ", text)
    return re.sub(_APOSTROPHE_CLASS, "'", text)


def strip_hooks(word: str) -> str:
    """ƙasa → kasa, ƴan → yan: the word as web Hausa types it without hooks."""
    return matching_form(word).translate(_STRIP)


@cache
def _known(words: tuple[str, ...]) -> dict[str, str]:
    """Hook-less form (casefolded) → hooked word, for words that have hooks."""
    found: dict[str, str] = {}
    for phrase in words:
        for word in _WORD.findall(matching_form(phrase)):
            if any(c in HOOKED for c in word):
                found.setdefault(strip_hooks(word).casefold(), word)
    return found


def hooked_words(targets: Iterable[str]) -> tuple[str, ...]:
    """The words with hooked letters in glossary targets (the "known words")."""
    return tuple(sorted({w for t in targets for w in _WORD.findall(matching_form(t))
                         if any(c in HOOKED for c in w)}))  # fmt: skip


def hookless_count(text: str, known_words: Iterable[str]) -> int:
    """How many words of ``text`` are a known hooked word written without its hooks
    (kasa for ƙasa, yan for ƴan). Stand-ins (k'asa, 'yan) are spellings, not misses."""
    known = _known(tuple(known_words))
    if not known:
        return 0
    words = _WORD.findall(matching_form(text))
    return sum(1 for w in words if not any(c in HOOKED for c in w) and w.casefold() in known)
