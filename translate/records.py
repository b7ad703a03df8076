"""The records that cross the layers: one vocabulary for documents, machine translation,
the store, review and the front ends.

Plain frozen dataclasses with no behaviour beyond reading themselves, so every layer can
import them: this module imports nothing of the project and nothing heavy. The store
turns them into its JSON columns and back (``translate.store.columns``); front ends print
them with ``dataclasses.asdict`` (``translate.cli.common.print_json``), so each JSON shape
is declared once, here, by its fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from typing import NamedTuple

#: Field metadata: the field is left out of a record's JSON while it has its default.
OPTIONAL = {"json": "omit default"}


def to_json(value: object) -> object:
    """A record as JSON data: its fields in order (``dataclasses.asdict``), less the
    :data:`OPTIONAL` ones still at their default; lists, tuples and dicts recursively.
    The one JSON form of every record: the store's columns and ``--json`` alike."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in fields(value)
            if not (f.metadata.get("json") and getattr(value, f.name) == f.default)
        }
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value


# --------------------------------------------------------------------------- text


@dataclass
class InlineSpan:
    """Inline markup around part of a segment's plain text.

    ``start``/``end`` are character offsets into the segment text (``start == end`` for a
    zero-width element such as ``<br>``); ``open``/``close`` are the raw markup re-inserted
    there on render, e.g. ``'<a href="x">'``/``'</a>'``, ``'**'``/``'**'``, ``'['``/``'](u)'``.
    """

    start: int
    end: int
    open: str
    close: str


# --------------------------------------------------------------------------- quality


@dataclass(frozen=True)
class Flag:
    """Why a translation is held for review (``reason``: one of
    ``translate.mt.quality.REASONS``)."""

    reason: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "detail": self.detail}  # = to_json(self)


#: Flag reasons a person's text is checked for (the inline tags it leaves out). Every
#: other reason describes the machine's text, and says nothing once a person replaced it.
HUMAN_CHECKS = ("markup",)


#: How a term reached the translation (``TermOutcome.how``):
#: ``copied`` the first hypothesis kept its placeholder; ``selected`` a lower-ranked
#: hypothesis did; ``replaced`` attention repair put it back; ``injected`` the target term
#: was written in by us rather than carried by the model from a placeholder (the retry
#: with the term written into the source, or a dateline rendered without the model);
#: ``reviewer`` a reviewer's edit keeps it; ``constrained`` it was forced as a decoding
#: prefix and the model wrote the rest (translate.mt.enforce); ``violated`` it is missing;
#: ``forbidden`` a rendering the glossary forbids for it is in the text.
HOWS = (
    "copied",
    "selected",
    "replaced",
    "constrained",
    "injected",
    "reviewer",
    "violated",
    "forbidden",
)


@dataclass(frozen=True)
class TermOutcome:
    """One glossary term's outcome in one translation, as stored with the row."""

    term: str
    expected: str
    found: bool
    how: str = ""
    # A verbatim span (code, URLs) enforced like a term; translate.mt.guard drops these
    # before anything is stored or reported.
    verbatim: bool = field(default=False, metadata=OPTIONAL)
    # The package's second-pass method (translate.mt.enforce: "placeholder" or
    # "constrain"; older rows: "placeholder+guard" or "best-of"), "" when none ran.
    strategy: str = field(default="", metadata=OPTIONAL)
    # With how "forbidden": the forbidden rendering found in the text.
    forbidden: str = field(default="", metadata=OPTIONAL)

    def as_dict(self) -> dict[str, object]:
        """The stored form: the four keys, and the optional ones only when set."""
        record = to_json(self)
        assert isinstance(record, dict)
        return record

    @classmethod
    def from_dict(cls, record: Mapping[str, object]) -> TermOutcome:
        """A stored outcome (older rows may lack ``how``)."""
        return cls(
            term=str(record.get("term", "")),
            expected=str(record.get("expected", "")),
            found=bool(record.get("found")),
            how=str(record.get("how") or ""),
            verbatim=bool(record.get("verbatim")),
            strategy=str(record.get("strategy") or ""),
            forbidden=str(record.get("forbidden") or ""),
        )


@dataclass(frozen=True)
class Violation:
    """A glossary term a translation breaks: ``term`` should read ``expected``."""

    term: str
    expected: str


