"""Full saved web pages: which parts are the article, through trafilatura.

A page whose HTML has page chrome (``<nav>``, ``<header>``, ``<footer>``, ``<aside>``, or
``id``/``class`` names such as menu, sidebar, comments, cookie, related, share) is a *web
page*. trafilatura (chosen after a comparison with readability-lxml and jusText, see the
README) finds its article text and its metadata (title, author, date, site name); the
HTML reader then translates only the blocks that trafilatura kept as the article, plus
the header lines (byline, date) around it and the captions inside it, and leaves the
rest of the page — navigation, footer, related links, comments, cookie banner — as it
was. trafilatura is given the page as a string, so it never fetches anything.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

_CHROME_TAG = re.compile(r"<(?:nav|header|footer|aside)\b", re.IGNORECASE)
_CHROME_NAME = re.compile(
    r"""\b(?:id|class)\s*=\s*["'][^"'<>]{0,200}?\b(?:nav|navbar|menu|sidebar|footer|comments?"""
    r"""|cookie|consent|related|share|social|breadcrumbs?|newsletter)\b""",
    re.IGNORECASE,
)
_BODY = re.compile(r"<body\b", re.IGNORECASE)
# The extractor logs what it discards; the CLI's stderr is for the user's messages.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True)
class ArticleMetadata:
    """What the extractor read about the article (``None`` where the page does not say).
    ``date`` is ISO 8601 (``2025-03-04``)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None


@dataclass
class WebArticle:
    """The article of a page: its paragraphs' normalised text, in order, and metadata."""

    paragraphs: list[str] = field(default_factory=list)
    metadata: ArticleMetadata = field(default_factory=ArticleMetadata)

    def __post_init__(self) -> None:
        self._whole = " ".join(self.paragraphs)
        self._set = set(self.paragraphs)

    def holds(self, text: str) -> bool:
        """True when a block of the page with plain text ``text`` is article text."""
        key = normalise(text)
        if not key:
            return False
        # whole paragraphs match exactly; a block trafilatura merged with its neighbours
        # matches as a long enough piece of the article
        return key in self._set or (len(key) >= 40 and key in self._whole)


def normalise(text: str) -> str:
    return " ".join(text.split())


def is_web_page(html: str) -> bool:
    """True for a whole page with navigation, header, footer or other page chrome."""
    return bool(_BODY.search(html)) and bool(_CHROME_TAG.search(html) or _CHROME_NAME.search(html))


class ExtractionError(Exception):
    """The extractor could not read the page."""


def extract_article(html: str) -> WebArticle:
    """The article of a saved page (see the module doc); ExtractionError if none."""
    try:
        import trafilatura  # imported here: only web pages need it

        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_formatting=False,
            favor_precision=False,
        )
    except Exception as exc:
        raise ExtractionError(str(exc) or type(exc).__name__) from None
    # Without as_dict, trafilatura gives its Document (a dict only when asked for one).
    if result is None or isinstance(result, dict) or not (result.text or "").strip():
        raise ExtractionError("no article text found")
    paragraphs = []
    for line in (result.text or "").split("\n"):
        line = normalise(line.lstrip("-*| ").rstrip("| "))
        if line:
            paragraphs.append(line)
    metadata = ArticleMetadata(
        title=result.title or None,
        author=result.author or None,
        date=result.date or None,
        sitename=result.sitename or None,
    )
    return WebArticle(paragraphs, metadata)
