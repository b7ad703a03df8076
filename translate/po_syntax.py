"""PO file syntax, line by line: what polib would silently misread.

polib reads ``msgstr "b`` (unterminated) as an empty string; glossaries and reviewed
exchange files must not lose text that way, so both readers check every line here
first. Comment lines (obsolete entries included) and blank lines are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

STRING = r'"(?:[^"\\]|\\.)*"'
#: A keyword line: group 1 the keyword, group 2 a plural index, group 3 its string.
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(" + STRING + r")\s*")
CONTINUATION = re.compile(r"(" + STRING + r")\s*")


def shown(line: str) -> str:
    """A line as an error message quotes it: stripped, at most 40 characters."""
    line = line.strip()
    return line if len(line) <= 40 else line[:37] + "..."


def content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) of every line that is neither blank nor a comment."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def malformed_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) of each line that is neither a keyword line nor a
    string continuation."""
    for number, line in content_lines(text):
        if KEYWORD.fullmatch(line) is None and CONTINUATION.fullmatch(line) is None:
            yield number, line
