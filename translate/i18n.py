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
import os
import re
import sys
from collections.abc import Callable, Mapping
from io import BytesIO
from pathlib import Path

DOMAIN = "translate"
SUPPORTED = ("fr", "ha", "en")  # the order the CLI lists them in
DEFAULT = "en"  # msgids are English: no catalog needed

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


def _(message: str) -> str:
    """Translate ``message`` into the interface language (looked up at call time)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # the gettext name for it
    """Mark a string for extraction without translating it now."""
    return message


# --------------------------------------------------------------------------- choosing


def normalize(code: str) -> str | None:
    """``fr_NE.UTF-8`` → ``fr``, ``ha_NG`` → ``ha``, ``C``/``POSIX`` → ``en``; else None."""
    base = re.split(r"[_.@-]", code.strip(), maxsplit=1)[0].lower()
    if base in ("c", "posix"):
        return DEFAULT
    return base if base in SUPPORTED else None


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """The language from the environment, in gettext's order; unknown → English.

    Like ``gettext.find``: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set
    decides; LANGUAGE may be a priority list (``ha:fr``).
    """
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            for entry in value.split(":"):
                lang = normalize(entry) if entry else None
                if lang:
                    return lang
            return DEFAULT
    return DEFAULT


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
    """The repository's ``locales/`` (editable installs), else the installed package data."""
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


def setup(lang: str | None = None, *, patch_frameworks: bool = True) -> str:
    """Choose the interface language (``lang`` or the environment) and load its catalog.

    With ``patch_frameworks`` (the CLI), click's and typer's own gettext calls are
    routed to our catalog too; call this before importing typer so that their
    import-time strings (rich help panel titles) are translated.
    """
    global _translations, _language
    chosen = normalize(lang) if lang else None
    _language = chosen or detect_language()
    _translations = load_translations(_language)
    if patch_frameworks:
        _patch_stdlib_gettext()
    return _language


# --------------------------------------------------------------------------- click and typer

_STDLIB_GETTEXT: Callable[[str], str] = gettext.gettext
_STDLIB_NGETTEXT: Callable[[str, str, int], str] = gettext.ngettext


def _framework_gettext(message: str) -> str:
    # click/typer msgids live in our catalog; anything else keeps the default domain.
    translated = _translations.gettext(message)
    return translated if translated != message else _STDLIB_GETTEXT(message)


def _framework_ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def _patch_stdlib_gettext() -> None:
    """click and typer do ``from gettext import gettext as _`` (the default domain).

    Replacing the stdlib functions covers modules imported later (typer imports its
    rich help module lazily); modules already imported are rebound in place.
    """
    gettext.gettext = _framework_gettext  # type: ignore[assignment]
    gettext.ngettext = _framework_ngettext  # type: ignore[assignment]
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("click", "typer")):
            continue
        if getattr(module, "_", None) is _STDLIB_GETTEXT:
            module._ = _framework_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is _STDLIB_NGETTEXT:
            module.ngettext = _framework_ngettext  # type: ignore[attr-defined]


