"""Which glossary files apply to which target language (the files themselves are read
by ``translate.glossary.loader``).

A ``--glossary`` value is either ``LANG=PATH`` (``fr=extra.csv``) or a plain path
whose language the file itself says: the PO ``Language`` header, the TBX
``xml:lang`` of its non-English language sets, or a CSV/TSV header row naming the
languages (``en,fr``, ``English,French``). A file whose language cannot be known is
refused with one line saying how to name it. The glossaries for one language are
the defaults for it (shipped, then the user's), then every extra file for that
language, in the order given: later files win (see ``matching.load_glossary``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translate.errors import GlossaryError
from translate.i18n import _
from translate.lang import primary


def base_language(code: str) -> str:
    """fr_FR, fr-CA and fr@latin are fr for a glossary."""
    return primary(code)


@dataclass(frozen=True)
class GlossarySpec:
    """One ``--glossary`` value: a file, and the language it was named for (if any)."""

    path: Path
    lang: str | None = None

    def __str__(self) -> str:
        return f"{self.lang}={self.path}" if self.lang else str(self.path)


def _unknown(path: Path) -> GlossaryError:
    return GlossaryError(
        _(
            "{path}: cannot tell which language this glossary is for; name it: --glossary fr={path}"
        ).format(path=path)
    )


def spec_languages(spec: GlossarySpec, said: frozenset[str]) -> frozenset[str]:
    """The languages ``spec`` applies to, its file saying ``said``: a file that says none
    and is not named is refused, and so is one named for a language it says it is not."""
    if spec.lang is None:
        if not said:
            raise _unknown(spec.path)
        return said
    if said and spec.lang not in said:
        raise GlossaryError(
            _("{path}: named for {lang!r}, but the file is for {file_lang}").format(
                path=spec.path, lang=spec.lang, file_lang=", ".join(sorted(said))
            )
        )
    return frozenset({spec.lang})
