"""Suspect machine output: pure checks over source, target and the model's own scores.

Each check returns a :class:`Flag` (a reason and a human-readable detail) or None. A
flagged translation is stored as ``needs_review`` with its flags; nothing here changes
a text. Thresholds (documented in the README, measured with ``make flags``):

``repetition``
    the same word n-gram (n = 1–6) repeated back to back at least
    :data:`REPEAT_MIN` times (4 for single words, 3 for longer n-grams), or a run of
    one short character sequence covering :data:`CHAR_RUN_MIN` characters or more,
    and more often than in the source (a source that repeats itself is not a loop).
``copy``
    the target equals the source (case, spacing and punctuation ignored) although the
    source has at least :data:`COPY_MIN_WORDS` lowercase words of three letters or more
    — names, numbers, acronyms and headlines of proper nouns pass through legitimately.
``empty``
    no letter or digit in a target whose source has some.
``length_ratio``
    target/source length in characters outside [norm / :data:`RATIO_SPREAD`, norm ×
    :data:`RATIO_SPREAD`] for sources of :data:`RATIO_MIN_CHARS` characters or more.
    The norm is the package's ``length_ratio`` metadata when it declares one, else the
    language pair's default in :data:`PAIR_RATIOS` (1.0 for pairs not listed).
``low_score``
    length-normalised log-probability of the chosen hypothesis (CTranslate2's score)
    below :data:`LOW_SCORE` (a geometric mean token probability under ~0.22).
``truncated``
    decoding stopped at its length bound instead of at an end of sentence.
``verbatim``
    a code span, URL, e-mail, handle or hashtag of the source is not in the target.
``sentence_lost``
    glossary enforcement kept the terms but not the sentence: residue (a placeholder or
    unknown piece), under half the unenforced translation's words, or little besides
    the terms (``translate.mt.fidelity``).
``markup``
    a reviewer's text leaves out numbered tags of the source (its links or emphasis,
    ``translate.tags``), set on human text by review and imports; or the machine's
    translation has a link, emphasis, ``<br>`` or image that could not be placed
    (``translate.mt.markup.place_markup``: a link then wraps the whole sentence, an
    image or break goes to its end, emphasis is left out).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from translate.records import Flag

REPEAT_MIN = 4  # one word four times in a row: "Niger Niger Niger Niger"
REPEAT_MIN_NGRAM = 3  # a longer n-gram three times in a row: "au s au s au s"
REPEAT_MAX_N = 6
CHAR_RUN_MIN = 24  # "hahahahahahahahahahahaha", "!!!!!!!!!!!!!!!!!!!!!!!!"
COPY_MIN_WORDS = 2
RATIO_SPREAD = 2.5
RATIO_MIN_CHARS = 20
LOW_SCORE = -1.5

#: Typical target/source character ratio per pair (news prose; French runs ~15% longer
#: than English, Hausa ~10%). A package may declare its own (metadata ``length_ratio``).
PAIR_RATIOS: dict[tuple[str, str], float] = {
    ("en", "fr"): 1.15,
    ("en", "ha"): 1.10,
    ("fr", "en"): 0.87,
    ("ha", "en"): 0.91,
    ("fr", "ha"): 0.96,
}

#: Every reason a flag can carry (``review list --reason`` takes these).
REASONS = (
    "repetition",
    "copy",
    "empty",
    "length_ratio",
    "low_score",
    "truncated",
    "verbatim",
    "sentence_lost",
    "markup",
)


_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)
_ALNUM = re.compile(r"\w", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _longest_word_loop(words: Sequence[str]) -> tuple[int, int, int]:
    """(repeats, n, start) of the longest back-to-back repetition of an n-gram."""
    best = (1, 1, 0)
    for n in range(1, REPEAT_MAX_N + 1):
        if len(words) < 2 * n:
            break
        start = 0
        while start + 2 * n <= len(words):
            repeats = 1
            while (
                words[start + repeats * n : start + (repeats + 1) * n] == words[start : start + n]
            ):
                repeats += 1
            if repeats > 1 and repeats * n > best[0] * best[1]:
                best = (repeats, n, start)
            start += max(1, (repeats - 1) * n) if repeats > 1 else 1
    return best


_CHAR_RUN = re.compile(r"(.{1,4}?)\1{5,}", re.DOTALL)


def _longest_char_run(text: str) -> str:
    runs = [m.group(0) for m in _CHAR_RUN.finditer(text)]
    return max(runs, key=len, default="")


def repetition(source: str, target: str) -> Flag | None:
    """A decoding loop: the target repeats itself more than the source does."""
    target_words = _words(target)
    repeats, n, start = _longest_word_loop(target_words)
    needed = REPEAT_MIN if n == 1 else REPEAT_MIN_NGRAM
    if repeats >= needed:
        source_repeats, source_n, _ = _longest_word_loop(_words(source))
        if repeats * n > source_repeats * source_n:
            gram = " ".join(target_words[start : start + n])
            return Flag("repetition", f"“{gram}” ×{repeats}")
    run = _longest_char_run(target)
    if len(run) >= CHAR_RUN_MIN and len(run) > len(_longest_char_run(source)):
        return Flag("repetition", f"“{run[:12]}…” ({len(run)} characters)")
    return None


def _comparable(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def should_translate(source: str) -> bool:
    """Whether the source has ordinary words to translate, not only names, numbers and
    acronyms: at least COPY_MIN_WORDS lowercase words of three letters or more."""
    common = [
        w for w in re.findall(r"\w+", source) if len(w) >= 3 and w[0].islower() and w.isalpha()
    ]
    return len(common) >= COPY_MIN_WORDS


def copy_through(source: str, target: str) -> Flag | None:
    """The model handed the source back untranslated."""
    same = bool(_comparable(source)) and _comparable(source) == _comparable(target)
    if same and should_translate(source):
        return Flag("copy", "the target repeats the source")
    return None


def empty(source: str, target: str) -> Flag | None:
    if _ALNUM.search(source) and not _ALNUM.search(target):
        return Flag("empty", "no text in the translation")
    return None


def pair_ratio(source_lang: str, target_lang: str) -> float:
    """The default target/source character ratio of a language pair."""
    return PAIR_RATIOS.get((source_lang, target_lang), 1.0)


def length_ratio(source: str, target: str, norm: float) -> Flag | None:
    """Target far shorter or longer than the package's norm for this source length."""
    length = len(source.strip())
    if length < RATIO_MIN_CHARS or norm <= 0:
        return None
    ratio = len(target.strip()) / length
    if ratio > norm * RATIO_SPREAD or ratio < norm / RATIO_SPREAD:
        return Flag("length_ratio", f"{ratio:.2f}× the source length (norm {norm:.2f}×)")
    return None


