"""Runs: the only wiring of the layers (``run.py``), with what a run is asked
(``options.py``), its typed unique segments (``units.py``), its output files
(``outputs.py``) and its report (``report.py``); ``translator.py`` keeps what a run
loads for texts held in memory, call after call (``text.py``: one text)."""

from __future__ import annotations

from translate.mt.routes import PIVOT_LANG, Route, resolve_route
from translate.pipeline.options import DEFAULT_DB, Progress, RunOptions
from translate.pipeline.report import ArticleReport, GlossarySummary, RunReport, TargetReport
from translate.pipeline.run import run, run_documents
from translate.pipeline.text import translate_text
from translate.pipeline.translator import TextTranslation, Translator

__all__ = [
    "DEFAULT_DB",
    "PIVOT_LANG",
    "ArticleReport",
    "GlossarySummary",
    "Progress",
    "Route",
    "RunOptions",
    "RunReport",
    "TargetReport",
    "TextTranslation",
    "Translator",
    "resolve_route",
    "run",
    "run_documents",
    "translate_text",
]
