"""Languages, in one place: codes as packages, glossaries and exchange files spell
them, their display names, and their plural rules.

BCP 47 syntax: an ISO 639 primary subtag of 2–3 letters, then optional subtags of 1–8
letters or digits (``fr``, ``ha-NG``, ``pt-BR``, ``zh-Hant``). The POSIX ``_``
separator (``fr_FR`` from Poedit) is accepted too. Whether a language exists is not
judged here: Argos uses codes of its own (``zt``, ``pb``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from gettext import c2py

#: RFC 5646 recommends supporting tags of at least 35 characters.
MAX_LANGUAGE_CODE_LENGTH = 35

_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def is_language_code(value: object) -> bool:
    """Whether ``value`` is a string with the syntax of a language code."""
    return (
        isinstance(value, str)
        and len(value) <= MAX_LANGUAGE_CODE_LENGTH
        and _CODE.fullmatch(value) is not None
    )


# --------------------------------------------------------------------------- spellings


def normalize_code(code: str) -> str:
    """One spelling for comparing codes: ``fr_FR`` → ``fr-fr``, `` HA `` → ``ha``."""
    return code.strip().replace("_", "-").lower()


def primary(code: str) -> str:
    """The primary language subtag: ``fr_NE.UTF-8`` → ``fr``, ``ha-NG`` → ``ha``."""
    return re.split(r"[-_.@]", code.strip().lower(), maxsplit=1)[0]


def is_french(code: str) -> bool:
    """``fr``, ``fr_NE``, ``fr-CA``: French whatever the region."""
    return primary(code) == "fr"


def is_hausa(code: str) -> bool:
    """``ha``, ``ha_NG``, ``ha-NE``: Hausa whatever the region (not ``haw``)."""
    return primary(code) == "ha"


def region(code: str) -> str:
    """The region subtag, upper-cased: ``ha_ng`` → ``NG``, ``es-419`` → ``419``; ""
    when the code names none (``ha``, ``zh-Hant``)."""
    for subtag in re.split(r"[-_.@]", code.strip())[1:]:
        if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            return subtag.upper()
    return ""


def table_keys(code: str) -> tuple[str, ...]:
    """The keys a per-language table may list ``code`` under, most specific first:
    ``pt-BR`` → ``pt-BR``, ``pt_BR``, ``pt``."""
    return tuple(dict.fromkeys((code, code.replace("-", "_"), primary(code))))


def bcp47(code: str) -> str:
    """``fr_NE`` → ``fr-NE``: the spelling HTML, XML and front matter use."""
    return code.replace("_", "-")


def interface_language(value: str, supported: Iterable[str]) -> str | None:
    """The language a locale setting or ``--ui-lang`` value asks for, if ``supported``
    has it: ``fr_NE.UTF-8`` → ``fr``, ``ha_NG`` → ``ha``; ``C`` and ``POSIX`` ask for
    English (untranslated messages); None otherwise."""
    base = primary(value)
    if base in ("c", "posix"):
        base = "en"
    return base if base in set(supported) else None


def environment_language(
    supported: Iterable[str], environ: Mapping[str, str] | None = None
) -> str | None:
    """The interface language the environment asks for, as ``gettext.find`` reads it:
    the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set decides, and LANGUAGE
    may be a priority list (``ha:fr``); None when it names no ``supported`` language."""
    env = os.environ if environ is None else environ
    known = list(supported)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            found = (interface_language(entry, known) for entry in value.split(":") if entry)
            return next((code for code in found if code), None)
    return None


def same_language(a: str, b: str) -> bool:
    """fr_FR and fr-CA are both fr (for a glossary, a file header, a column)."""
    return primary(a) == primary(b)


def closest_code(code: str, known: Iterable[str]) -> str:
    """The spelling among ``known`` of a file's language: "fr_FR" from Poedit is our "fr"
    when only "fr" is known; the normalized code when nothing matches."""
    normalized = normalize_code(code)
    known = set(known)
    if normalized in known:
        return normalized
    base = normalized.split("-")[0]
    return base if base in known else normalized


def normalize_locale(code: str) -> str:
    """Canonical babel form of a locale code: ``fr-NE`` → ``fr_NE``, ``HA`` → ``ha``.

    Accepts ``-`` or ``_`` separators and any letter case; raises :class:`UsageError`
    for an empty or unknown code.
    """
    from babel import Locale, UnknownLocaleError

    from translate.errors import UsageError
    from translate.i18n import _

    raw = (code or "").strip().replace("-", "_")
    parts = [p for p in raw.split("_") if p]
    if not parts or not parts[0].isalpha():
        raise UsageError(_("invalid locale code {code!r}").format(code=code))
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            fixed.append(part.title())  # script: Latn
        elif (part.isalpha() and len(part) == 2) or part.isdigit():
            fixed.append(part.upper())  # territory: NE, 419
        else:
            fixed.append(part.lower())
    try:
        return str(Locale.parse("_".join(fixed)))
    except (UnknownLocaleError, ValueError) as exc:
        raise UsageError(_("unknown locale code {code!r}").format(code=code)) from exc


@dataclass(frozen=True)
class LanguageTag:
    """A language as the user typed it, normalised once: ``code`` picks packages and
    glossaries (``fr``), ``locale`` formats dates and typography (``fr_NE``)."""

    code: str
    locale: str


def normalize_language(value: str) -> LanguageTag:
    """``FR`` → fr/fr, ``fr_NE`` and ``fr-ne`` → fr/fr_NE, ``ha-NG`` → ha/ha_NG.

    The primary subtag (lower case) is the package code; a region (2 letters or 3
    digits, upper-cased) makes the locale. A script or variant subtag is kept in the
    locale (``zh_Hant``). ValueError when ``value`` is not a language code."""
    text = value.strip()
    if not is_language_code(text):
        raise ValueError(value)
    primary_tag, *rest = re.split(r"[-_]", text)
    code = primary_tag.lower()
    parts = [code]
    for subtag in rest:
        if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            parts.append(subtag.upper())  # a region: NE, NG, 419
        elif len(subtag) == 4 and subtag.isalpha():
            parts.append(subtag.title())  # a script: Latn, Hant
        else:
            parts.append(subtag.lower())
    return LanguageTag(code=code, locale="_".join(parts))


#: The languages outputs are rendered for (dates, typography, house spellings).
OUTPUT_LANGUAGES = ("fr", "ha")
#: The locales of the output languages the project documents and tests; any other region
#: babel (CLDR) knows for them is accepted too (``fr_MA``, ``fr_HT``).
OUTPUT_LOCALES: tuple[str, ...] = (
    "fr", "fr_FR", "fr_BE", "fr_CH", "fr_CA", "fr_ML", "fr_BF", "fr_SN", "fr_CI", "fr_TD",
    "fr_NE", "fr_CM", "fr_BJ", "fr_TG", "fr_GN",
    "ha", "ha_NE", "ha_NG",
)  # fmt: skip


def known_locale(locale: str) -> bool:
    """Whether babel (CLDR) has data for ``locale`` (``fr_ML`` yes, ``fr_US`` no)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class Target:
    """One output of a run: ``name`` in file names and reports (``fr``, or ``ha_NG`` next
    to ``ha_NE``), ``code`` the package, glossary and memory language (``ha``), ``locale``
    how the output is rendered: dates, typography, Hausa house spelling (``ha_NG``)."""

    name: str
    code: str
    locale: str