def low_score(score: float | None) -> Flag | None:
    """The model's own confidence (length-normalised log-probability) is very low."""
    if score is not None and score < LOW_SCORE:
        return Flag("low_score", f"model score {score:.2f} (threshold {LOW_SCORE:.1f})")
    return None


def truncated(tokens: int) -> Flag:
    return Flag("truncated", f"decoding stopped at its bound of {tokens} tokens")


def missing_verbatim(target: str, surfaces: Sequence[str]) -> Flag | None:
    lost = [s for s in surfaces if s and s not in target]
    if lost:
        return Flag("verbatim", "not kept verbatim: " + ", ".join(f"“{s}”" for s in lost))
    return None


def decoding_flags(
    source: str, target: str, score: float | None, *, truncated_at: int | None = None
) -> list[Flag]:
    """What the model's decoding of one input says: loops, empty output, low score, bound."""
    found = [repetition(source, target), empty(source, target), low_score(score)]
    if truncated_at is not None:
        found.append(truncated(truncated_at))
    return [flag for flag in found if flag is not None]


def text_flags(source: str, target: str, norm: float) -> list[Flag]:
    """What the whole translation says against its source: copy-through, length ratio."""
    found = [copy_through(source, target), length_ratio(source, target, norm)]
    return [flag for flag in found if flag is not None]


def markup_dropped(dropped: Sequence[str]) -> Flag:
    """A reviewer's text without some of the source's tags (``dropped``: their legend
    lines, ``<1>…</1> = […](https://…)``)."""
    return Flag("markup", "; ".join(dropped))


def markup_not_placed(lost: Sequence[str]) -> Flag:
    """Machine output on which some of the source's markup could not be placed (``lost``:
    their legend lines); where it was written instead is in the module doc."""
    return Flag("markup", "not placed by the machine: " + "; ".join(dict.fromkeys(lost)))


def sentence_lost(reason: str, ratio: float) -> Flag:
    """An enforced translation that lost its sentence (see ``translate.mt.fidelity``)."""
    return Flag(
        "sentence_lost",
        f"glossary enforcement lost the sentence ({reason}; "
        f"{ratio:.2f}× the unenforced translation's words)",
    )


def merge(*groups: Sequence[Flag]) -> list[Flag]:
    """Flags in order, one per (reason, detail)."""
    seen: dict[tuple[str, str], Flag] = {}
    for group in groups:
        for flag in group:
            seen.setdefault((flag.reason, flag.detail), flag)
    return list(seen.values())


def is_loop(flags: Sequence[Flag]) -> bool:
    """Flags that a decoding retry with repetition penalties may cure."""
    return any(flag.reason in ("repetition", "truncated") for flag in flags)
