"""Which glossary files apply to which target language.

A ``--glossary`` value is either ``LANG=PATH`` (``fr=extra.csv``) or a plain path
whose language the file itself says: the PO ``Language`` header, the TBX
``xml:lang`` of its non-English language sets, or a CSV/TSV header row naming the
languages (``en,fr``, ``English,French``). A file whose language cannot be known is
refused with one line saying how to name it. The glossaries for one language are
the defaults for it (shipped, then the user's), then every extra file for that
language, in the order given: later files win (see ``matching.load_glossary``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.errors import GlossaryError, UsageError
from translate.i18n import _
from translate.lang import is_language_code, primary

_DELIMITED = {".csv": ",", ".tsv": "\t", ".tab": "\t", ".utf8": "\t", ".txt": "\t"}
_TBX = (".tbx", ".xml")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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


def parse_spec(value: str | Path | GlossarySpec) -> GlossarySpec:
    """``fr=extra.csv`` → (extra.csv, fr); ``extra.po`` → (extra.po, None).

    A prefix before ``=`` counts as a language only when it has the syntax of a
    language code, so a path with ``=`` in a folder name still works (and an existing
    file called ``fr=x.po`` is that file).
    """
    if isinstance(value, GlossarySpec):
        return value
    if isinstance(value, Path) and (value.exists() or "=" not in str(value)):
        return GlossarySpec(value)
    head, sep, tail = str(value).partition("=")
    if sep and tail and is_language_code(head) and not Path(str(value)).exists():
        return GlossarySpec(Path(tail), base_language(head))
    if sep and not tail and is_language_code(head):
        raise UsageError(_("--glossary {value!r}: no file after '='").format(value=value))
    return GlossarySpec(Path(value))


def _unknown(path: Path) -> GlossaryError:
    return GlossaryError(
        _(
            "{path}: cannot tell which language this glossary is for; name it: --glossary fr={path}"
        ).format(path=path)
    )


def file_languages(path: Path) -> frozenset[str]:
    """Target languages a glossary file says it is for (empty when it does not say)."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise GlossaryError(f"{path}: " + _("glossary file not found"))
    if suffix in _TBX:
        return _tbx_languages(path)
    if suffix in _DELIMITED:
        return _header_languages(path, _DELIMITED[suffix])
    from translate.glossary.po import parse_po

    lang = parse_po(path).lang
    return frozenset({base_language(lang)}) if lang else frozenset()


def _tbx_languages(path: Path) -> frozenset[str]:
    from translate.errors import read_input
    from translate.safe_xml import parse_untrusted_xml

    root = parse_untrusted_xml(read_input(path), path, _("malformed TBX: {error}"))
    codes = {
        element.get(_XML_LANG) or element.get("lang") or ""
        for element in root.iter()
        if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in ("langSet", "langSec")
    }
    return frozenset(base_language(c) for c in codes if c and base_language(c) != "en")


def _header_languages(path: Path, delimiter: str) -> frozenset[str]:
    from translate.glossary.terms import delimited_rows, header_language

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return frozenset()  # the import proper reports it with a line number
    for row in delimited_rows(text, delimiter):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        found = [header_language(c) for c in cells if c]
        if len(found) >= 2 and all(found):
            return frozenset(str(code) for code in found if code != "en")
        return frozenset()
    return frozenset()


def spec_languages(spec: GlossarySpec) -> frozenset[str]:
    """The languages ``spec`` applies to; a file that says none and is not named is refused.

    A file named for one language whose header says another is refused too.
    """
    said = file_languages(spec.path)
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


def resolve_specs(
    values: Iterable[str | Path | GlossarySpec],
) -> list[tuple[GlossarySpec, frozenset[str]]]:
    """Every spec with its languages; the first file that cannot be placed raises."""
    resolved = []
    for value in values:
        spec = parse_spec(value)
        resolved.append((spec, spec_languages(spec)))
    return resolved


def paths_for(
    lang: str,
    extra: Sequence[str | Path | GlossarySpec] = (),
    *,
    defaults: Sequence[Path] = (),
) -> list[Path]:
    """``defaults`` then the extra files that apply to ``lang``, in the order given."""
    wanted = base_language(lang)
    chosen = list(defaults)
    chosen += [spec.path for spec, langs in resolve_specs(extra) if wanted in langs]
    return chosen
