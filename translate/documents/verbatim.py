"""Spans of plain text that must reach the output unchanged: URLs, e-mail addresses,
@handles and #hashtags (code spans and autolinks come from the markup, see
:func:`translate.documents.model.is_verbatim`).

Every pattern is linear: no nested quantifiers, and each match ends at whitespace or at
a character that cannot belong to the span.
"""

from __future__ import annotations

import re

_TRAILING = ".,;:!?'’\"”»"  # sentence punctuation after a URL is not part of it
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bmailto:|\bwww\.)[^\s<>\"«»“”]+",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A bare domain written in lower case with a common top-level domain: ecowas.int.
_DOMAIN = re.compile(
    r"(?<![\w@./-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|org|net|int|gov|edu|info|io|news|africa|fr|ne|ng|ml|bf|td|sn)\b"
    r"(?:/[^\s<>\"«»“”]*)?"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}(?![\w@])")
_HASHTAG = re.compile(r"(?<![\w#&])#(?=\w*[^\W\d])\w{1,100}")


def _url_end(text: str, start: int, end: int) -> int:
    """Trim trailing punctuation, and a closing bracket that the URL did not open."""
    opened = text.count("(", start, end)
    closed = text.count(")", start, end)
    while end > start:
        char = text[end - 1]
        if char in _TRAILING:
            end -= 1
        elif char == ")" and opened < closed:
            end -= 1
            closed -= 1
        else:
            break
    return end


def find_verbatim(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each URL, e-mail address, @handle and #hashtag in ``text``,
    sorted and non-overlapping (an e-mail address is not also a handle or a domain)."""
    found: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        end = _url_end(text, match.start(), match.end())
        if end > match.start():
            found.append((match.start(), end))
    for pattern in (_EMAIL, _DOMAIN, _HANDLE, _HASHTAG):
        for match in pattern.finditer(text):
            end = match.end()
            if pattern is _DOMAIN:
                end = _url_end(text, match.start(), end)
            found.append((match.start(), end))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda r: (r[0], -r[1])):
        if kept and start < kept[-1][1]:
            continue  # inside an earlier, longer span
        kept.append((start, end))
    return kept
