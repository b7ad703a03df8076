"""Ids of our rows (segments, translations): SQLite rowids, 1 to 2^63 - 1; and the one
source hash that identifies a source text in the store and in exchanged files; and the
workflow statuses a translation row moves through.

An id outside that range, from a file or an argument, is refused with a clear message;
SQLite itself would raise OverflowError.
"""

from __future__ import annotations

import hashlib
import unicodedata

MAX_ROW_ID = 2**63 - 1

#: Workflow statuses of a translation, in workflow order (the store enforces them with a
#: CHECK constraint; exchange files map them onto their own states).
STATUSES = ("machine", "needs_review", "edited", "approved", "rejected", "failed")


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
    """The first :data:`DIGEST_DIGITS` of :func:`source_hash`: what exchanged files carry,
    for a source (an import refuses a unit whose source changed since the export) and
    for the target an export was made from (so an import can tell whether the database
    moved on)."""
    return source_hash(text)[:DIGEST_DIGITS]


def shown_id(value: object) -> str:
    """An id as a message quotes it: a thousand digits are cut to 30 characters."""
    text = str(value)
    return text if len(text) <= 30 else text[:27] + "..."


#: Fewest hex digits of a source hash an exchanged file may carry (files write 12).
MIN_HASH_DIGITS = 8


def source_hash(text: str) -> str:
    """sha1 hex of the NFC form, so composed and decomposed accents hash alike. Exchanged
    files (PO, XLIFF, TMX) carry its first 12 digits."""
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def same_source(given: str, stored_hash: str) -> bool:
    """Whether a source hash from a file (the full hash, or a prefix of at least
    MIN_HASH_DIGITS digits) still describes the stored source."""
    given = given.strip().lower()
    if len(given) < MIN_HASH_DIGITS:
        return given == stored_hash
    return stored_hash.startswith(given)
