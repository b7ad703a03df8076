"""The one place that wires the layers together.

document → segments → memory → glossary protect → engine → verify → store → write

All segments of all articles going to one target language are translated in a
single deduplicated, batched stream; results are mapped back per article, stored
one article per transaction (a killed run resumes from memory) and rendered.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.documents import (
    FURNITURE_KINDS,
    RENDERED_KINDS,
    Document,
    InlineSpan,
    Segment,
    TargetSegment,
    output_name,
    read_inputs,
)
from translate.engine.packages import PackageInfo, all_packages, require_package
from translate.engine.translator import EngineOptions, load_translator, resolve_device
from translate.errors import NoModelError, UsageError
from translate.files import write_atomic
from translate.glossary import Glossary, default_glossary_paths, load_glossary
from translate.i18n import _
from translate.localize import apply_typography, localize_dateline, render_dates_in
from translate.mt.enforce import TermPolicy
from translate.mt.guard import translate_guarded
from translate.mt.outcome import QualitySummary, quality_columns, status_of, untranslated
from translate.mt.result import SegmentResult, TermOutcome
from translate.mt.verbatim import surfaces_in, typeset_outside, verbatim_ranges
from translate.store import MemoryHit, Store, open_store

PIVOT_LANG = "en"


@dataclass
class RunOptions:
    inputs: Sequence[str]
    targets: Sequence[str]
    source_lang: str = "en"
    db_path: Path = Path("translations.db")
    out_dir: Path | None = Path("out")
    stdout: bool = False
    input_format: str | None = None
    encoding: str | None = None
    fail_fast: bool = False
    glossary_paths: Sequence[Path] = ()
    use_default_glossaries: bool = True
    enforce: bool = True
    engine: EngineOptions = field(default_factory=EngineOptions)
    num_hypotheses: int = 4
    typography: bool = True
    # Unique segments translated and stored per transaction: a killed run loses at most one.
    chunk_size: int = 256
    # Page furniture ("Related Post", "Share this"): "drop" from the output, or "keep" as is.
    furniture: str = "drop"


@dataclass
class Route:
    """How to reach a target: one package, or two through the pivot language."""

    legs: list[PackageInfo]

    @property
    def pivot(self) -> str | None:
        return self.legs[0].to_code if len(self.legs) > 1 else None

    @property
    def package_id(self) -> str:
        return "+".join(p.id for p in self.legs)

    @property
    def version(self) -> str:
        return "+".join(p.version for p in self.legs)


@dataclass
class TargetReport:
    output: str | None = None
    translated: int = 0
    reused: int = 0
    package: str = ""
    pivot: str | None = None
    glossary: dict[str, Any] = field(default_factory=dict)
    # Failed and flagged segments (translate.mt.outcome.QualitySummary.as_dict).
    quality: dict[str, Any] = field(default_factory=dict)


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

    @property
    def failed(self) -> int:
        """Segments that could not be translated (exit code 5)."""
        return len(self.failed_segments())

    def failed_segments(self) -> list[dict[str, Any]]:
        return [
            {"article": article.id, "lang": lang, **item}
            for article in self.articles
            for lang, target in article.targets.items()
            for item in target.quality.get("failed", [])
        ]

    def flag_counts(self) -> dict[str, dict[str, int]]:
        """Flagged segments per language and reason."""
        counts: dict[str, dict[str, int]] = {}
        for article in self.articles:
            for lang, target in article.targets.items():
                entry = counts.setdefault(lang, {})
                for reason, count in target.quality.get("flag_counts", {}).items():
                    entry[reason] = entry.get(reason, 0) + count
        return counts

    @property
    def violations(self) -> int:
        return sum(t.glossary.get("violated", 0) for a in self.articles for t in a.targets.values())

    def glossary_by_language(self) -> dict[str, dict[str, Any]]:
        """Terms expected, satisfied and violated per target language, over all articles."""
        summary: dict[str, dict[str, Any]] = {}
        for article in self.articles:
            for lang, target in article.targets.items():
                entry = summary.setdefault(
                    lang,
                    {"version": target.glossary.get("version", ""), "expected": 0,
                     "satisfied": 0, "violated": 0, "violations": [], "proposed": []},
                )  # fmt: skip
                for key in ("expected", "satisfied", "violated"):
                    entry[key] += target.glossary.get(key, 0)
                if target.glossary.get("strategy"):  # the package's enforcement strategy
                    entry["strategy"] = target.glossary["strategy"]
                for key in ("violations", "proposed"):
                    entry[key] += [
                        {"article": article.id, **v} for v in target.glossary.get(key, [])
                    ]
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
                    "targets": {lang: vars(t) for lang, t in a.targets.items()},
                }
                for a in self.articles
            ],
            "glossary": self.glossary_by_language(),
            "glossary_violations": self.violations,
            "failed_segments": self.failed_segments(),
            "flag_counts": self.flag_counts(),
            "warnings": self.warnings,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def resolve_route(source: str, target: str, pool: list[PackageInfo]) -> Route:
    """A direct package if there is one, else source→en→target through two packages."""
    try:
        return Route([require_package(source, target, pool)])
    except NoModelError:
        if PIVOT_LANG in (source, target):
            raise
        try:
            return Route(
                [
                    require_package(source, PIVOT_LANG, pool),
                    require_package(PIVOT_LANG, target, pool),
                ]
            )
        except NoModelError:
            pairs = ", ".join(sorted({p.pair for p in pool})) or _("none")
            raise NoModelError(
                _(
                    "no model for {source}→{target}, directly or through English (installed "
                    "pairs: {pairs}); install one with `translate models install {source} "
                    "{target}` or from a file"
                ).format(source=source, target=target, pairs=pairs)
            ) from None


def _load_glossary(options: RunOptions, lang: str) -> Glossary:
    if not options.enforce:
        # Nothing enforced: an empty glossary, so stored term keys say "no terms" and a
        # later enforced run does not take these translations from memory.
        return Glossary(lang, [])
    paths = list(default_glossary_paths(lang)) if options.use_default_glossaries else []
    paths += list(options.glossary_paths)
    return load_glossary(paths, lang)


def _check_output_names(documents: list[Document], options: RunOptions) -> None:
    """Two inputs that would write the same output file (a/x.txt and b/x.txt, or a
    repeated JSONL id) are refused before anything is translated or stored."""
    if options.stdout or options.out_dir is None:
        return
    for lang in options.targets:
        seen: dict[str, str] = {}
        for document in documents:
            name = output_name(document, lang)
            if name in seen:
                raise UsageError(
                    _("{first} and {second} would both be written to {name}").format(
                        first=seen[name], second=document.source, name=name
                    )
                )
            seen[name] = document.source


def _translate_stream(
    texts: list[str],
    route: Route,
    glossary: Glossary | None,
    options: RunOptions,
    markup: set[str] | None = None,
    matches: dict[str, list[Any]] | None = None,
    verbatim: dict[str, list[tuple[int, int]]] | None = None,
) -> dict[str, SegmentResult]:
    """Translate unique texts along a route; glossary enforced on the leg out of English.

    ``markup``: texts whose inline markup must be carried (they need attention);
    ``matches``: the glossary terms already found in each text (direct routes);
    ``verbatim``: character ranges of each text that stay verbatim."""
    done: dict[str, SegmentResult] = {}
    pending = list(texts)  # texts still going through the legs
    current = list(texts)  # what the next leg reads for each of them
    ranges = [(verbatim or {}).get(t, []) for t in texts]
    earlier: dict[str, SegmentResult] = {}  # first-leg results through a pivot
    for index, package in enumerate(route.legs):
        translator = load_translator(package, options.engine)
        last = index == len(route.legs) - 1
        policy = TermPolicy(glossary if (last and options.enforce) else None, package.to_code)
        # Through a pivot the last leg reads English text: its terms are found there.
        known = [matches[t] for t in pending] if matches is not None and index == 0 else None
        results = translate_guarded(
            translator,
            current,
            policy,
            num_hypotheses=options.num_hypotheses,
            markup=(markup or set()) if last else set(),
            matches=known if last else None,
            verbatim=ranges,
            source_lang=package.from_code,
            length_norm=package.length_ratio,
        )
        if last:
            for text, result in zip(pending, results, strict=True):
                done[text] = _through_pivot(earlier[text], result) if text in earlier else result
            return done
        next_pending, current, ranges = [], [], []
        for text, result in zip(pending, results, strict=True):
            if result.failure is not None:
                done[text] = result  # failed on the way to the pivot: nothing to go on with
                continue
            earlier[text] = result
            next_pending.append(text)
            current.append(result.text)
            ranges.append(surfaces_in(result.text, result.verbatim))
        pending = next_pending
        if not pending:
            return done
    raise AssertionError("a route has at least one leg")


def _through_pivot(first: SegmentResult, last: SegmentResult) -> SegmentResult:
    """The last leg's result, with what the first leg found about its own decoding."""
    last.flags = [*first.flags, *(f for f in last.flags if f not in first.flags)]
    last.parts = max(first.parts, last.parts)
    return last


