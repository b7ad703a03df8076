"""Ids of our rows (segments, translations): SQLite rowids, 1 to 2^63 - 1.

An id outside that range, from a file or an argument, is refused with a clear message;
SQLite itself would raise OverflowError.
"""

from __future__ import annotations

import hashlib
import unicodedata

MAX_ROW_ID = 2**63 - 1


def parse_row_id(value: str | None) -> int | None:
    """The id written in ``value`` (``"123"``), or None when it is not one of ours:
    not decimal digits, zero, or beyond MAX_ROW_ID (a thousand digits included)."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ROW_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ROW_ID else None


def valid_row_id(value: int) -> bool:
    return 1 <= value <= MAX_ROW_ID


#: Hex digits of a text digest as exchanged files carry it.
DIGEST_DIGITS = 12


def text_digest(text: str) -> str:
    """Short sha1 of the NFC form of a translation text: what an export records as the
    target it was made from, so an import can tell whether the database moved on."""
    data = unicodedata.normalize("NFC", text).encode("utf-8")
    return hashlib.sha1(data).hexdigest()[:DIGEST_DIGITS]
