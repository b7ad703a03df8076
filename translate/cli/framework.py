"""click and typer, speaking the interface language: the CLI framework's patches.

``translate.i18n`` only loads gettext catalogs; this module routes the frameworks' own
messages to them. :func:`install` runs in ``translate.cli.main`` after
``i18n.setup`` and before typer is imported, so that import-time strings (rich help
panel titles) are translated too.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Callable
from typing import Any

from translate import i18n
from translate.i18n import N_, _


def install() -> None:
    """Route click's and typer's gettext calls to our catalog (see the module docstring)."""
    _patch_stdlib_gettext()


_STDLIB_GETTEXT: Callable[[str], str] = gettext.gettext
_STDLIB_NGETTEXT: Callable[[str, str, int], str] = gettext.ngettext


def _framework_gettext(message: str) -> str:
    # click/typer msgids live in our catalog; anything else keeps the default domain.
    translated = i18n._(message)
    return translated if translated != message else _STDLIB_GETTEXT(message)


def _framework_ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n)


def _patch_stdlib_gettext() -> None:
    """click and typer do ``from gettext import gettext as _`` (the default domain).

    Replacing the stdlib functions covers modules imported later (typer imports its
    rich help module lazily); modules already imported are rebound in place.
    """
    gettext.gettext = _framework_gettext
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
    messages are translated when the CLI prints them (:func:`translate_message`).
    Each step is guarded: a future typer degrades to English, never to a crash.
    """
    try:
        from typer._click import core
        from typer.core import TyperOption
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

    def get_help_option(self: core.Command, ctx: core.Context) -> TyperOption | None:
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
        # A quoted name may hold dots itself ('FILE...').
        (r"Missing argument (?P<name>'[^']*'|\S+?)\.(?P<rest>.*)", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>'[^']*'|\S+?)\.(?P<rest>.*)", N_("Missing option {name}.")),
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


def translate_message(message: str) -> str:
    """Translate one of typer's (vendored click's) hard-coded English error messages."""
    if i18n.current_language() == i18n.DEFAULT:
        return message
    for pattern, msgid in _FRAMEWORK_PATTERNS:
        match = pattern.fullmatch(message.strip())
        if match:
            fields = {k: v or "" for k, v in match.groupdict().items()}
            if "message" in fields:
                fields["message"] = _translate_value(fields["message"])
            return _(msgid).format(**fields)
    return message


def clean_help() -> None:
    """Help that reads cleanly: value placeholders that name what they take, bare flags.

    typer 0.29 writes internal types into ``--help``: ``<bool>`` next to every flag,
    ``<list[str]>``, ``<int range> [x>=1]`` and ``{inputs}...`` in the usage line. Every
    option and argument of the CLI declares its ``metavar`` (``FILE``, ``LANG``, ``N``:
    :mod:`translate.cli.common`); this makes typer show exactly that metavar, nothing
    for a flag, no range suffix (the help text says the limit), and ``FILE...`` rather
    than ``{FILE}...`` in the usage line. The hooks are typer internals, so
    pyproject.toml pins ``typer>=0.29,<0.30`` and ``tests/test_cli_contract.py``
    renders every command's help; each hook is guarded (a typer without it keeps its
    own rendering, never crashes).
    """
    try:
        from typer import core
    except ImportError:  # pragma: no cover - typer is a dependency
        return
    if getattr(core, "_translate_help_patched", False):
        return
    option = getattr(core, "TyperOption", None)
    argument = getattr(core, "TyperArgument", None)
    if option is not None and hasattr(option, "display_type_rich"):
        original_option = option.display_type_rich

        def option_type(self: Any, ctx: Any) -> str | None:
            if getattr(self, "is_flag", False) or getattr(self, "count", False):
                return None  # a flag takes no value: show none
            if self.metavar is not None:
                return str(self.metavar)
            return original_option(self, ctx)

        option.display_type_rich = option_type
    for cls in (option, argument):
        if cls is not None and hasattr(cls, "_get_number_range_help_str"):
            cls._get_number_range_help_str = lambda self: None
    if argument is not None:
        if hasattr(argument, "display_type_rich"):
            # The name column already shows the metavar; no type after it.
            argument.display_type_rich = lambda self, ctx: None
        if hasattr(argument, "_usage_display_name"):

            def usage_name(self: Any) -> str:
                name = str(self.metavar or self.name or "").upper()
                suffix = "..." if self.nargs != 1 and not name.endswith("...") else ""
                return f"{name}{suffix}" if self.required else f"[{name}]{suffix}"

            argument._usage_display_name = usage_name
        if hasattr(argument, "_rich_display_name"):

            def rich_name(self: Any) -> str:
                name = str(self.metavar or self.name or "").upper()
                return name + ("..." if self.nargs != 1 and not name.endswith("...") else "")

            argument._rich_display_name = rich_name
    core._translate_help_patched = True  # type: ignore[attr-defined]


def interface_language(value: str | None = None) -> str | None:
    """The interface language ``--ui-lang VALUE`` asks for (None: not one we speak);
    without VALUE, the one the environment asks for, else English."""
    from translate.lang import environment_language
    from translate.lang import interface_language as asked

    if value is not None:
        return asked(value, i18n.SUPPORTED)
    return environment_language(i18n.SUPPORTED) or i18n.DEFAULT