def violations(terms: Sequence[TermOutcome]) -> list[Violation]:
    return [Violation(t.term, t.expected) for t in terms if not t.found]


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Skipped:
    """An input, a JSONL line or a file of a folder that a run skipped, and why.

    ``message`` is the one line stderr shows; ``input``, ``line`` (JSONL lines only)
    and ``id`` (when the line had a readable one) say the same for machines. ``after``:
    how many articles the run read before it, so its output line keeps its place."""

    input: str
    reason: str
    line: int | None = None
    id: str | None = None
    message: str = ""
    after: int = 0

    def __str__(self) -> str:
        return self.message or self.reason

    def as_dict(self) -> dict[str, object]:
        """The run report's ``skipped`` entry: ``input``, ``line``, ``id``, ``reason``."""
        return {"input": self.input, "line": self.line, "id": self.id, "reason": self.reason}


# --------------------------------------------------------------------------- store input


@dataclass(frozen=True)
class GlossarySelection:
    """Which glossaries a run used, as it chose them, recorded with the run so that a
    reviewer's edit is checked against the terms its translation was made with: the
    shipped and user glossaries (``defaults``) and the run's ``--glossary`` values
    (absolute paths, a ``LANG=`` prefix kept)."""

    files: tuple[str, ...] = ()
    defaults: bool = True


#: Statuses set by a person; machine output never overwrites them.
HUMAN_STATUSES = ("edited", "approved")


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
class ArticleRecord:
    """An article version as stored; `created` is False when it was already there."""

    id: int
    version: int
    created: bool
    segment_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class TranslationRow:
    """One translation as a run stores it (``Store.save_translations``): ``terms`` the
    glossary check, ``spans`` where the source's inline markup sits in the machine text
    (so a reuse from memory renders the same markup), ``flags`` why it is held."""

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
    terms: Sequence[TermOutcome] = ()
    spans: Sequence[InlineSpan] = ()
    score: float | None = None
    pivot: str | None = None
    run_id: int | None = None
    flags: Sequence[Flag] = ()
    parts: int = 1  # parts the source was translated in
    failure: str | None = None  # why a `failed` translation failed

    def __post_init__(self) -> None:
        if self.final_text is None:
            object.__setattr__(self, "final_text", self.machine_text)


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
    #: Who the file names for this unit ("": the importer's --reviewer, else the OS user).
    who: str = ""
    #: The text breaks the glossary: a ``final`` unit is stored as edited, not approved
    #: (as `review approve` refuses it), unless the import is forced.
    hold: bool = False


# --------------------------------------------------------------------------- store output


@dataclass(frozen=True)
class MemoryHit:
    """A reusable translation found in the memory for one source text."""

    text: str
    status: str
    terms: list[TermOutcome]
    translation_id: int
    score: float | None = None
    package: str = ""  # what produced it, so a copy into a new segment keeps provenance
    package_version: str = ""
    #: The markup placed on ``text``; None when a reviewer's text was stored without it
    #: (before tags existed): the renderer then finds it by string match.
    spans: list[InlineSpan] | None = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    parts: int = 1
    #: The inline markup of the source segment the hit was stored for (its tags).
    markup: list[InlineSpan] = field(default_factory=list)


@dataclass(frozen=True)
class StoredTranslation:
    """One stored translation with its segment and article, JSON columns decoded."""

    id: int
    segment_id: int
    article_id: int
    article: str  # the article's doc_id
    source: str  # where the article came from (file, feed)
    version: int
    source_lang: str
    position: int
    kind: str
    block: int
    lang: str
    status: str
    source_text: str
    source_hash: str
    machine_text: str
    final_text: str
    terms: list[TermOutcome]
    package: str
    package_version: str
    glossary_version: str
    term_key: str
    score: float | None
    pivot: str | None
    run_id: int | None
    reviewer: str | None
    note: str | None
    created_at: str
    updated_at: str
    flags: list[Flag]
    parts: int
    failure: str | None
    #: The inline markup of the source segment (its numbered tags).
    markup: list[InlineSpan]
    #: Where that markup sits in ``final_text``: the reviewer's tags, or the machine's
    #: spans while the text is the machine's; None when a person changed the text
    #: without placing tags.
    placed: list[InlineSpan] | None
    #: ``final_text`` with its markup as numbered tags (``translate.tags``), as exports
    #: write it and ``review edit`` takes it; the plain text when no markup is known.
    tagged_target: str

    @property
    def violations(self) -> list[Violation]:
        return violations(self.terms)


