"""Target-language typography driven by ``locales/<lang>/typography.toml``.

``apply_typography(text, lang)`` is idempotent (applying it twice equals applying
it once) and never touches protected spans: URLs, e-mail addresses, inline and
fenced code in backticks, ``<…>`` tags, HTML entities, placeholders ``⟦1⟧`` and
``{name}``, plus the ``[exceptions] patterns`` regexes of the rule file.

Rule file sections (see ``locales/fr/typography.toml``):

``[unicode] normalize``
    Unicode normal form applied to unprotected text (``"NFC"``).
``[spacing] enabled, space, before, no_space_before``
    The whitespace before each run of ``before`` characters (``; : ! ?``) becomes
    ``space``, added when missing — but only where the mark is clearly punctuation:
    already spaced, or followed by a space, the end, closing punctuation or a
    protected span. ``10:05``, ``3:1``, ``Yahoo!Mail``, ``a:b`` are never spaced.
    Spaces before ``no_space_before`` (``, .``) followed by a space or the end are
    removed.
``[quotes] enabled, open, close, inner_space, straight, curly``
    ``"…"`` (and ``“…”``) pairs on one line become ``open … close``; the space just
    inside the guillemets becomes ``inner_space``.
``[apostrophe] enabled, char, variants``
    Word-internal ``variants`` (``l'armée``, ``ta'addanci``) become ``char``.
``[ellipsis] enabled``
    ``...`` (exactly three dots) becomes ``…``.
``[stand_ins] enabled, map``
    ASCII stand-ins replaced when followed by a letter (``'y`` → ``ƴ``).
``[spacing] space_before``
    A space per mark where it differs from ``space`` (``{":" = "\u00a0"}``); ``""``
    means no space before that mark (spaces there are removed).
``[regions.XX.<section>]``
    What a region changes (``fr_CA`` reads ``[regions.CA]`` over the language's rules):
    Swiss and Canadian French differ from France's on the spaces before ``; : ! ?``.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Mapping
from typing import Any

from translate.errors import UsageError
from translate.i18n import _, locales_dir
from translate.lang import normalize_locale, primary, region

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 needs the tomli backport
    import tomli as tomllib

Rules = Mapping[str, Any]

# Spans never touched, whatever the rule file says.
_BUILTIN_PROTECT: tuple[str, ...] = (
    r"```.*?```",  # fenced code
    r"`[^`\n]+`",  # inline code
    r"<[^<>\n]*>",  # tags
    r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);",  # HTML entities
    r"⟦[^⟦⟧]*⟧",  # pipeline placeholders
    r"\{[A-Za-z0-9_.:\-]*\}",  # format placeholders {0} {name}
    # URLs: scheme or www., up to (not including) trailing punctuation
    r"(?:\b(?:https?|ftp)://|\bmailto:|\bwww\.)[^\s<>\"«»“”]*[^\s<>\"«»“”.,;:!?)\]'’]",
    r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",  # e-mail addresses
)

_HSPACE = "[ \t\u00a0\u202f\u2009]"  # horizontal spaces a rule may replace


def available_languages() -> list[str]:
    base = locales_dir()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "typography.toml").is_file())


@functools.cache
def load_rules(lang: str) -> dict[str, Any]:
    """The parsed ``locales/<lang>/typography.toml`` (``fr_NE`` → ``fr``), with what the
    locale's region changes (``[regions.CA]`` for ``fr_CA``) merged over it."""
    locale = normalize_locale(lang)
    rules = _language_rules(primary(locale))
    regions = rules.get("regions", {})
    changes = regions.get(region(locale), {}) if isinstance(regions, Mapping) else {}
    return _merged_rules(rules, changes) if isinstance(changes, Mapping) else rules


def _merged_rules(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        old = merged.get(key)
        if isinstance(value, Mapping) and isinstance(old, Mapping):
            merged[key] = _merged_rules(old, value)
        else:
            merged[key] = value
    return merged


@functools.cache
def _language_rules(language: str) -> dict[str, Any]:
    path = locales_dir() / language / "typography.toml"
    if not path.is_file():
        raise UsageError(
            _("no typography rules for {lang!r}; available: {available}").format(
                lang=language, available=", ".join(available_languages())
            )
        )
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _section(rules: Rules, name: str) -> Mapping[str, Any]:
    value = rules.get(name, {})
    return value if isinstance(value, Mapping) else {}


@functools.lru_cache(maxsize=64)
def _protect_re(extra: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in (*_BUILTIN_PROTECT, *extra)), re.DOTALL)


