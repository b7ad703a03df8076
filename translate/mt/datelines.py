"""Lines rendered, never machine translated: datelines, header and credit lines."""

from __future__ import annotations

from translate.glossary import Match
from translate.localize import localize_dateline, render_dates_in
from translate.mt.result import SegmentResult, TermOutcome

#: The package name stored with rendered lines (they come from babel, not a model).
RENDERED_PACKAGE = "babel-dateline"


def render_dateline(text: str, lang: str, matches: list[Match]) -> SegmentResult:
    """Datelines, header and credit lines are not machine translated: the glossary's
    names go in first, in the line's case ("YAMAI, Nijar ..."); then a date, header or
    credit line is rendered for the locale ("29 janvier 2025 10:05", "Web Desk · 13
    avril 2024 13:43 · Monde"); any other place line keeps its agency credit, with any
    date in it rendered for the locale. Its terms are ``injected`` (written in by us)."""
    line = text
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        target = match.expected
        if match.surface.isupper() and len(match.surface) > 1:
            target = target.upper()
        line = line[: match.start] + target + line[match.end :]
    terms = [TermOutcome(m.entry.source, m.expected, True, "injected") for m in matches]
    rendered = localize_dateline(line, lang)
    if rendered is None:
        rendered = render_dates_in(line, lang)
    return SegmentResult(rendered, 0.0, terms, None, text)
