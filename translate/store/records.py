"""Plain values the store hands out, and small helpers shared by its modules."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple

from translate.documents.model import InlineSpan

#: Statuses set by a person; machine output never overwrites them.
HUMAN_STATUSES = ("edited", "approved")
RUN_STATUSES = ("running", "ok", "failed", "interrupted")
AUDIT_ACTIONS = ("translate", "retranslate", "edit", "approve", "reject", "import")


def utc_now() -> str:
    """ISO-8601 UTC with milliseconds: sorts as text and orders close events."""
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def default_reviewer() -> str:
    """Who a review action is recorded under: $TRANSLATE_REVIEWER, else the OS user."""
    name = os.environ.get("TRANSLATE_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # getuser raises various errors without a passwd entry or env
        return "unknown"


def parse_terms(raw: str | None) -> list[dict[str, Any]]:
    """The terms JSON column as a list of dicts; anything unreadable counts as none."""
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return []
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def parse_flags(raw: str | None) -> list[dict[str, str]]:
    """The flags JSON column as [{reason, detail}]; anything unreadable counts as none."""
    return [
        {"reason": str(item.get("reason", "")), "detail": str(item.get("detail", ""))}
        for item in parse_terms(raw)
    ]


def spans_json(spans: Sequence[InlineSpan]) -> str:
    """The JSON text of a spans column: [[start, end, open, close], ...]."""
    return json.dumps([[s.start, s.end, s.open, s.close] for s in spans])


def parse_spans(raw: str | None) -> list[InlineSpan] | None:
    """A spans column as InlineSpans; None for NULL (not recorded), [] when unreadable."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
        return [InlineSpan(int(a), int(b), str(o), str(c)) for a, b, o, c in value]
    except (TypeError, ValueError):
        return []


def final_spans(row: Mapping[str, Any]) -> list[InlineSpan] | None:
    """Where the markup sits in a translation's ``final_text``: the reviewer's tags,
    else the machine's spans when the text is still the machine's; None when a person
    changed the text without placing tags."""
    reviewed = parse_spans(row.get("final_spans"))
    if reviewed is not None:
        return reviewed
    if row.get("final_text") == row.get("machine_text"):
        return parse_spans(row.get("spans")) or []
    return None


def violations(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [term for term in terms if not term.get("found")]


@dataclass(frozen=True)
class ArticleRecord:
    """An article version as stored; `created` is False when it was already there."""

    id: int
    version: int
    created: bool
    segment_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class MemoryHit:
    """A reusable translation found in the memory for one source text."""

    text: str
    status: str
    terms: list[dict[str, Any]]
    translation_id: int
    score: float | None = None
    package: str = ""  # what produced it, so a copy into a new segment keeps provenance
    package_version: str = ""
    #: The markup placed on ``text``; None when a reviewer's text was stored without it
    #: (before tags existed): the renderer then finds it by string match.
    spans: list[InlineSpan] | None = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)  # [{reason, detail}]
    parts: int = 1
    #: The inline markup of the source segment the hit was stored for (its tags).
    markup: list[InlineSpan] = field(default_factory=list)


@dataclass(frozen=True)
class ImportChange:
    """One segment coming back from a CAT tool."""

    segment_id: int
    lang: str
    source_hash: str
    target: str
    final: bool
    # What the export that produced the file held (text digest, status): "" for files
    # that do not say (other tools, older exports). See translate.ids.text_digest.
    base_digest: str = ""
    base_status: str = ""
    #: The markup the reviewer placed on ``target`` (read from its tags); None when the
    #: file carried no tags for it (another tool's file, an older export, TMX).
    spans: list[InlineSpan] | None = None


@dataclass
class ImportResult:
    """What apply_import did; each change lands in exactly one bucket, and each
    bucket names its segment ids."""

    edited: int = 0
    approved: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    edited_ids: list[int] = field(default_factory=list)
    approved_ids: list[int] = field(default_factory=list)
    unchanged_ids: list[int] = field(default_factory=list)
    #: Units edited in the file whose stored translation changed since the export.
    conflicts: list[int] = field(default_factory=list)


class SegmentInput(NamedTuple):
    """One segment of an article to store: its kind, block number, source text and
    inline markup (links, emphasis), which review shows as numbered tags."""

    kind: str
    block: int
    text: str
    spans: Sequence[InlineSpan] = ()


@dataclass(frozen=True)
class ArticleInput:
    """An article version to store (``Store.add_article``)."""

    source: str
    doc_id: str
    content_hash: str
    source_lang: str
    title: str | None
    segments: Sequence[SegmentInput]


@dataclass(frozen=True)
class TranslationRow:
    """One row of the ``translations`` table as the store writes it (``save_translations``).

    JSON columns hold their JSON text: ``terms`` ([{term, expected, found, how}], see
    ``translate.mt.result.TermOutcome``), ``spans`` ([[start, end, open, close]], where the
    source's inline markup sits in the machine text, so a reuse from memory renders the
    same markup) and ``flags`` ([{reason, detail}], ``translate.mt.quality``)."""

    segment_id: int
    lang: str
    machine_text: str
    status: str
    final_text: str | None = None  # None: the machine text
    package: str = ""
    package_version: str = ""
    glossary_version: str = ""
    # No key means "no terms applied".
    term_key: str = ""
    terms: str = "[]"
    spans: str = "[]"
    score: float | None = None
    pivot: str | None = None
    run_id: int | None = None
    flags: str = "[]"
    parts: int = 1  # parts the source was translated in
    failure: str | None = None  # why a `failed` translation failed

    def __post_init__(self) -> None:
        if self.final_text is None:
            object.__setattr__(self, "final_text", self.machine_text)

    def columns(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any], index: int = 0) -> TranslationRow:
        """A row given as a mapping (older callers, tests), checked: ``InputError`` names
        the row and the missing fields."""
        from translate.errors import InputError
        from translate.i18n import _

        missing = [key for key in _REQUIRED if row.get(key) is None]
        if missing:
            raise InputError(
                _("translation row {index}: missing {fields}").format(
                    index=index, fields=", ".join(missing)
                )
            )
        final = row.get("final_text")
        return cls(
            segment_id=int(row["segment_id"]),
            lang=str(row["lang"]),
            machine_text=str(row["machine_text"]),
            final_text=str(row["machine_text"] if final is None else final),
            status=str(row["status"]),
            package=str(row.get("package") or ""),
            package_version=str(row.get("package_version") or ""),
            glossary_version=str(row.get("glossary_version") or ""),
            term_key=str(row.get("term_key") or ""),
            terms=json_text(row.get("terms")),
            spans=json.dumps(row.get("spans") or []),
            score=row.get("score"),
            pivot=row.get("pivot"),
            run_id=row.get("run_id"),
            flags=json_text(row.get("flags")),
            parts=int(row.get("parts") or 1),
            failure=row.get("failure"),
        )


_REQUIRED = ("segment_id", "lang", "machine_text", "status")


def json_text(value: Any) -> str:
    """A JSON list column's text: given text as is, a value dumped, nothing as ``[]``."""
    if value is None:
        return "[]"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
