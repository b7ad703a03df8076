"""`glossary import`: merging a term list into a PO glossary, safely.

- Nothing existing changes without ``update``: an import that would change a term,
  or override a house term of the shipped glossary with another rendering, is
  refused (one line naming the first changes), and ``dry_run`` lists what would be
  added, changed (old → new), overridden and left unchanged.
- The file is edited as text: comments, blank lines, section titles and the order
  of entries stay as they were; only the ``msgstr`` lines (and the ``no-translate``
  flag) of changed entries are rewritten, and new entries go at the end.
- The result is checked as `glossary check` would before anything is written: an
  import never leaves a file that `check` rejects.
- By default it goes to the user's glossary directory (``user_glossary_dir``), and
  never into the installed package's own glossaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from translate.errors import GlossaryError
from translate.glossary.model import (
    FORBIDDEN_CONTEXT,
    LEGACY_FLAGS,
    PROPERTIES,
    Entry,
    forbidden_context,
    property_line,
    split_comment,
)
from translate.i18n import _, ngettext
from translate.lang import PluralRule


@dataclass(frozen=True)
class TermChange:
    """One imported term and what it does to the glossary."""

    source: str
    new: str
    old: str | None = None  # None: added
    context: str | None = None
    line: int = 0  # the existing entry's line (0 for an added one)

    def __str__(self) -> str:
        sense = f" [{self.context}]" if self.context else ""
        if self.old is None or self.old == self.new:
            return f"{self.source}{sense} → {self.new}"
        return f"{self.source}{sense}: {self.old} → {self.new}"


@dataclass
class ImportResult:
    path: Path
    lang: str
    read: int
    added: list[TermChange] = field(default_factory=list)
    changed: list[TermChange] = field(default_factory=list)
    unchanged: list[TermChange] = field(default_factory=list)
    # added to this file, but overriding a house term of another file with another target
    overrides: list[TermChange] = field(default_factory=list)
    skipped: list[TermChange] = field(default_factory=list)  # proposals vs enforced terms
    #: Entries of the file with no term in the language ("file:line: ..."), not imported.
    untranslated: list[str] = field(default_factory=list)
    written: bool = False
    text: str = ""


def _shown(entry: Entry) -> str:
    if entry.no_translate:
        return entry.source
    if entry.source_plural and entry.target_plural and entry.target_plural != entry.target:
        return f"{entry.target} / {entry.target_plural}"
    return entry.target


def _kept(po_entry: polib.POEntry) -> bool:
    """Whether an existing entry is no-translate (a ``# no-translate`` comment line, or
    an older file's flag)."""
    return (
        "no-translate" in po_entry.flags
        or "no-translate" in split_comment(po_entry.tcomment or "")[0]
    )


def _shown_existing(po_entry: polib.POEntry, rule: PluralRule) -> str:
    if _kept(po_entry):
        return po_entry.msgid
    if po_entry.msgid_plural:
        forms = po_entry.msgstr_plural
        one = forms.get(rule.singular_index, "")
        other = forms.get(rule.plural_index, one)
        return one if other == one else f"{one} / {other}"
    return po_entry.msgstr


def _q(text: str) -> str:
    return '"' + polib.escape(text) + '"'


class _Editor:
    """Line edits of one PO text: msgstr blocks and flag lines replaced in place."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.replacements: dict[int, tuple[int, list[str]]] = {}  # start → (end, new lines)

    def msgstr_block(self, start_line: int) -> tuple[int, int]:
        """[first, end) line indices of the msgstr lines of the entry starting there."""
        i = start_line - 1
        while i < len(self.lines) and not self.lines[i].lstrip().startswith("msgstr"):
            i += 1
        first = i
        i += 1
        while i < len(self.lines):
            stripped = self.lines[i].lstrip()
            if not (stripped.startswith('"') or stripped.startswith("msgstr[")):
                break
            i += 1
        return first, i

    def flags_line(self, start_line: int) -> int | None:
        """Index of the ``#,`` line in the comments just above the entry, if any."""
        i = start_line - 2
        while i >= 0 and self.lines[i].lstrip().startswith("#"):
            if self.lines[i].lstrip().startswith("#,"):
                return i
            i -= 1
        return None

    def replace(self, first: int, end: int, new: list[str]) -> None:
        self.replacements[first] = (end, new)

    def text(self, appended: Sequence[str]) -> str:
        out: list[str] = []
        i = 0
        while i < len(self.lines):
            if i in self.replacements:
                end, new = self.replacements[i]
                out += new
                i = end if end > i else i + 1
                continue
            out.append(self.lines[i])
            i += 1
        text = "\n".join(out).rstrip("\n") + "\n" if out else ""
        for block in appended:
            text += ("\n" if text else "") + block.rstrip("\n") + "\n"
        return text


def _set_kept(editor: _Editor, start_line: int, on: bool) -> None:
    """Mark an entry no-translate (a ``# no-translate`` line, as gettext tools keep it)
    or not: its property comment line, and an older file's ``#,`` flag, edited."""
    i = start_line - 2
    marked = False
    while i >= 0 and editor.lines[i].lstrip().startswith("#"):
        line = editor.lines[i].strip()
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip()]
            kept = [f for f in flags if f != "no-translate"]
            if kept != flags:
                editor.replace(i, i + 1, [f"#, {', '.join(kept)}"] if kept else [])
        elif line.startswith("# ") or line == "#":
            properties = property_line(line[1:].strip())
            if properties is not None and "no-translate" in properties:
                marked = True
                if not on:
                    rest = sorted(properties - {"no-translate"})
                    editor.replace(i, i + 1, [f"# {', '.join(rest)}"] if rest else [])
        i -= 1
    if on and not marked:
        at = start_line - 1  # a new "# no-translate" line right above the msgctxt/msgid line
        end, new = editor.replacements.get(at, (at + 1, [editor.lines[at]]))
        editor.replace(at, end, ["# no-translate", *new])


