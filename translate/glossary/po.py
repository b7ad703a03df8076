"""Glossary PO files: strict reading with file:line errors, entries, and writing.

polib silently accepts some broken input (an unterminated string reads as empty, a
msgid without msgstr becomes an untranslated entry) and numbers the first entry
line 0, so the text is first walked here: syntax problems get exact lines, and each
entry gets the line of its msgctxt/msgid keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib

from translate.errors import GlossaryError
from translate.glossary.model import Entry, forbidden_context, is_acronym, nfc, split_comment
from translate.i18n import _
from translate.lang import PluralRule, plural_rule, same_language
from translate.po_syntax import CONTINUATION, KEYWORD, content_lines, shown

_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


@dataclass
class _Record:
    """Where one entry starts and what its msgid/msgctxt literally are (for the header)."""

    line: int
    has_context: bool = False
    msgid: str = ""
    has_msgstr: bool = False


@dataclass
class ParsedPo:
    path: Path
    lang: str  # the Language header ("" when absent)
    header_line: int
    metadata: dict[str, str]
    entries: list[tuple[int, polib.POEntry]] = field(default_factory=list)  # (line, entry)
    # The whole catalog (shared: parse_po keeps what it parsed; never modify it).
    catalog: polib.POFile = field(default_factory=polib.POFile)


def _scan(text: str) -> tuple[list[_Record], list[tuple[int, str]]]:
    """Walk the PO text: entry start lines, and every line polib would misread."""
    records: list[_Record] = []
    problems: list[tuple[int, str]] = []
    current: _Record | None = None
    last = ""  # last keyword seen in the current entry
    for number, line in content_lines(text):
        keyword = KEYWORD.fullmatch(line)
        if keyword is None:
            if CONTINUATION.fullmatch(line) and last:
                if last == "msgid" and current is not None:
                    current.msgid += line[1:-1]
                continue
            problems.append((number, _("malformed PO line {line!r}").format(line=shown(line))))
            if current is not None:
                current.has_msgstr = True  # one report per broken entry is enough
            continue
        word = keyword.group(1).split("[")[0]
        starts_entry = word == "msgctxt" or (word == "msgid" and last != "msgctxt")
        if starts_entry:
            if current is not None and not current.has_msgstr:
                problems.append((current.line, _("entry has no msgstr")))
            current = _Record(number, has_context=word == "msgctxt")
            records.append(current)
        elif current is None:
            problems.append((number, _("{keyword} before any msgid").format(keyword=word)))
            continue
        if word == "msgid":
            current.msgid = keyword.group(3)[1:-1]
        elif word == "msgstr":
            current.has_msgstr = True
        elif word == "msgid_plural" and last != "msgid":
            problems.append((number, _("msgid_plural must follow msgid")))
        last = word
    if current is not None and not current.has_msgstr:
        problems.append((current.line, _("entry has no msgstr")))
    return records, problems


def parse_po(path: Path, text: str, *, problems: list[tuple[int, str]] | None = None) -> ParsedPo:
    """Parse the text of the glossary PO file ``path`` (the name its messages give).

    With ``problems`` given, syntax problems are appended there (and parsing goes on
    when polib still can); without it the first one raises ``GlossaryError``.
    """
    return checked(path, *parse_text(path, text), problems)


def checked(
    path: Path,
    parsed: ParsedPo,
    found: list[tuple[int, str]],
    problems: list[tuple[int, str]] | None = None,
) -> ParsedPo:
    """``parsed`` (see :func:`parse_text`): its syntax problems appended to ``problems``
    when given, else the first one raised as a GlossaryError."""
    if found and problems is None:
        line, message = found[0]
        raise GlossaryError(f"{path}:{line}: {message}")
    if problems is not None:
        problems.extend(found)
    return parsed


def parse_text(path: Path, text: str) -> tuple[ParsedPo, list[tuple[int, str]]]:
    """The parsed text of the PO file ``path`` and its syntax problems (line, message),
    first first; what polib cannot read at all is an empty file and a problem."""
    records, found = _scan(text)
    try:
        po = polib.pofile(text, wrapwidth=0, encoding="utf-8") if text.strip() else polib.POFile()
    except (OSError, ValueError) as exc:
        where = _POLIB_LINE.search(str(exc))
        line = int(where.group(1)) if where else (found[0][0] if found else 1)
        detail = (where.group(2) if where else None) or _("syntax error")
        if not any(number == line for number, _message in found):
            found = [*found, (line, detail)]
        return ParsedPo(path, "", 1, {}), found
    header_line = 1
    if records and not records[0].has_context and records[0].msgid == "" and po.metadata:
        header_line = records.pop(0).line
    live = [e for e in po if not e.obsolete]
    # polib's own numbers as a fallback when our walk and polib disagree (never seen).
    lines = (
        [r.line for r in records]
        if len(records) == len(live)
        else [max(e.linenum, 1) for e in live]
    )
    lang = po.metadata.get("Language", "").strip()
    entries = list(zip(lines, live, strict=True))
    return ParsedPo(path, lang, header_line, dict(po.metadata), entries, po), found


def parse_po_for(path: Path, text: str, lang: str) -> ParsedPo:
    """parse_po (strict) of a glossary that must be for ``lang`` (or name no language)."""
    return check_po_language(parse_po(path, text), lang)


def check_po_language(parsed: ParsedPo, lang: str) -> ParsedPo:
    """``parsed`` when it is a glossary for ``lang`` (or names no language)."""
    path = parsed.path
    if parsed.lang and not same_language(parsed.lang, lang):
        raise GlossaryError(
            f"{path}:{parsed.header_line}: "
            + _("glossary is for {file_lang!r}, not {lang!r}").format(
                file_lang=parsed.lang, lang=lang
            )
        )
    return parsed


def to_entry(po_entry: polib.POEntry, origin: str, lang: str, rule: PluralRule) -> Entry:
    """A polib entry as an Entry; targets of no-translate entries are the source itself.

    Properties are read as gettext tools keep them (``# no-translate`` translator
    comments, ``msgctxt "forbidden"``) and as older files wrote them (``#,`` flags)."""
    properties, notes = split_comment(po_entry.tcomment or "")
    flags = tuple(f.strip() for f in po_entry.flags if f.strip())
    flags += tuple(sorted(properties - set(flags)))
    forbidden_by_context, context = forbidden_context(po_entry.msgctxt)
    if forbidden_by_context and "forbidden" not in flags:
        flags += ("forbidden",)
    source = nfc(po_entry.msgid)
    source_plural = nfc(po_entry.msgid_plural) if po_entry.msgid_plural else None
    no_translate = "no-translate" in flags
    forms: tuple[str, ...] = ()
    if source_plural is not None:
        forms = tuple(nfc(po_entry.msgstr_plural[i]) for i in sorted(po_entry.msgstr_plural))
        present = [f for f in forms if f]

        def pick(index: int) -> str:
            if index < len(forms) and forms[index]:
                return forms[index]
            return present[-1] if present else ""

        target, target_plural = pick(rule.singular_index), pick(rule.plural_index)
    else:
        target, target_plural = nfc(po_entry.msgstr), None
    if no_translate:
        target, target_plural, forms = source, source_plural, ()
    return Entry(
        source=source,
        target=target,
        source_plural=source_plural,
        target_plural=target_plural,
        context=context,
        notes=_notes(notes),
        flags=flags,
        no_translate=no_translate,
        case_sensitive="case-sensitive" in flags or is_acronym(source),
        fuzzy="fuzzy" in flags,
        forbidden="forbidden" in flags,
        origin=origin,
        target_forms=forms,
        lang=lang,
    )


def _notes(comment: str) -> str:
    # "# --- Places ---" section titles attach to the next entry; they are not notes.
    return "\n".join(
        line for line in comment.splitlines() if not line.strip().startswith("---")
    ).strip()


def po_entries(parsed: ParsedPo, lang: str) -> tuple[list[Entry], list[str]]:
    """The entries of a parsed PO glossary for ``lang``, and warnings about skipped ones."""
    from translate.glossary.plurals import file_rule

    path = parsed.path
    rule = file_rule(parsed.metadata, lang)  # the file's own Plural-Forms, as `check` reads it
    entries, warnings = [], []
    for line, po_entry in parsed.entries:
        entry = to_entry(po_entry, f"{path}:{line}", lang, rule)
        if not entry.source.strip():
            warnings.append(f"{path}:{line}: " + _("empty msgid skipped"))
            continue
        if not entry.target and not entry.fuzzy:
            # Nothing to enforce; `glossary check` reports it as an error.
            warnings.append(
                f"{path}:{line}: "
                + _("{source!r} has no translation; not enforced").format(source=entry.source)
            )
            continue
        entries.append(entry)
    return entries, warnings


def new_catalog(lang: str) -> polib.POFile:
    rule = plural_rule(lang)
    po = polib.POFile(wrapwidth=0)
    po.header = f"Newsroom glossary, English → {lang}."
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M%z")
    po.metadata = {
        "Project-Id-Version": "translate-newsroom glossary",
        "PO-Revision-Date": stamp,
        "Last-Translator": "translate-newsroom glossary import",
        "Language-Team": f"{lang} newsroom desk",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": rule.header,
    }
    return po