class _Protector:
    """Swaps protected spans for single private-use characters and back."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        base = 0xF0000  # Supplementary Private Use Area-A, else -B
        if any(0xF0000 <= ord(c) <= 0xFFFFD for c in text):
            base = 0x100000
        self.base = base
        self.spans: list[str] = []

        def keep(m: re.Match[str]) -> str:
            if not m.group(0):
                return m.group(0)
            self.spans.append(m.group(0))
            return chr(base + len(self.spans) - 1)

        self.text = pattern.sub(keep, text)
        self.char_class = f"{chr(base)}-{chr(base + 0xFFFD)}"

    def restore(self, text: str) -> str:
        if not self.spans:
            return text
        spans, base = self.spans, self.base
        return re.sub(f"[{self.char_class}]", lambda m: spans[ord(m.group(0)) - base], text)


def apply_typography(text: str, lang: str, *, rules: Rules | None = None) -> str:
    """*text* with the typography rules of *lang* applied (see the module doc)."""
    if rules is None:
        rules = load_rules(lang)
    if not text:
        return text
    extra = tuple(_section(rules, "exceptions").get("patterns", ()))
    prot = _Protector(text, _protect_re(extra))
    out = prot.text
    sentinel = prot.char_class

    form = _section(rules, "unicode").get("normalize", "NFC")
    if form:
        out = unicodedata.normalize(form, out)

    stand_ins = _section(rules, "stand_ins")
    if stand_ins.get("enabled", False):
        for src, dst in dict(stand_ins.get("map", {})).items():
            out = re.sub(re.escape(src) + r"(?=[^\W\d_])", dst, out)

    if _section(rules, "ellipsis").get("enabled", False):
        out = re.sub(r"(?<!\.)\.\.\.(?!\.)", "…", out)

    quotes = _section(rules, "quotes")
    if quotes.get("enabled", False):
        out = _quotes(out, quotes)

    apostrophe = _section(rules, "apostrophe")
    if apostrophe.get("enabled", False):
        char = apostrophe.get("char", "’")
        variants = "".join(re.escape(v) for v in apostrophe.get("variants", ["'"]))
        if variants:
            out = re.sub(rf"(?<=\w)[{variants}](?=[\w{sentinel}])", char, out)

    spacing = _section(rules, "spacing")
    if spacing.get("enabled", False):
        out = _spacing(out, spacing, sentinel)

    return prot.restore(out)


def _quotes(text: str, quotes: Mapping[str, Any]) -> str:
    open_q, close_q = quotes.get("open", "«"), quotes.get("close", "»")
    inner = quotes.get("inner_space", "")

    def pair(m: re.Match[str]) -> str:
        body = m.group(1).strip(" \t\u00a0\u202f\u2009")
        if not body:
            return m.group(0)
        return f"{open_q}{body}{close_q}"

    if quotes.get("straight", True):
        # an opening quote does not follow a word character (5" screen), a closing one
        # is not followed by one
        text = re.sub(r'(?<!\w)"([^"\n]*?)"(?!\w)', pair, text)
    if quotes.get("curly", False):
        text = re.sub(r"“([^“”\n]*?)”", pair, text)
    if inner:
        o, c = re.escape(open_q), re.escape(close_q)
        text = re.sub(rf"{o}{_HSPACE}*(?=\S)", open_q + inner, text)
        text = re.sub(rf"(?<=\S){_HSPACE}*{c}", inner + close_q, text)
    return text


def _spacing(text: str, spacing: Mapping[str, Any], sentinel: str) -> str:
    no_before = "".join(re.escape(c) for c in spacing.get("no_space_before", []))
    if no_before:
        text = re.sub(
            rf"(?<=[^\s{no_before}]){_HSPACE}+(?=[{no_before}](?:\s|$|[»”\")\]]))", "", text
        )
    before = "".join(re.escape(c) for c in spacing.get("before", []))
    space = spacing.get("space", "")
    per_mark = spacing.get("space_before", {})
    per_mark = per_mark if isinstance(per_mark, Mapping) else {}
    if not before:
        return text
    follow = re.compile(rf"[\s»”\"’'),.\]}}…{sentinel}{before}]")

    def fix(m: re.Match[str]) -> str:
        spaces, marks = m.group(1), m.group(2)
        end = m.end()
        nxt = text[end] if end < len(text) else ""
        if not spaces and nxt and not follow.match(nxt):
            return m.group(0)  # glued on both sides: 10:05, 3:1, Yahoo!Mail
        return str(per_mark.get(marks[0], space)) + marks

    # a run of marks after a non-space character that is not an opening bracket
    return re.sub(rf"(?<=[^\s«“(\[{{{before}])({_HSPACE}*)([{before}]+)", fix, text)
