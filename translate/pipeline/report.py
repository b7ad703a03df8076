"""The run report: typed per article and language; ``RunReport.as_dict()`` is the JSON
``translate run --json`` prints (its shape is a public interface), built from the
records below with ``dataclasses.asdict``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from translate.records import Flag, Skipped, TermOutcome

#: A JSON object as the report prints it (the JSON edge of the pipeline).
JsonObject = dict[str, object]


@dataclass(frozen=True)
class TermViolation:
    """A glossary term missing from one segment's translation."""

    segment_id: int
    term: str
    expected: str
    text: str
    status: str | None  # the stored status of the translation


@dataclass(frozen=True)
class ProposedTerm:
    """A fuzzy glossary entry met in a segment: reported, never enforced."""

    segment_id: int
    term: str
    proposed: str


@dataclass(frozen=True)
class FailedSegment:
    segment_id: int
    source: str
    reason: str


@dataclass(frozen=True)
class FlaggedSegment:
    segment_id: int
    flags: list[Flag]


@dataclass(frozen=True)
class ArticleViolation:
    """A :class:`TermViolation` with its article, over a whole run."""

    article: str
    segment_id: int
    term: str
    expected: str
    text: str
    status: str | None


@dataclass(frozen=True)
class ArticleProposal:
    article: str
    segment_id: int
    term: str
    proposed: str


@dataclass(frozen=True)
class ArticleFailure:
    """A :class:`FailedSegment` with its article and language, over a whole run."""

    article: str
    lang: str
    segment_id: int
    source: str
    reason: str


@dataclass
class QualitySummary:
    """Failed and flagged segments of one article in one language, for the run report."""

    failed: list[FailedSegment] = field(default_factory=list)
    flagged: list[FlaggedSegment] = field(default_factory=list)
    split: int = 0  # segments translated in several parts

    def add(
        self,
        segment_id: int,
        source: str,
        *,
        failure: str | None,
        flags: Sequence[Flag],
        parts: int,
    ) -> None:
        if failure is not None:
            self.failed.append(FailedSegment(segment_id, source, failure))
        if flags:
            self.flagged.append(FlaggedSegment(segment_id, list(flags)))
        if parts > 1:
            self.split += 1

    def by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.flagged:
            for reason in dict.fromkeys(f.reason for f in item.flags):
                counts[reason] = counts.get(reason, 0) + 1
        return dict(sorted(counts.items()))

    def as_dict(self) -> JsonObject:
        return {
            "failed": [asdict(f) for f in self.failed],
            "flagged": [asdict(f) for f in self.flagged],
            "flag_counts": self.by_reason(),
            "split": self.split,
        }


@dataclass
class GlossarySummary:
    """Glossary terms of one article in one language: expected, satisfied, violated."""

    version: str = ""
    expected: int = 0
    satisfied: int = 0
    violated: int = 0
    violations: list[TermViolation] = field(default_factory=list)
    # Fuzzy entries met, reported for the glossary's reviewers, never enforced.
    proposed: list[ProposedTerm] = field(default_factory=list)
    # The package's second-pass method (translate.mt.enforce), once a term ran it.
    strategy: str = ""
    # Glossary segments translated by this run, by where enforcement settled them
    # (translate.mt.enforce.STAGES: first decode, alignment repair, second decode).
    passes: dict[str, int] = field(default_factory=dict)
    # Hausa only: output words that are a glossary word without its hooks (kasa, ƙasa).
    hookless: int | None = None
    # Every term outcome counted, in segment order (``translate text --json``, the
    # server's ``terms``); not part of the run report's JSON.
    terms: list[TermOutcome] = field(default_factory=list)

    def count(
        self, terms: list[TermOutcome], segment_id: int, text: str, status: str | None = None
    ) -> None:
        """``status``: the stored status of the segment's translation, as reports show it."""
        self.terms += terms
        for term in terms:
            if term.strategy:
                self.strategy = term.strategy
            self.expected += 1
            if term.found:
                self.satisfied += 1
            else:
                self.violated += 1
                self.violations.append(
                    TermViolation(segment_id, term.term, term.expected, text, status)
                )

    def count_pass(self, stage: str) -> None:
        if stage:
            self.passes[stage] = self.passes.get(stage, 0) + 1

    def as_dict(self) -> JsonObject:
        return {
            "version": self.version,
            "expected": self.expected,
            "satisfied": self.satisfied,
            "violated": self.violated,
            "violations": [asdict(v) for v in self.violations],
            "proposed": [asdict(p) for p in self.proposed],
            **({"strategy": self.strategy} if self.strategy else {}),
            **({"passes": dict(self.passes)} if self.passes else {}),
            **({} if self.hookless is None else {"hookless": self.hookless}),
        }


