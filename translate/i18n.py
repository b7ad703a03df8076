"""The interface language of the CLI: gettext catalogs under ``locales/<lang>/LC_MESSAGES``.

Usage everywhere a user-facing string is written::

    from translate.i18n import _
    raise InputError(_("{path}: no such file").format(path=path))

Named ``{}`` placeholders with ``.format()`` (never f-strings inside ``_()``) let
translators reorder them. Module-level strings (typer ``help=``) are evaluated at
import, so the CLI's ``main()`` calls :func:`setup` before it imports the typer app.

Loading order: the compiled ``translate.mo`` (stdlib gettext only, fast); if it is
missing or older than its ``.po`` (fresh clone, catalog just edited), the ``.po`` is
compiled in memory with babel. Library code that never calls :func:`setup` stays in
English, so API users and tests get stable messages whatever their locale.
"""

from __future__ import annotations

import gettext
import string
import unicodedata
from io import BytesIO
from pathlib import Path
from typing import Any

DOMAIN = "translate"
SUPPORTED = ("fr", "ha", "en")  # the order the CLI lists them in
DEFAULT = "en"  # msgids are English: no catalog needed

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


def _(message: str) -> str:
    """Translate ``message`` into the interface language (looked up at call time)."""
    return Message(_translations.gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return Message(_translations.ngettext(singular, plural, n))


# One quotation style per interface language, for the values a message quotes with
# ``{value!r}`` as for the quotes its translators type: French « » with narrow no-break
# spaces, Hausa straight double quotes, English single quotes.
QUOTES = {"fr": ("«\u202f", "\u202f»"), "ha": ('"', '"'), "en": ("'", "'")}


def quote(value: object) -> str:
    """``value`` quoted in the interface language's style; characters that cannot be
    printed (a terminal escape in a file name) are shown escaped, as ``repr`` would."""
    text = value if isinstance(value, str) else str(value)
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    opening, closing = QUOTES.get(_language, QUOTES[DEFAULT])
    return f"{opening}{shown}{closing}"


# Characters a value must not bring into a message raw: controls (a terminal escape or a
# newline in a file name would rewrite the screen or fake a second line), format
# characters (bidi overrides), line and paragraph separators, lone surrogates.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def escape_unprintable(text: str) -> str:
    """``text`` with each control or format character shown escaped, as ``repr`` does."""
    if text.isprintable():
        return text
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) in _UNSAFE_CATEGORIES else c for c in text
    )


class _MessageFormatter(string.Formatter):
    def convert_field(self, value: Any, conversion: str | None) -> Any:
        return quote(value) if conversion == "r" else super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        formatted = super().format_field(value, format_spec)
        # A value from outside (a file name, an id, an error's text) is shown escaped;
        # a translated message given as a value is the catalog's own text.
        return formatted if isinstance(value, Message) else escape_unprintable(formatted)


_FORMATTER = _MessageFormatter()


class Message(str):
    """A translated message; its ``.format`` quotes ``{value!r}`` fields with
    :func:`quote`, so a French message never shows Python's ``'…'``, and shows the
    values' control characters escaped (:func:`escape_unprintable`)."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        return Message(_FORMATTER.vformat(self, args, kwargs))


def N_(message: str) -> str:  # the gettext name for it
    """Mark a string for extraction without translating it now."""
    return message


# --------------------------------------------------------------------------- choosing


def scan_ui_lang(argv: list[str]) -> tuple[list[str], str | None]:
    """Pull every ``--ui-lang X`` / ``--ui-lang=X`` out of argv (stops at ``--``).

    Returns argv without them and the last value given (None if none). The CLI
    accepts the option anywhere, so it is removed before typer parses the rest.
    """
    rest: list[str] = []
    value: str | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--ui-lang" and i + 1 < len(argv):
            value = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--ui-lang="):
            value = arg.split("=", 1)[1]
            i += 1
            continue
        rest.append(arg)
        i += 1
    return rest, value


# --------------------------------------------------------------------------- loading


def locales_dir() -> Path:
    """The locale data: gettext catalogs, typography rules and section names per language.

    The repository's ``locales/`` (editable installs), else the installed package data
    (``translate/locales``)."""
    repo = Path(__file__).resolve().parents[1] / "locales"
    if repo.is_dir():
        return repo
    return Path(__file__).resolve().parent / "locales"


def load_translations(lang: str, directory: Path | None = None) -> gettext.NullTranslations:
    """The catalog for ``lang``: the ``.mo`` if current, else the ``.po`` compiled in memory."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    base = (directory or locales_dir()) / lang / "LC_MESSAGES"
    mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
    try:
        po_mtime = po.stat().st_mtime
    except OSError:
        po_mtime = None
    try:
        if mo.is_file() and (po_mtime is None or mo.stat().st_mtime >= po_mtime):
            with open(mo, "rb") as handle:
                return gettext.GNUTranslations(handle)
    except Exception:
        pass  # a corrupt or foreign .mo: fall through to the .po
    if po_mtime is None:
        return gettext.NullTranslations()
    return _compile_po(po)


def _compile_po(po: Path) -> gettext.NullTranslations:
    # babel is imported only here: the normal (.mo) path is stdlib gettext.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as handle:
        catalog = read_po(handle)
    buffer = BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as pybabel compile does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def setup(lang: str = DEFAULT) -> str:
    """Speak ``lang`` (one of :data:`SUPPORTED`, as ``translate.lang.interface_language``
    chooses it from a setting) from now on: its catalog is loaded.

    The CLI also routes click's and typer's own messages to this catalog
    (``translate.cli.framework``)."""
    global _translations, _language
    if lang not in SUPPORTED:
        raise ValueError(f"no interface in {lang!r}")
    _language = lang
    _translations = load_translations(_language)
    return _language


def current_language() -> str:
    """The interface language :func:`setup` chose (English until it is called)."""
    return _language


__all__ = [
    "DOMAIN",
    "N_",
    "QUOTES",
    "SUPPORTED",
    "Message",
    "_",
    "current_language",
    "load_translations",
    "ngettext",
    "quote",
    "scan_ui_lang",
    "setup",
]
