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
from translate.glossary.model import Entry
from translate.i18n import _
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
    written: bool = False
    text: str = ""


def _shown(entry: Entry) -> str:
    if entry.no_translate:
        return entry.source
    if entry.source_plural and entry.target_plural and entry.target_plural != entry.target:
        return f"{entry.target} / {entry.target_plural}"
    return entry.target


def _shown_existing(po_entry: polib.POEntry, rule: PluralRule) -> str:
    if "no-translate" in po_entry.flags:
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


def _set_flag(editor: _Editor, start_line: int, flag: str, on: bool) -> None:
    index = editor.flags_line(start_line)
    if index is None:
        if on:
            # A new "#, flag" line right above the msgctxt/msgid line.
            at = start_line - 1
            end, new = editor.replacements.get(at, (at + 1, [editor.lines[at]]))
            editor.replace(at, end, [f"#, {flag}", *new])
        return
    flags = [f.strip() for f in editor.lines[index].lstrip()[2:].split(",") if f.strip()]
    flags = [f for f in flags if f != flag] + ([flag] if on else [])
    editor.replace(index, index + 1, [f"#, {', '.join(flags)}"] if flags else [])


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
            appended.append(_render_new(entry, rule, proposal))
            needs_plural_header |= bool(entry.source_plural)
            shipped = house_terms.get(entry.key)
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
        if no_translate != ("no-translate" in po_entry.flags):
            _set_flag(editor, line, "no-translate", no_translate)
    text = editor.text(appended)
    if needs_plural_header and parsed is not None and not metadata.get("Plural-Forms"):
        text = _with_header_line(text, parsed.header_line, f"Plural-Forms: {rule.header}")
    result.text = text
    changing = [*result.changed, *result.overrides]
    if changing and not update and not dry_run:
        shown = "; ".join(str(c) for c in changing[:3])
        more = len(changing) - 3
        raise GlossaryError(
            _(
                "{path}: {count} imported term(s) would change existing ones ({changes}{more}); "
                "nothing written: see them with --dry-run, apply them with --update"
            ).format(
                path=po_path,
                count=len(changing),
                changes=shown,
                more=_(", and {count} more").format(count=more) if more > 0 else "",
            )
        )
    return result


def _key(po_entry: polib.POEntry) -> tuple[str, str | None]:
    """As ``Entry.key``: a forbidden rendering is not the house entry of its msgid."""
    forbidden = "forbidden" in po_entry.flags
    return Entry(po_entry.msgid, "", context=po_entry.msgctxt, forbidden=forbidden).key


def _edit(po_entry: polib.POEntry, entry: Entry, rule: PluralRule) -> tuple[list[str], bool] | None:
    """New msgstr lines and no-translate state for an existing entry; None if unchanged."""
    was_kept = "no-translate" in po_entry.flags
    keep = entry.no_translate or (was_kept and entry.target == entry.source)
    if po_entry.msgid_plural:
        old = dict(po_entry.msgstr_plural)
        indices = sorted(old) or list(range(rule.nplurals))
        if keep:
            forms = old if was_kept else dict.fromkeys(indices, "")
        else:
            forms = {i: "" if was_kept else old.get(i, "") for i in indices}
            forms[rule.singular_index] = entry.target
            for i in indices:
                if i != rule.singular_index and (entry.target_plural or not forms[i]):
                    forms[i] = entry.target_plural or entry.target
        if forms == old and keep == was_kept:
            return None
        return [f"msgstr[{i}] {_q(forms[i])}" for i in sorted(forms)], keep
    target = "" if keep else entry.target
    if keep == was_kept and (keep or po_entry.msgstr == target):
        return None
    return [f"msgstr {_q(target)}"], keep


def _render_new(entry: Entry, rule: PluralRule, proposal: bool) -> str:
    po_entry = polib.POEntry(msgid=entry.source, msgctxt=entry.context)
    target = "" if entry.no_translate else entry.target
    if entry.source_plural:
        po_entry.msgid_plural = entry.source_plural
        plural = "" if entry.no_translate else (entry.target_plural or entry.target)
        po_entry.msgstr_plural = {
            i: target if i == rule.singular_index else plural for i in range(rule.nplurals)
        }
    else:
        po_entry.msgstr = target
    po_entry.tcomment = entry.notes
    po_entry.flags = [f for f in entry.flags if f != "fuzzy"]
    if entry.no_translate and "no-translate" not in po_entry.flags:
        po_entry.flags.append("no-translate")
    if proposal:
        po_entry.flags.append("fuzzy")
    return po_entry.__unicode__(wrapwidth=0)


def _with_header_line(text: str, header_line: int, field_text: str) -> str:
    editor = _Editor(text)
    first, end = editor.msgstr_block(header_line)
    block = editor.lines[first:end]
    editor.replace(first, end, [*block, _q(field_text + "\n")])
    return editor.text(())
