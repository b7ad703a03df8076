"""Options and output helpers shared by the commands.

Every option that takes a value names it with one of the metavars below (the help
shows ``--to LANG``, never ``<str>``); flags take none (``translate.cli.framework.clean_help``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from translate import i18n
from translate.files import DEFAULT_DB
from translate.i18n import _

__all__ = ["DEFAULT_DB", "ExistingDbOption", "print_json", "ui_language_name"]

# Value placeholders in --help: what the option takes, in the same words everywhere.
FILE = "FILE"
FILE_OR_STDOUT = "FILE|-"
FILES = "FILE..."
GLOSSARY_FILE = "[LANG=]FILE"  # a glossary, with the language when the file does not say it
DIR = "DIR"
LANG = "LANG"
LANGS = "LANG[,LANG...]"
N = "N"
FORMAT = "FORMAT"
ENCODING = "ENCODING"
TEXT = "TEXT"
NAME = "NAME"
URL = "URL"
ID = "ID"

#: What `run --format` takes: translate.documents.reader.FORMATS (not imported here,
#: so that --help stays fast; a test checks they agree).
INPUT_FORMATS = ("txt", "md", "html", "jsonl")

# A database the command reads or reviews: it must exist (only `run` creates one).
ExistingDbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="TRANSLATE_DB",
        metavar=FILE,
        help=_("SQLite database (must exist: `translate run` creates it)."),
    ),
]


def choice(*choices: str) -> Callable[[str | None], str | None]:
    """A typer callback: the value (lower-cased) if it is one of ``choices``, else a
    usage error (exit 2) listing them."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() not in choices:
            raise typer.BadParameter(
                _("{value!r} is not one of {choices}").format(
                    value=value, choices=", ".join(choices)
                )
            )
        return value.lower()

    return check


def check_encoding(value: str | None) -> str | None:
    """A typer callback: an encoding Python knows, else a usage error (exit 2)."""
    import codecs

    if value is None:
        return None
    try:
        codecs.lookup(value)
    except LookupError:
        raise typer.BadParameter(_("unknown encoding {value!r}").format(value=value)) from None
    return value


def print_json(value: object, err: bool = False) -> None:
    """Machine-readable output on stdout (``err``: stderr, when stdout carries the
    articles): UTF-8 as is, indented, stable key order. Records (dataclasses) print as
    ``translate.records.to_json`` gives them (``dataclasses.asdict``, optional fields
    left out at their default): each JSON shape is declared by its record's fields."""
    from translate.records import to_json

    typer.echo(json.dumps(to_json(value), ensure_ascii=False, indent=2), err=err)


def ui_language_name(code: str) -> str:
    """A language by name in the interface language ("français" under --ui-lang fr)."""
    from translate import lang

    return lang.language_name(code, i18n.current_language())
