"""Lines rendered, never machine translated: datelines, header and credit lines."""

from __future__ import annotations

from dataclasses import dataclass

from translate.documents import InlineSpan, Segment
from translate.glossary import Match
from translate.localize import localize_dateline, render_dates_in
from translate.mt.markup import non_overlapping
from translate.mt.result import SegmentResult, TermOutcome

#: The package name stored with rendered lines (they come from babel, not a model).
RENDERED_PACKAGE = "babel-dateline"


@dataclass
class RenderedResult(SegmentResult):
    """A rendered line. Its markup (a byline's ``<a>`` around the author, ``<time
    datetime>`` around the date) is placed by string match; a span around a date is
    placed around that date as rendered for the locale, its markup (the ``datetime``
    attribute) untouched."""

    locale: str = ""
    source_lang: str = "en"

    def carry_spans(self, segment: Segment) -> list[InlineSpan]:
        spans = []
        for span in segment.spans:
            if span.start == span.end:
                at = 0 if span.start == 0 else len(self.text)
                spans.append(InlineSpan(at, at, span.open, span.close))
                continue
            surface = segment.text[span.start : span.end].strip()
            found = self.text.find(surface) if surface else -1
            if found < 0 and surface:
                rendered = render_dates_in(surface, self.locale, self.source_lang)
                found = self.text.find(rendered) if rendered != surface else -1
                surface = rendered
            if found >= 0:
                spans.append(InlineSpan(found, found + len(surface), span.open, span.close))
            elif span.start == 0 and span.end == len(segment.text):
                spans.append(InlineSpan(0, len(self.text), span.open, span.close))
        return non_overlapping(spans)


def render_dateline(
    text: str, lang: str, matches: list[Match], source_lang: str = "en"
) -> SegmentResult:
    """Datelines, header and credit lines are not machine translated: the glossary's
    names go in first, in the line's case ("YAMAI, Nijar ..."); then a date, header or
    credit line is rendered for the locale ("29 janvier 2025 10:05", "Web Desk · 13
    avril 2024 13:43 · Monde"); any other place line keeps its agency credit, with any
    date in it rendered for the locale. Its dates are read in ``source_lang`` (a pivot
    from French renders "3 mai 2024" for Hausa). Its terms are ``injected``."""
    line = text
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        target = match.expected
        if match.surface.isupper() and len(match.surface) > 1:
            target = target.upper()
        line = line[: match.start] + target + line[match.end :]
    terms = [TermOutcome(m.entry.source, m.expected, True, "injected") for m in matches]
    rendered = localize_dateline(line, lang, source_lang)
    if rendered is None:
        rendered = render_dates_in(line, lang, source_lang)
    return RenderedResult(rendered, 0.0, terms, None, text, locale=lang, source_lang=source_lang)
