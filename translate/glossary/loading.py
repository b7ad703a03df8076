"""The one way a glossary is chosen and loaded: for runs, review checks and the
glossary commands alike, so a reviewer's edit is checked against the run's terms."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translate.glossary.matching import Glossary, default_glossary_paths, load_glossary
from translate.glossary.model import Problem
from translate.glossary.selection import GlossarySpec, base_language, paths_for


def glossary_paths(
    lang: str, extra: Iterable[str | Path | GlossarySpec] = (), *, use_defaults: bool = True
) -> list[Path]:
    """The files a glossary for ``lang`` is read from: the shipped and user glossaries
    for the language (``use_defaults``), then the ``extra`` files that are for ``lang``
    (``fr=extra.csv``, or a file whose header says its language), later ones winning.
    An extra file whose language cannot be told is refused (GlossaryError)."""
    defaults = list(default_glossary_paths(lang)) if use_defaults else []
    return paths_for(lang, list(extra), defaults=defaults)


def run_check(langs: Iterable[str], extra: Iterable[str | Path | GlossarySpec] = (), *,
              use_defaults: bool = True) -> list[Problem]:  # fmt: skip
    """The errors `translate glossary check` finds in the PO glossaries a run for
    ``langs`` uses (each file checked once, as a file for the language it is used for);
    CSV/TSV/TBX term lists are checked as they are read."""
    from translate.glossary.check import check_glossary, errors
    from translate.glossary.matching import TERM_LIST_SUFFIXES

    extra = list(extra)
    specs: dict[Path, GlossarySpec] = {}
    for lang in langs:
        for path in glossary_paths(lang, extra, use_defaults=use_defaults):
            if path.suffix.lower() not in TERM_LIST_SUFFIXES:
                specs.setdefault(path, GlossarySpec(path, base_language(lang)))
    return errors(check_glossary(list(specs.values()))) if specs else []


def load_for(
    lang: str, extra: Iterable[str | Path | GlossarySpec] = (), *, use_defaults: bool = True
) -> Glossary:
    """The glossary for target language ``lang`` (see :func:`glossary_paths`)."""
    return load_glossary(glossary_paths(lang, extra, use_defaults=use_defaults), lang)