@dataclass(frozen=True)
class Snapshot:
    """A translation's reviewable columns before or after an audited change (older
    audit rows may lack some: None). ``flags`` is the stored JSON text."""

    machine_text: str | None = None
    final_text: str | None = None
    status: str | None = None
    package: str | None = None
    term_key: str | None = None
    reviewer: str | None = None
    note: str | None = None
    flags: str | None = None
    failure: str | None = None


@dataclass(frozen=True)
class AuditEvent:
    """One change of a translation, in its history. Read across translations (`review
    history`), it also says which translation, segment, language and article."""

    at: str
    who: str
    action: str  # one of translate.store.AUDIT_ACTIONS
    before: Snapshot | None
    after: Snapshot | None
    note: str | None
    translation_id: int | None = field(default=None, metadata=OPTIONAL)
    segment_id: int | None = field(default=None, metadata=OPTIONAL)
    lang: str | None = field(default=None, metadata=OPTIONAL)
    article: str | None = field(default=None, metadata=OPTIONAL)


@dataclass
class ImportCounts:
    """What ``Store.apply_import`` did; each change lands in exactly one bucket, and
    each bucket names its segment ids."""

    edited: int = 0
    approved: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    edited_ids: list[int] = field(default_factory=list)
    approved_ids: list[int] = field(default_factory=list)
    unchanged_ids: list[int] = field(default_factory=list)
    #: Units edited in the file whose stored translation changed since the export.
    conflicts: list[int] = field(default_factory=list)
    #: Units the file marks final whose text breaks the glossary: stored as edited (or
    #: left as they were), not approved.
    held_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class TmHit:
    """A translation memory entry a concordance search found (``translate tm search``)."""

    translation_id: int
    segment_id: int
    source_text: str
    final_text: str
    lang: str
    status: str
    article: str
    version: int


@dataclass(frozen=True)
class FuzzyMatch:
    """A reviewed translation of a source close to the one asked about (``review show``,
    ``tm search --fuzzy``, exports): ``similarity`` in percent (rapidfuzz's normalised
    Indel similarity of the folded texts), never used as a translation by runs."""

    similarity: float
    translation_id: int
    segment_id: int
    source_text: str
    final_text: str
    lang: str
    status: str
    article: str


@dataclass(frozen=True)
class GlossaryCounts:
    """Glossary compliance of stored translations (rejected ones left out)."""

    with_terms: int = 0  # translations with glossary terms
    compliant: int = 0  # ... all of them satisfied
    violating: int = 0  # ... some violated
    expected: int = 0  # terms expected
    satisfied: int = 0
    violated: int = 0


@dataclass(frozen=True)
class GlossaryStats:
    total: GlossaryCounts
    by_lang: dict[str, GlossaryCounts]


@dataclass(frozen=True)
class MemoryStats:
    """Segments runs took from the memory vs translated (over all runs)."""

    reused: int
    translated: int
    reuse_rate: float | None  # None before any segment was done


@dataclass(frozen=True)
class StoreStats:
    """What a database holds (``translate stats``)."""

    articles: int
    article_versions: int
    segments: int
    translations: int
    runs: int
    by_lang: dict[str, dict[str, int]]  # lang → status → translations
    glossary: GlossaryStats
    memory: MemoryStats


# --------------------------------------------------------------------------- review


@dataclass(frozen=True)
class ReviewItem:
    """One translation as ``review list`` shows it."""

    id: int
    segment_id: int
    article: str
    article_version: int
    position: int
    kind: str
    lang: str
    status: str
    source: str
    target: str
    machine_text: str
    violations: list[Violation]
    reviewer: str | None
    note: str | None
    updated_at: str
    flags: list[Flag]
    parts: int
    failure: str | None
    # Links and emphasis as numbered tags (translate.tags); equal to source/target when
    # the segment has none. `review edit --text` takes the tagged form.
    tagged_source: str
    tagged_target: str
    tags: list[str]  # what each tag stands for


@dataclass(frozen=True)
class ReviewDetail(ReviewItem):
    """One translation as ``review show`` shows it: the list item, its glossary terms,
    provenance and history."""

    terms: list[TermOutcome]
    package: str
    score: float | None
    pivot: str | None
    audit: list[AuditEvent]
    #: The closest reviewed translations of similar sources (similarity ≥ 75%).
    matches: list[FuzzyMatch] = field(default_factory=list)
