"""Finding glossary terms in English source text.

Terms are tried as one alternation would try them: the leftmost occurrence wins,
and at one position the longest term (see ``Matcher``). Words match whole (Niger
never inside Nigeria or Nigerien), case-insensitively except acronyms and
case-sensitive entries, with English plurals, hyphen/space variants and either
apostrophe. A possessive ('s) stays outside the matched span so that it remains
source grammar for the model.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from translate.glossary.model import APOSTROPHES, Entry, Match, nfc
from translate.i18n import _
from translate.lang import plural_rule

#: Between the words of a term: any whitespace, or a hyphen with optional spaces.
_SEPARATOR = r"(?:\s*[-‐‑]\s*|\s+)"
_WORD_SPLIT = re.compile(r"\s*[-‐‑]\s*|\s+")
_APOSTROPHE_CLASS = "['" + APOSTROPHES + "]"
_VOWELS = "aeiou"


def _escape_word(word: str) -> str:
    return "".join(
        _APOSTROPHE_CLASS if c == "'" or c in APOSTROPHES else re.escape(c) for c in word
    )


def _plural_suffix(word: str) -> tuple[str, str] | None:
    """(stem, suffix regex) of the regular English plural of ``word``: -s, -es, -ies."""
    if not word or not word[-1].isalpha():
        return None
    lower = word.lower()
    if lower.endswith("y") and len(word) > 1 and lower[-2] not in _VOWELS:
        return word[:-1], "(?:y|ies)"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word, "(?:es)?"
    return word, "s?"


def term_pattern(term: str, *, auto_plural: bool = False, plural_only: bool = False) -> str:
    """Regex for ``term``: separator-tolerant, apostrophe-tolerant, optionally pluralized."""
    words = [w for w in _WORD_SPLIT.split(nfc(term).strip()) if w]
    parts = [_escape_word(w) for w in words]
    if (auto_plural or plural_only) and words:
        split = _plural_suffix(words[-1])
        if split is not None:
            stem, suffix = split
            if plural_only:
                suffix = {"(?:y|ies)": "ies", "(?:es)?": "es", "s?": "s"}[suffix]
            parts[-1] = _escape_word(stem) + suffix
        elif plural_only:
            return ""
    return _SEPARATOR.join(parts)


def surface_forms(entry: Entry) -> list[str]:
    """Concrete source strings an entry matches (singular, plural): for shadowing checks."""
    forms = [entry.source]
    if entry.source_plural:
        forms.append(entry.source_plural)
    else:
        words = [w for w in _WORD_SPLIT.split(entry.source.strip()) if w]
        split = _plural_suffix(words[-1]) if words else None
        if split is not None:
            stem, suffix = split
            end = {"(?:y|ies)": "ies", "(?:es)?": "es", "s?": "s"}[suffix]
            forms.append(entry.source[: len(entry.source) - len(words[-1])] + stem + end)
    return forms


@dataclass(frozen=True)
class _Compiled:
    entry: Entry
    regex: re.Pattern[str]  # the term, whole words only
    plural: re.Pattern[str] | None  # fullmatch: does a surface use the plural form?


@functools.lru_cache(maxsize=1 << 16)
def _compile_entry(entry: Entry) -> _Compiled:
    """An entry's regexes, compiled the first time a text could hold it and kept for the
    process (a 10,000-term glossary compiles only the terms its articles meet; a server
    or a second run in one process compiles none again)."""
    auto = entry.source_plural is None
    singular = term_pattern(entry.source, auto_plural=auto)
    plural_pattern = (
        term_pattern(entry.source_plural)
        if entry.source_plural
        else term_pattern(entry.source, plural_only=True)
    )
    # Plural first: "coups" must not stop at "coup" when both forms are listed.
    body = f"{plural_pattern}|{singular}" if entry.source_plural else singular
    flags = 0 if entry.case_sensitive else re.IGNORECASE
    regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)
    plural = re.compile(plural_pattern, flags) if plural_pattern else None
    return _Compiled(entry, regex, plural)


def alternation_order(entries: Sequence[Entry]) -> list[Entry]:
    """The order terms are tried in: longest first, case-sensitive before not, file order."""

    def length(entry: Entry) -> int:
        return max(len(entry.source), len(entry.source_plural or ""))

    indexed = list(enumerate(entries))
    indexed.sort(key=lambda pair: (-length(pair[1]), not pair[1].case_sensitive, pair[0]))
    return [entry for _rank, entry in indexed]


_TOKEN = re.compile(r"\w+")


def _first_words(entry: Entry) -> set[str]:
    """Lowercased first word of every concrete form of the entry (plurals included)."""
    words = set()
    for form in surface_forms(entry):
        first = _TOKEN.search(nfc(form))
        if first is None:
            return set()  # no word to index it by: always a candidate
        words.add(first.group().lower())
    return words


class Matcher:
    """Finds the terms of a set of entries, leftmost first, longest term first.

    Semantically one regex alternation in ``alternation_order``; but an alternation
    over thousands of terms tries every term at every word (tens of sentences per
    second), so each term has its own regex, compiled when first needed, and a
    first-word index picks the few terms a sentence can contain before any regex runs.
    """

    def __init__(self, entries: Sequence[Entry], layers: Sequence[int] = ()) -> None:
        # Several senses (msgctxt) of one source: the first is enforced, the others'
        # targets are accepted too, since the source text cannot tell them apart.
        self._senses: dict[tuple[str, bool], list[Entry]] = {}
        layer_of = {id(e): layer for e, layer in zip(entries, layers, strict=False)}
        primary: list[Entry] = []
        for entry in entries:
            senses = self._senses.setdefault(_sense_key(entry), [])
            if not senses:
                primary.append(entry)
            senses.append(entry)
        self._entries = alternation_order(primary)
        # Which file an entry came from: of two terms matching the same span, the
        # later file's wins (a user glossary overrides every form it defines).
        self._layers = [layer_of.get(id(e), 0) for e in self._entries]
        self._index: dict[str, list[int]] = {}
        self._always: list[int] = []
        for rank, entry in enumerate(self._entries):
            words = _first_words(entry)
            if not words:
                self._always.append(rank)
            for word in words:
                self._index.setdefault(word, []).append(rank)

    def _alternatives(self, entry: Entry) -> list[str]:
        return [t for sense in self._senses.get(_sense_key(entry), [entry]) for t in sense.targets]

    def _candidates(self, text: str) -> list[int]:
        ranks = set(self._always)
        for word in {w.lower() for w in _TOKEN.findall(text)}:
            ranks.update(self._index.get(word, ()))
        return sorted(ranks)

    def find(self, text: str) -> list[Match]:
        if not self._entries or not text:
            return []
        normalized, offsets = _nfc_with_offsets(text)
        hits: list[tuple[int, int, int, int, re.Match[str]]] = []
        for rank in self._candidates(normalized):
            layer = self._layers[rank]
            hits += [
                (h.start(), -h.end(), -layer, rank, h)
                for h in _compile_entry(self._entries[rank]).regex.finditer(normalized)
            ]
        # Leftmost hit first; at one position the longest hit, then the later file's
        # term, then the term tried first (longest term, file order).
        hits.sort(key=lambda hit: hit[:4])
        found: list[Match] = []
        covered = 0
        for begin, _end, _layer, rank, hit in hits:
            if begin < covered:
                continue
            covered = hit.end()
            found.append(self._match(text, offsets, _compile_entry(self._entries[rank]), hit))
        return found

    def _match(
        self, text: str, offsets: list[int], compiled: _Compiled, hit: re.Match[str]
    ) -> Match:
        entry = compiled.entry
        start, end = offsets[hit.start()], offsets[hit.end()]
        surface = text[start:end]
        plural = bool(compiled.plural and compiled.plural.fullmatch(hit.group()))
        if entry.no_translate:
            expected = surface
            alternatives: tuple[str, ...] = (surface, *entry.targets)
        else:
            expected = (entry.target_plural if plural else None) or entry.target
            alternatives = (expected, *self._alternatives(entry))
        return Match(
            start,
            end,
            surface,
            entry,
            plural,
            expected,
            tuple(dict.fromkeys(a for a in alternatives if a)),
        )


def _sense_key(entry: Entry) -> tuple[str, bool]:
    source = entry.source if entry.case_sensitive else entry.source.casefold()
    return (source, entry.case_sensitive)


def _nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC of ``text`` and, for each normalized position, the original offset.

    Normalizing cluster by cluster (a starter and its combining marks) keeps the
    mapping exact; already-NFC text (the usual case) costs one check.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or unicodedata.combining(text[i]) == 0:
            piece = unicodedata.normalize("NFC", text[start:i])
            pieces.append(piece)
            offsets.extend([start] * len(piece))
            start = i
    # A match end is the next cluster's start, so spans cover whole clusters.
    offsets.append(len(text))
    return "".join(pieces), offsets


class Glossary:
    """The terms enforced for one target language, stacked from one or more files."""

    def __init__(
        self,
        lang: str,
        entries: Sequence[Entry] = (),
        warnings: Sequence[str] = (),
        layers: Sequence[int] = (),
    ) -> None:
        self.lang = lang
        self.entries: list[Entry] = list(entries)
        self.warnings: list[str] = list(warnings)
        # layers[i]: the position of entries[i]'s file in the stack (later files win).
        self.layers: list[int] = list(layers) or [0] * len(self.entries)
        pairs = list(zip(self.entries, self.layers, strict=True))
        # A forbidden entry is never enforced nor proposed: its own matcher finds it.
        enforced = [(e, n) for e, n in pairs if not e.fuzzy and not e.forbidden]
        proposed = [(e, n) for e, n in pairs if e.fuzzy and not e.forbidden]
        forbidden = [(e, n) for e, n in pairs if e.forbidden and not e.fuzzy]
        self._enforced = Matcher([e for e, _n in enforced], [n for _e, n in enforced])
        self._proposed = Matcher([e for e, _n in proposed], [n for _e, n in proposed])
        self._forbidden = Matcher([e for e, _n in forbidden], [n for _e, n in forbidden])
        self.version = self._version()

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Glossary(lang={self.lang!r}, entries={len(self)}, version={self.version!r})"

    def find(self, text: str) -> list[Match]:
        """Enforced terms in ``text``: non-overlapping, longest first, in text order."""
        return self._enforced.find(text)

    def forbidden(self, text: str) -> list[Match]:
        """Forbidden renderings (``#, forbidden``) of the terms in ``text``: each match's
        ``expected`` is a rendering the output must not contain."""
        return self._forbidden.find(text)

    def proposed(self, text: str) -> list[Match]:
        """Fuzzy (proposed) terms in ``text``: to report, never to enforce."""
        return self._proposed.find(text)

    def term_key(self, matches: Sequence[Match]) -> str:
        """Signature of exactly the entries matched: changes only when one of them does."""
        if not matches:
            return ""
        keys = sorted({_entry_signature(m.entry) for m in matches})
        return hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:16]

    def _version(self) -> str:
        # Only what enforcement depends on: notes, line numbers and fuzzy entries
        # can change without invalidating the translation memory.
        if not self.entries:
            return ""
        content = "\n".join(sorted(_entry_signature(e) for e in self.entries if not e.fuzzy))
        return hashlib.sha256(f"{self.lang}\n{content}".encode()).hexdigest()[:12]


def _entry_signature(entry: Entry) -> str:
    return json.dumps(
        [
            entry.source,
            entry.source_plural,
            entry.context,
            entry.target,
            entry.target_plural,
            list(entry.target_forms),
            entry.no_translate,
            entry.case_sensitive,
            *(["forbidden"] if entry.forbidden else []),
        ],
        ensure_ascii=False,
    )


def stack_glossary(lang: str, files: Sequence[tuple[list[Entry], list[str]]]) -> Glossary:
    """Stack glossaries, given as each file's (entries, warnings) in order: a later file
    wins for every surface form it defines.

    An entry of a later file replaces an earlier entry with the same (msgid, msgctxt),
    and takes over every source form of earlier entries it matches too, singular or
    plural: a user's ``air defenses → défense aérienne`` beats the shipped entry whose
    *plural* is "air defenses". An earlier entry left with no form of its own is
    dropped. A conflict is reported only where the targets differ, naming the form.
    """
    plural_rule(lang)  # an unknown language is a usage error, even with no files
    chosen: dict[tuple[str, str | None], tuple[Entry, int]] = {}
    warnings: list[str] = []
    for layer, (entries, skipped) in enumerate(files):
        warnings.extend(skipped)
        current: dict[tuple[str, str | None], Entry] = {}
        for entry in entries:  # within one file the last entry for a key wins, as before
            current.pop(entry.key, None)
            current[entry.key] = entry
        if chosen:
            warnings += _override(chosen, list(current.values()))
        for key, entry in current.items():
            chosen.pop(key, None)  # re-insert: file order of the winner
            chosen[key] = (entry, layer)
    pairs = list(chosen.values())
    return Glossary(lang, [e for e, _n in pairs], warnings, [n for _e, n in pairs])


def with_terms(glossary: Glossary, entries: Sequence[Entry]) -> Glossary:
    """``glossary`` with ``entries`` stacked on top (they win, as a later file does)."""
    if not entries:
        return glossary
    layer = max(glossary.layers, default=0) + 1
    stacked = stack_glossary(glossary.lang, [(list(glossary.entries), []), (list(entries), [])])
    base = dict(zip(map(id, glossary.entries), glossary.layers, strict=True))
    layers = [base.get(id(e), layer) for e in stacked.entries]
    return Glossary(glossary.lang, stacked.entries, glossary.warnings, layers)


def _override(
    chosen: dict[tuple[str, str | None], tuple[Entry, int]], later: list[Entry]
) -> list[str]:
    """Drop from ``chosen`` what the ``later`` file takes over; the conflicts, as warnings."""
    # A forbidden rendering claims no form of another entry, and only a later forbidden
    # entry of its own key (msgid, msgctxt) replaces it.
    enforced = Matcher([e for e in later if not e.fuzzy and not e.forbidden])
    proposed = Matcher([e for e in later if e.fuzzy and not e.forbidden])
    by_key = {e.key: e for e in later}
    warnings: list[str] = []
    for key, (earlier, _layer) in list(chosen.items()):
        forms = surface_forms(earlier)
        claimed = 0
        # (winner, old target, new target) → the forms it takes over with another target
        conflicts: dict[tuple[int, str, str], tuple[Match, list[str]]] = {}
        for form in forms:
            winner = None
            if not earlier.forbidden:
                winner = _claim(enforced, form) or (
                    _claim(proposed, form) if earlier.fuzzy else None
                )
            if winner is None and key in by_key:
                winner = _claim(Matcher([by_key[key]]), form)
            if winner is None:
                continue
            claimed += 1
            old = _expected(earlier, form)
            if old is not None and old != winner.expected:
                slot = (id(winner.entry), old, winner.expected)
                conflicts.setdefault(slot, (winner, []))[1].append(form)
        written = (earlier.source, earlier.source_plural)
        for (_id, old, _new), (winner, lost) in conflicts.items():
            sense = f" [{earlier.context}]" if earlier.context else ""
            # The forms the file writes: a regular plural the matcher also takes
            # ("ECOWASes") is never shown as if someone had written it.
            shown = [f for f in lost if f in written] or [earlier.source]
            warnings.append(
                _(
                    "glossary conflict for {forms}{sense}: {origin} ({target!r}) "
                    "overrides {previous_origin} ({previous_target!r})"
                ).format(
                    forms=", ".join(repr(f) for f in shown),
                    sense=sense,
                    origin=winner.entry.origin,
                    target=winner.expected,
                    previous_origin=earlier.origin,
                    previous_target=old,
                )
            )
        if key in by_key or claimed == len(forms):
            del chosen[key]
    return warnings


def _claim(matcher: Matcher, form: str) -> Match | None:
    """The later entry that matches all of ``form`` (a source form of an earlier entry)."""
    found = matcher.find(form)
    if found and found[0].start == 0 and found[0].end == len(form):
        return found[0]
    return None


def _expected(entry: Entry, form: str) -> str | None:
    found = Matcher([entry]).find(form)
    return found[0].expected if found else None
