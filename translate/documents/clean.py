"""Hostile characters in input text: cleaned, with a warning naming where they were.

* C0 control characters other than tab, newline and carriage return, DEL and the C1
  controls (U+0080–U+009F) are removed; vertical tab, form feed and NEL (U+0085), which
  break lines, become a newline. They are invisible in copy, break sentence splitting
  (pysbd reads ``\\x1f1.`` as a list number) and are not allowed in XML exports.
* Lone surrogates (U+D800–U+DFFF, possible only through JSON ``\\ud800`` escapes) cannot
  be written as UTF-8 or stored in SQLite; each becomes U+FFFD, the replacement
  character, so the reader of the output sees that something was there.

Cleaning never refuses a file: one stray byte must not sink a batch. The warning gives the
position of the first such character and how many there were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKING = {"\x0b": "\n", "\x0c": "\n", "\x85": "\n"}
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Cleaned:
    """What :func:`clean_text` changed: how many characters of each class, and where the
    first one was (an offset into the text as given)."""

    controls: int = 0
    first_control: int = -1
    first_control_char: str = ""
    surrogates: int = 0
    first_surrogate: int = -1

    def __bool__(self) -> bool:
        return bool(self.controls or self.surrogates)


def clean_text(text: str) -> tuple[str, Cleaned]:
    """``text`` without control characters and lone surrogates (see the module doc)."""
    control = _CONTROL.search(text)
    surrogate = _SURROGATE.search(text)
    if control is None and surrogate is None:
        return text, Cleaned()
    controls = surrogates = 0
    if control is not None:
        controls = len(_CONTROL.findall(text))
        text = _CONTROL.sub(lambda m: _LINE_BREAKING.get(m.group(0), ""), text)
    if surrogate is not None:
        # the surrogate offset is taken before controls are removed, like the control's
        surrogates = len(_SURROGATE.findall(text))
        text = _SURROGATE.sub("\ufffd", text)
    return text, Cleaned(
        controls=controls,
        first_control=control.start() if control else -1,
        first_control_char=control.group(0) if control else "",
        surrogates=surrogates,
        first_surrogate=surrogate.start() if surrogate else -1,
    )


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
