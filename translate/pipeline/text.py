"""Translating a text held in memory, for library callers: the same pipeline as files
(segments, glossary, datelines, typography), stored in a database of the caller's
choice (an in-memory one by default, so nothing is left behind)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.documents import parse_text
from translate.engine.translator import EngineOptions
from translate.pipeline.options import RunOptions
from translate.pipeline.report import TargetReport
from translate.pipeline.run import run_documents


@dataclass
class TextTranslation:
    """A translated text and what the run found about it (terms, quality, package)."""

    text: str
    report: TargetReport

    def __str__(self) -> str:
        return self.text

    @property
    def violations(self) -> int:
        """Glossary terms the translation still misses (held for review in the store)."""
        return self.report.glossary.violated


def translate_text(
    text: str,
    *,
    source: str = "en",
    target: str = "fr",
    format: str = "txt",
    db: Path | str = ":memory:",
    glossary_paths: Sequence[Path] = (),
    use_default_glossaries: bool = True,
    enforce: bool = True,
    typography: bool = True,
    engine: EngineOptions | None = None,
) -> TextTranslation:
    """Translate ``text`` (plain text, or ``format="md"``/``"html"``) into ``target``.

    Raises the errors ``translate`` documents (``NoModelError`` without a package for the
    pair, ``UsageError`` for a bad option...)."""
    document = parse_text(text, format, id="text", source="<text>", lang=source)
    options = RunOptions(
        inputs=["<text>"],
        targets=[target],
        source_lang=source,
        db_path=Path(db),
        out_dir=None,
        stdout=True,
        glossary_paths=glossary_paths,
        use_default_glossaries=use_default_glossaries,
        enforce=enforce,
        engine=engine or EngineOptions(),
        typography=typography,
    )
    report = run_documents([document], options, log=lambda _message: None)
    return TextTranslation(report.stdout_text or "", report.articles[0].targets[target])
