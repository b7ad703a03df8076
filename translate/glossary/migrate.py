"""`glossary check --fix`: glossaries written the way gettext tools keep them.

GNU gettext's msgcat, msgmerge, msgattrib and msguniq drop ``#,`` flags they do not know,
so older files lost their meaning on any such round trip: a ``#, no-translate`` entry
with ``msgstr ""`` became an untranslated term (and Poedit, pocount and pofilter invite
a translator to fill it in), a ``#, forbidden`` rendering an ordinary term. The fix:

* ``#, no-translate`` / ``#, case-sensitive`` → a translator comment line
  (``# no-translate``), which every PO tool keeps;
* a no-translate term's empty ``msgstr`` → the term itself;
* ``#, forbidden`` → ``msgctxt "forbidden"`` (``"forbidden: SENSE"`` for a sense), which
  also makes the entry unique beside the house entry of the same msgid;
* the header fields ``msgfmt -c --check-header`` asks for.

Pure text in, text out; the loader reads and writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

from translate.glossary.model import FORBIDDEN_CONTEXT, LEGACY_FLAGS, split_comment

#: What ``msgfmt --check-header`` wants in a header, with the value a fix fills in.
HEADER_DEFAULTS = {
    "Project-Id-Version": "translate-newsroom glossary",
    "PO-Revision-Date": "",
    "Last-Translator": "newsroom desk",
    "Language-Team": "newsroom desk",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


@dataclass(frozen=True)
class Fix:
    """One change a fix makes (the entry's msgid, what changed)."""

    msgid: str
    change: str


def needs_fix(entry: polib.POEntry) -> list[str]:
    """What of an entry gettext tools would lose (empty when nothing)."""
    problems = [f"#, {flag}" for flag in entry.flags if flag in LEGACY_FLAGS]
    properties, _notes = split_comment(entry.tcomment or "")
    kept = "no-translate" in entry.flags or "no-translate" in properties
    values = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    if kept and any(not value for value in values):
        problems.append('msgstr ""')
    return problems


def migrate_text(text: str, stamp: str) -> tuple[str, list[Fix]]:
    """The glossary ``text`` rewritten as gettext tools keep it, and what changed
    (nothing: the text as it was). ``stamp``: the PO-Revision-Date a fix writes."""
    po = polib.pofile(text, wrapwidth=0)
    fixes: list[Fix] = []
    for entry in po:
        if entry.obsolete or not needs_fix(entry):
            continue
        properties, notes = split_comment(entry.tcomment or "")
        legacy = [f for f in entry.flags if f in LEGACY_FLAGS]
        entry.flags = [f for f in entry.flags if f not in LEGACY_FLAGS]
        wanted = sorted((properties | set(legacy)) - {"forbidden"})
        entry.tcomment = "\n".join(filter(None, [notes, ", ".join(wanted)]))
        if "forbidden" in legacy:
            sense = entry.msgctxt
            entry.msgctxt = FORBIDDEN_CONTEXT + (f": {sense}" if sense else "")
        if "no-translate" in wanted:
            if entry.msgid_plural:
                for index, value in entry.msgstr_plural.items():
                    if not value:
                        entry.msgstr_plural[index] = (
                            entry.msgid if index == 0 else entry.msgid_plural
                        )
            elif not entry.msgstr:
                entry.msgstr = entry.msgid
        fixes.append(Fix(entry.msgid, ", ".join(needs_fix_labels(legacy, entry))))
    missing = [key for key in HEADER_DEFAULTS if not po.metadata.get(key)]
    if not fixes and not missing:
        return text, []
    for key in missing:
        po.metadata[key] = HEADER_DEFAULTS[key] or stamp
    if missing:
        fixes.append(Fix("", "header: " + ", ".join(missing)))
    # The header first, in gettext's order, then whatever the file had besides.
    ordered = {key: po.metadata[key] for key in ("Project-Id-Version", "Report-Msgid-Bugs-To",
               "POT-Creation-Date", "PO-Revision-Date", "Last-Translator", "Language-Team",
               "Language") if key in po.metadata}  # fmt: skip
    po.metadata = {**ordered, **po.metadata}
    return str(po) + "\n", fixes


def needs_fix_labels(legacy: list[str], entry: polib.POEntry) -> list[str]:
    labels = [
        f"#, {flag} → " + ("msgctxt" if flag == "forbidden" else "comment") for flag in legacy
    ]
    if "no-translate" in legacy or "no-translate" in split_comment(entry.tcomment or "")[0]:
        labels.append("msgstr = msgid")
    return labels