@dataclass
class TargetReport:
    output: str | None = None
    translated: int = 0  # machine translated by this run
    reused: int = 0  # from the translation memory (an earlier run, a reviewer's edit)
    rendered: int = 0  # datelines, header and credit lines: rendered, never translated
    package: str = ""
    pivot: str | None = None
    glossary: GlossarySummary = field(default_factory=GlossarySummary)
    # Failed and flagged segments.
    quality: QualitySummary = field(default_factory=QualitySummary)

    def as_dict(self) -> JsonObject:
        return {
            "output": self.output,
            "translated": self.translated,
            "reused": self.reused,
            "rendered": self.rendered,
            "package": self.package,
            "pivot": self.pivot,
            "glossary": self.glossary.as_dict(),
            "quality": self.quality.as_dict(),
        }

    def summary(self) -> LineSummary:
        """The short summary a JSONL output line carries: counts, glossary, quality."""
        return LineSummary(
            translated=self.translated,
            reused=self.reused,
            rendered=self.rendered,
            glossary=TermTally(
                self.glossary.expected, self.glossary.satisfied, self.glossary.violated
            ),
            failed=len(self.quality.failed),
            flagged=len(self.quality.flagged),
        )


@dataclass(frozen=True)
class TermTally:
    expected: int
    satisfied: int
    violated: int


@dataclass(frozen=True)
class LineSummary:
    """An article in one language as a JSONL output line's ``summary`` gives it."""

    translated: int
    reused: int
    rendered: int
    glossary: TermTally
    failed: int
    flagged: int


@dataclass
class ArticleReport:
    id: str
    source: str
    segments: int
    version: int
    targets: dict[str, TargetReport] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)  # never translated; see --furniture


@dataclass
class RunTimings:
    """Where a run's time went, apart from the whole (``RunReport.elapsed_s``): the Dask
    cluster's start and stop are counted apart from the work, and the driver's time
    storing translated chunks (SQLite, its one writer) is what bounds a cluster's size."""

    workers: int = 0  # Dask workers the chunks were shared among; 0: this process
    cluster_start_s: float = 0.0  # starting the local cluster, or reaching the scheduler
    cluster_stop_s: float = 0.0
    storing_s: float = 0.0  # storing translated chunks, on the driver
    chunks: int = 0  # chunks translated (translate.pipeline.chunks)

    def as_dict(self, elapsed_s: float) -> JsonObject:
        cluster = self.cluster_start_s + self.cluster_stop_s
        return {
            "workers": self.workers,
            "cluster_start_s": round(self.cluster_start_s, 3),
            "cluster_stop_s": round(self.cluster_stop_s, 3),
            # Reading, translating, storing and writing: the run less its cluster.
            "work_s": round(max(0.0, elapsed_s - cluster), 3),
            "storing_s": round(self.storing_s, 3),
            "chunks": self.chunks,
        }


