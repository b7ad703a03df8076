"""Translating a text held in memory, for library callers: the same pipeline as files
(segments, glossary, datelines, typography), stored in a database of the caller's
choice (an in-memory one by default, so nothing is left behind). A caller translating
more than once keeps a :class:`~translate.pipeline.translator.Translator` instead."""

from __future__ import annotations

from collections.abc import Sequence

from translate.engine.translator import EngineOptions
from translate.pipeline.options import PathArg
from translate.pipeline.translator import TextTranslation, Translator

__all__ = ["TextTranslation", "translate_text"]


def translate_text(
    text: str,
    *,
    source: str = "en",
    target: str = "fr",
    format: str = "txt",
    db: PathArg = ":memory:",
    glossary_paths: Sequence[PathArg] = (),
    use_default_glossaries: bool = True,
    enforce: bool = True,
    typography: bool = True,
    engine: EngineOptions | None = None,
) -> TextTranslation:
    """Translate ``text`` (plain text, or ``format="md"``/``"html"``) into ``target``.

    Raises the errors ``translate`` documents (``NoModelError`` without a package for the
    pair, ``UsageError`` for a bad option...)."""
    with Translator(
        source=source, db=db, glossary_paths=glossary_paths,
        use_default_glossaries=use_default_glossaries, enforce=enforce,
        typography=typography, engine=engine or EngineOptions(),
    ) as translator:  # fmt: skip
        return translator.translate(text, target, format=format)