def patch_vendored_click() -> None:
    """typer >= 0.22 ships its own click copy with plain English strings, no gettext.

    Two public hooks make its help translatable: ``Context.formatter_class`` (the
    "Usage:" prefix) and ``Command.get_help_option`` (the --help text). Its error
    messages are translated when the CLI prints them (:func:`translate_framework_message`).
    Each step is guarded: a future typer degrades to English, never to a crash.
    """
    try:
        from typer._click import core
    except ImportError:  # typer on real click: the gettext patch covers it
        return
    if getattr(core.Context, "_translate_patched", False):
        return
    base = core.Context.formatter_class

    class TranslatedFormatter(base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            if prefix is None:
                prefix = _("Usage:") + " "
            super().write_usage(prog, args, prefix)

    core.Context.formatter_class = TranslatedFormatter
    original = core.Command.get_help_option

    def get_help_option(self: object, ctx: object) -> object:
        option = original(self, ctx)
        if option is not None and getattr(option, "help", None) == _HELP_MSGID:
            option.help = _(_HELP_MSGID)
        return option

    core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
    core.Context._translate_patched = True  # type: ignore[attr-defined]


_HELP_MSGID = "Show this message and exit."

# click's and typer's own msgids, listed so that `make locales` extracts them (the
# patched gettext translates them at run time). Same wording as click, so both real
# click and typer's vendored copy hit the catalog.
FRAMEWORK_MESSAGES = (
    N_("Usage:"),
    N_("Show this message and exit."),
    N_("Try '{command} {option}' for help."),
    N_("Error: {message}"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    # typer's rich help (typer/rich_utils.py, typer/core.py)
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Error"),
    N_("Aborted."),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("[default: {}]"),
    N_("[env var: {}]"),
    N_("[required]"),
    N_("(deprecated) "),
    N_("(dynamic)"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
)

# English messages of typer's vendored click → our msgids. The whole message is
# matched, so an already translated one (real click + gettext) passes unchanged.
_FRAMEWORK_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), msgid)
    for pattern, msgid in (
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<possibilities>.+)\)",
            N_("No such option: {name} (possible options: {possibilities})"),
        ),
        (
            r"No such option: (?P<name>\S+) Did you mean (?P<possibility>\S+)\?",
            N_("No such option: {name}. Did you mean {possibility}?"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (r"No such command (?P<name>.+)\.", N_("No such command {name}.")),
        (r"Missing command\.", N_("Missing command.")),
        (r"Missing argument (?P<name>.+?)\.(?P<rest>.*)", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+?)\.(?P<rest>.*)", N_("Missing option {name}.")),
        (r"Missing parameter:? (?P<name>.+?)\.?", N_("Missing parameter {name}.")),
        (
            r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)",
            N_("Got unexpected extra argument(s) ({args})"),
        ),
        (r"Option (?P<name>\S+) requires an argument\.", N_("Option {name} requires a value.")),
        (
            r"Option (?P<name>\S+) requires (?P<nargs>\d+) arguments\.",
            N_("Option {name} requires {nargs} values."),
        ),
        (
            r"Option (?P<name>\S+) does not take a value\.",
            N_("Option {name} does not take a value."),
        ),
        (
            r"Invalid value for (?P<param_hint>.+?): (?P<message>.*)",
            N_("Invalid value for {param_hint}: {message}"),
        ),
        (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    )
)

# Value errors inside "Invalid value for ...: MESSAGE" (typer's pydantic coercion).
_VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), msgid)
    for pattern, msgid in (
        (
            r"(?:Input should be a valid integer.*|'(?P<value>.*)' is not a valid integer\.)",
            N_("not a whole number"),
        ),
        (
            r"Input should be greater than or equal to (?P<limit>\S+)",
            N_("must be at least {limit}"),
        ),
        (r"Input should be a valid number.*", N_("not a number")),
    )
)


def _translate_value(message: str) -> str:
    for pattern, msgid in _VALUE_PATTERNS:
        match = pattern.fullmatch(message.strip())
        if match:
            return _(msgid).format(**{k: v or "" for k, v in match.groupdict().items()})
    return message


def translate_framework_message(message: str) -> str:
    """Translate one of typer's (vendored click's) hard-coded English error messages."""
    if _language == DEFAULT:
        return message
    for pattern, msgid in _FRAMEWORK_PATTERNS:
        match = pattern.fullmatch(message.strip())
        if match:
            fields = {k: v or "" for k, v in match.groupdict().items()}
            if "message" in fields:
                fields["message"] = _translate_value(fields["message"])
            return _(msgid).format(**fields)
    return message


# --------------------------------------------------------------------------- names


def language_name(code: str, ui_lang: str | None = None) -> str:
    """``fr`` → "French" / "français" / "Faransanci" (CLDR via babel); the code if unknown."""
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # pragma: no cover - babel is a dependency
        return code
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(ui_lang or _language)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code


__all__ = [
    "DOMAIN",
    "N_",
    "SUPPORTED",
    "_",
    "detect_language",
    "language_name",
    "load_translations",
    "ngettext",
    "patch_vendored_click",
    "scan_ui_lang",
    "setup",
    "translate_framework_message",
]