Progress = Callable[[str, int, int], None]  # (language, done, total)


def run(
    options: RunOptions,
    log: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Translate every input into every target; see the module docstring."""
    say = log or (lambda message: print(message, file=sys.stderr))
    started = time.perf_counter()
    if not options.targets:
        raise UsageError(_("no target language given (--to fr,ha)"))
    if options.stdout and len(options.targets) != 1:
        raise UsageError(_("-o - writes one language to stdout: give a single --to"))

    batch = read_inputs(
        options.inputs,
        format=options.input_format,
        encoding=options.encoding,
        fail_fast=options.fail_fast,
    )
    documents = batch.documents
    warnings = [*batch.skipped, *batch.warnings]
    for warning in warnings:
        say(_("warning: {message}").format(message=warning))
    if options.stdout and len(documents) != 1:
        raise UsageError(_("-o - writes one article to stdout; this input has several"))
    _check_output_names(documents, options)

    resolve_device(options.engine.device)  # `--device cuda` without a GPU: before any write
    pool = all_packages()
    routes = {lang: resolve_route(options.source_lang, lang, pool) for lang in options.targets}
    glossaries = {lang: _load_glossary(options, lang) for lang in options.targets}
    for glossary in glossaries.values():
        for warning in glossary.warnings:
            warnings.append(warning)
            say(_("warning: {message}").format(message=warning))

    store: Store = open_store(options.db_path)
    run_id = store.begin_run(
        {
            "inputs": [str(i) for i in options.inputs],
            "targets": list(options.targets),
            "source_lang": options.source_lang,
            "glossaries": {lang: g.version for lang, g in glossaries.items()},
            "packages": {lang: r.package_id for lang, r in routes.items()},
            "beam_size": options.engine.beam_size,
        }
    )
    status = "failed"
    counts: dict[str, Any] = {"articles": len(documents), "translated": 0, "reused": 0}
    try:
        articles, records = _register_articles(store, documents, options.source_lang)
        counts["segments"] = sum(len(d.segments) for d in documents)
        stdout_text = None
        for lang in options.targets:
            stdout_text = _translate_target(
                store, run_id, documents, records, articles, lang, routes[lang],
                glossaries[lang], options, say, progress,
            )  # fmt: skip
            for report in articles:
                counts["translated"] += report.targets[lang].translated
                counts["reused"] += report.targets[lang].reused
                quality = report.targets[lang].quality
                counts["failed"] = counts.get("failed", 0) + len(quality.get("failed", []))
                counts["flagged"] = counts.get("flagged", 0) + len(quality.get("flagged", []))
        status = "ok"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, counts, status=status)
        store.close()
    return RunReport(
        run_id=run_id,
        db=str(options.db_path),
        articles=articles,
        elapsed_s=time.perf_counter() - started,
        warnings=warnings,
        stdout_text=stdout_text,
    )


def _register_articles(
    store: Store, documents: list[Document], source_lang: str
) -> tuple[list[ArticleReport], list[Any]]:
    reports, records = [], []
    for document in documents:
        record = store.add_article(
            source=document.source,
            doc_id=document.id,
            content_hash=document.content_hash(),
            source_lang=source_lang,
            title=document.title,
            segments=[(s.kind, s.block, s.text) for s in document.segments],
        )
        records.append(record)
        reports.append(
            ArticleReport(
                id=document.id,
                source=document.source,
                segments=len(document.segments),
                version=record.version,
                furniture=[s.text for s in document.segments if s.kind in FURNITURE_KINDS],
            )
        )
    return reports, records


class _TargetJob:
    """Everything one target language needs while its stream is translated and stored."""

    def __init__(
        self,
        documents: list[Document],
        records: list[Any],
        lang: str,
        glossary: Glossary,
        pivot: bool = False,
    ) -> None:
        self.lang = lang
        self.glossary = glossary
        # Each unique source text → every segment id that carries it, across articles.
        self.segment_ids: dict[str, list[int]] = {}
        self.markup: set[str] = set()
        # Verbatim ranges of each text (code, URLs...), from the first segment carrying it.
        self.verbatim: dict[str, list[tuple[int, int]]] = {}
        self.segments: dict[int, Segment] = {}
        kinds: dict[str, str] = {}
        for document, record in zip(documents, records, strict=True):
            for segment, segment_id in zip(document.segments, record.segment_ids, strict=True):
                self.segment_ids.setdefault(segment.text, []).append(segment_id)
                self.segments[segment_id] = segment
                kinds.setdefault(segment.text, segment.kind)
                if segment.spans:
                    self.markup.add(segment.text)
                self.verbatim.setdefault(segment.text, verbatim_ranges(segment))
        self.matches = {text: glossary.find(text) for text in self.segment_ids}
        self.proposed = {text: glossary.proposed(text) for text in self.segment_ids}
        if pivot:
            # Through a pivot the terms are found in the English leg, not in this
            # source: any glossary change must invalidate the memory.
            self.term_keys = dict.fromkeys(self.segment_ids, glossary.version)
        else:
            # Forbidden renderings of a source's terms count too: adding one re-translates.
            self.term_keys = {
                t: glossary.term_key(found + glossary.forbidden(t))
                for t, found in self.matches.items()
            }
        self.datelines = {
            text: _dateline(text, lang, self.matches[text])
            for text, kind in kinds.items()
            if kind in RENDERED_KINDS
        }
        # Page furniture is never machine translated: its target is its source.
        self.furniture = {
            text: SegmentResult(text, 0.0, [], None, text)
            for text, kind in kinds.items()
            if kind in FURNITURE_KINDS
        }


def _dateline(text: str, lang: str, matches: list[Any]) -> SegmentResult:
    """Datelines, header and credit lines are not machine translated: the glossary's
    names go in first, in the line's case ("YAMAI, Nijar ..."); then a date, header or
    credit line is rendered for the locale ("29 janvier 2025 10:05", "Web Desk · 13
    avril 2024 13:43 · Monde"); any other place line keeps its agency credit, with any
    date in it rendered for the locale."""
    line = text
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        target = match.expected
        if match.surface.isupper() and len(match.surface) > 1:
            target = target.upper()
        line = line[: match.start] + target + line[match.end :]
    terms = [TermOutcome(m.entry.source, m.expected, True, "injected") for m in matches]
    rendered = localize_dateline(line, lang)
    if rendered is None:
        rendered = render_dates_in(line, lang)
    return SegmentResult(rendered, 0.0, terms, None, text)


def _translate_target(
    store: Store,
    run_id: int,
    documents: list[Document],
    records: list[Any],
    reports: list[ArticleReport],
    lang: str,
    route: Route,
    glossary: Glossary,
    options: RunOptions,
    say: Callable[[str], None],
    progress: Progress | None,
) -> str | None:
    job = _TargetJob(documents, records, lang, glossary, pivot=route.pivot is not None)
    unique = list(job.segment_ids)
    memory = store.memory_lookup(job.term_keys, lang, route.package_id)
    memory.update(_rendered_before(store, job, memory))
    pending = [
        t for t in unique if t not in memory and t not in job.datelines and t not in job.furniture
    ]
    message = _(
        "{lang}: {unique} unique segments, {memory} from memory, {datelines} datelines, "
        "{pending} to translate with {package}"
    )
    if route.pivot:
        message = _(
            "{lang}: {unique} unique segments, {memory} from memory, {datelines} datelines, "
            "{pending} to translate with {package} through {pivot}"
        )
    say(
        message.format(
            lang=lang,
            unique=len(unique),
            memory=len(memory),
            datelines=len(job.datelines),
            pending=len(pending),
            package=route.package_id,
            pivot=route.pivot,
        )
    )
    # Memory hits are written for segments that do not hold them yet (same text in a
    # new article); the store leaves identical rows alone, so reruns add nothing.
    store.save_translations(
        [row for text, hit in memory.items() for row in _memory_rows(job, text, hit, run_id)]
    )
    datelines = {text: result for text, result in job.datelines.items() if text not in memory}
    store.save_translations(
        [row for text, result in datelines.items()
         for row in _result_rows(job, text, result, route, run_id, kind="dateline")]
        + [row for text, result in job.furniture.items()
           for row in _result_rows(job, text, result, route, run_id, kind="furniture")]
    )  # fmt: skip
    fresh: dict[str, SegmentResult] = {**datelines, **job.furniture}
    done = 0
    for start in range(0, len(pending), max(1, options.chunk_size)):
        chunk = pending[start : start + options.chunk_size]
        translated = _translate_stream(
            chunk, route, glossary, options, job.markup, job.matches, job.verbatim
        )
        if options.typography:
            for result in translated.values():
                result.text = typeset_outside(
                    result.text, result.verbatim, lambda text: apply_typography(text, lang)
                )
        # One transaction per chunk: a killed run keeps every finished chunk.
        store.save_translations(
            [
                row
                for text in chunk
                for row in _result_rows(job, text, translated[text], route, run_id)
            ]
        )
        fresh.update(translated)
        done += len(chunk)
        if progress is not None:
            progress(lang, done, len(pending))
    return _write_outputs(documents, records, reports, job, memory, fresh, route, options)


def _rendered_before(
    store: Store, job: _TargetJob, memory: dict[str, MemoryHit]
) -> dict[str, MemoryHit]:
    """Rendered lines (datelines, headers, credits) an earlier run stored with the same
    rendering: reused, so an unchanged rerun redoes nothing, while an edited
    sections.toml or glossary still takes effect."""
    wanted = {t: job.term_keys[t] for t in job.datelines if t not in memory}
    found = store.memory_lookup(wanted, job.lang, "babel-dateline")
    return {t: hit for t, hit in found.items() if hit.text == job.datelines[t].text}


def _memory_rows(job: _TargetJob, text: str, hit: MemoryHit, run_id: int) -> list[dict[str, Any]]:
    return [
        {
            "segment_id": segment_id,
            "lang": job.lang,
            "machine_text": hit.text,
            "final_text": hit.text,
            "status": hit.status,
            "package": hit.package,
            "package_version": hit.package_version,
            "glossary_version": job.glossary.version,
            "term_key": job.term_keys[text],
            "terms": json.dumps(hit.terms, ensure_ascii=False),
            "score": hit.score,
            "spans": _span_rows(_reused_spans(hit, job.segments[segment_id])),
            "pivot": None,
            "run_id": run_id,
            "flags": hit.flags,
            "parts": hit.parts,
        }
        for segment_id in job.segment_ids[text]
    ]


def _result_rows(
    job: _TargetJob, text: str, result: SegmentResult, route: Route, run_id: int,
    kind: str = "machine",
) -> list[dict[str, Any]]:  # fmt: skip
    package = {"dateline": "babel-dateline", "furniture": "furniture"}.get(kind, route.package_id)
    return [
        {
            "segment_id": segment_id,
            "lang": job.lang,
            "machine_text": result.text,
            "status": status_of(result),
            "package": package,
            "package_version": "" if kind != "machine" else route.version,
            "glossary_version": job.glossary.version,
            "term_key": job.term_keys[text],
            "terms": json.dumps([t.as_dict() for t in result.terms], ensure_ascii=False),
            "score": result.score,
            "spans": _span_rows(result.carry_spans(job.segments[segment_id]))
            if result.failure is None
            else [],
            "pivot": route.pivot,
            "run_id": run_id,
            **quality_columns(result),
        }
        for segment_id in job.segment_ids[text]
    ]


def _span_rows(spans: list[InlineSpan]) -> list[list[Any]]:
    return [[s.start, s.end, s.open, s.close] for s in spans]


def _reused_spans(hit: MemoryHit, segment: Segment) -> list[InlineSpan]:
    """Markup for a translation from memory: the positions stored with it when they
    belong to this segment's markup (machine text, unchanged), else by string match."""
    stored = [InlineSpan(int(a), int(b), str(o), str(c)) for a, b, o, c in hit.spans]
    available = [(s.open, s.close) for s in segment.spans]
    if hit.status in ("machine", "needs_review") and all(
        (s.open, s.close) in available and s.end <= len(hit.text) for s in stored
    ):
        return stored
    return SegmentResult(hit.text, 0.0).carry_spans(segment)


def _write_outputs(
    documents: list[Document],
    records: list[Any],
    reports: list[ArticleReport],
    job: _TargetJob,
    memory: dict[str, MemoryHit],
    fresh: dict[str, SegmentResult],
    route: Route,
    options: RunOptions,
) -> str | None:
    stdout_text = None
    for document, record, report in zip(documents, records, reports, strict=True):
        targets: list[TargetSegment] = []
        summary: dict[str, Any] = {
            "expected": 0, "satisfied": 0, "violated": 0, "violations": [], "proposed": [],
        }  # fmt: skip
        translated = reused = 0
        quality = QualitySummary()
        for segment, segment_id in zip(document.segments, record.segment_ids, strict=True):
            # Fuzzy (proposed) entries are reported for the glossary's reviewers, never
            # enforced: the desk decides whether they become terms.
            summary["proposed"] += [
                {"segment_id": segment_id, "term": m.entry.source, "proposed": m.expected}
                for m in job.proposed[segment.text]
            ]
            hit = memory.get(segment.text)
            if hit is not None:
                reused += 1
                targets.append(TargetSegment(text=hit.text, spans=_reused_spans(hit, segment)))
                _count_terms(
                    summary, [TermOutcome.from_dict(t) for t in hit.terms], segment_id, hit.text
                )
                quality.add(segment_id, segment.text, failure=None, flags=hit.flags,
                            parts=hit.parts)  # fmt: skip
                continue
            result = fresh[segment.text]
            translated += segment.kind not in FURNITURE_KINDS
            if result.failure is not None:
                targets.append(untranslated(segment))
            else:
                targets.append(TargetSegment(text=result.text, spans=result.carry_spans(segment)))
            _count_terms(summary, result.terms, segment_id, result.text)
            quality.add(segment_id, segment.text, failure=result.failure,
                        flags=[f.as_dict() for f in result.flags], parts=result.parts)  # fmt: skip
        target = TargetReport(
            translated=translated,
            reused=reused,
            package=route.package_id,
            pivot=route.pivot,
            glossary={"version": job.glossary.version, **summary},
            quality=quality.as_dict(),
        )
        report.targets[job.lang] = target
        drop = FURNITURE_KINDS if options.furniture == "drop" else ()
        rendered = document.render(targets, drop=drop)
        if options.stdout:
            stdout_text = rendered
        elif options.out_dir is not None:
            path = options.out_dir / output_name(document, job.lang)
            write_atomic(path, rendered, within=options.out_dir)
            target.output = str(path)
    return stdout_text


def _count_terms(
    summary: dict[str, Any], terms: list[TermOutcome], segment_id: int, text: str
) -> None:
    for term in terms:
        if term.strategy:  # translate.mt.strategy: how this package was enforced
            summary["strategy"] = term.strategy
        summary["expected"] += 1
        if term.found:
            summary["satisfied"] += 1
        else:
            summary["violated"] += 1
            summary["violations"].append(
                {
                    "segment_id": segment_id,
                    "term": term.term,
                    "expected": term.expected,
                    "text": text,
                }
            )
