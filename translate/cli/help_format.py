"""Help that reads cleanly: value placeholders that name what they take, bare flags.

typer 0.29 writes internal types into ``--help``: ``<bool>`` next to every flag,
``<list[str]>``, ``<int range> [x>=1]`` and ``{inputs}...`` in the usage line. Every
option and argument of the CLI declares its ``metavar`` (``FILE``, ``LANG``, ``N``:
:mod:`translate.cli.common`); :func:`apply` makes typer show exactly that metavar,
nothing for a flag, no range suffix (the help text says the limit), and ``FILE...``
rather than ``{FILE}...`` in the usage line.

The hooks are typer internals, so pyproject.toml pins ``typer>=0.29,<0.30`` and
``tests/test_cli_contract.py`` renders every command's help. Each hook is guarded: a
typer without it keeps its own rendering, never crashes.
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
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
            return original_option(self, ctx)  # type: ignore[no-any-return]

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
