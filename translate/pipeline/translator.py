"""A reusable translator for library callers and the server: packages, glossaries and the
store are loaded once and kept between calls, like ``llm.get_model()``.

Each call is one run of the same pipeline as ``translate run`` (segments, memory,
glossary enforcement, datelines, typography), over texts held in memory. Several texts
given together are translated as one deduplicated, token-batched stream: the server
gathers concurrent requests into one call.

A Translator is not thread-safe (its SQLite connection belongs to the thread that
opened it): use it from one thread, as the server's engine thread does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType

from translate.documents import Document, parse_text
from translate.engine.translator import EngineOptions
from translate.glossary.matching import with_terms
from translate.glossary.terms import inline_entries
from translate.ids import text_digest
from translate.pipeline.options import PathArg, RunOptions, as_path
from translate.pipeline.report import TargetReport
from translate.pipeline.run import Prepared, prepare, run_documents
from translate.records import Flag, TermOutcome
from translate.store import Store, open_store

#: Text formats a Translator takes (``translate.documents`` parses them as files).
TEXT_FORMATS = ("txt", "md", "html")
#: Runs of ``store=False`` calls an in-memory scratch store serves before it is renewed.
SCRATCH_RUNS = 500


@dataclass
class TextTranslation:
    """A translated text and what the run found about it (terms, quality, package)."""

    text: str
    report: TargetReport
    run_id: int | None = None  # the stored run (None: nothing was stored)

    def __str__(self) -> str:
        return self.text

    @property
    def violations(self) -> int:
        """Glossary terms the translation still misses (held for review in the store)."""
        return self.report.glossary.violated

    @property
    def terms(self) -> list[TermOutcome]:
        """Each glossary term met in the text, with what became of it."""
        return list(self.report.glossary.terms)

    @property
    def flags(self) -> list[Flag]:
        """Why segments of the text are held for review as suspect."""
        return [flag for item in self.report.quality.flagged for flag in item.flags]


@dataclass(frozen=True)
class _Key:
    source: str
    target: str
    glossaries: tuple[Path, ...]


@dataclass
class Translator:
    """Translate texts again and again with what the first call loaded.

    ``db``: where stored translations go and translation memory comes from (the
    default, ``:memory:``, keeps them for the Translator's life only). The glossary
    options are those of ``translate run``; ``glossary_paths`` are used for every call,
    a call's ``glossaries`` on top of them, its ``terms`` on top of all.

    >>> import translate
    >>> with translate.Translator() as translator:
    ...     result = translator.translate("The CNSP met ECOWAS.", target="fr")
    >>> "CNSP" in result.text and result.violations == 0
    True
    """

    source: str = "en"
    db: PathArg = ":memory:"
    glossary_paths: Sequence[PathArg] = ()
    use_default_glossaries: bool = True
    enforce: bool = True
    typography: bool = True
    engine: EngineOptions = field(default_factory=EngineOptions)
    # A PO glossary `glossary check` rejects: "refuse" (UsageError), or "warn".
    glossary_errors: str = "refuse"
    # Progress lines and warnings (default: the ``translate`` logger).
    log: Callable[[str], None] | None = None
    _prepared: dict[_Key, Prepared] = field(default_factory=dict, init=False, repr=False)
    _store: Store | None = field(default=None, init=False, repr=False)
    # Calls with ``store=False`` run against this in-memory store, renewed every
    # SCRATCH_RUNS runs: opening one costs ~20 ms, and a server must not grow forever.
    _scratch: Store | None = field(default=None, init=False, repr=False)
    _scratch_runs: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self.db = as_path(self.db, "db")
        self.glossary_paths = tuple(as_path(p, "glossary_paths") for p in self.glossary_paths)

    # ------------------------------------------------------------------ life

    @property
    def store(self) -> Store:
        """The store, opened on first use and kept."""
        if self._store is None:
            self._store = open_store(Path(os.fspath(self.db)))
        return self._store

    def close(self) -> None:
        """Close the store (everything stored is already committed)."""
        for store in (self._store, self._scratch):
            if store is not None:
                store.close()
        self._store = self._scratch = None

    def _scratch_store(self) -> Store:
        if self._scratch is not None and self._scratch_runs >= SCRATCH_RUNS:
            self._scratch.close()
            self._scratch = None
        if self._scratch is None:
            self._scratch, self._scratch_runs = open_store(":memory:"), 0
        self._scratch_runs += 1
        return self._scratch

    def __enter__(self) -> Translator:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def prepare(
        self, target: str, *, source: str | None = None, glossaries: Sequence[PathArg] = ()
    ) -> None:
        """Load the package(s) and glossary for ``source`` → ``target`` now (a server
        does it before it listens): NoModelError, or a UsageError for a glossary that
        `glossary check` rejects, come here rather than at the first call."""
        options = self._options(source or self.source, target, glossaries, "txt", Path(":memory:"))
        self._prepare(options)

    # ------------------------------------------------------------------ translate

    def translate(
        self,
        text: str,
        target: str = "fr",
        *,
        source: str | None = None,
        format: str = "txt",
        glossaries: Sequence[PathArg] = (),
        terms: Mapping[str, str] | None = None,
        store: bool = True,
    ) -> TextTranslation:
        """Translate one text (plain, or ``format="md"``/``"html"``) into ``target``."""
        return self.translate_many([text], target, source=source, format=format,
                                   glossaries=glossaries, terms=terms, store=store)[0]  # fmt: skip

    def translate_many(
        self,
        texts: Sequence[str],
        target: str = "fr",
        *,
        source: str | None = None,
        format: str = "txt",
        glossaries: Sequence[PathArg] = (),
        terms: Mapping[str, str] | None = None,
        store: bool = True,
        ids: Sequence[str] | None = None,
    ) -> list[TextTranslation]:
        """Translate several texts in one run (one deduplicated, batched stream), in order.

        ``store``: keep the segments in this Translator's database, one run for the
        call (``ids`` name the articles; by default each text is the article
        ``text-<digest of its text>``); else they go
        to an in-memory scratch store (renewed now and then). A text with nothing to
        translate (empty, spaces) comes back as it is. Errors are those ``translate`` documents
        (``NoModelError``, ``UsageError``...)."""
        if isinstance(texts, str):
            raise TypeError("translate_many: a list of texts, not a single string")
        source = source or self.source
        # Each text its own article, named by its content: two calls with different texts
        # never become two versions of one article, and the same text is the same one.
        names = list(ids) if ids is not None else [f"text-{text_digest(t)}" for t in texts]
        documents = {
            index: parse_text(
                text, format, id=names[index], source=f"<{names[index]}>", lang=source
            )
            for index, text in enumerate(texts)
        }
        usable = {index: d for index, d in documents.items() if d.segments}
        empty = TargetReport()
        results = [TextTranslation(text, empty) for text in texts]
        if not usable:
            return results
        db = Path(os.fspath(self.db)) if store else Path(":memory:")
        options = self._options(source, target, glossaries, format, db)
        prepared = self._prepare(options)
        if terms:
            # One target, one language (a locale such as fr_CH is keyed by fr).
            ((code, glossary),) = prepared.glossaries.items()
            extra = inline_entries(terms, glossary.lang)
            prepared = replace(prepared, glossaries={code: with_terms(glossary, extra)})
        rendered: dict[int, str] = {}
        position = {id(document): index for index, document in usable.items()}

        def done(document: Document, _lang: str, text: str) -> None:
            rendered[position[id(document)]] = text

        report = run_documents(
            list(usable.values()), options, log=self._say, prepared=prepared,
            store=self.store if store else self._scratch_store(), on_article=done,
        )  # fmt: skip
        run_id = report.run_id if store else None
        for index, article in zip(usable, report.articles, strict=True):
            results[index] = TextTranslation(rendered[index], article.targets[target], run_id)
        return results

    # ------------------------------------------------------------------ inside

    def _say(self, message: str) -> None:
        if self.log is not None:
            self.log(message)
        else:
            from translate.pipeline.run import logger

            logger.info(message)

    def _options(
        self, source: str, target: str, glossaries: Sequence[PathArg], format: str, db: Path
    ) -> RunOptions:
        return RunOptions(
            inputs=["<text>"],
            targets=[target],
            source_lang=source,
            db_path=db,
            out_dir=None,
            input_format=format,
            glossary_paths=[
                as_path(g, "glossary_paths") for g in (*self.glossary_paths, *glossaries)
            ],
            use_default_glossaries=self.use_default_glossaries,
            enforce=self.enforce,
            glossary_errors=self.glossary_errors,
            engine=self.engine,
            typography=self.typography,
            # A caller's text is what it wants translated: page furniture ("Share
            # this") is kept as it is, never dropped from what comes back.
            furniture="keep",
        )

    def pairs(self) -> list[tuple[str, str]]:
        """(source, target) pairs the installed and bundled packages translate,
        directly or through English."""
        from translate.engine.packages import all_packages
        from translate.mt.routes import PIVOT_LANG

        direct = {(p.from_code, p.to_code) for p in all_packages()}
        pivot = {
            (a, d) for a, b in direct for c, d in direct
            if b == PIVOT_LANG and c == PIVOT_LANG and a != d
        }  # fmt: skip
        return sorted(direct | pivot)

    def _prepare(self, options: RunOptions) -> Prepared:
        key = _Key(options.source_lang, options.targets[0], tuple(options.glossary_paths))
        found = self._prepared.get(key)
        if found is None:
            found = self._prepared[key] = prepare(options, self._say)
        return found