def merge_text(
    entries: Iterable[Entry],
    po_path: Path,
    original: str | None,
    lang: str,
    *,
    fuzzy: bool = False,
    update: bool = False,
    dry_run: bool = False,
    read: int | None = None,
    house: Sequence[Entry] = (),
) -> ImportResult:
    """Merge ``entries`` into the text of the PO glossary ``po_path`` (``original``;
    None: a new file); the merged text is ``result.text``.

    A proposal (``fuzzy``, or a fuzzy entry) never changes an enforced entry: it is
    listed in ``skipped``. Changing an existing term needs ``update``; without it the
    merge is refused (GlossaryError) unless ``dry_run``. The same holds for an added
    term that would override one of the ``house`` entries (the shipped glossary this
    file is stacked on) with another rendering.
    """
    from translate.glossary.plurals import file_rule
    from translate.glossary.po import new_catalog, parse_po_for

    entries = list(entries)
    if original is not None:
        parsed = parse_po_for(po_path, original, lang)
    else:
        catalog = new_catalog(lang)
        original = str(catalog) + "\n"
        parsed = None
    metadata = parsed.metadata if parsed else dict(new_catalog(lang).metadata)
    rule = file_rule(metadata, lang)
    existing = {_key(e): (line, e) for line, e in (parsed.entries if parsed else [])}
    house_terms = {e.key: e for e in house if not e.fuzzy}
    editor = _Editor(original)
    appended: list[str] = []
    result = ImportResult(po_path, lang, len(entries) if read is None else read)
    needs_plural_header = False
    latest: dict[tuple[str, str | None], Entry] = {}
    for entry in entries:  # a later row for one term wins within the import, too
        latest.pop(entry.key, None)
        latest[entry.key] = entry
    for entry in latest.values():
        proposal = fuzzy or entry.fuzzy
        found = existing.get(entry.key)
        if found is None:
            shipped = house_terms.get(entry.key)
            if shipped is not None and not proposal and _same(shipped, entry):
                # The term in use already says this (a re-import of an export): nothing
                # to copy into this file.
                result.unchanged.append(
                    TermChange(entry.source, _shown(entry), _shown(shipped), entry.context)
                )
                continue
            appended.append(render_entry(entry, rule, proposal))
            needs_plural_header |= bool(entry.source_plural)
            if shipped is not None and not proposal and _shown(shipped) != _shown(entry):
                result.overrides.append(
                    TermChange(
                        entry.source, _shown(entry), _shown(shipped), entry.context, shipped.line
                    )
                )
            else:
                result.added.append(TermChange(entry.source, _shown(entry), context=entry.context))
            continue
        line, po_entry = found
        old = _shown_existing(po_entry, rule)
        change = TermChange(entry.source, _shown(entry), old, entry.context, line)
        edit = _edit(po_entry, entry, rule)
        if edit is None:
            result.unchanged.append(change)
            continue
        if proposal and "fuzzy" not in po_entry.flags:
            result.skipped.append(change)  # it would enforce an unreviewed proposal at once
            continue
        result.changed.append(change)
        msgstr_lines, no_translate = edit
        first, end = editor.msgstr_block(line)
        editor.replace(first, end, msgstr_lines)
        if no_translate != _kept(po_entry):
            _set_kept(editor, line, no_translate)
    text = editor.text(appended)
    if needs_plural_header and parsed is not None and not metadata.get("Plural-Forms"):
        text = _with_header_line(text, parsed.header_line, f"Plural-Forms: {rule.header}")
    result.text = text
    changing = [*result.changed, *result.overrides]
    if changing and not update and not dry_run:
        shown = "; ".join(str(c) for c in changing[:3])
        more = len(changing) - 3
        raise GlossaryError(
            ngettext(
                "{path}: {count} imported term would change an existing one ({changes}{more}); "
                "nothing written: see it with --dry-run, apply it with --update",
                "{path}: {count} imported terms would change existing ones ({changes}{more}); "
                "nothing written: see them with --dry-run, apply them with --update",
                len(changing),
            ).format(
                path=po_path,
                count=len(changing),
                changes=shown,
                more=_(", and {count} more").format(count=more) if more > 0 else "",
            )
        )
    return result


