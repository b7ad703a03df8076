"""Language codes as packages, glossaries and exchange files spell them.

BCP 47 syntax: an ISO 639 primary subtag of 2–3 letters, then optional subtags of 1–8
letters or digits (``fr``, ``ha-NG``, ``pt-BR``, ``zh-Hant``). The POSIX ``_``
separator (``fr_FR`` from Poedit) is accepted too. Whether a language exists is not
judged here: Argos uses codes of its own (``zt``, ``pb``).
"""

from __future__ import annotations

import re

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
