"""Plural-Forms headers: a glossary is read and checked against its own header.

Two rules are right for a language: CLDR's, which babel gives (French: three forms,
``n % 1000000 == 0`` for "un million de"), and GNU gettext's, which Poedit, Weblate
and msginit write (French: ``nplurals=2; plural=(n > 1);``). A header is accepted
when it *behaves* like either of them (the same form for every count), however it
is spaced or parenthesised.
"""

from __future__ import annotations

import re
from functools import cache
from gettext import c2py

from translate.lang import PluralRule, plural_rule, table_keys

#: GNU gettext's rules where they differ from CLDR's (gettext manual, "Plural forms";
#: what Poedit and msginit write). Languages not listed here: CLDR's rule only.
GNU_RULES = {
    "fr": "nplurals=2; plural=(n > 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "oc": "nplurals=2; plural=(n > 1);",
    "ha": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
}

_HEADER = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.DOTALL)
_COUNTS = (*range(0, 201), 1000, 1001, 10**5, 10**6, 10**6 + 1, 2 * 10**6, 10**9)


@cache
def rule_from_header(header: str, lang: str) -> PluralRule | None:
    """The rule a ``Plural-Forms`` value states, or None when it is not a valid one."""
    found = _HEADER.fullmatch(header or "")
    if found is None:
        return None
    nplurals, expression = int(found.group(1)), found.group(2)
    if not 1 <= nplurals <= 6:
        return None
    try:
        func = c2py(expression)
        indices = [func(n) for n in _COUNTS]
    except (ValueError, SyntaxError, TypeError, ZeroDivisionError, RecursionError):
        return None
    if any(not 0 <= i < nplurals for i in indices):
        return None
    return PluralRule(
        lang=lang,
        nplurals=nplurals,
        header=header.strip(),
        singular_index=func(1),
        plural_index=func(2),
    )


def _behaviour(rule: PluralRule) -> tuple[int, tuple[int, ...]] | None:
    parsed = rule_from_header(rule.header, rule.lang)
    if parsed is None:
        return None
    func = c2py(_HEADER.fullmatch(rule.header).group(2))  # type: ignore[union-attr]
    return parsed.nplurals, tuple(func(n) for n in _COUNTS)


def accepted_rules(lang: str) -> list[PluralRule]:
    """CLDR's rule for ``lang`` (babel), then GNU gettext's where it differs."""
    cldr = plural_rule(lang)
    rules = [cldr]
    for code in table_keys(lang):
        gnu = GNU_RULES.get(code)
        if gnu:
            rule = rule_from_header(gnu, lang)
            if rule is not None and _behaviour(rule) != _behaviour(cldr):
                rules.append(rule)
            break
    return rules


def is_accepted(rule: PluralRule, lang: str) -> bool:
    """Whether ``rule`` (from a header) behaves like CLDR's or GNU gettext's rule."""
    mine = _behaviour(rule)
    return mine is not None and any(mine == _behaviour(r) for r in accepted_rules(lang))


def file_rule(metadata: dict[str, str], lang: str) -> PluralRule:
    """The rule entries of a file are read with: its own accepted header, else babel's."""
    header = metadata.get("Plural-Forms", "")
    if header:
        rule = rule_from_header(header, lang)
        if rule is not None and is_accepted(rule, lang):
            return rule
    return plural_rule(lang)