def _same(house: Entry, entry: Entry) -> bool:
    """Whether an imported entry says what the house entry says (targets, plural and
    no-translate alike)."""
    return (
        _shown(house) == _shown(entry)
        and house.no_translate == entry.no_translate
        and (house.source_plural or None) == (entry.source_plural or None)
    )


def _key(po_entry: polib.POEntry) -> tuple[str, str | None]:
    """As ``Entry.key``: a forbidden rendering is not the house entry of its msgid."""
    by_context, context = forbidden_context(po_entry.msgctxt)
    forbidden = by_context or "forbidden" in po_entry.flags
    return Entry(po_entry.msgid, "", context=context, forbidden=forbidden).key


def _edit(po_entry: polib.POEntry, entry: Entry, rule: PluralRule) -> tuple[list[str], bool] | None:
    """New msgstr lines and no-translate state for an existing entry; None if unchanged."""
    was_kept = _kept(po_entry)
    keep = entry.no_translate or (was_kept and entry.target == entry.source)
    if po_entry.msgid_plural:
        old = dict(po_entry.msgstr_plural)
        indices = sorted(old) or list(range(rule.nplurals))
        if keep:
            # A kept term's msgstr is the term itself: gettext tools and Poedit then
            # count it translated, and nobody is invited to fill it in.
            forms = old if was_kept else _kept_forms(po_entry, indices, rule)
        else:
            forms = {i: "" if was_kept else old.get(i, "") for i in indices}
            forms[rule.singular_index] = entry.target
            for i in indices:
                if i != rule.singular_index and (entry.target_plural or not forms[i]):
                    forms[i] = entry.target_plural or entry.target
        if forms == old and keep == was_kept:
            return None
        return [f"msgstr[{i}] {_q(forms[i])}" for i in sorted(forms)], keep
    target = po_entry.msgid if keep else entry.target
    if keep == was_kept and (keep or po_entry.msgstr == target):
        return None
    return [f"msgstr {_q(target)}"], keep


def _kept_forms(po_entry: polib.POEntry, indices: list[int], rule: PluralRule) -> dict[int, str]:
    return {
        i: po_entry.msgid if i == rule.singular_index else po_entry.msgid_plural for i in indices
    }


def render_entry(entry: Entry, rule: PluralRule, proposal: bool) -> str:
    """A new entry as gettext tools keep it: properties as a translator comment line,
    a forbidden rendering in ``msgctxt "forbidden"``, a kept term as its own msgstr."""
    context = entry.context
    if entry.forbidden:
        context = FORBIDDEN_CONTEXT + (f": {entry.context}" if entry.context else "")
    po_entry = polib.POEntry(msgid=entry.source, msgctxt=context)
    target = entry.source if entry.no_translate else entry.target
    if entry.source_plural:
        po_entry.msgid_plural = entry.source_plural
        plural = (
            entry.source_plural if entry.no_translate else (entry.target_plural or entry.target)
        )
        po_entry.msgstr_plural = {
            i: target if i == rule.singular_index else plural for i in range(rule.nplurals)
        }
    else:
        po_entry.msgstr = target
    properties = sorted(
        {p for p in PROPERTIES if p in entry.flags}
        | ({"no-translate"} if entry.no_translate else set())
    )
    po_entry.tcomment = "\n".join(filter(None, [entry.notes, ", ".join(properties)]))
    po_entry.flags = [f for f in entry.flags if f not in LEGACY_FLAGS and f != "fuzzy"]
    if proposal:
        po_entry.flags.append("fuzzy")
    return po_entry.__unicode__(wrapwidth=0)


def _with_header_line(text: str, header_line: int, field_text: str) -> str:
    editor = _Editor(text)
    first, end = editor.msgstr_block(header_line)
    block = editor.lines[first:end]
    editor.replace(first, end, [*block, _q(field_text + "\n")])
    return editor.text(())
