r"""Offline newsroom translation with Argos Translate packages, glossaries and a SQLite memory.

The public Python API, for newsroom pipelines that would rather import than spawn
``translate``. Names load lazily (``import translate`` stays fast, as ``translate
--help`` does). A library call prints nothing: progress and warnings go to the
``translate`` logger (``logging``), or to the ``log``/``warn`` callbacks given.
Every path the API takes may be a ``str`` or an ``os.PathLike``. These examples run as
they are (``tests/test_public_api.py`` doctests them)::

    >>> import tempfile
    >>> from pathlib import Path
    >>> import translate

    A text: the same pipeline as files (glossary enforced, datelines, typography).

    >>> result = translate.translate_text("The CNSP met in Niamey.", source="en", target="fr")
    >>> "CNSP" in result.text, result.violations
    (True, 0)

    Many texts: a Translator keeps the packages, glossaries and store between calls.

    >>> with translate.Translator(source="en") as translator:
    ...     texts = translator.translate_many(["ECOWAS met.", "The CNSP met."], target="fr")
    >>> "CEDEAO" in texts[0].text, texts[1].report.package
    (True, 'en_fr-1.0-toy')

    Files: one run, stored in a SQLite database, outputs written to out_dir.

    >>> work = Path(tempfile.mkdtemp())
    >>> _ = (work / "story.md").write_text("# Niger\n\nThe CNSP met in Niamey.\n", "utf-8")
    >>> options = translate.RunOptions(inputs=[work / "story.md"], targets=["fr", "ha"],
    ...                                db_path=work / "translations.db", out_dir=work / "out")
    >>> report = translate.run(options)          # a RunReport; report.as_dict() is the JSON
    >>> report.exit_code(strict=True)            # the CLI's exit codes (sys.exit it)
    0
    >>> sorted(p.name for p in (work / "out").iterdir())
    ['story.fr.md', 'story.ha.md']

    What was stored, and review.

    >>> with translate.open_store(work / "translations.db") as store:
    ...     rows = store.list_translations(lang="fr")
    >>> with translate.Review(work / "translations.db") as review:
    ...     review.approve(rows[-1].id, "amina").status
    'approved'

    The glossary a run uses for a language (shipped + user glossaries + extra files).

    >>> glossary = translate.load_for("ha")
    >>> [m.expected for m in glossary.find("in Niamey")]
    ['Yamai']

Errors are :class:`TranslateError` subclasses, each with the ``exit_code`` the CLI uses
(``UsageError`` 2, ``NoModelError`` 4, ``InputError``/``StoreError``/... 1).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name → module it lives in; imported on first use.
_LAZY = {
    "translate_text": "translate.pipeline",
    "TextTranslation": "translate.pipeline",
    "Translator": "translate.pipeline",
    "run": "translate.pipeline",
    "RunOptions": "translate.pipeline",
    "RunReport": "translate.pipeline",
    "EngineOptions": "translate.engine.translator",
    "open_store": "translate.store",
    "Store": "translate.store",
    "TranslationRow": "translate.store",
    "Review": "translate.review",
    "load_for": "translate.glossary",
    "load_glossary": "translate.glossary",
    "Glossary": "translate.glossary",
    "TermOutcome": "translate.records",
    "TranslateError": "translate.errors",
    "UsageError": "translate.errors",
    "InputError": "translate.errors",
    "NoUsableInputError": "translate.errors",
    "NoModelError": "translate.errors",
    "PackageError": "translate.errors",
    "GlossaryError": "translate.errors",
    "StoreError": "translate.errors",
    "OutputError": "translate.errors",
    "EngineError": "translate.errors",
    "SourceTooLongError": "translate.errors",
}

__all__ = [
    "EngineError",
    "EngineOptions",
    "Glossary",
    "GlossaryError",
    "InputError",
    "NoModelError",
    "NoUsableInputError",
    "OutputError",
    "PackageError",
    "Review",
    "RunOptions",
    "RunReport",
    "SourceTooLongError",
    "Store",
    "StoreError",
    "TermOutcome",
    "TextTranslation",
    "TranslateError",
    "TranslationRow",
    "Translator",
    "UsageError",
    "__version__",
    "load_for",
    "load_glossary",
    "open_store",
    "run",
    "translate_text",
]

if TYPE_CHECKING:
    from translate.engine.translator import EngineOptions
    from translate.errors import (
        EngineError,
        GlossaryError,
        InputError,
        NoModelError,
        NoUsableInputError,
        OutputError,
        PackageError,
        SourceTooLongError,
        StoreError,
        TranslateError,
        UsageError,
    )
    from translate.glossary import Glossary, load_for, load_glossary
    from translate.pipeline import (
        RunOptions,
        RunReport,
        TextTranslation,
        Translator,
        translate_text,
    )
    from translate.pipeline.run import run
    from translate.records import TermOutcome
    from translate.review import Review
    from translate.store import Store, TranslationRow, open_store


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'translate' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
