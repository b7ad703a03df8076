"""Term lists in and out: CSV/TSV (DeepL, Google, Amazon glossary shapes) and TBX.

CSV/TSV rows are ``source,target``; an optional first row names the columns
(``source,target``), gives language codes (``en,fr`` or Amazon's ``en,fr,ha``) or
language names (``English,French``, ``Anglais,Français``), and DeepL's four-column
rows (``source,target,en,fr``) are accepted. OmegaT's glossary TSV rows are
``source<TAB>target<TAB>comment``; the comment becomes the entry's note. TBX is read
as TBX-Basic/TBX v2 (``martif``, ``termEntry/langSet/tig|ntig``) or TBX v3 (``tbx``,
``conceptEntry/langSec/termSec``); entities and DTDs are never loaded.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.errors import InputError, NoUsableInputError, TranslateError
from translate.glossary.formats import DELIMITERS, term_format
from translate.glossary.matching import Glossary
from translate.glossary.model import Entry, is_acronym, nfc
from translate.i18n import _, ngettext
from translate.lang import is_language_code, primary, same_language
from translate.safe_xml import parse_untrusted_xml

#: A parsed TBX document: an lxml element (lxml publishes no type information).
TbxRoot = Any

if TYPE_CHECKING:
    from _csv import Reader  # csv.reader's type (typeshed)

_HEADER_WORDS = {
    "source",
    "target",
    "term",
    "translation",
    "source term",
    "target term",
    "source_term",
    "target_term",
    "comment",
    "comments",
    "note",
    "notes",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV
# injection): exports put an apostrophe before it, imports take that apostrophe off.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@\t\r]")
# Control characters have no place in a term (tab and line ends are the format's own).
# A term is one line of printable text: a tab, newline or carriage return inside a cell
# (a quoted CSV cell can hold them) is refused like any other control character.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _entry(source: str, target: str, origin: str, lang: str, **extra: object) -> Entry:
    source, target = nfc(source.strip()), nfc(target.strip())
    control = _CONTROL.search(source) or _CONTROL.search(target)
    if control is not None:  # TBX terms: XML text may hold tabs and newlines
        raise InputError(
            f"{origin}: "
            + _("control character U+{code:04X} in a term").format(code=ord(control.group()))
        )
    extra.setdefault("case_sensitive", is_acronym(source))
    return Entry(source=source, target=target, origin=origin, lang=lang, **extra)  # type: ignore[arg-type]


def inline_entries(terms: Mapping[str, str], lang: str, origin: str = "<request>") -> list[Entry]:
    """Entries for terms given as ``{English source: target}`` (a server request's
    ``glossary`` field), checked as a term list's cells are: an empty side or a control
    character is an InputError naming the term."""
    entries = []
    for number, (source, target) in enumerate(terms.items(), start=1):
        if not source.strip() or not target.strip():
            raise InputError(f"{origin}:{number}: " + _("a term with an empty side"))
        entries.append(_entry(source, target, f"{origin}:{number}", lang))
    return entries


def utf8_text(data: bytes, path: Path, error: type[TranslateError] = InputError) -> str:
    """The text of a glossary or term list; not UTF-8 is an ``error`` at its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"{path}:{line}: " + _("not valid UTF-8 ({reason})").format(reason=exc.reason)
        ) from None


def term_entries(
    data: bytes | TbxRoot,
    path: Path,
    lang: str,
    kind: str,
    warnings: list[str] | None = None,
) -> list[Entry]:
    """Terms for English → ``lang`` of the term list ``path`` (the name messages give):
    its bytes, or its parsed TBX root (:func:`parse_tbx`), in format ``kind``.

    A file that holds no term for the pair (empty, a header only, a TBX without
    ``lang``) is a NoUsableInputError: importing it would silently change nothing.
    ``warnings`` gets one line per TBX entry with no ``lang`` term (not imported).
    """
    if kind == "tbx":
        root = parse_tbx(data, path) if isinstance(data, bytes) else data
        entries = _import_tbx(path, root, lang, warnings)
    else:
        entries = _import_delimited(path, utf8_text(data, path), lang, DELIMITERS[kind])
    if not entries:
        raise NoUsableInputError(
            _("{path}: no English → {lang} term in the file").format(path=path, lang=lang)
        )
    return entries


