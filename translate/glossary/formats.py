"""The glossary file formats, in one table: PO glossaries, and the term lists that
`glossary import`, `glossary export` and `run --glossary` read and write."""

from __future__ import annotations

from pathlib import Path

from translate.errors import UsageError
from translate.i18n import _

#: Term list formats (``--format`` of `glossary import` and `glossary export`).
TERM_FORMATS = ("csv", "tsv", "tbx", "omegat")

#: File extension → format; any other name is a PO glossary.
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".utf8": "omegat",
    ".txt": "omegat",
    ".tbx": "tbx",
    ".xml": "tbx",
}

#: The cell separator of each delimited format.
DELIMITERS = {"csv": ",", "tsv": "\t", "omegat": "\t"}


def file_format(path: Path) -> str:
    """``po``, or the term format the file's extension names."""
    return EXTENSIONS.get(path.suffix.lower(), "po")


def term_format(path: Path, fmt: str | None) -> str:
    """The term format of ``path``: ``fmt`` when given (checked), else its extension's."""
    if fmt:
        if fmt.lower() not in TERM_FORMATS:
            raise UsageError(
                _("unknown term format {format!r} (use {formats})").format(
                    format=fmt, formats=", ".join(TERM_FORMATS)
                )
            )
        return fmt.lower()
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(
            _("{path}: cannot tell the format from the name; give --format ({formats})").format(
                path=path, formats=", ".join(TERM_FORMATS)
            )
        )
    return found


def sniff_term_format(data: bytes) -> str:
    """The term format of content without a name (standard input): TBX when it is
    XML, TSV when its first line has a tab, else CSV."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "tbx"
    return "tsv" if b"\t" in data.split(b"\n", 1)[0] else "csv"
