"""The one place that wires a run: document → segments → memory → glossary protect →
engine → verify → store → write.

Inputs are read lazily, ``RunOptions.window`` articles at a time. All segments of a
window's articles going to one target language are translated in a single
deduplicated, batched stream (:class:`~translate.pipeline.units.TargetUnits`);
results are mapped back per article, stored one chunk per transaction (a killed run
resumes from memory), rendered and written before the next window is read, so memory
follows the window, not the feed; the translation memory carries across windows.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain, islice
from pathlib import Path

from translate.documents import (
    FURNITURE_KINDS,
    Document,
    InlineSpan,
    InputBatch,
    Segment,
    TargetSegment,
    iter_inputs,
)
from translate.engine.packages import all_packages
from translate.engine.translator import resolve_device
from translate.errors import UsageError
from translate.files import write_atomic
from translate.glossary import Glossary, load_for
from translate.glossary.loader import parse_spec
from translate.i18n import _, ngettext
from translate.lang import Target, is_hausa
from translate.localize import finish_text
from translate.localize.hausa import hooked_words, hookless_count
from translate.mt import quality
from translate.mt.datelines import RENDERED_PACKAGE, render_dateline
from translate.mt.markup import offset_map
from translate.mt.outcome import untranslated
from translate.mt.result import SegmentResult
from translate.mt.routes import Decoding, Route, resolve_route
from translate.mt.verbatim import segment_verbatim, typeset_outside
from translate.pipeline.chunks import plan_chunks
from translate.pipeline.executor import ChunkJob, Executor, InProcess
from translate.pipeline.options import Progress, RunOptions, WindowDone
from translate.pipeline.outputs import (
    FeedFiles,
    InputFiles,
    OutputNames,
    feed_line,
    output_path,
    write_output,
)
from translate.pipeline.report import (
    ArticleReport,
    GlossarySummary,
    ProposedTerm,
    QualitySummary,
    RunReport,
    RunTimings,
    TargetReport,
)
from translate.pipeline.units import TargetUnits, UniqueSegment, reused_spans
from translate.records import (
    HUMAN_STATUSES,
    ArticleInput,
    ArticleRecord,
    GlossarySelection,
    MemoryHit,
    SegmentInput,
    Skipped,
)
from translate.store import Store, open_store
from translate.store.db import check_db_path

#: Where a library run logs when no ``log``/``warn`` callback is given: progress lines at
#: INFO, warnings at WARNING. A library call prints nothing itself.
logger = logging.getLogger("translate")
logger.addHandler(logging.NullHandler())  # never Python's last-resort stderr handler

#: ``on_article(document, lang, text)``: each article as rendered in one language.
ArticleDone = Callable[[Document, str, str], None]


def _callbacks(
    log: Callable[[str], None] | None, warn: Callable[[str], None] | None
) -> tuple[Callable[[str], None], Callable[[str], None]]:
    """(say, warn): the caller's, else the ``translate`` logger's (silent unless the
    application configures logging)."""
    say = log or logger.info
    return say, warn or (log if log is not None else logger.warning)


def run(
    options: RunOptions,
    log: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    stream: Callable[[str], None] | None = None,
    on_window: WindowDone | None = None,
) -> RunReport:
    """Translate every input into every target; see the module docstring.

    ``log`` gets progress lines, ``warn`` warnings (default: ``log``), each already
    worded for stderr: a quiet caller silences the first, never the second. Without
    them, nothing is printed: both go to the ``translate`` logger (INFO, WARNING).
    ``executor``: where chunks are translated (default: this process). Inputs are read
    lazily and translated ``options.window`` articles at a time. ``stream`` (``-o -``):
    gets each JSON line as soon as its window is done (default: ``stdout_text``);
    ``on_window(window, articles_done)`` is called once each window is written."""
    say, warn_ = _callbacks(log, warn)
    started = time.perf_counter()
    if not options.targets:
        raise UsageError(_("no target language given (--to fr,ha)"))
    options.check_bounds()
    check_db_path(options.db_path)  # `--db /dev/null`: before anything is read
    inputs = InputFiles.of(options.inputs, options.recursive)
    if options.output_file is not None:
        inputs.check(options.output_file, "-o")
    batch = InputBatch()
    documents = iter_inputs(
        options.inputs,
        batch,
        format=options.input_format,
        encoding=options.encoding,
        fail_fast=options.fail_fast,
        recursive=options.recursive,
        stdin_id=options.stdin_id,
        output_langs=options.targets,
        front_matter_keys=options.front_matter_keys,
    )
    report = _run_windows(documents, batch, options, say, progress, warn_, executor,
                          stream, on_window, inputs=inputs)  # fmt: skip
    report.elapsed_s = time.perf_counter() - started
    return report


def run_documents(
    documents: Iterable[Document],
    options: RunOptions,
    log: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    skipped: Sequence[str | Skipped] = (),
    executor: Executor | None = None,
    stream: Callable[[str], None] | None = None,
    on_window: WindowDone | None = None,
    *,
    prepared: Prepared | None = None,
    store: Store | None = None,
    on_article: ArticleDone | None = None,
) -> RunReport:
    """Translate documents already read (``options.inputs`` is only recorded); see
    :func:`run`. ``skipped``: what reading them skipped (counted, and exit code 6).
    ``prepared``: routes and glossaries settled by :func:`prepare` for these options
    (a :class:`~translate.pipeline.translator.Translator` keeps them across calls);
    ``store``: an open store to use and leave open (else ``options.db_path`` is opened
    and closed); ``on_article(document, lang, text)`` gets each rendered article."""
    say, warn_ = _callbacks(log, warn)
    started = time.perf_counter()
    if not options.targets:
        raise UsageError(_("no target language given (--to fr,ha)"))
    options.check_bounds()
    batch = InputBatch(
        skipped=[s if isinstance(s, Skipped) else Skipped("", s, message=s) for s in skipped]
    )
    report = _run_windows(iter(documents), batch, options, say, progress, warn_, executor,
                          stream, on_window, announced=len(batch.skipped), prepared=prepared,
                          store=store, on_article=on_article)  # fmt: skip
    report.elapsed_s = time.perf_counter() - started
    return report


def _windows(
    documents: Iterator[Document], size: int
) -> tuple[list[Document], bool, Iterator[list[Document]]]:
    """The first window, whether it is the only document, and the windows after it:
    one document of look-ahead, never a second window in memory."""
    first = list(islice(documents, size))
    following = next(documents, None)

    def rest() -> Iterator[list[Document]]:
        if following is None:
            return
        more = chain([following], documents)
        while window := list(islice(more, size)):
            yield window

    return first, following is None and len(first) == 1, rest()


def _run_windows(
    documents: Iterator[Document],
    batch: InputBatch,
    options: RunOptions,
    say: Callable[[str], None],
    progress: Progress | None,
    warn: Callable[[str], None],
    executor: Executor | None,
    stream: Callable[[str], None] | None,
    on_window: WindowDone | None,
    announced: int = 0,
    inputs: InputFiles | None = None,
    prepared: Prepared | None = None,
    store: Store | None = None,
    on_article: ArticleDone | None = None,
) -> RunReport:
    """Read, translate, store and write ``options.window`` articles at a time: each
    window is committed and written before the next is read; the translation memory
    carries across windows (what earlier windows stored is found by the lookup)."""
    size = max(1, options.window)
    first, alone, rest = _windows(documents, size)  # read errors: before any write
    warnings: list[str] = []
    told = _Told(batch, warnings, warn, skipped=announced)
    told.tell()
    # `-o -` with one text article in one language prints it as rendered; anything
    # else (a feed, several articles or languages) streams JSON Lines.
    rendered_mode = options.stdout and alone and first[0].record is None
    rendered_mode = rendered_mode and len(options.targets) == 1
    names = OutputNames(tuple(options.targets), None if options.stdout else options.out_dir,
                        inputs=inputs or InputFiles())  # fmt: skip
    names.check(first)
    outputs = options.outputs()
    for notice in options.notices:  # a region that falls back to its language
        warnings.append(notice)
        warn(_("translate: warning: {message}").format(message=notice))
    if prepared is None:
        prepared = prepare(options, say)
        warnings += prepared.warnings
    routes, glossaries = prepared.routes, prepared.glossaries
    # One translation per language; each of its outputs (ha_NE, ha_NG) rendered from it.
    codes = list(routes)

    wants_cluster = executor is None and (options.workers or options.cluster)
    if wants_cluster:
        from translate.pipeline.cluster import open_executor, require_dask  # Dask if asked

        require_dask(options)
    owned = store is None
    if store is None:
        store = open_store(options.db_path)
    run_id = store.begin_run(
        {
            "inputs": [str(i) for i in options.inputs],
            "targets": list(options.targets),
            "source_lang": options.source_lang,
            "glossaries": {lang: g.version for lang, g in glossaries.items()},
            "packages": {lang: r.package_id for lang, r in routes.items()},
            "beam_size": options.engine.beam_size,
        },
        glossaries=_selection(options),
    )
    status = "failed"
    articles: list[ArticleReport] = []
    stored = _Stored()
    report = RunReport(
        run_id=run_id,
        db=str(options.db_path),
        articles=articles,
        elapsed_s=0.0,
        warnings=warnings,
        skipped=batch.skipped,
    )
    collected: list[str] = []
    emit = stream if stream is not None and options.output_file is None else collected.append
    feeds = FeedFiles(options.out_dir) if options.out_dir is not None else None
    lines = _SkipLines(batch.skipped)
    cluster = ExitStack()  # a local Dask cluster, closed when the run ends
    timings = report.timings
    try:
        if wants_cluster:
            opened = time.perf_counter()
            executor = cluster.enter_context(open_executor(options))
            timings.cluster_start_s = time.perf_counter() - opened
            say(
                ngettext(
                    "Dask: {workers} worker ready in {seconds:.1f} s",
                    "Dask: {workers} workers ready in {seconds:.1f} s",
                    executor.workers,
                ).format(workers=executor.workers, seconds=timings.cluster_start_s)
            )
        executor = executor or InProcess()
        timings.workers = executor.workers
        for number, window in enumerate(chain([first], rest), start=1):
            if number > 1:
                told.tell()
                names.check(window)
            reports, records = _register_articles(store, window, options.source_lang)
            articles += reports
            rendered: dict[str, list[str]] = {}
            for code in codes:
                units = TargetUnits.build(
                    window, records, code, glossaries[code],
                    pivot=routes[code].pivot is not None, source_lang=options.source_lang,
                )  # fmt: skip
                target = _Target(
                    store, run_id, routes[code], units, options, say, progress, stored,
                    executor, timings,
                )  # fmt: skip
                target.run()
                for output in outputs:
                    if output.code == code:
                        rendered[output.name] = target.write(window, records, reports, output)
            lines.start = len(articles) - len(window)
            _write_window(window, reports, rendered, options, emit, feeds, rendered_mode, lines)
            if on_article is not None:
                for index, document in enumerate(window):
                    for output in outputs:
                        on_article(document, output.name, rendered[output.name][index])
            if on_window is not None:
                on_window(number, len(articles))
        told.tell()
        _flush_skips(lines, options, emit, feeds)
        if options.stdout:
            text = "".join(collected)
            report.stdout_text = text if stream is None or options.output_file else None
        if options.output_file is not None and report.stdout_text is not None:
            write_atomic(options.output_file, report.stdout_text)  # `-o FILE`
            for article in articles:
                for target_report in article.targets.values():
                    target_report.output = str(options.output_file)
            report.stdout_text = None
        status = "ok"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        closing = time.perf_counter()
        cluster.close()
        if wants_cluster:
            timings.cluster_stop_s = time.perf_counter() - closing
        if feeds is not None:
            feeds.close()
        # The same numbers as the report; an interrupted run counts what it stored.
        counts = report.counts()
        if status != "ok":
            counts.update(stored.counts())
        store.finish_run(run_id, counts, status=status)
        if owned:
            store.close()
    return report


@dataclass
class Prepared:
    """What a run settles before it reads anything: each target's route (packages) and
    glossary, and the warnings that gave (each said once)."""

    routes: dict[str, Route]
    glossaries: dict[str, Glossary]
    warnings: list[str] = field(default_factory=list)


def prepare(options: RunOptions, say: Callable[[str], None] | None = None) -> Prepared:
    """Routes and glossaries for the languages of ``options.targets`` (one per language:
    ha_NE and ha_NG share Hausa's): NoModelError without a package, a UsageError for a
    glossary `glossary check` rejects (see ``glossary_errors``). Each glossary warning is
    said once, as progress is (`-q` silences it)."""
    say = say or logger.info
    resolve_device(options.engine.device)  # `--device cuda` without a GPU: before any write
    codes = list(dict.fromkeys(output.code for output in options.outputs()))
    pool = all_packages()
    routes = {code: resolve_route(options.source_lang, code, pool) for code in codes}
    warnings: list[str] = []
    _check_glossaries(options, codes, warnings, say)
    glossaries = {code: _glossary(options, code) for code in codes}
    for warning in dict.fromkeys(w for g in glossaries.values() for w in g.warnings):
        warnings.append(warning)
        say(_("translate: warning: {message}").format(message=warning))
    return Prepared(routes, glossaries, warnings)


@dataclass
class _Told:
    """Skipped inputs and reader warnings, said (and added to the report's warnings) as
    the lazy reading meets them, once each."""

    batch: InputBatch
    warnings: list[str]
    warn: Callable[[str], None]
    skipped: int = 0
    cleaned: int = 0

    def tell(self) -> None:
        new = [*map(str, self.batch.skipped[self.skipped :]), *self.batch.warnings[self.cleaned :]]
        self.skipped, self.cleaned = len(self.batch.skipped), len(self.batch.warnings)
        for warning in new:
            self.warn(_("translate: warning: {message}").format(message=warning))
        self.warnings += new


def _write_window(
    window: list[Document],
    reports: list[ArticleReport],
    rendered: dict[str, list[str]],
    options: RunOptions,
    emit: Callable[[str], None],
    feeds: FeedFiles | None,
    rendered_mode: bool,
    skips: _SkipLines | None = None,
) -> None:
    """A window's outputs: ``-o -`` lines in input order (or the one article as
    rendered), text articles one file each, JSONL feed lines appended per feed. A
    skipped JSONL record gets its error line where it stood (``{"id", "lang",
    "error"}``), so that the outputs line up with the inputs."""
    skips = skips or _SkipLines([])
    if options.stdout:
        for index, (document, report) in enumerate(zip(window, reports, strict=True)):
            if not rendered_mode:
                _write_skips(skips.due(skips.start + index), options, emit, None)
            for lang in options.targets:
                text = rendered[lang][index]
                if rendered_mode:
                    emit(text)
                else:
                    emit(feed_line(document, lang, text, report.targets[lang].summary()))
        return
    if options.out_dir is None or feeds is None:
        return
    for lang in options.targets:
        lines: dict[Path, list[str]] = {}
        for index, (document, report) in enumerate(zip(window, reports, strict=True)):
            for skip in skips.due(skips.start + index, lang):
                lines.setdefault(skip_output(skip, lang), []).append(skip_line(skip, lang))
            target = report.targets[lang]
            text = rendered[lang][index]
            if document.record is None:
                target.output = str(write_output(document, lang, text, options.out_dir))
                continue
            relative = output_path(document, lang)
            lines.setdefault(relative, []).append(feed_line(document, lang, text, target.summary()))
            target.output = str(options.out_dir / relative)
        for relative, feed in lines.items():
            feeds.append(relative, feed)


@dataclass
class _SkipLines:
    """The skipped JSONL records whose error lines are still to write, by the number of
    articles read before each (``Skipped.after``)."""

    skipped: list[Skipped]
    written: int = 0
    start: int = 0  # articles of the run before the window being written
    per_lang: dict[str, int] = field(default_factory=dict)

    def due(self, before: int | None, lang: str | None = None) -> list[Skipped]:
        """The records met before article ``before`` (None: all), each once (per
        ``lang`` when given: feed files are written one language at a time)."""
        done = self.per_lang.get(lang, 0) if lang is not None else self.written
        records = [s for s in self.skipped if s.line is not None]
        found = [s for s in records[done:] if before is None or s.after <= before]
        if lang is not None:
            self.per_lang[lang] = done + len(found)
        else:
            self.written = done + len(found)
        return found


def skip_line(skip: Skipped, lang: str) -> str:
    """The output line of a skipped JSONL record: its id (null when unreadable), the
    language, why it was skipped, and where it was."""
    record = {"id": skip.id, "lang": lang, "error": skip.reason, "line": skip.line}
    return json.dumps(record, ensure_ascii=False) + "\n"


def skip_output(skip: Skipped, lang: str) -> Path:
    """The feed output a skipped record of ``skip.input`` belongs to (output_path's)."""
    from translate.documents import safe_name

    stem = "stdin" if skip.input == "<stdin>" else Path(skip.input).stem
    return Path(f"{safe_name(stem)}.{safe_name(lang)}.jsonl")


def _write_skips(
    skips: list[Skipped], options: RunOptions, emit: Callable[[str], None], feeds: FeedFiles | None
) -> None:
    """``-o -``: the error lines of records skipped before the next article."""
    for skip in skips:
        for lang in options.targets:
            emit(skip_line(skip, lang))


def _flush_skips(
    lines: _SkipLines, options: RunOptions, emit: Callable[[str], None], feeds: FeedFiles | None
) -> None:
    """The error lines of records skipped after the last article."""
    if options.stdout:
        _write_skips(lines.due(None), options, emit, None)
    elif feeds is not None:
        for lang in options.targets:
            for skip in lines.due(None, lang):
                feeds.append(skip_output(skip, lang), [skip_line(skip, lang)])


@dataclass
class _Stored:
    """Rows a run has stored so far, by kind: ``runs.counts`` of an interrupted run."""

    translated: int = 0
    reused: int = 0
    rendered: int = 0
    failed: int = 0

    def counts(self) -> dict[str, int]:
        return {"translated": self.translated, "reused": self.reused,
                "rendered": self.rendered, "failed": self.failed}  # fmt: skip


def _selection(options: RunOptions) -> GlossarySelection | None:
    """The run's glossaries as review checks will choose them again: the --glossary
    values with absolute paths (a reviewer works elsewhere). None without enforcement:
    a reviewer's text is then checked against the default glossaries."""
    if not options.enforce:
        return None
    specs = [parse_spec(value) for value in options.glossary_paths]
    absolute = [replace(spec, path=spec.path.absolute()) for spec in specs]
    return GlossarySelection(tuple(str(spec) for spec in absolute), options.use_default_glossaries)


#: Errors of a refused glossary named in the one line of a run's refusal.
GLOSSARY_ERRORS_SHOWN = 3


def _check_glossaries(
    options: RunOptions, codes: Sequence[str], warnings: list[str], say: Callable[[str], None]
) -> None:
    """A PO glossary `translate glossary check` rejects (three plural forms where French
    has two, a msgid given twice) stops the run before anything is stored: exit 2, its
    first errors listed. ``--glossary-errors warn``: they are warnings, and it is used."""
    if not options.enforce:
        return
    from translate.glossary.loader import run_check

    problems = run_check(codes, options.glossary_paths,
                         use_defaults=options.use_default_glossaries)  # fmt: skip
    if not problems:
        return
    if options.glossary_errors != "warn":
        shown = "; ".join(str(p) for p in problems[:GLOSSARY_ERRORS_SHOWN])
        more = len(problems) - GLOSSARY_ERRORS_SHOWN
        raise UsageError(
            ngettext(
                "glossary check finds {count} error: {errors}{more} (fix it, or run with "
                "--glossary-errors warn)",
                "glossary check finds {count} errors: {errors}{more} (fix them, or run with "
                "--glossary-errors warn)",
                len(problems),
            ).format(count=len(problems), errors=shown, more="; …" if more > 0 else "")
        )
    for problem in problems:
        warnings.append(str(problem))
        say(_("translate: warning: {message}").format(message=problem))


def _glossary(options: RunOptions, lang: str) -> Glossary:
    if not options.enforce:
        # Nothing enforced: an empty glossary, so stored term keys say "no terms" and a
        # later enforced run does not take these translations from memory.
        return Glossary(lang, [])
    return load_for(lang, options.glossary_paths, use_defaults=options.use_default_glossaries)


def _register_articles(
    store: Store, documents: list[Document], source_lang: str
) -> tuple[list[ArticleReport], list[ArticleRecord]]:
    reports, records = [], []
    for document in documents:
        record = store.add_article(
            ArticleInput(
                source=document.source,
                doc_id=document.id,
                content_hash=document.content_hash(),
                source_lang=source_lang,
                title=document.title,
                segments=[
                    SegmentInput(s.kind, s.block, s.text, s.spans) for s in document.segments
                ],
            )
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


@dataclass
class _Target:
    """One target language of a run: its stream translated, stored and written."""

    store: Store
    run_id: int
    route: Route
    units: TargetUnits
    options: RunOptions
    say: Callable[[str], None]
    progress: Progress | None
    stored: _Stored = field(default_factory=lambda: _Stored())
    executor: Executor = field(default_factory=InProcess)
    timings: RunTimings = field(default_factory=RunTimings)
    memory: dict[str, MemoryHit] = field(default_factory=dict)
    fresh: dict[str, SegmentResult] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.units.lang

    def run(self) -> None:
        """Translate this language's stream (or take it from memory) and store it."""
        units = self.units.units
        term_keys = {text: unit.term_key for text, unit in units.items()}
        self.memory = self.store.memory_lookup(term_keys, self.lang, self.route.package_id)
        self.memory.update(self._rendered_before())
        datelines = [u for u in units.values() if u.dateline is not None]
        furniture = [u for u in units.values() if u.furniture]
        pending = [
            u for u in units.values()
            if u.text not in self.memory and u.dateline is None and not u.furniture
        ]  # fmt: skip
        self._announce(len(units), len(datelines), len(pending))
        # Memory hits are written for segments that do not hold them yet (same text in a
        # new article); the store leaves identical rows alone, so reruns add nothing.
        self.store.save_translations(
            [row for text, hit in self.memory.items()
             for row in self.units.memory_rows(units[text], hit, self.run_id)]
        )  # fmt: skip
        for text, hit in self.memory.items():
            count = len(units[text].segment_ids)
            if hit.package == RENDERED_PACKAGE:
                self.stored.rendered += count
            else:
                self.stored.reused += count
        rendered = [u for u in datelines if u.text not in self.memory]
        self.store.save_translations(
            [row for u in rendered
             for row in self.units.result_rows(u, _dateline(u), self.route, self.run_id,
                                               kind="dateline")]
            + [row for u in furniture
               for row in self.units.result_rows(u, _furniture(u), self.route, self.run_id,
                                                 kind="furniture")]
        )  # fmt: skip
        self.stored.rendered += sum(len(u.segment_ids) for u in rendered)
        self.fresh = {u.text: _dateline(u) for u in rendered}
        self.fresh.update({u.text: _furniture(u) for u in furniture})
        self._translate(pending)

    def _announce(self, unique: int, datelines: int, pending: int) -> None:
        counts = ngettext(
            "{lang}: {unique} unique segment, {memory} from memory, {datelines} datelines, "
            "{pending} to translate",
            "{lang}: {unique} unique segments, {memory} from memory, {datelines} datelines, "
            "{pending} to translate",
            unique,
        ).format(lang=self.lang, unique=unique, datelines=datelines,
                 memory=sum(h.package != RENDERED_PACKAGE for h in self.memory.values()),
                 pending=pending)  # fmt: skip
        if self.route.pivot:
            message = _("{counts} with {package} through {pivot}").format(
                counts=counts, package=self.route.package_id, pivot=self.route.pivot
            )
        else:
            message = _("{counts} with {package}").format(
                counts=counts, package=self.route.package_id
            )
        self.say(message)

    def _rendered_before(self) -> dict[str, MemoryHit]:
        """Rendered lines (datelines, headers, credits) an earlier run stored with the same
        rendering: reused, so an unchanged rerun redoes nothing, while an edited
        sections.toml or glossary still takes effect."""
        wanted = {
            u.text: u.term_key
            for u in self.units.units.values()
            if u.dateline is not None and u.text not in self.memory
        }
        found = self.store.memory_lookup(wanted, self.lang, RENDERED_PACKAGE)
        return {
            t: hit for t, hit in found.items() if hit.text == _dateline(self.units.units[t]).text
        }

    def _translate(self, pending: list[UniqueSegment]) -> None:
        options = self.options
        decoding = Decoding(options.engine, options.enforce, options.num_hypotheses)
        # Whole batches per chunk, cut from the work alone: the same translations
        # whatever the executor and its number of workers (translate.pipeline.chunks).
        planned = plan_chunks(
            pending, lambda u: len(u.text), self.executor.workers, max(1, options.chunk_size)
        )
        flat = [[u for batch in chunk for u in batch] for chunk in planned]
        jobs = (
            ChunkJob(
                texts=tuple(u.text for u in chunk),
                route=self.route,
                glossary=self.units.glossary,
                decoding=decoding,
                markup=frozenset(u.text for u in chunk if u.markup),
                matches=tuple(u.matches for u in chunk),
                verbatim=tuple(u.verbatim for u in chunk),
                batches=tuple(len(batch) for batch in batches),
            )
            for chunk, batches in zip(flat, planned, strict=True)
        )
        done = 0
        for chunk, translated in zip(flat, self.executor.map(jobs), strict=True):
            started = time.perf_counter()
            # Stored in the language's own conventions (ha: the configured house spelling,
            # fr: French typography); each output is finished for its locale on render.
            finish = partial(finish_text, locale=self.lang, typography=options.typography)
            for result in translated.values():
                result.text = typeset_outside(result.text, result.verbatim, finish)
            for u in chunk:
                if u.markup:
                    self._check_markup(u, translated[u.text])
            # One transaction per chunk: a killed run keeps every finished chunk.
            self.store.save_translations(
                [row for u in chunk
                 for row in self.units.result_rows(u, translated[u.text], self.route, self.run_id)]
            )  # fmt: skip
            self.fresh.update(translated)
            for u in chunk:
                if translated[u.text].failure is None:
                    self.stored.translated += len(u.segment_ids)
                else:
                    self.stored.failed += len(u.segment_ids)
            done += len(chunk)
            self.timings.storing_s += time.perf_counter() - started
            self.timings.chunks += 1
            if self.progress is not None:
                self.progress(self.lang, done, len(pending))

    def _check_markup(self, unit: UniqueSegment, result: SegmentResult) -> None:
        """Markup the machine could not place never vanishes silently: the translation
        is flagged ``markup`` (held for review, counted in the report)."""
        if result.failure is not None:
            return
        lost = [
            line
            for segment_id in unit.segment_ids
            if (segment := self.units.segments[segment_id]).spans
            for line in result.placed_spans(segment)[1]
        ]
        if lost:
            result.flags = quality.merge(result.flags, [quality.markup_not_placed(lost)])

    def write(
        self,
        documents: list[Document],
        records: list[ArticleRecord],
        reports: list[ArticleReport],
        output: Target,
    ) -> list[str]:
        """Each article rendered for ``output`` (a locale of this language), its report
        filled in."""
        drop = FURNITURE_KINDS if self.options.furniture == "drop" else ()
        rendered = []
        for document, record, report in zip(documents, records, reports, strict=True):
            targets = self._targets(document, output)
            report.targets[output.name] = self._article(document, record, targets)
            rendered.append(document.render(targets, drop=drop, lang=output.locale))
        return rendered

    def _targets(self, document: Document, output: Target) -> list[TargetSegment]:
        """Each segment's translation as ``output`` shows it: machine text, memory and
        reviewers' text alike finished for its locale (typography, Hausa house spelling),
        rendered lines rendered for it, the markup moved with the characters."""
        targets: list[TargetSegment] = []
        for segment in document.segments:
            unit = self.units.units[segment.text]
            hit = self.memory.get(segment.text)
            human = hit is not None and hit.status in HUMAN_STATUSES
            if segment.kind in FURNITURE_KINDS:
                targets.append(TargetSegment(segment.text, list(segment.spans)))
                continue
            if unit.dateline is not None and not human:
                rendered = render_dateline(unit.text, output.locale, unit.matches,
                                           self.options.source_lang)  # fmt: skip
                targets.append(TargetSegment(rendered.text, rendered.carry_spans(segment)))
                continue
            if hit is not None:
                targets.append(self._finished(segment, hit.text, reused_spans(hit, segment),
                                              output))  # fmt: skip
                continue
            result = self.fresh[segment.text]
            if result.failure is not None:
                targets.append(untranslated(segment))
            else:
                spans = result.placed_spans(segment)[0]
                targets.append(self._finished(segment, result.text, spans, output))
        return targets

    def _finished(
        self, segment: Segment, text: str, spans: list[InlineSpan], output: Target
    ) -> TargetSegment:
        """``text`` finished for ``output``'s locale, verbatim spans untouched, each span
        moved with the characters it covers."""
        finish = partial(finish_text, locale=output.locale, typography=self.options.typography)
        surfaces = [segment.text[a:b] for a, b in segment_verbatim(segment)]
        done = typeset_outside(text, surfaces, finish)
        if done == text:
            return TargetSegment(text, spans)
        moved = offset_map(text, done)
        return TargetSegment(
            done,
            [InlineSpan(moved(s.start), max(moved(s.end), moved(s.start)), s.open, s.close)
             for s in spans],
        )  # fmt: skip

    def _hookless(self, targets: list[TargetSegment]) -> int:
        """QA: words of the output that are a glossary word with its hooks dropped."""
        known = hooked_words(t for e in self.units.glossary.entries for t in e.targets)
        return sum(hookless_count(target.text, known) for target in targets)

    def _article(
        self, document: Document, record: ArticleRecord, targets: list[TargetSegment]
    ) -> TargetReport:
        """The report of one article in this language: counts, terms, quality."""
        glossary = GlossarySummary(version=self.units.glossary.version)
        translated = reused = rendered = 0
        quality = QualitySummary()
        stored = self.store.stored_statuses(record.segment_ids, self.lang)
        for segment, segment_id in zip(document.segments, record.segment_ids, strict=True):
            # Fuzzy (proposed) entries are reported for the glossary's reviewers, never
            # enforced: the desk decides whether they become terms.
            glossary.proposed += [
                ProposedTerm(segment_id, m.entry.source, m.expected)
                for m in self.units.units[segment.text].proposed
            ]
            hit = self.memory.get(segment.text)
            if hit is not None:
                if hit.package == RENDERED_PACKAGE:
                    rendered += 1  # a dateline rendered as before: not a translation
                else:
                    reused += 1
                glossary.count(hit.terms, segment_id, hit.text, stored.get(segment_id))
                quality.add(segment_id, segment.text, failure=None, flags=hit.flags,
                            parts=hit.parts)  # fmt: skip
                continue
            result = self.fresh[segment.text]
            if self.units.units[segment.text].dateline is not None:
                rendered += 1
            elif segment.kind not in FURNITURE_KINDS and result.failure is None:
                translated += 1
            glossary.count(result.terms, segment_id, result.text, stored.get(segment_id))
            glossary.count_pass(result.stage)
            quality.add(segment_id, segment.text, failure=result.failure,
                        flags=result.flags, parts=result.parts)  # fmt: skip
        if is_hausa(self.lang):
            glossary.hookless = self._hookless(targets)
        return TargetReport(
            translated=translated,
            reused=reused,
            rendered=rendered,
            package=self.route.package_id,
            pivot=self.route.pivot,
            glossary=glossary,
            quality=quality,
        )


def _dateline(unit: UniqueSegment) -> SegmentResult:
    assert unit.dateline is not None
    return unit.dateline


def _furniture(unit: UniqueSegment) -> SegmentResult:
    """Page furniture is never machine translated: its target is its source."""
    return SegmentResult(unit.text, 0.0, [], None, unit.text)