@dataclass
class RunReport:
    run_id: int
    db: str
    articles: list[ArticleReport]
    elapsed_s: float
    warnings: list[str] = field(default_factory=list)
    stdout_text: str | None = None
    # Inputs, JSONL lines or files skipped (each also in ``warnings``): exit code 6.
    skipped: list[Skipped] = field(default_factory=list)
    timings: RunTimings = field(default_factory=RunTimings)

    def counts(self) -> dict[str, int]:
        """The run's totals, as the terminal report, ``--json`` and ``runs.counts`` give
        them: segments translated, from memory, rendered, failed and flagged."""
        targets = [t for a in self.articles for t in a.targets.values()]
        return {
            "articles": len(self.articles),
            "segments": sum(a.segments for a in self.articles),
            "translated": sum(t.translated for t in targets),
            "reused": sum(t.reused for t in targets),
            "rendered": sum(t.rendered for t in targets),
            "failed": sum(len(t.quality.failed) for t in targets),
            "flagged": sum(len(t.quality.flagged) for t in targets),
            "skipped": len(self.skipped),
        }

    @property
    def failed(self) -> int:
        """Segments that could not be translated (exit code 5)."""
        return len(self.failed_segments())

    def failed_segments(self) -> list[ArticleFailure]:
        return [
            ArticleFailure(article.id, lang, item.segment_id, item.source, item.reason)
            for article in self.articles
            for lang, target in article.targets.items()
            for item in target.quality.failed
        ]

    def flag_counts(self) -> dict[str, dict[str, int]]:
        """Flagged segments per language and reason."""
        counts: dict[str, dict[str, int]] = {}
        for article in self.articles:
            for lang, target in article.targets.items():
                entry = counts.setdefault(lang, {})
                for reason, count in target.quality.by_reason().items():
                    entry[reason] = entry.get(reason, 0) + count
        return counts

    @property
    def violations(self) -> int:
        return sum(t.glossary.violated for a in self.articles for t in a.targets.values())

    def exit_code(self, *, strict: bool = False) -> int:
        """5 when segments failed, else 3 for ``strict`` with violations, else 6 when
        inputs or lines were skipped, else 0 (translate.errors gives the table)."""
        from translate.errors import (
            EXIT_GLOSSARY_VIOLATION,
            EXIT_OK,
            EXIT_PARTIAL_FAILURE,
            EXIT_SKIPPED,
        )

        if self.failed:
            return EXIT_PARTIAL_FAILURE
        if strict and self.violations:
            return EXIT_GLOSSARY_VIOLATION
        if self.skipped:
            return EXIT_SKIPPED
        return EXIT_OK

    def glossary_by_language(self) -> dict[str, LanguageGlossary]:
        """Terms expected, satisfied and violated per target language, over all articles."""
        summary: dict[str, LanguageGlossary] = {}
        for article in self.articles:
            for lang, target in article.targets.items():
                g = target.glossary
                entry = summary.setdefault(lang, LanguageGlossary(version=g.version))
                entry.expected += g.expected
                entry.satisfied += g.satisfied
                entry.violated += g.violated
                entry.violations += [
                    ArticleViolation(article.id, v.segment_id, v.term, v.expected, v.text,
                                     v.status)
                    for v in g.violations
                ]  # fmt: skip
                entry.proposed += [
                    ArticleProposal(article.id, p.segment_id, p.term, p.proposed)
                    for p in g.proposed
                ]
                if g.strategy:  # the package's second-pass method
                    entry.strategy = g.strategy
                for stage, count in g.passes.items():
                    entry.passes[stage] = entry.passes.get(stage, 0) + count
                if g.hookless is not None:
                    entry.hookless = (entry.hookless or 0) + g.hookless
        return summary

    def as_dict(self) -> JsonObject:
        return {
            "run_id": self.run_id,
            "db": self.db,
            "articles": [
                {
                    "id": a.id,
                    "source": a.source,
                    "version": a.version,
                    "segments": a.segments,
                    "furniture": a.furniture,
                    "targets": {lang: t.as_dict() for lang, t in a.targets.items()},
                }
                for a in self.articles
            ],
            "counts": self.counts(),
            "skipped": [s.as_dict() for s in self.skipped],
            "glossary": {
                lang: entry.as_dict() for lang, entry in self.glossary_by_language().items()
            },
            "glossary_violations": self.violations,
            "failed_segments": [asdict(f) for f in self.failed_segments()],
            "flag_counts": self.flag_counts(),
            "warnings": self.warnings,
            "elapsed_s": round(self.elapsed_s, 3),
            "timings": self.timings.as_dict(self.elapsed_s),
        }


@dataclass
class LanguageGlossary:
    """Glossary terms of one target language over a whole run."""

    version: str
    expected: int = 0
    satisfied: int = 0
    violated: int = 0
    violations: list[ArticleViolation] = field(default_factory=list)
    proposed: list[ArticleProposal] = field(default_factory=list)
    strategy: str = ""
    # Glossary segments by where enforcement settled them (translate.mt.enforce.STAGES).
    passes: dict[str, int] = field(default_factory=dict)
    hookless: int | None = None

    def as_dict(self) -> JsonObject:
        return {
            "version": self.version,
            "expected": self.expected,
            "satisfied": self.satisfied,
            "violated": self.violated,
            "violations": [asdict(v) for v in self.violations],
            "proposed": [asdict(p) for p in self.proposed],
            **({"strategy": self.strategy} if self.strategy else {}),
            **({"passes": dict(self.passes)} if self.passes else {}),
            **({} if self.hookless is None else {"hookless": self.hookless}),
        }