def _is_lang(cell: str) -> bool:
    return is_language_code(cell.strip()) and cell.strip().lower() not in _HEADER_WORDS


@cache
def _language_names() -> dict[str, str]:
    """Language names as spreadsheets head their columns (English, French, Français,
    Hausa, Faransanci...) → code, from babel's CLDR data in English, French and Hausa."""
    from babel import Locale

    names: dict[str, str] = {}
    for ui in ("ha", "fr", "en"):  # English names last: they win on a clash
        for code, name in Locale(ui).languages.items():
            if "_" not in code:
                names[name.casefold()] = code
    return names


def header_language(cell: str) -> str | None:
    """The language a header cell names (``fr``, ``fr-FR``, ``French``, ``français``), else
    None; ``source``/``target`` and the like are header words, not languages."""
    cell = cell.strip()
    if not cell or cell.lower() in _HEADER_WORDS:
        return None
    names = _language_names()
    if is_language_code(cell):
        base = primary(cell)
        # Lower-case codes only: an acronym (AES, UN) in the first row is a term.
        if cell[: len(base)].islower() and base in names.values():
            return base
    return names.get(cell.casefold())


def _is_header(cells: list[str]) -> bool:
    """A first row that names its columns: header words or languages, at least two."""
    present = [c for c in cells if c]
    return len(present) >= 2 and all(
        c.lower() in _HEADER_WORDS or header_language(c) for c in present
    )


def neutralize_formula(cell: str) -> str:
    """A cell a spreadsheet will not run: ``=cmd|...`` is written ``'=cmd|...``."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore_formula(cell: str) -> str:
    """The inverse of :func:`neutralize_formula`, applied to every imported cell."""
    return cell[1:] if _ESCAPED_FORMULA.match(cell) else cell


def delimited_rows(text: str, delimiter: str) -> Reader:
    """The rows of a CSV (``,``: quoted cells allowed) or TSV (tab: no quoting) text."""
    stream = io.StringIO(text, newline="")
    if delimiter == ",":
        return csv.reader(stream, delimiter=",", quoting=csv.QUOTE_MINIMAL)
    return csv.reader(stream, delimiter=delimiter, quoting=csv.QUOTE_NONE)


def _import_delimited(path: Path, text: str, lang: str, delimiter: str) -> list[Entry]:
    reader = delimited_rows(text, delimiter)
    entries: list[Entry] = []
    columns: tuple[int, int] | None = None
    try:
        for row in reader:
            line = reader.line_num
            cells = [restore_formula(c.strip()) for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            control = next((m for c in cells if (m := _CONTROL.search(c))), None)
            if control is not None:
                raise InputError(
                    f"{path}:{line}: "
                    + _("control character U+{code:04X} in a term").format(
                        code=ord(control.group())
                    )
                )
            if columns is None:
                columns = (0, 1)
                if _is_header(cells):
                    named = [header_language(c) for c in cells]
                    if sum(1 for n in named if n) >= 2:
                        columns = _language_columns(path, line, cells, named, lang)
                    continue
            # DeepL: source,target,source_lang,target_lang on every row.
            deepl = _deepl_row(cells)
            if deepl and not same_language(cells[3], lang):
                raise InputError(
                    f"{path}:{line}: "
                    + _("row is for {row_lang!r}, not {lang!r}").format(
                        row_lang=cells[3], lang=lang
                    )
                )
            source_col, target_col = columns
            if len(cells) <= max(source_col, target_col):
                raise InputError(
                    f"{path}:{line}: "
                    + ngettext(
                        "expected source{delimiter}target, got {count} column",
                        "expected source{delimiter}target, got {count} columns",
                        len(cells),
                    ).format(delimiter=delimiter, count=len(cells))
                )
            source, target = cells[source_col], cells[target_col]
            if not source or not target:
                raise InputError(
                    f"{path}:{line}: " + (_("empty source") if not source else _("empty target"))
                )
            # OmegaT's glossary rows: source, target, comment.
            comment = ""
            if not deepl and len(cells) == 3 and columns == (0, 1):
                comment = cells[2]
            entries.append(_entry(source, target, f"{path}:{line}", lang, notes=comment))
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: {exc}") from None
    return entries


def _language_columns(
    path: Path, line: int, header: list[str], named: list[str | None], lang: str
) -> tuple[int, int]:
    source = next((i for i, c in enumerate(named) if c == "en"), 0)
    target = next((i for i, c in enumerate(named) if c and same_language(c, lang)), None)
    if target is None:
        raise InputError(
            f"{path}:{line}: "
            + _("no {lang!r} column in header {header!r}").format(
                lang=lang, header=",".join(c for c in header if c)
            )
        )
    return source, target


# --- TBX --------------------------------------------------------------------------------


_CONTEXT = "context: "


def _local(element: object) -> str:
    tag = getattr(element, "tag", "")
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def parse_tbx(data: bytes, path: Path) -> TbxRoot:
    """The root element of a TBX file (safely parsed: no entities, no network)."""
    root = parse_untrusted_xml(data, path, _("malformed TBX: {error}"))
    if _local(root) not in ("martif", "tbx"):
        raise InputError(
            f"{path}:{root.sourceline}: "
            + _("not TBX (root element <{element}>, expected <martif> or <tbx>)").format(
                element=_local(root)
            )
        )
    return root


def tbx_languages(root: TbxRoot) -> frozenset[str]:
    """The non-English languages of a TBX file's language sets."""
    codes = {
        element.get(_XML_LANG) or element.get("lang") or ""
        for element in root.iter()
        if _local(element) in ("langSet", "langSec")
    }
    return frozenset(primary(c) for c in codes if c and primary(c) != "en")


