"""Locale text layer: English news dates, header and credit lines rendered for fr/ha, and
target typography.

Pure text in, text out (babel CLDR data and the rule files under ``locales/``).
"""

from __future__ import annotations

from translate.lang import locale_name, normalize_locale
from translate.localize.dates import (
    ACCEPTED_LOCALES,
    DateMatch,
    check_locale,
    find_dates,
    render_date,
    render_date_line,
    render_dates_in,
)
from translate.localize.headers import (
    glued_credit_start,
    localize_dateline,
    parse_credit,
    parse_header,
    render_credit,
    render_header,
)
from translate.localize.typography import apply_typography, load_rules, locales_dir

__all__ = [
    "ACCEPTED_LOCALES",
    "DateMatch",
    "apply_typography",
    "check_locale",
    "find_dates",
    "glued_credit_start",
    "load_rules",
    "locale_name",
    "locales_dir",
    "localize_dateline",
    "normalize_locale",
    "parse_credit",
    "parse_header",
    "render_credit",
    "render_date",
    "render_date_line",
    "render_dates_in",
    "render_header",
]
