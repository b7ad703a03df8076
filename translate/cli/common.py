"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from translate import i18n
from translate.files import DEFAULT_DB
from translate.i18n import _

__all__ = ["DEFAULT_DB", "ExistingDbOption", "language_name", "print_json"]

# A database the command reads or reviews: it must exist (only `run` creates one).
ExistingDbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="TRANSLATE_DB",
        help=_("SQLite database (must exist: `translate run` creates it)."),
    ),
]


def print_json(value: Any) -> None:
    """Machine-readable output on stdout: UTF-8 as is, indented, stable key order."""
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def language_name(code: str) -> str:
    """A language by name in the interface language ("français" under --ui-lang fr)."""
    from translate import lang

    return lang.language_name(code, i18n.current_language())