def header_languages(text: str, delimiter: str) -> frozenset[str]:
    """The target languages a CSV/TSV file names: in a header row (``en,fr``,
    ``English,French``), or on every row as DeepL's glossaries do
    (``ECOWAS,CEDEAO,EN,FR``: source, target, source language, target language); empty
    when it names none."""
    targets: set[str] = set()
    for row in delimited_rows(text, delimiter):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not targets:
            found = [header_language(c) for c in cells if c]
            if len(found) >= 2 and all(found):
                return frozenset(str(code) for code in found if code != "en")
        if not _deepl_row(cells):
            return frozenset(primary(t) for t in targets)
        targets.add(cells[3])
    return frozenset(primary(t) for t in targets)


def _deepl_row(cells: list[str]) -> bool:
    """DeepL's glossary row: source, target, source language, target language."""
    return len(cells) == 4 and _is_lang(cells[2]) and _is_lang(cells[3])


def _import_tbx(
    path: Path, root: TbxRoot, lang: str, warnings: list[str] | None = None
) -> list[Entry]:
    """Terms of a TBX file. Refused (path:line): entities, an entry without an English
    term, an invalid language code, a repeated entry id, and two entries that give the
    same English term different targets (no silent "last one wins"). An entry with no
    ``lang`` term is listed in ``warnings``; an entry of plural terms noted ``plural of:
    TERM`` (our export: one concept per number) gives TERM its plural forms."""
    entries: list[Entry] = []
    plurals: dict[str, tuple[str, str]] = {}
    ids: dict[str, int] = {}
    by_key: dict[tuple[str, str | None], Entry] = {}
    for concept in root.iter():
        if _local(concept) not in ("termEntry", "conceptEntry"):
            continue
        concept_id = concept.get("id")
        if concept_id is not None:
            if concept_id in ids:
                raise InputError(
                    f"{path}:{concept.sourceline}: "
                    + _("entry id {id!r} already used at line {line}").format(
                        id=concept_id, line=ids[concept_id]
                    )
                )
            ids[concept_id] = concept.sourceline
        plural_of = _plural_of(concept)
        found = _concept_entries(concept, path, lang, plural_of is not None)
        if found is None:
            if warnings is not None:
                warnings.append(
                    f"{path}:{concept.sourceline}: "
                    + _("{term!r} has no {lang} term; not imported").format(
                        term=_english_term(concept), lang=lang
                    )
                )
            continue
        if plural_of is not None:
            for entry in found:
                plurals[plural_of] = (entry.source, entry.target)
            continue
        for entry in found:
            first = by_key.get(entry.key)
            if first is None:
                by_key[entry.key] = entry
                entries.append(entry)
            elif first.target != entry.target:
                raise InputError(
                    f"{path}:{entry.line}: "
                    + _("{source!r} → {target!r} conflicts with {other!r} at line {line}").format(
                        source=entry.source,
                        target=entry.target,
                        other=first.target,
                        line=first.line,
                    )
                )
    if plurals:
        entries = [
            replace(e, source_plural=plurals[e.source][0], target_plural=plurals[e.source][1])
            if e.source in plurals and e.source_plural is None
            else e
            for e in entries
        ]
    return entries


