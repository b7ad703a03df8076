"""Language codes as packages, glossaries and exchange files spell them.

BCP 47 syntax: an ISO 639 primary subtag of 2–3 letters, then optional subtags of 1–8
letters or digits (``fr``, ``ha-NG``, ``pt-BR``, ``zh-Hant``). The POSIX ``_``
separator (``fr_FR`` from Poedit) is accepted too. Whether a language exists is not
judged here: Argos uses codes of its own (``zt``, ``pb``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: RFC 5646 recommends supporting tags of at least 35 characters.
MAX_LANGUAGE_CODE_LENGTH = 35

_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def is_language_code(value: object) -> bool:
    """Whether ``value`` is a string with the syntax of a language code."""
    return (
        isinstance(value, str)
        and len(value) <= MAX_LANGUAGE_CODE_LENGTH
        and _CODE.fullmatch(value) is not None
    )


@dataclass(frozen=True)
class LanguageTag:
    """A language as the user typed it, normalised once: ``code`` picks packages and
    glossaries (``fr``), ``locale`` formats dates and typography (``fr_NE``)."""

    code: str
    locale: str


def normalize_language(value: str) -> LanguageTag:
    """``FR`` → fr/fr, ``fr_NE`` and ``fr-ne`` → fr/fr_NE, ``ha-NG`` → ha/ha_NG.

    The primary subtag (lower case) is the package code; a region (2 letters or 3
    digits, upper-cased) makes the locale. A script or variant subtag is kept in the
    locale (``zh_Hant``). ValueError when ``value`` is not a language code."""
    text = value.strip()
    if not is_language_code(text):
        raise ValueError(value)
    primary, *rest = re.split(r"[-_]", text)
    code = primary.lower()
    parts = [code]
    for subtag in rest:
        if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            parts.append(subtag.upper())  # a region: NE, NG, 419
        elif len(subtag) == 4 and subtag.isalpha():
            parts.append(subtag.title())  # a script: Latn, Hant
        else:
            parts.append(subtag.lower())
    return LanguageTag(code=code, locale="_".join(parts))
