"""`glossary check`: everything that would make a glossary silently wrong, with file:line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
from translate.glossary.plurals import accepted_rules, is_accepted, rule_from_header
from translate.glossary.po import ParsedPo, checked, to_entry
from translate.glossary.selection import GlossarySpec, base_language
from translate.i18n import _, ngettext
from translate.lang import PluralRule, plural_rule, primary

# What a term may not hold: C0 and C1 control characters, tab, newline and CR included.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _file_lang(path: Path, header_lang: str, named: str | None = None) -> str | None:
    """Language of a glossary file: as named (``fr=extra.po``), its header, else the
    layout of a glossary directory (fr.po, fr/extra.po); None when none says."""
    if named:
        return named
    if header_lang:
        return primary(header_lang)
    for name in (path.parent.name, path.stem):
        if _is_known_language(name):
            return name.lower()
    return None


def _is_known_language(name: str) -> bool:
    if not (2 <= len(name) <= 3 and name.isalpha() and name.islower()):
        return False
    try:
        plural_rule(name)
    except UsageError:
        return False
    return True


def _form_key(form: str) -> str:
    return " ".join(w for w in _WORD_SPLIT.split(plain_apostrophes(nfc(form)).casefold()) if w)


def check_texts(
    specs: Sequence[GlossarySpec],
    texts: Mapping[Path, tuple[ParsedPo, list[tuple[int, str]]] | GlossaryError],
) -> tuple[list[Problem], int]:
    """Problems of PO glossaries, given each file parsed (``po.parse_text``: the file and
    its syntax problems) or why it could not be read; files of one language are also
    checked together.

    Errors make a file wrong (exit 1 in `glossary check`); warnings (``warning=True``)
    are printed and do not fail: no Language header where the name tells it, unknown
    flags, and a later file overriding an earlier one's terms. Also returns how many
    entries the files hold.
    """
    problems: list[Problem] = []
    count = 0
    by_lang: dict[str, list[Entry]] = {}
    for spec in specs:
        path = spec.path
        syntax: list[tuple[int, str]] = []
        source = texts[path]
        if isinstance(source, GlossaryError):
            problems.append(_from_error(path, str(source)))
            continue
        try:
            parsed = checked(path, *source, problems=syntax)
        except GlossaryError as exc:
            problems.append(_from_error(path, str(exc)))
            continue
        problems += [Problem(str(path), line, message) for line, message in syntax]
        count += len(parsed.entries)
        if syntax:
            continue  # what polib made of a broken file would only add noise
        lang = _file_lang(path, parsed.lang, spec.lang)
        if lang is None:
            problems.append(
                Problem(
                    str(path),
                    parsed.header_line,
                    _(
                        "cannot tell which language this glossary is for; "
                        "give it a Language header, or name it: fr={path}"
                    ).format(path=path),
                )
            )
            continue
        if spec.lang and parsed.lang and base_language(parsed.lang) != spec.lang:
            problems.append(
                Problem(
                    str(path),
                    parsed.header_line,
                    _("named for {lang!r}, but its Language header says {file_lang!r}").format(
                        lang=spec.lang, file_lang=parsed.lang
                    ),
                )
            )
            continue
        try:
            babel_rule = plural_rule(lang)
        except UsageError:
            problems.append(
                Problem(
                    str(path),
                    parsed.header_line,
                    _("unknown language code {lang!r}").format(lang=lang),
                )
            )
            continue
        if not parsed.lang:
            problems.append(
                Problem(str(path), parsed.header_line, _("no Language header"), warning=True)
            )
        rule, header_problem = _plural_header(parsed.metadata, parsed.entries, lang, babel_rule)
        if header_problem:
            problems.append(Problem(str(path), parsed.header_line, header_problem))
        # Counting msgstr[n] against a rule the file does not state would only add noise.
        nplurals = None if header_problem else rule.nplurals
        seen: dict[tuple[str, str | None], Entry] = {}  # last wins, as when loading
        first: dict[tuple[str, str | None], Entry] = {}  # what duplicates point back to
        for line, po_entry in parsed.entries:
            where = (str(path), line)
            entry = to_entry(po_entry, f"{path}:{line}", lang, rule)
            problems += [
                Problem(*where, message, warning=warning)
                for message, warning in _entry_problems(po_entry, entry, nplurals)
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
            if entry.target or entry.fuzzy:  # an empty one is an error of its own already
                by_lang.setdefault(lang, []).append(entry)
    for entries in by_lang.values():
        problems += _cross_file(entries)
    order = {str(s.path): i for i, s in enumerate(specs)}
    return sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.line)), count


def errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def _plural_header(
    metadata: dict[str, str],
    entries: Sequence[tuple[int, object]],
    lang: str,
    babel_rule: PluralRule,
) -> tuple[PluralRule, str | None]:
    """The rule the file's entries are read with, and what is wrong with its header."""
    header = metadata.get("Plural-Forms", "").strip()
    has_plurals = any(getattr(e, "msgid_plural", "") for _line, e in entries)
    accepted = accepted_rules(lang)
    known = ", ".join(repr(r.header) for r in accepted)
    if not header:
        if not has_plurals:
            return babel_rule, None  # nothing depends on it
        return babel_rule, _(
            "Plural-Forms is missing, and the file has plural entries; for {lang} use {rules}"
        ).format(lang=lang, rules=known)
    rule = rule_from_header(header, lang)
    if rule is None:
        return babel_rule, _("Plural-Forms {header!r} is not a valid gettext rule").format(
            header=header
        )
    if not is_accepted(rule, lang):
        return rule, _(
            "Plural-Forms {header!r} is neither CLDR's nor GNU gettext's rule for {lang} ({rules})"
        ).format(header=header, lang=lang, rules=known)
    return rule, None