_PLURAL_OF = "plural of: "


def _plural_of(concept: Any) -> str | None:
    """The singular term a concept of plural forms belongs to (our export's note)."""
    for note in concept:
        if _local(note) in ("note", "descrip") and _text(note).startswith(_PLURAL_OF):
            return nfc(_text(note)[len(_PLURAL_OF) :])
    return None


def _english_term(concept: Any) -> str:
    for lang_set in concept:
        code = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
        if _local(lang_set) in ("langSet", "langSec") and same_language(code or "x", "en"):
            term = next((t for t in lang_set.iter() if _local(t) == "term"), None)
            if term is not None:
                return _text(term)
    return ""


def _concept_entries(
    concept: Any, path: Path, lang: str, plural_only: bool = False
) -> list[Entry] | None:
    """The entries of one termEntry/conceptEntry for English → ``lang``; None when it
    has no ``lang`` term (multilingual files hold other languages too: listed, not
    imported). ``plural_only``: a concept of plural forms, read as plain terms."""
    sources: list[tuple[str, str | None, int]] = []
    targets: list[tuple[str, str | None]] = []
    english_terms = 0  # deprecated ones included
    for lang_set in concept:
        if _local(lang_set) not in ("langSet", "langSec"):
            continue
        code = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
        if not code:
            raise InputError(
                f"{path}:{lang_set.sourceline}: "
                + _("<{element}> without xml:lang").format(element=_local(lang_set))
            )
        if not is_language_code(code):
            raise InputError(
                f"{path}:{lang_set.sourceline}: "
                + _("unknown language {code!r} in <{element}>").format(
                    code=code[:40], element=_local(lang_set)
                )
            )
        is_source, is_target = same_language(code, "en"), same_language(code, lang)
        if not (is_source or is_target):
            continue
        for group in lang_set:
            if _local(group) not in ("tig", "ntig", "termSec"):
                continue
            term = next((t for t in group.iter() if _local(t) == "term"), None)
            if term is None or not _text(term):
                raise InputError(
                    f"{path}:{group.sourceline}: "
                    + _("<{element}> without a <term>").format(element=_local(group))
                )
            english_terms += is_source
            term_notes = {
                n.get("type"): _text(n)
                for n in group.iter()
                if _local(n) in ("termNote", "termnote")
            }
            if "deprecated" in term_notes.get("administrativeStatus", "").lower():
                continue  # TBX marks banned terms; they are not ours to enforce
            number = term_notes.get("grammaticalNumber", "").lower() or None
            if is_source:
                sources.append((_text(term), number, term.sourceline))
            else:
                targets.append((_text(term), number))
    if not english_terms:
        raise InputError(
            f"{path}:{concept.sourceline}: "
            + _("<{element}> has no English term").format(element=_local(concept))
        )
    if not targets:
        return None
    if not sources:
        return []  # only deprecated English terms
    texts = [_text(n) for n in concept if _local(n) in ("note", "descrip") and _text(n)]
    # Our own export writes flags and the sense (msgctxt) as concept notes; read them back.
    flags = tuple(t for t in texts if t in ("no-translate", "case-sensitive"))
    context = next((t[len(_CONTEXT) :] for t in texts if t.startswith(_CONTEXT)), None)
    notes = "; ".join(t for t in texts if t not in flags and not t.startswith(_CONTEXT))
    singular = [t for t, n in targets if n != "plural"]
    plural = next((t for t, n in targets if n == "plural"), None)
    source_plural = next((s for s, n, _line in sources if n == "plural"), None)
    entries = []
    for source, number, line in sources:
        if number == "plural" and not plural_only:
            continue
        target = (plural if plural_only and plural else None) or (
            singular[0] if singular else targets[0][0]
        )
        entries.append(
            _entry(
                source,
                target,
                f"{path}:{line}",
                lang,
                source_plural=(
                    nfc(source_plural) if source_plural and plural and not plural_only else None
                ),
                target_plural=nfc(plural) if source_plural and plural and not plural_only else None,
                context=context,
                notes=notes,
                flags=flags,
                no_translate="no-translate" in flags,
                case_sensitive="case-sensitive" in flags or is_acronym(source),
            )
        )
    return entries


