"""Page furniture: the words a web page wraps around an article ("Related Post", "Share
this", "Advertisement", "Subscribe"...), which scrapers carry into the copy.

A block is furniture when its whole text, once lower-cased and stripped of surrounding
punctuation and arrows, is one of :data:`FURNITURE`, or starts with one of
:data:`FURNITURE_PREFIXES` (``Read more: <headline>``, ``Tags: a, b``, ``© 2025 ...``)
and is short. After a *trailer heading* ("Related Posts", "More stories", "You may also
like"...), the short lines without sentence punctuation that follow are the related
headlines of that list: furniture too, until a line that reads as copy.
"""

from __future__ import annotations

import re

#: Whole-block furniture (lower case, single spaces).
FURNITURE = frozenset(
    """
    related|related post|related posts|related articles|related article|related stories
    related news|related content|related topics|read more|read also|also read|see also
    more stories|more news|more from this section|recommended|recommended for you
    you may also like|you might also like|you may like|most read|most popular|trending
    trending now|editor's picks|editor’s picks|top stories
    share|share this|share this article|share this story|share this post|share on facebook
    share on twitter|share on x|share on whatsapp|share via email|share via whatsapp|tweet
    print|print this article|email|email this|facebook|twitter|whatsapp|telegram|linkedin
    advertisement|advertising|advert|ad|sponsored|sponsored content|promoted|ads by google
    subscribe|subscribe now|subscribe to our newsletter|sign up for our newsletter
    sign up to our newsletter|newsletter|follow us|click here|leave a comment|leave a reply
    comments|comment|no comments|post a comment|tags|topics|back to top|scroll to top
    continue reading|load more|show more|next article|previous article|next post
    previous post|next story|previous story|skip to content|skip to main content
    all rights reserved|accept cookies|accept all cookies|cookie settings|listen to this article
    """.replace("\n", "|").split("|")
) - {""}
FURNITURE = frozenset(" ".join(item.split()) for item in FURNITURE)

#: Furniture that starts a short block: "Read more: ...", "Tags: ...", "© 2025 ...".
FURNITURE_PREFIXES = (
    "read more:",
    "read also:",
    "also read:",
    "see also:",
    "related:",
    "related post:",
    "related article:",
    "related story:",
    "tags:",
    "topics:",
    "follow us on ",
    "share on ",
    "subscribe to ",
    "sign up for ",
    "sign up to ",
    "click here to ",
    "copyright ©",
    "copyright 20",
    "©",
    "(c) 20",
)
#: Headings after which a list of related headlines follows.
TRAILER_HEADINGS = frozenset(
    [
        "related",
        "related post",
        "related posts",
        "related articles",
        "related stories",
        "related news",
        "related content",
        "read more",
        "read also",
        "also read",
        "see also",
        "more stories",
        "more news",
        "recommended",
        "recommended for you",
        "you may also like",
        "you might also like",
        "you may like",
        "most read",
        "most popular",
        "trending",
        "trending now",
        "top stories",
        "editor's picks",
        "editor’s picks",
    ]
)
_MAX_PREFIXED = 120  # a prefixed furniture line is short; longer text is copy
_MAX_TRAILER_LINE = 120
_EDGES = " \t\u00a0:|»«›‹>→←↓•·–—-*#_[]()"
_COUNT_OF = re.compile(r"^\d+\s+(?:comments?|shares?|views?|responses?)$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*$")


def _key(text: str) -> str:
    return " ".join(text.strip(_EDGES).lower().split())


def is_furniture(text: str) -> bool:
    """True when ``text`` (one block) is page furniture, not copy."""
    if len(text) > 4 * _MAX_PREFIXED:
        return False
    key = _key(text)
    if not key:
        return False
    if key in FURNITURE or _COUNT_OF.match(key):
        return True
    lowered = " ".join(text.strip().lower().split())
    return len(lowered) <= _MAX_PREFIXED and lowered.startswith(FURNITURE_PREFIXES)


class FurnitureTracker:
    """Decides block by block, in document order, which blocks are furniture (a trailer
    heading makes the related headlines after it furniture)."""

    def __init__(self) -> None:
        self._in_trailer = False

    def is_furniture(self, text: str) -> bool:
        if is_furniture(text):
            self._in_trailer = _key(text) in TRAILER_HEADINGS
            return True
        if self._in_trailer:
            line = " ".join(text.split())
            if line and len(line) <= _MAX_TRAILER_LINE and not _SENTENCE_END.search(line):
                return True
            self._in_trailer = False
        return False
