"""Alignment repair: put a missing term where the model translated its source words.

CTranslate2's attention tells which target words the model wrote for the term's
source words (:mod:`translate.engine.align`); that span is replaced by the term,
French articles made to agree; as a last resort, where nothing aligns (the model
dropped the term), the word that attends to the term's source words most. It costs no
decode, so it is tried before any second decode, and on what a second decode misses.
A span much wider than the term, or one holding another term already right, is left
alone: a guess would cost the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.engine.align import aligned_target_span, attended_target_words, piece_spans
from translate.engine.translator import Hypothesis
from translate.glossary import Match
from translate.glossary.protect import french_join
from translate.lang import primary
from translate.mt.enforce.fidelity import words
from translate.mt.enforce.policy import (
    REPAIRED_ALIGNED,
    REPAIRED_GUESSED,
    Candidate,
    found_terms,
)
from translate.mt.markup import offset_map
from translate.mt.verbatim import is_verbatim_match

#: A repair never replaces a span wider than the term plus this many words.
MAX_EXTRA_WORDS = 3
_SENTENCE_END = (".", "!", "?", "…")


def join_term(prefix: str, term: str, lang: str, case_sensitive: bool) -> tuple[str, str]:
    """(prefix, term) ready to concatenate: French article agreement, sentence case."""
    if primary(lang) == "fr" and prefix[-1:].isspace():
        prefix, term = french_join(prefix, term)
    head = prefix.rstrip(" \t«\"“'‘(—–-")
    at_start = not head or head.endswith(_SENTENCE_END)
    if at_start and term[:1].islower() and not case_sensitive:
        term = term[0].upper() + term[1:]
    return prefix, term


def _length(term: Match) -> int:
    """A term's length in words; a verbatim span (a URL, an address) is one, however
    many parts it has."""
    return 1 if is_verbatim_match(term) else len(words(term.expected))


def _source_offsets(hypothesis: Hypothesis, sentence: str, match: Match) -> tuple[int, int]:
    """The match's offsets in the text the source pieces decode to (SentencePiece may
    normalize the sentence; usually the two are identical)."""
    decoded, _spans = piece_spans(hypothesis.source_tokens)
    if decoded == sentence:
        return match.start, match.end
    to_decoded = offset_map(sentence, decoded)
    return to_decoded(match.start), to_decoded(match.end)


def repair(
    candidate: Candidate,
    sentence: str,
    matches: Sequence[Match],
    lang: str,
    *,
    guess: bool = False,
) -> Candidate:
    """The candidate with each missing term spliced over the span aligned to its source
    words (``how`` "replaced"); with ``guess``, where nothing aligns, over the word that
    attends to those words most. The candidate itself when nothing could be placed."""
    hypothesis = candidate.hypothesis
    text = candidate.text
    if text != hypothesis.text or not hypothesis.attention:
        return candidate  # attention describes the hypothesis's own text only
    found = found_terms(text, matches, lang)
    if all(found):
        return candidate
    others = [m for m, ok in zip(matches, found, strict=True) if ok]
    edits: list[tuple[int, int, int]] = []  # (start, end, match index)
    guessed = False
    for index, (match, ok) in enumerate(zip(matches, found, strict=True)):
        if ok:
            continue
        start, end = _source_offsets(hypothesis, sentence, match)

        def free(span: tuple[int, int], term: Match = match) -> bool:
            covered = text[span[0] : span[1]]
            return (
                span[1] > span[0]
                # the alignment swallowed more than the term: do not guess
                and len(words(covered)) <= _length(term) + MAX_EXTRA_WORDS
                # never overwrite a term that is already right, or another edit
                and not any(found_terms(covered, [other], lang)[0] for other in others)
                and not any(span[0] < e and s < span[1] for s, e, _ in edits)
            )

        span = aligned_target_span(hypothesis, start, end)
        aligned = span is not None and free(span)
        if not aligned and guess:
            # Nothing aligns to the term (the model dropped it): the word that attends
            # to it most is where its translation belongs.
            span = next((w for w in attended_target_words(hypothesis, start, end) if free(w)), None)
        if span is not None and free(span):
            edits.append((span[0], span[1], index))
            guessed = guessed or not aligned
    if not edits:
        return candidate
    how = dict(candidate.how)
    for start, end, index in sorted(edits, reverse=True):
        match = matches[index]
        prefix, term = join_term(text[:start], match.expected, lang, match.entry.case_sensitive)
        text = prefix + term + text[end:]
        how[index] = "replaced"
    origin = REPAIRED_GUESSED if guessed else REPAIRED_ALIGNED
    return Candidate(text, hypothesis, how, candidate.model_source, origin)