def output_targets(tags: Iterable[LanguageTag]) -> tuple[list[Target], list[str]]:
    """The outputs ``--to`` asks for, and a warning per locale that fell back.

    Each distinct locale is an output. A language asked for in one locale is named by its
    code (``--to fr_NE`` → ``story.fr.txt``); asked for in several, each output is named
    by its locale (``--to ha_NE,ha_NG`` → ``story.ha_NE.txt`` and ``story.ha_NG.txt``).
    A region babel does not know for a known language (``fr_US``) falls back to the
    language, with one warning; the rest is left to the package lookup."""
    from translate.i18n import _

    warnings: list[str] = []
    locales: dict[str, list[str]] = {}
    for tag in tags:
        locale = tag.locale
        if locale != tag.code and not known_locale(locale) and known_locale(tag.code):
            warnings.append(
                _("--to {locale}: no locale data for this region; {code} is used").format(
                    locale=locale, code=tag.code
                )
            )
            locale = tag.code
        found = locales.setdefault(tag.code, [])
        if locale not in found:
            found.append(locale)
    targets = [
        Target(code if len(found) == 1 else locale, code, locale)
        for code, found in locales.items()
        for locale in found
    ]
    return targets, warnings


# --------------------------------------------------------------------------- names


def language_name(code: str, in_lang: str = "en") -> str:
    """``fr`` → "French" / "français" / "Faransanci" (CLDR via babel) in ``in_lang``;
    the code itself when babel does not know it (Argos codes such as ``zt``)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(in_lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code


def locale_name(code: str, in_locale: str = "en") -> str:
    """Display name of a locale via CLDR, strictly: ``locale_name("fr_NE", "fr")`` →
    "français (Niger)"; an unknown code is a :class:`UsageError`."""
    from babel import Locale

    from translate.errors import UsageError

    name = Locale.parse(normalize_locale(code)).get_display_name(normalize_locale(in_locale))
    if name is None:  # pragma: no cover - CLDR has names for every parseable locale
        raise UsageError(f"no display name for {code!r}")
    return str(name)


# --------------------------------------------------------------------------- plural rules


@dataclass(frozen=True)
class PluralRule:
    """babel's gettext plural rule for a language, and which msgstr[n] we enforce."""

    lang: str
    nplurals: int
    header: str  # the Plural-Forms header value
    singular_index: int  # msgstr[n] for one item
    plural_index: int  # msgstr[n] for two items: the everyday plural


#: The common two-form rule, for codes babel does not know (exports only).
TWO_FORMS = "nplurals=2; plural=(n != 1);"


@cache
def plural_rule(lang: str) -> PluralRule:
    """The Plural-Forms of ``lang`` according to babel; unknown codes are a usage error."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    from translate.errors import UsageError
    from translate.i18n import _

    try:
        Locale.parse(lang)
        found = get_plural(lang)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise UsageError(_("unknown language code {lang!r}").format(lang=lang)) from exc
    func = c2py(found.plural_expr)
    return PluralRule(
        lang=lang,
        nplurals=found.num_plurals,
        header=found.plural_forms,
        singular_index=func(1),
        plural_index=func(2),
    )


def plural_forms_header(lang: str) -> str:
    """The Plural-Forms header for an export to ``lang``; Argos codes babel does not know
    (pb, zt, pt-BR spelled with a hyphen...) get :data:`TWO_FORMS` rather than a crash."""
    from translate.errors import UsageError

    try:
        return plural_rule(lang.replace("-", "_")).header
    except UsageError:  # not a language babel knows
        return TWO_FORMS
