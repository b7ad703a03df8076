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


def finish_text(text: str, locale: str, typography: bool = True) -> str:
    """Target text as an output in ``locale`` shows it: the Hausa house spelling of the
    locale (ha_NE: ƴ, ha_NG: ʼy; translate.localize.hausa), then the locale's typography
    unless ``typography`` is off. Idempotent, and it converts one locale's finish into
    another's, so one stored translation serves every locale of its language."""
    from translate.lang import is_hausa
    from translate.localize.hausa import normalize_output

    if is_hausa(locale):
        text = normalize_output(text, locale)
    return apply_typography(text, locale) if typography else text


__all__ = [
    "ACCEPTED_LOCALES",
    "DateMatch",
    "apply_typography",
    "check_locale",
    "find_dates",
    "finish_text",
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
