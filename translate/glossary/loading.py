"""The one way a glossary is chosen and loaded: for runs, review checks and the
glossary commands alike, so a reviewer's edit is checked against the run's terms."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translate.glossary.matching import Glossary, default_glossary_paths, load_glossary


def glossary_paths(
    lang: str, extra: Iterable[Path] = (), *, use_defaults: bool = True
) -> list[Path]:
    """The files a glossary for ``lang`` is read from: the shipped and user glossaries
    for the language (``use_defaults``), then ``extra`` paths, later ones winning."""
    paths = list(default_glossary_paths(lang)) if use_defaults else []
    return paths + list(extra)


def load_for(lang: str, extra: Iterable[Path] = (), *, use_defaults: bool = True) -> Glossary:
    """The glossary for target language ``lang`` (see :func:`glossary_paths`)."""
    return load_glossary(glossary_paths(lang, extra, use_defaults=use_defaults), lang)
