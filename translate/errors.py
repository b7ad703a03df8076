"""Errors the CLI turns into one line on stderr and a documented exit code.

Exit codes (a public interface, listed in the README):
    0  success
    1  runtime error (bad input file, corrupt package, database problem...)
    2  usage error (bad option, unknown language code...)
    3  glossary violations remain and --strict was given
    4  no model installed for a requested language pair
    5  finished, but some segments failed to translate (stored as failed, marked in output)
    6  finished, but some inputs, lines or units were skipped (each reported on stderr)
    7  nothing to do: no usable article, line or unit in the input
    8  `review import` held back units in conflict (changed in the database since the
       export); the rest was applied

When a finished run qualifies for several of 3, 5 and 6, the most serious wins: 5, then 3,
then 6. An import with conflicts exits 8 even when some units were skipped too.
"""

from __future__ import annotations

import json
import re

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_USAGE = 2
EXIT_GLOSSARY_VIOLATION = 3
EXIT_NO_MODEL = 4
EXIT_PARTIAL_FAILURE = 5
EXIT_SKIPPED = 6
EXIT_NO_INPUT = 7
EXIT_CONFLICT = 8


class TranslateError(Exception):
    """Base class: a failure the user can act on, reported without a traceback."""

    exit_code = EXIT_RUNTIME
    #: What went wrong, for machines (``{"error": {"code": ...}}`` under ``--json``).
    code = "error"


class UsageError(TranslateError):
    exit_code = EXIT_USAGE
    code = "usage"


class InputError(TranslateError):
    """An input file could not be read or parsed; the message names the file."""

    code = "input"


class PackageError(TranslateError):
    """An Argos package is missing, corrupt or unsafe."""

    code = "package"


class IndexUnreachableError(PackageError):
    """The remote package index could not be fetched."""

    code = "index_unreachable"


class NoModelError(TranslateError):
    exit_code = EXIT_NO_MODEL
    code = "no_model"


class NoUsableInputError(InputError):
    """The input held nothing to translate (an empty file, every JSONL line malformed...)."""

    exit_code = EXIT_NO_INPUT
    code = "no_input"


class SkippedInputError(InputError):
    """An article that is not what it claims to be (front matter that does not parse): it
    is skipped with one line naming it, never translated as prose; a run of several
    inputs goes on and exits 6, and so does a run whose every input was skipped."""

    exit_code = EXIT_SKIPPED


class GlossaryError(TranslateError):
    """A glossary file is malformed; the message gives file:line."""

    code = "glossary"


class GlossaryViolationError(TranslateError):
    """Human text breaks the glossary and the command was not forced (review approve)."""

    exit_code = EXIT_GLOSSARY_VIOLATION
    code = "glossary_violation"


class StoreError(TranslateError):
    """The SQLite store could not be read or written."""

    code = "store"


class OutputError(TranslateError):
    """A file could not be written; the message names it (translate.files)."""

    code = "output"


class EngineError(TranslateError):
    """The inference engine cannot run as asked (no usable GPU, model fails to load...)."""

    code = "engine"


class SourceTooLongError(EngineError):
    """A tokenized input is longer than the model's source positions (callers split first)."""

    code = "source_too_long"


_LOCATED = re.compile(r"(?P<file>[^\s:][^:\n]*?):(?:(?P<line>\d+):)? ")


def location(message: str) -> tuple[str | None, int | None]:
    """The file (and line) a one-line error message starts with, as the tool words
    them (``story.txt: no such file``, ``feed.jsonl:3: invalid JSON``), else (None, None)."""
    import os

    found = _LOCATED.match(message)
    if found is None:
        return None, None
    path = found.group("file")
    line = found.group("line")
    looks_like_a_path = path == "<stdin>" or (
        not any(c.isspace() for c in path) and ("/" in path or "." in path)
    )
    if not (looks_like_a_path or os.path.exists(path)):
        return None, None
    return path, int(line) if line else None


def describe_json_error(exc: json.JSONDecodeError) -> str:
    """What is wrong with a JSON text, in the interface language with its line and column
    (Python's own ``exc.msg`` is English whatever the locale)."""
    from translate.i18n import N_, _

    problems = (
        ("Expecting value", N_("a value is missing")),
        ("Expecting property name", N_("a key in double quotes is expected")),
        ("Expecting ',' delimiter", N_("a comma is missing")),
        ("Expecting ':' delimiter", N_("a colon is missing")),
        ("Unterminated string", N_("a string is not closed")),
        ("Invalid control character", N_("a control character inside a string")),
        ("Invalid \\escape", N_("an invalid backslash escape")),
        ("Invalid \\u", N_("an invalid \\u escape")),
        ("Extra data", N_("text after the end of the JSON value")),
    )
    problem = next((_(msgid) for prefix, msgid in problems if exc.msg.startswith(prefix)), None)
    return _("{problem} at line {line}, column {column}").format(
        problem=problem or _("malformed JSON"), line=exc.lineno, column=exc.colno
    )