def _from_error(path: Path, message: str) -> Problem:
    text = message[len(str(path)) :] if message.startswith(str(path)) else message
    found = re.match(r":(\d+): (.*)", text)
    if found:
        return Problem(str(path), int(found.group(1)), found.group(2))
    return Problem(str(path), 0, text.lstrip(": "))


def _label(entry: Entry) -> str:
    return repr(entry.source) + (f" [{entry.context}]" if entry.context else "")


def _entry_problems(po_entry: object, entry: Entry, nplurals: int | None) -> list[tuple[str, bool]]:
    """(message, is a warning) for one entry."""
    found: list[str] = []
    notes: list[str] = []  # warnings: an unknown flag is ignored, not wrong
    if not entry.source.strip():
        found.append(_("empty msgid"))
    for text in (entry.source, entry.source_plural or "", *entry.targets):
        control = _CONTROL.search(text)
        if control is not None:  # a tab or carriage return in a term never matches copy
            found.append(
                _("control character U+{code:04X} in {entry}").format(
                    code=ord(control.group()), entry=_label(entry)
                )
            )
            break
    unknown = sorted(set(entry.flags) - KNOWN_FLAGS)
    if unknown:
        known = ", ".join(sorted(KNOWN_FLAGS))
        notes.append(
            _("unknown flag(s) {flags} (known: {known})").format(
                flags=", ".join(unknown), known=known
            )
        )
    plural_forms: dict[int, str] = getattr(po_entry, "msgstr_plural", {}) or {}
    msgstr: str = getattr(po_entry, "msgstr", "")
    if nplurals and entry.source_plural is not None and len(plural_forms) != nplurals:
        found.append(
            ngettext(
                "{count} plural form (msgstr[n]) but the language has {nplurals}",
                "{count} plural forms (msgstr[n]) but the language has {nplurals}",
                len(plural_forms),
            ).format(count=len(plural_forms), nplurals=nplurals)
        )
    if entry.forbidden and entry.no_translate:
        found.append(
            _("{entry} cannot be both forbidden and no-translate").format(entry=_label(entry))
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
    return [(m, True) for m in notes] + [(m, False) for m in found]


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
            # A later file overrides an earlier one (as `run` stacks them): a warning.
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    warning=True,
                    message=_("{entry} → {target!r} overrides {origin} → {other_target!r}").format(
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
    problems += _shadowed(
        [e for e in effective.values() if not e.fuzzy and not e.forbidden and e.target]
    )
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
                other_file = winner.path != entry.path
                if other_file and _same_target(winner, entry, form):
                    break  # another file's entry takes the form, with the same target
                what = (
                    _label(entry)
                    if form == entry.source
                    else (_("form {form!r} of {entry}").format(form=form, entry=_label(entry)))
                )
                message = (
                    _("{term} is overridden by {winner} at {origin}")
                    if other_file
                    else _("{term} can never match: shadowed by {winner} at {origin}")
                )
                problems.append(
                    Problem(
                        entry.path,
                        entry.line,
                        message.format(term=what, winner=_label(winner), origin=winner.origin),
                        warning=other_file,
                    )
                )
                break
    return problems


def _same_target(winner: Entry, entry: Entry, form: str) -> bool:
    from translate.glossary.matching import Matcher

    found = [Matcher([e]).find(form) for e in (winner, entry)]
    return all(found) and found[0][0].expected == found[1][0].expected


def _matches(entry: Entry, form: str) -> bool:
    pattern = term_pattern(entry.source, auto_plural=entry.source_plural is None)
    if entry.source_plural:
        pattern = f"{term_pattern(entry.source_plural)}|{pattern}"
    flags = 0 if entry.case_sensitive else re.IGNORECASE
    return re.fullmatch(pattern, nfc(form), flags) is not None
