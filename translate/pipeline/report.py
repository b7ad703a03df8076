"""The run report: typed per article and language; ``RunReport.as_dict()`` is the JSON
``translate run --json`` prints (its shape is a public interface)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translate.mt.outcome import QualitySummary
from translate.mt.result import TermOutcome


@dataclass
class GlossarySummary:
    """Glossary terms of one article in one language: expected, satisfied, violated."""

    version: str = ""
    expected: int = 0
    satisfied: int = 0
    violated: int = 0
    violations: list[dict[str, Any]] = field(default_factory=list)
    # Fuzzy entries met, reported for the glossary's reviewers, never enforced.
    proposed: list[dict[str, Any]] = field(default_factory=list)
    # The package's second-pass method (translate.mt.enforce), once a term ran it.
    strategy: str = ""
    # Glossary segments translated by this run, by where enforcement settled them
    # (translate.mt.enforce.STAGES: first decode, alignment repair, second decode).
    passes: dict[str, int] = field(default_factory=dict)
    # Hausa only: output words that are a glossary word without its hooks (kasa, ƙasa).
    hookless: int | None = None

    def count(
        self, terms: list[TermOutcome], segment_id: int, text: str, status: str | None = None
    ) -> None:
        """``status``: the stored status of the segment's translation, as reports show it."""
        for term in terms:
            if term.strategy:
                self.strategy = term.strategy
            self.expected += 1
            if term.found:
                self.satisfied += 1
            else:
                self.violated += 1
                self.violations.append(
                    {
                        "segment_id": segment_id,
                        "term": term.term,
                        "expected": term.expected,
                        "text": text,
                        "status": status,
                    }
                )

    def count_pass(self, stage: str) -> None:
        if stage:
            self.passes[stage] = self.passes.get(stage, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "expected": self.expected,
            "satisfied": self.satisfied,
            "violated": self.violated,
            "violations": self.violations,
            "proposed": self.proposed,
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

    def as_dict(self) -> dict[str, Any]:
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

    def summary(self) -> dict[str, Any]:
        """The short summary a JSONL output line carries: counts, glossary, quality."""
        return {
            "translated": self.translated,
            "reused": self.reused,
            "rendered": self.rendered,
            "glossary": {
                "expected": self.glossary.expected,
                "satisfied": self.glossary.satisfied,
                "violated": self.glossary.violated,
            },
            "failed": len(self.quality.failed),
            "flagged": len(self.quality.flagged),
        }


@dataclass
class ArticleReport:
    id: str
    source: str
    segments: int
    version: int
    targets: dict[str, TargetReport] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)  # never translated; see --furniture


@dataclass
class RunReport:
    run_id: int
    db: str
    articles: list[ArticleReport]
    elapsed_s: float
    warnings: list[str] = field(default_factory=list)
    stdout_text: str | None = None
    # Inputs, JSONL lines or files skipped (each also in ``warnings``): exit code 6.
    skipped: list[str] = field(default_factory=list)

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

    def failed_segments(self) -> list[dict[str, Any]]:
        return [
            {"article": article.id, "lang": lang, **item}
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

    def glossary_by_language(self) -> dict[str, dict[str, Any]]:
        """Terms expected, satisfied and violated per target language, over all articles."""
        summary: dict[str, dict[str, Any]] = {}
        for article in self.articles:
            for lang, target in article.targets.items():
                g = target.glossary
                entry = summary.setdefault(
                    lang,
                    {"version": g.version, "expected": 0, "satisfied": 0, "violated": 0,
                     "violations": [], "proposed": []},
                )  # fmt: skip
                entry["expected"] += g.expected
                entry["satisfied"] += g.satisfied
                entry["violated"] += g.violated
                entry["violations"] += [{"article": article.id, **v} for v in g.violations]
                entry["proposed"] += [{"article": article.id, **v} for v in g.proposed]
                if g.strategy:  # the package's second-pass method
                    entry["strategy"] = g.strategy
                if g.passes:
                    passes = entry.setdefault("passes", {})
                    for stage, count in g.passes.items():
                        passes[stage] = passes.get(stage, 0) + count
                if g.hookless is not None:
                    entry["hookless"] = entry.get("hookless", 0) + g.hookless
        return summary

    def as_dict(self) -> dict[str, Any]:
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
            "skipped": self.skipped,
            "glossary": self.glossary_by_language(),
            "glossary_violations": self.violations,
            "failed_segments": self.failed_segments(),
            "flag_counts": self.flag_counts(),
            "warnings": self.warnings,
            "elapsed_s": round(self.elapsed_s, 3),
        }