# --- export -----------------------------------------------------------------------------


def export_terms(
    glossary_or_entries: Glossary | Iterable[Entry], fmt: str, lang: str, *, header: bool = True
) -> str:
    """Enforced terms as CSV/TSV (``en,<lang>`` header row unless ``header=False``), OmegaT's
    glossary TSV (source, target, comment; no header) or TBX."""
    entries = (
        glossary_or_entries.entries
        if isinstance(glossary_or_entries, Glossary)
        else list(glossary_or_entries)
    )
    if fmt.lower() == "po":  # the format reviewers keep: everything, as gettext keeps it
        return export_po_glossary(entries, lang)
    # Forbidden renderings are no terms: a term list has no way to say "never this".
    entries = [e for e in entries if not e.fuzzy and not e.forbidden]
    kind = term_format(Path("x"), fmt)
    if kind == "tbx":
        return _export_tbx(entries, lang)
    out = io.StringIO()
    if kind == "csv":
        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow(["en", lang])
        writer.writerows(
            [neutralize_formula(e.source), neutralize_formula(e.target)] for e in entries
        )
        return out.getvalue()
    if kind == "omegat":
        # OmegaT reads every line as a term (no header): source, target, comment.
        return "".join(
            "\t".join(
                [
                    neutralize_formula(_one_line(e.source)),
                    neutralize_formula(_one_line(e.target)),
                    _one_line(e.notes),
                ]
            ).rstrip("\t")
            + "\n"
            for e in entries
        )
    rows = [["en", lang]] if header else []
    rows += [
        [neutralize_formula(_one_line(e.source)), neutralize_formula(_one_line(e.target))]
        for e in entries
    ]
    return "".join("\t".join(r) + "\n" for r in rows)


def export_po_glossary(entries: Sequence[Entry], lang: str) -> str:
    """The merged glossary as one PO glossary (proposals and forbidden renderings
    included), written as gettext tools keep it (``# no-translate``, ``msgctxt
    "forbidden"``): it passes `glossary check` and ``msgfmt -c --check-header``."""
    from translate.glossary.imports import render_entry
    from translate.glossary.po import new_catalog
    from translate.lang import plural_rule

    catalog = new_catalog(lang)
    rule = plural_rule(lang)
    blocks = [render_entry(e, rule, e.fuzzy) for e in entries]
    return "\n".join([str(catalog).rstrip("\n") + "\n", *blocks])


def _one_line(text: str) -> str:
    return " ".join(text.split())  # TSV cannot quote: no tabs or newlines in a cell


def _export_tbx(entries: Sequence[Entry], lang: str) -> str:
    from lxml import etree

    root = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = f"translate-newsroom glossary, en → {lang}"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        flagged = [f for f in ("no-translate", "case-sensitive") if f in entry.flags]
        if entry.no_translate and "no-translate" not in flagged:
            flagged.append("no-translate")
        notes = [entry.notes, f"{_CONTEXT}{entry.context}" if entry.context else "", *flagged]
        # One concept per number: a tool that pairs every English term of a concept with
        # every target term (OmegaT) would cross a plural with a singular.
        forms = [("", entry.source, entry.target, "singular" if entry.source_plural else None)]
        if entry.source_plural:
            plural = entry.target_plural or entry.target
            forms.append(("-plural", entry.source_plural, plural, "plural"))
        for suffix, source, target, grammar in forms:
            concept = etree.SubElement(body, "termEntry", id=f"c{number}{suffix}")
            extra = [f"{_PLURAL_OF}{entry.source}"] if suffix else []
            for note in filter(None, [*notes, *extra]):
                etree.SubElement(concept, "note").text = note
            for code, form in (("en", source), (lang, target)):
                lang_set = etree.SubElement(concept, "langSet", {_XML_LANG: code})
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = form
                if grammar:
                    etree.SubElement(tig, "termNote", type="grammaticalNumber").text = grammar
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode(
        "utf-8"
    )
