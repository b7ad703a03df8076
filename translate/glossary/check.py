"""`glossary check`: everything that would make a glossary silently wrong, with file:line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from translate.errors import GlossaryError, UsageError
from translate.glossary.matching import (
    _WORD_SPLIT,
    alternation_order,
    surface_forms,
    term_pattern,
)
from translate.glossary.model import (
    KNOWN_FLAGS,
    Entry,
    Problem,
    nfc,
    plain_apostrophes,
)
from translate.glossary.po import parse_po, to_entry
from translate.i18n import _
from translate.lang import plural_rule, primary


def _file_lang(path: Path, header_lang: str) -> str:
    """Language of a glossary file: its header, else fr.po / fr/extra.po by name."""
    if header_lang:
        return primary(header_lang)
    if path.parent.name and len(path.parent.name) in (2, 3) and path.parent.name.isalpha():
        return path.parent.name.lower()
    return path.stem.lower()


def _form_key(form: str) -> str:
    return " ".join(w for w in _WORD_SPLIT.split(plain_apostrophes(nfc(form)).casefold()) if w)


def check_glossary(paths: Sequence[Path]) -> list[Problem]:
    """Problems of PO glossaries; files of one language are also checked together."""
    problems: list[Problem] = []
    by_lang: dict[str, list[Entry]] = {}
    for raw_path in paths:
        path = Path(raw_path)
        syntax: list[tuple[int, str]] = []
        try:
            parsed = parse_po(path, problems=syntax)
        except GlossaryError as exc:
            problems.append(_from_error(path, str(exc)))
            continue
        problems += [Problem(str(path), line, message) for line, message in syntax]
        if syntax:
            continue  # what polib made of a broken file would only add noise
        lang = _file_lang(path, parsed.lang)
        try:
            rule = plural_rule(lang)
        except UsageError:
            problems.append(
                Problem(
                    str(path),
                    parsed.header_line,
                    _("no Language header, and the file name is no language code"),
                )
            )
            continue
        if not parsed.lang:
            problems.append(Problem(str(path), parsed.header_line, _("no Language header")))
        header_plural = parsed.metadata.get("Plural-Forms", "")
        if _squeeze(header_plural) != _squeeze(rule.header):
            shown = header_plural or _("missing")
            problems.append(
                Problem(
                    str(path),
                    parsed.header_line,
                    _("Plural-Forms is {shown!r}; babel's rule for {lang} is {rule!r}").format(
                        shown=shown, lang=lang, rule=rule.header
                    ),
                )
            )
        seen: dict[tuple[str, str | None], Entry] = {}  # last wins, as when loading
        first: dict[tuple[str, str | None], Entry] = {}  # what duplicates point back to
        for line, po_entry in parsed.entries:
            where = (str(path), line)
            entry = to_entry(po_entry, f"{path}:{line}", lang, rule)
            problems += [
                Problem(*where, message)
                for message in _entry_problems(po_entry, entry, rule.nplurals)
            ]
            earlier = first.setdefault(entry.key, entry)
            if earlier is not entry:
                problems.append(
                    Problem(
                        *where,
                        _("duplicate entry {entry}, first at line {line}").format(
                            entry=_label(entry), line=earlier.line
                        ),
                    )
                )
            seen[entry.key] = entry
        for entry in seen.values():
            by_lang.setdefault(lang, []).append(entry)
    for entries in by_lang.values():
        problems += _cross_file(entries)
    order = {str(Path(p)): i for i, p in enumerate(paths)}
    return sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.line))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip(";")


def _from_error(path: Path, message: str) -> Problem:
    text = message[len(str(path)) :] if message.startswith(str(path)) else message
    found = re.match(r":(\d+): (.*)", text)
    if found:
        return Problem(str(path), int(found.group(1)), found.group(2))
    return Problem(str(path), 0, text.lstrip(": "))


def _label(entry: Entry) -> str:
    return repr(entry.source) + (f" [{entry.context}]" if entry.context else "")


def _entry_problems(po_entry: object, entry: Entry, nplurals: int) -> list[str]:
    found: list[str] = []
    if not entry.source.strip():
        found.append(_("empty msgid"))
    unknown = sorted(set(entry.flags) - KNOWN_FLAGS)
    if unknown:
        known = ", ".join(sorted(KNOWN_FLAGS))
        found.append(
            _("unknown flag(s) {flags} (known: {known})").format(
                flags=", ".join(unknown), known=known
            )
        )
    plural_forms: dict[int, str] = getattr(po_entry, "msgstr_plural", {}) or {}
    msgstr: str = getattr(po_entry, "msgstr", "")
    if entry.source_plural is not None and len(plural_forms) != nplurals:
        found.append(
            _("{count} plural forms (msgstr[n]) but the language has {nplurals}").format(
                count=len(plural_forms), nplurals=nplurals
            )
        )
    if entry.no_translate:
        values = list(plural_forms.values()) if entry.source_plural else [msgstr]
        allowed = {"", entry.source, entry.source_plural or ""}
        if any(nfc(v) not in allowed for v in values):
            found.append(
                _("{entry} is no-translate but has a different msgstr").format(entry=_label(entry))
            )
    elif not entry.fuzzy:
        values = list(plural_forms.values()) if entry.source_plural else [msgstr]
        if not values or any(not v.strip() for v in values):
            found.append(
                _(
                    "empty msgstr for {entry} (translate it, or flag it fuzzy or no-translate)"
                ).format(entry=_label(entry))
            )
    return found


def _cross_file(entries: list[Entry]) -> list[Problem]:
    """Conflicts between files of one language, and terms that another one shadows."""
    problems: list[Problem] = []
    by_key: dict[tuple[str, str | None], Entry] = {}
    effective: dict[tuple[str, str | None], Entry] = {}
    for entry in entries:
        earlier = by_key.get(entry.key)
        if (
            earlier is not None
            and earlier.path != entry.path
            and (earlier.targets != entry.targets or earlier.no_translate != entry.no_translate)
        ):
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    _("{entry} → {target!r} conflicts with {origin} → {other_target!r}").format(
                        entry=_label(entry),
                        target=entry.target,
                        origin=earlier.origin,
                        other_target=earlier.target,
                    ),
                )
            )
        by_key.setdefault(entry.key, entry)
        effective.pop(entry.key, None)
        effective[entry.key] = entry
    problems += _shadowed([e for e in effective.values() if not e.fuzzy and e.target])
    return problems


def _shadowed(entries: list[Entry]) -> list[Problem]:
    """Forms an entry can never match because an entry tried earlier takes them.

    Senses of one source (msgctxt) are not shadowing: they share their matches.
    """
    order = {id(e): i for i, e in enumerate(alternation_order(entries))}
    buckets: dict[str, list[tuple[Entry, str]]] = {}
    for entry in entries:
        for form in surface_forms(entry):
            buckets.setdefault(_form_key(form), []).append((entry, form))
    problems: list[Problem] = []
    reported: set[tuple[int, int]] = set()  # (entry, winner): one report per pair
    for members in buckets.values():
        if len({id(e) for e, _form in members}) < 2:
            continue
        for entry, form in members:
            for winner, _form in sorted(members, key=lambda m: order[id(m[0])]):
                if order[id(winner)] >= order[id(entry)]:
                    break
                if winner.source == entry.source or not _matches(winner, form):
                    continue
                if (id(entry), id(winner)) in reported:
                    break
                reported.add((id(entry), id(winner)))
                what = (
                    _label(entry)
                    if form == entry.source
                    else (_("form {form!r} of {entry}").format(form=form, entry=_label(entry)))
                )
                problems.append(
                    Problem(
                        entry.path,
                        entry.line,
                        _("{term} can never match: shadowed by {winner} at {origin}").format(
                            term=what, winner=_label(winner), origin=winner.origin
                        ),
                    )
                )
                break
    return problems


def _matches(entry: Entry, form: str) -> bool:
    pattern = term_pattern(entry.source, auto_plural=entry.source_plural is None)
    if entry.source_plural:
        pattern = f"{term_pattern(entry.source_plural)}|{pattern}"
    flags = 0 if entry.case_sensitive else re.IGNORECASE
    return re.fullmatch(pattern, nfc(form), flags) is not None
