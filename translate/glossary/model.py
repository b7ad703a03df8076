"""Plain data of the glossary layer: entries, matches, checks and problems."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from translate.i18n import _

#: Flags with a meaning for us; anything else in a glossary is reported by `check`.
KNOWN_FLAGS = frozenset({"fuzzy", "no-translate", "case-sensitive", "forbidden"})

#: A term's properties as a translator comment line (``# no-translate``,
#: ``# no-translate, case-sensitive``): gettext's msgcat, msgmerge, msgattrib and
#: msguniq drop ``#,`` flags they do not know, but keep translator comments.
PROPERTIES = frozenset({"no-translate", "case-sensitive"})
#: The ``msgctxt`` of a forbidden rendering (``forbidden``, or ``forbidden: SENSE`` for a
#: sense of the term): a context keeps it apart from the house entry of the same msgid,
#: where gettext tools would refuse a duplicate and drop a ``forbidden`` flag.
FORBIDDEN_CONTEXT = "forbidden"
#: Flags the gettext tools drop, which `glossary check --fix` rewrites as above.
LEGACY_FLAGS = frozenset({"no-translate", "case-sensitive", "forbidden"})


def property_line(line: str) -> frozenset[str] | None:
    """The properties a translator comment line states, or None when it is a note."""
    items = [item.strip() for item in line.split(",")]
    if items and all(item in PROPERTIES for item in items):
        return frozenset(items)
    return None


def split_comment(comment: str) -> tuple[frozenset[str], str]:
    """(properties, note lines) of a translator comment."""
    found: set[str] = set()
    notes = []
    for line in comment.splitlines():
        properties = property_line(line.strip())
        if properties is None:
            notes.append(line)
        else:
            found |= properties
    return frozenset(found), "\n".join(notes)


def forbidden_context(context: str | None) -> tuple[bool, str | None]:
    """(is a forbidden rendering, the sense) of a ``msgctxt``."""
    if context is None:
        return False, None
    if context.strip() == FORBIDDEN_CONTEXT:
        return True, None
    head, sep, sense = context.partition(":")
    if sep and head.strip() == FORBIDDEN_CONTEXT and sense.strip():
        return True, sense.strip()
    return False, context


#: Apostrophe look-alikes that models and keyboards produce; compared as "'".
APOSTROPHES = "’‘ʼ′`´"
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def plain_apostrophes(text: str) -> str:
    """Same length as ``text``: every apostrophe look-alike becomes ASCII '."""
    return text.translate(_APOSTROPHE_TABLE)


def is_acronym(term: str) -> bool:
    """All-caps terms (CNSP, AES) are case-sensitive by default: "aes" is another word."""
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


@dataclass(frozen=True)
class Entry:
    """One glossary term: an English source and the form the target must use."""

    source: str
    target: str  # singular target form (the source itself for no-translate entries)
    source_plural: str | None = None
    target_plural: str | None = None
    context: str | None = None  # msgctxt: separates senses of one source term
    notes: str = ""
    flags: tuple[str, ...] = ()
    no_translate: bool = False
    case_sensitive: bool = False  # set for acronyms even without the flag
    fuzzy: bool = False  # proposed: reported, never enforced
    # "#, forbidden": the msgstr is a rendering the desk never wants for the msgid
    # (Weblate's forbidden translation); never enforced, a violation where it shows.
    forbidden: bool = False
    origin: str = ""  # "file:line"
    target_forms: tuple[str, ...] = ()  # every msgstr[n] of a plural entry
    lang: str = ""

    @property
    def key(self) -> tuple[str, str | None]:
        # A forbidden rendering sits beside the house entry of the same msgid.
        if self.forbidden:
            return (self.source, f"\x00forbidden\x00{self.context or ''}")
        return (self.source, self.context)

    @property
    def targets(self) -> tuple[str, ...]:
        """Every acceptable target form of this entry."""
        return _unique([self.target, self.target_plural or "", *self.target_forms])

    @property
    def path(self) -> str:
        return self.origin.rsplit(":", 1)[0] if ":" in self.origin else self.origin

    @property
    def line(self) -> int:
        tail = self.origin.rsplit(":", 1)[-1]
        return int(tail) if tail.isdigit() else 0


@dataclass(frozen=True)
class Match:
    """One occurrence of a glossary term in a source text."""

    start: int
    end: int
    surface: str  # the source text matched (a possessive 's stays outside the span)
    entry: Entry
    plural: bool
    expected: str  # the target form this occurrence requires
    alternatives: tuple[str, ...] = ()  # every target form accepted by verify()


@dataclass(frozen=True)
class TermCheck:
    term: str
    expected: str
    found: bool
    match: Match | None = None


@dataclass(frozen=True)
class Problem:
    """One finding of `glossary check`: an error (exit 1) or a warning (printed, exit 0)."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        message = (
            _("warning: {message}").format(message=self.message) if self.warning else (self.message)
        )
        # Whole-file problems (missing file) have no line.
        return f"{self.path}:{self.line}: {message}" if self.line else f"{self.path}: {message}"
