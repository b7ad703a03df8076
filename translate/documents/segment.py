"""Rule-based, offline sentence splitting for news text.

Built on pysbd (the Golden Rules segmenter), with a thin layer of fixes on top:

* pysbd's output is mapped back onto the *input* string, so every sentence is an exact
  slice of the input (only surrounding whitespace is stripped); pysbd is never trusted
  to preserve characters.
* boundaries after title abbreviations (``Gen.``, ``Col.``, ``Lt.``, French ``col.``,
  ``gén.``, ``M.``...) and after month / ``No.`` abbreviations followed by a number
  are removed;
* boundaries are added after a sentence ending inside a closing quote when the next
  sentence starts with a capital or an opening quote (``"dead." "We start``,
  ``« Non. » Elle``);
* boundaries are added where scraped copy glued two sentences together: a full stop
  or question mark after a lower-case letter, a digit or a closing quote or bracket,
  straight on a capitalised word (``said.The``, ``2024.Officials``, ``”.The``,
  ``(AFP).The``); never after a title abbreviation (``Gen.Tiani``), nor inside initials
  (``J.R.``), acronyms (``U.S.``), decimals, domain names (``Reuters.com``), URLs or
  e-mail addresses;
* no boundary ever falls inside a URL, e-mail address, @handle or #hashtag
  (:func:`translate.documents.verbatim.find_verbatim`), nor inside a range the caller
  keeps whole (inline code): ``https://example.org/report?id=42&lang=en`` is one span
  of one sentence, whatever pysbd makes of its ``?`` and ``.``.

The segmenter object is cached per language: building one compiles many regexes.

pysbd's cost grows faster than the text (0.4 s for 23 KB, 17 s for 187 KB in one
paragraph), so a paragraph longer than :data:`CHUNK_CHARS` is cut into chunks of at most
that size before pysbd sees it: at a *safe* sentence end where one exists (a full stop
after a lower-case word of three letters or more, then a capital), which becomes a
boundary; else at a space, which is not a boundary (the sentence runs on across the
chunks). Offsets stay exact and the time stays linear in the text size.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

import pysbd

from translate.documents.verbatim import find_verbatim
from translate.lang import primary

__all__ = ["sentence_spans", "split_sentences"]

# Languages pysbd knows that we care about; anything else (Hausa...) uses the English rules,
# which suit Latin-script news text with English-style punctuation.
_PYSBD_LANGS = {"en", "fr", "es", "it", "de", "nl", "pl", "ru", "da"}

# Abbreviations that (practically) never end a sentence in news copy: they precede a name.
_TITLES_EN = {
    "gen",
    "col",
    "lt",
    "capt",
    "cpt",
    "sgt",
    "maj",
    "adm",
    "cmdr",
    "brig",
    "cpl",
    "pvt",
    "dr",
    "mr",
    "mrs",
    "ms",
    "messrs",
    "prof",
    "sen",
    "rep",
    "gov",
    "rev",
    "hon",
    "pres",
    "amb",
    "supt",
    "insp",
    "fr",
    "sr",
    "mt",
    "ft",
}
_TITLES_FR = {
    "m",
    "mm",
    "mme",
    "mmes",
    "mlle",
    "mlles",
    "me",
    "mgr",
    "dr",
    "pr",
    "gén",
    "gen",
    "col",
    "lt",
    "lt-col",
    "cdt",
    "cmdt",
    "capt",
    "cne",
    "sgt",
    "adj",
    "st",
    "ste",
    "av",
    "bd",
    "cf",
    "env",
    "réf",
}
# Abbreviations that do not end a sentence when a number follows ("Nov. 14", "No. 2").
_BEFORE_NUMBER_EN = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "nos",
    "vol",
    "art",
    "p",
    "pp",
    "fig",
    "ch",
    "sec",
    "approx",
    "ca",
    "est",
}
_BEFORE_NUMBER_FR = {
    "janv",
    "févr",
    "fév",
    "avr",
    "juil",
    "sept",
    "oct",
    "nov",
    "déc",
    "no",
    "n",
    "p",
    "pp",
    "art",
    "vol",
    "chap",
    "fig",
    "env",
    "suiv",
}

_LAST_WORD = re.compile(r"([^\s(\"“«'‘]+)\.$")
_STARTS_WITH_NUMBER = re.compile(r"^[(\"“«]?\s?[\d$€£%]")

# A sentence ending inside a closing quote: .", ?", !”, .» or . », ...
_QUOTE_END = re.compile(r"""(?<=[.?!…])(?:["”’]|\s?»)(?P<gap>\s+)(?=[«"“‘(\[]?\s?[A-ZÀ-ÖØ-Þ0-9])""")


# Two sentences glued by a scraper: "said.The", "2024.Officials", "”.The", "(AFP).The".
# The end is a lower-case letter, a digit or a closing quote/bracket before "." or "?"
# (a capital before it is an acronym or initials: U.S., J.R.); the next sentence starts
# with a capitalised word (a capital then a lower-case letter: "PDF" or "com" do not)
# or with initials ("J.R. Okafor"), or is "A" or "I" before a lower-case word.
_GLUED = re.compile(
    r"(?<=[a-zà-ÿ0-9\"”’»)\]])[.?](?:[\"”’»)\]]*)"
    r"(?P<next>[\"“«‘(]?(?:[A-ZÀ-ÖØ-Þ](?:[a-zà-ÿ]|\.[A-ZÀ-ÖØ-Þ]\.)|[AI](?=\s[a-z])))"
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)$")

_WRAP = re.compile(r"[\r\n\t\f\v]")

#: Paragraphs longer than this are cut into chunks of at most this size for pysbd.
CHUNK_CHARS = 1000
# A sentence end no abbreviation rule could undo: a lower-case word of 3+ letters, a full
# stop (or ? !), optional closing quotes, whitespace, then a capital or an opening quote.
_SAFE_END = re.compile(r"[.?!](?<=[a-zà-ÿ]{3}[.?!])[\"”’»)]*(?=\s+[\"“«(]?[A-ZÀ-Þ])")


@lru_cache(maxsize=8)
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=lang, clean=False, char_span=False)


def _base_lang(lang: str) -> str:
    base = primary(lang or "en")
    return base if base in _PYSBD_LANGS else "en"


def _map_back(text: str, pieces: list[str]) -> list[int] | None:
    """Offsets into ``text`` where each piece after the first starts.

    Pieces are matched on their non-whitespace characters, so pysbd is free to change
    whitespace; returns None when pysbd changed anything else.
    """
    boundaries: list[int] = []
    pos = 0
    n = len(text)
    for index, piece in enumerate(pieces):
        chars = [c for c in piece if not c.isspace()]
        if not chars:
            continue
        while pos < n and text[pos].isspace():
            pos += 1
        if index and boundaries is not None:
            boundaries.append(pos)
        for char in chars:
            while pos < n and text[pos].isspace():
                pos += 1
            if pos >= n or text[pos] != char:
                return None
            pos += 1
    if any(not c.isspace() for c in text[pos:]):
        return None
    return [b for b in boundaries if 0 < b < n]


def _chunks(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, hard)`` chunks of at most CHUNK_CHARS covering ``text``; ``hard``
    when the chunk ends at a safe sentence end (see the module doc)."""
    chunks: list[tuple[int, int, bool]] = []
    start = 0
    n = len(text)
    while n - start > CHUNK_CHARS:
        window_start, window_end = start + CHUNK_CHARS // 2, start + CHUNK_CHARS
        last = None
        for last in _SAFE_END.finditer(text, window_start, window_end):  # noqa: B007
            pass
        if last is not None:
            cut, hard = last.end(), True
        else:
            space = text.rfind(" ", window_start, window_end)
            cut, hard = (space, False) if space > start else (window_end, False)
        while cut < n and text[cut].isspace():  # the next chunk starts on its first word
            cut += 1
        chunks.append((start, cut, hard))
        start = cut
    chunks.append((start, n, False))
    return chunks


def _pysbd_pieces(text: str, lang: str) -> list[str]:
    """pysbd's sentences of ``text``; the whole text as one piece if pysbd fails."""
    try:
        return [str(piece) for piece in _segmenter(lang).segment(text)]
    except Exception:
        return [text]


def _is_title(token: str, lang: str) -> bool:
    token = token.lower()
    titles = _TITLES_FR if lang == "fr" else _TITLES_EN
    return token in titles


def _is_before_number(token: str, lang: str) -> bool:
    token = token.lower()
    table = _BEFORE_NUMBER_FR if lang == "fr" else _BEFORE_NUMBER_EN
    return token in table


def _should_merge(left: str, right: str, lang: str) -> bool:
    left = left.rstrip()
    right = right.lstrip()
    match = _LAST_WORD.search(left)
    if not match or not right:
        return False
    token = match.group(1)
    # "group.Gen." glued by a scraper: the abbreviation is the word after the last dot
    token = token.rsplit(".", 1)[-1] if _is_title(token.rsplit(".", 1)[-1], lang) else token
    if _is_title(token, lang) and (right[0].isupper() or right[0].isdigit()):
        return True
    return bool(_is_before_number(token, lang) and _STARTS_WITH_NUMBER.match(right))


def _extra_splits(sentence: str) -> list[int]:
    """Offsets inside one sentence where a quote-final sentence boundary was missed."""
    return [m.start("gap") + len(m.group("gap")) for m in _QUOTE_END.finditer(sentence)]


def _glued_splits(text: str, lang: str) -> list[int]:
    """Offsets where a sentence starts glued to the one before it (see the module doc);
    a title abbreviation before the full stop (``Gen.Tiani``) is not a sentence end."""
    found = []
    for match in _GLUED.finditer(text):
        word = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if word is not None and match.group(0)[0] == "." and _is_title(word.group(1), lang):
            continue
        found.append(match.start("next"))
    return found


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif start < end:
            merged.append((start, end))
    return merged


def sentence_spans(
    text: str, lang: str = "en", keep: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, surrounding whitespace
    excluded; never cutting a verbatim span (URL...) nor a ``keep`` range."""
    if not text or not text.strip():
        return []
    whole = _merged([*find_verbatim(text), *keep])
    starts = [start for start, _end in whole]

    def cuts_whole(offset: int) -> bool:
        index = bisect.bisect_left(starts, offset) - 1  # the last range starting before
        return index >= 0 and whole[index][1] > offset

    base = _base_lang(lang)
    rule_lang = "fr" if base == "fr" else "en"
    # pysbd treats a newline as a hard boundary; inside one paragraph a newline is only a
    # wrap, so the segmenter sees spaces (same length, so offsets still line up).
    flat = _WRAP.sub(" ", text)
    boundaries: list[int] = []
    for start, end, hard in _chunks(flat):
        chunk = text[start:end]
        found = _map_back(chunk, _pysbd_pieces(flat[start:end], base))
        # pysbd changed the text: keep the chunk whole, the rules below still apply
        boundaries += [start + b for b in found or []]
        if hard:
            boundaries.append(end)

    # Cut, then merge boundaries that follow a title abbreviation.
    cuts = [0, *sorted({b for b in boundaries if not cuts_whole(b)}), len(text)]
    merged: list[tuple[int, int]] = []
    for start, end in itertools.pairwise(cuts):
        # only the last word before the cut and the start after it matter: bounded slices
        if merged and _should_merge(
            text[max(merged[-1][0], merged[-1][1] - 200) : merged[-1][1]],
            text[start : min(end, start + 200)],
            rule_lang,
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))

    # Add boundaries after closing quotes that pysbd missed, then strip whitespace.
    out: list[tuple[int, int]] = []
    for start, end in merged:
        piece = text[start:end]
        extra = [start + offset for offset in _extra_splits(piece)]
        extra = sorted({*extra, *(start + offset for offset in _glued_splits(piece, rule_lang))})
        points = [start, *(point for point in extra if not cuts_whole(point)), end]
        for a, b in itertools.pairwise(points):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                out.append((a, b))
    return out


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Split ``text`` (one paragraph) into sentences.

    Every returned sentence is an exact slice of ``text`` with surrounding whitespace
    stripped; whitespace inside a sentence (including newlines) is kept as is. A single
    newline is a line wrap, not a boundary. Empty or blank input gives an empty list.
    """
    return [text[a:b] for a, b in sentence_spans(text, lang)]
