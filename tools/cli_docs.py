"""Write docs/cli.md, the CLI reference, from the commands' own help (``--help``).

    python -m tools.cli_docs            # rewrite docs/cli.md
    python -m tools.cli_docs --check    # exit 1 when docs/cli.md is out of date

The reference is in English (msgids); tests/test_cli_docs.py fails when a command or an
option is missing from it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "cli.md"


def commands() -> Iterator[tuple[str, Any]]:
    """(command path, click command) for the root and every (sub)command, in order."""
    import typer.main

    from translate.cli.app import app

    root = typer.main.get_command(app)

    def walk(path: str, command: Any) -> Iterator[tuple[str, Any]]:
        yield path, command
        for name in sorted(getattr(command, "commands", {}) or {}):
            yield from walk(f"{path} {name}", command.commands[name])

    yield from walk("translate", root)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render() -> str:
    lines = [
        "# CLI reference",
        "",
        "Generated from the commands' `--help` by `python -m tools.cli_docs`; do not edit.",
        "Messages are shown in English; `--ui-lang fr|ha` translates them.",
        "",
    ]
    for path, command in commands():
        lines += [f"## `{path}`", ""]
        help_text = (command.help or "").strip()
        if help_text:
            lines += [help_text, ""]
        params = [p for p in command.params if not getattr(p, "hidden", False)]
        arguments = [p for p in params if p.param_type_name == "argument"]
        options = [p for p in params if p.param_type_name == "option"]
        if arguments:
            lines += ["| argument | help |", "|---|---|"]
            for param in arguments:
                name = (param.metavar or param.name or "").upper()
                lines.append(f"| `{name}` | {_cell(getattr(param, 'help', '') or '')} |")
            lines.append("")
        if options:
            lines += ["| option | help | default |", "|---|---|---|"]
            for param in options:
                names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
                default = param.default
                shown = "" if default in (None, False, (), []) or callable(default) else default
                lines.append(f"| {names} | {_cell(param.help or '')} | {_cell(str(shown))} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.cli_docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if docs/cli.md is stale")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python -m tools.cli_docs", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
