"""Output files say their language: ``<html lang dir>`` and Markdown front matter ``lang:``.

The reader copies everything around the segments verbatim, so a translated page would
keep ``<html lang="en">``; :func:`declare_language` rewrites that one attribute (and
``dir``) for the target locale. Markdown only changes a ``lang:`` key already in its
front matter (a ``---`` block at the top); a plain Markdown file has nowhere to say it.
"""

from __future__ import annotations

import re

from translate.lang import bcp47, primary

#: Scripts written right to left, by language code (the others are ``ltr``).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})

_HTML_TAG = re.compile(r"<html\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTRIBUTE = r"(\s{name}\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s>]+)"
_FRONT_MATTER = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)(---[ \t]*(?:\r?\n|\Z))", re.DOTALL)
_FRONT_LANG = re.compile(r"(?m)^(lang(?:uage)?[ \t]*:[ \t]*)(\S.*?)?([ \t]*\r?)$")


def direction(locale: str) -> str:
    return "rtl" if primary(locale) in RTL_LANGUAGES else "ltr"


def _set_attribute(tag: str, name: str, value: str) -> str:
    pattern = re.compile(_ATTRIBUTE.format(name=name), re.IGNORECASE)
    if pattern.search(tag):
        return pattern.sub(lambda m: f'{m.group(1)}"{value}"', tag, count=1)
    head = tag[:-2] if tag.endswith("/>") else tag[:-1]
    return f'{head} {name}="{value}"' + tag[len(head) :]


def declare_language(text: str, format: str, locale: str) -> str:
    """``text`` (a rendered html or md document) declaring ``locale`` as its language."""
    tag = bcp47(locale)
    if format == "html":
        match = _HTML_TAG.search(text)
        if match is None:
            return text  # a fragment: no <html> element to carry it
        new = _set_attribute(match.group(0), "lang", tag)
        if direction(locale) == "rtl" or re.search(r"\sdir\s*=", new, re.IGNORECASE):
            new = _set_attribute(new, "dir", direction(locale))
        return text[: match.start()] + new + text[match.end() :]
    if format == "md":
        front = _FRONT_MATTER.match(text)
        if front is None:
            return text
        body = _FRONT_LANG.sub(lambda m: f"{m.group(1)}{tag}{m.group(3)}", front.group(2))
        return front.group(1) + body + front.group(3) + text[front.end() :]
    return text
