"""Runs: the only wiring of the layers (``run.py``), with what a run is asked
(``options.py``), its typed unique segments (``units.py``), its output files
(``outputs.py``) and its report (``report.py``); ``text.py`` translates a text held
in memory."""

from __future__ import annotations

from translate.mt.routes import PIVOT_LANG, Route, resolve_route
from translate.pipeline.options import DEFAULT_DB, Progress, RunOptions
from translate.pipeline.report import ArticleReport, GlossarySummary, RunReport, TargetReport
from translate.pipeline.run import run, run_documents
from translate.pipeline.text import TextTranslation, translate_text

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
    "resolve_route",
    "run",
    "run_documents",
    "translate_text",
]
