"""Plain data exchanged with CAT tools: what we export, and what comes back."""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.documents.model import InlineSpan
from translate.errors import InputError
from translate.i18n import _
from translate.ids import (
    DIGEST_DIGITS,
    MAX_ROW_ID,
    STATUSES,
    parse_row_id,
    shown_id,
    text_digest,
)
from translate.records import FuzzyMatch

TOOL_ID = "translate-newsroom"


@dataclass
class ExchangeSegment:
    """One segment going out to a reviewer."""

    segment_id: int  # stable id in our db
    source: str
    target: str  # current target (final_text or machine_text)
    status: str  # machine | needs_review | edited | approved | rejected | failed
    source_lang: str  # "en"
    target_lang: str  # "fr" / "ha"
    article: str = ""  # article id, for context
    notes: list[str] = field(default_factory=list)  # e.g. "glossary: Niamey → Yamai (violated)"
    source_hash: str = ""  # short source hash (translate.ids.text_digest): stale imports
    #: The source's inline markup: tag k of ``source``/``target`` is ``markup[k - 1]``
    #: (``translate.tags``); with markup, both texts are tagged text.
    markup: list[InlineSpan] = field(default_factory=list)
    #: From the audit: who made the text and when, who changed it last and when (ISO
    #: UTC as stored; "" when unknown). TMX writes them as creationid/changeid.
    created_by: str = ""
    created_at: str = ""
    changed_by: str = ""
    changed_at: str = ""
    #: The base record to write when the file's target is not the stored one (an
    #: OmegaT project carries the source in <target>); "" for the target's own.
    base: str = ""
    #: Close approved translations of similar sources (the memory's fuzzy matches):
    #: written where the format has a place for them, never as the target.
    matches: list[FuzzyMatch] = field(default_factory=list)


@dataclass
class ImportedSegment:
    """One segment read back from a reviewed file.

    ``segment_id`` is the id the unit carries (PO ``msgctxt`` or ``#:`` reference, XLIFF
    unit id, TMX ``tuid``), None when it carries none. Only a unit of our own export
    (``exact``: it carries our ``base:`` record) is bound to it; any other unit is
    matched by its source text, the id only choosing among segments of that source
    (another tool's ids are its own: po2xliff numbers units 1, 2, 3...)."""

    segment_id: int | None
    source: str
    target: str
    approved: bool  # final/approved state in the file
    fuzzy: bool  # still fuzzy / needs review in the file
    # Target language the file declares ("" when it says none). Not compared, so
    # segments read from files with and without a language header still match.
    target_lang: str = field(default="", compare=False)
    # What the export held for this unit ("base: DIGEST STATUS", see base_note): ""
    # when the file does not say (another tool's file, an older export).
    base_digest: str = field(default="", compare=False)
    base_status: str = field(default="", compare=False)
    #: Why the unit's inline elements cannot be read as our tags ("" when they can):
    #: the unit is then skipped, never applied without its markup.
    problem: str = field(default="", compare=False)
    #: The unit carries our base record: its id is ours, never matched by source.
    exact: bool = field(default=False, compare=False)
    #: Who the file says made this translation (PO ``Last-Translator``, TMX/XLIFF
    #: ``changeid``, else ``creationid``); "" when it does not say.
    who: str = field(default="", compare=False)


#: How an export records the target and status a unit had (PO comment, XLIFF note,
#: TMX prop): "base: 1f0c2a9e33b4 approved". CAT tools keep notes and comments.
BASE_PREFIX = "base:"


def base_note(segment: ExchangeSegment) -> str:
    """The base record of a unit: ``DIGEST STATUS`` of the exported target."""
    return segment.base or f"{text_digest(segment.target)} {segment.status}"


def parse_base(text: str | None) -> tuple[str, str]:
    """(digest, status) of a base record, ``("", "")`` when it is not one."""
    parts = (text or "").split()
    if len(parts) == 2 and len(parts[0]) == DIGEST_DIGITS and parts[1] in STATUSES:
        digest = parts[0].lower()
        if all(char in "0123456789abcdef" for char in digest):
            return digest, parts[1]
    return "", ""


def tool_version() -> str:
    from translate import __version__

    return __version__


#: What a file's translator field says when nobody filled it in (msginit, xliff2po,
#: our own exports): no reviewer.
_PLACEHOLDER_NAMES = ("FULL NAME", "YEAR-MO-DA", TOOL_ID)


def reviewer_named(value: str | None) -> str:
    """The reviewer a file names (``Aïcha Moussa <aicha@example.org>``), "" for a
    placeholder or our own machine-translation stamp."""
    text = " ".join((value or "").split())
    if not text or any(text.startswith(name) for name in _PLACEHOLDER_NAMES):
        return ""
    return text[:200]


def unit_id(value: str | None) -> int | None:
    """The segment id a foreign unit's id may be (a hint, verified by source), or None."""
    return parse_row_id(value)


def checked_segment_id(value: str | None, where: str, malformed: str) -> int:
    """The segment id of a unit, or an InputError ``where: problem``.

    ``malformed`` is the reader's (translated) message for a value that is not an
    integer, with ``{value}``; out-of-range ids get a message of their own.
    """
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        shown = _("missing") if value is None else repr(value)
        raise InputError(f"{where}: " + malformed.format(value=shown))
    number = parse_row_id(text)
    if number is None:
        raise InputError(
            f"{where}: "
            + _("segment id {value} is out of range (1 to {maximum})").format(
                value=shown_id(text), maximum=MAX_ROW_ID
            )
        )
    return number
