"""Human review: the service between the store and its front ends.

The CLI (`translate review`, `translate tm`, `translate stats`) only parses options and
prints; everything it shows or changes goes through :class:`Review` (``service.py``), so
other front ends (a web UI, a notebook) get the same behaviour and the same JSON keys.
The rooms: ``items`` (what a translation looks like to a reviewer), ``checks`` (the
glossary and inline-tag checks of human text), ``export`` and ``imports`` (CAT files).
No SQL here: it lives in ``translate.store``.
"""

from __future__ import annotations

from translate.review.checks import (
    TermChecker,
    check_terms,
    dropped_markup,
    edit_translation,
    glossary_for,
    recheck_reviewed,
)
from translate.review.export import (
    EXPORT_FORMATS,
    exchange_segments,
    export_article,
    write_export,
    write_project,
)
from translate.review.imports import ImportReport, SkippedUnit, import_file, skip_reason
from translate.review.items import list_items, preview, review_item, show_item
from translate.review.service import Review, open_existing

__all__ = [
    "EXPORT_FORMATS",
    "ImportReport",
    "Review",
    "SkippedUnit",
    "TermChecker",
    "check_terms",
    "dropped_markup",
    "edit_translation",
    "exchange_segments",
    "export_article",
    "glossary_for",
    "import_file",
    "list_items",
    "open_existing",
    "preview",
    "recheck_reviewed",
    "review_item",
    "show_item",
    "skip_reason",
    "write_export",
    "write_project",
]
