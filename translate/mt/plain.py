"""Glossary enforcement on plain decoding, for packages that never saw ``⟦n⟧``.

A package that does not copy placeholders mangles a protected source ("Niger
Russie." for a whole sentence). Here the source is decoded untouched and the terms
are brought in around the model's own output:

1. **Decode**: the plain source, n-best with attention (its first hypothesis is the
   unenforced translation, the reference for :func:`check_fidelity`).
2. **Rerank**: the hypothesis with most terms that keeps the sentence.
3. **Constrain**: each term still missing is forced as a decoding prefix from where
   it should start (the hypothesis up to there, then the term), the model writing the
   rest of the sentence itself (:func:`constrain`); the model's previous rendering of
   the term is suppressed after the prefix (CTranslate2 ``suppress_sequences``).
4. **Repair**: what is still missing replaces the span attention aligns to its
   source words (French articles made to agree), unless the span is much wider than
   the term or holds another term.
5. **Verify**: the terms, and the sentence (:func:`check_fidelity`); a failure of
   either is ``needs_review``.

Outcomes: ``copied`` (first hypothesis), ``selected`` (a lower-ranked one),
``constrained`` (forced prefix), ``replaced`` (attention repair), ``violated``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.engine.align import SPACE_MARK, aligned_target_span, piece_spans
from translate.engine.translator import CT2Translator as Translator
from translate.engine.translator import Hypothesis
from translate.glossary import Match, verify
from translate.glossary.protect import french_join
from translate.mt.fidelity import check_fidelity, words

#: A repair never replaces a span wider than the term plus this many words.
MAX_EXTRA_WORDS = 3
#: Alternatives decoded per insertion point of a forced term.
CONSTRAINED_ALTERNATIVES = 6
#: How many tokens right after a forced term may not be aligned to its source words.
_FOLLOWING = 2


@dataclass(frozen=True)
class Candidate:
    """One way to render a segment: its text, the hypothesis it came from, and how
    each term (by match index) got there."""

    text: str
    hypothesis: Hypothesis
    rank: int
    how: dict[int, str]


def found_terms(text: str, matches: Sequence[Match], lang: str) -> list[bool]:
    return [check.found for check in verify(text, matches, lang)]


# ------------------------------------------------------------------ rerank


def ranked(nbest: Sequence[Hypothesis], matches: Sequence[Match], lang: str) -> Candidate:
    """The hypothesis with most terms that keeps the sentence, its terms labelled."""
    plain = nbest[0].text
    best, best_found = 0, found_terms(plain, matches, lang)
    for index, hypothesis in enumerate(nbest[1:], start=1):
        if all(best_found):
            break
        found = found_terms(hypothesis.text, matches, lang)
        if sum(found) > sum(best_found) and check_fidelity(hypothesis.text, plain, matches).kept:
            best, best_found = index, found
    label = "copied" if best == 0 else "selected"
    how = {i: label for i, ok in enumerate(best_found) if ok}
    return Candidate(nbest[best].text, nbest[best], best, how)


# ------------------------------------------------------------------ joining a term


def join_term(prefix: str, term: str, lang: str, case_sensitive: bool) -> tuple[str, str]:
    """(prefix, term) ready to concatenate: French article agreement, sentence case."""
    if lang.lower().startswith("fr") and prefix[-1:].isspace():
        prefix, term = french_join(prefix, term)
    head = prefix.rstrip(" \t«\"“'‘(—–-")
    at_start = not head or head.endswith((".", "!", "?", "…"))
    if at_start and term[:1].islower() and not case_sensitive:
        term = term[0].upper() + term[1:]
    return prefix, term


# ------------------------------------------------------------------ constrain


def _source_tokens_of(hypothesis: Hypothesis, start: int, end: int) -> set[int]:
    _text, spans = piece_spans(hypothesis.source_tokens)
    return {j for j, (s, e) in enumerate(spans) if e > s and s < end and e > start}


def _word_start(tokens: Sequence[str], index: int, floor: int) -> int:
    index = max(floor, min(index, len(tokens)))
    while floor < index < len(tokens) and not tokens[index].startswith(SPACE_MARK):
        index -= 1
    return index


def _word_end(tokens: Sequence[str], index: int) -> int:
    while index < len(tokens) and not tokens[index].startswith(SPACE_MARK):
        index += 1
    return index


def _argmax(row: Sequence[float]) -> int:
    return max(range(len(row)), key=row.__getitem__)


def insertion_points(
    hypothesis: Hypothesis, sentence: str, match: Match, prefix_tokens: int = 0
) -> list[tuple[int, list[str]]]:
    """Where the term could start: (token index, the pieces the model wrote for the term
    there, if any), most likely first: the first token aligned to the term's source
    words (its rendering running to the last aligned token); else the first token
    aligned to a source word after it; and the diagonal (the term's relative position
    in the source mapped onto the hypothesis)."""
    if not hypothesis.attention:
        return []
    wanted = _source_tokens_of(hypothesis, match.start, match.end)
    if not wanted:
        return []
    tokens = hypothesis.target_tokens
    aligned, after = [], []
    for i, row in enumerate(hypothesis.attention[: len(tokens)]):
        if i < prefix_tokens or not row:
            continue
        best = _argmax(row)
        if best in wanted:
            aligned.append(i)
        elif best > max(wanted):
            after.append(i)
    points: list[tuple[int, list[str]]] = []
    if aligned:
        start = _word_start(tokens, min(aligned), prefix_tokens)
        points.append((start, list(tokens[start : _word_end(tokens, max(aligned) + 1)])))
    elif after:
        points.append((_word_start(tokens, min(after), prefix_tokens), []))
    span = len(tokens) - prefix_tokens
    diagonal = prefix_tokens + round(span * match.start / max(1, len(sentence)))
    diagonal = _word_start(tokens, diagonal, prefix_tokens)
    if all(diagonal != point for point, _ in points):
        points.append((diagonal, []))
    return points


def _runs_on(text: str, boundary: int) -> bool:
    """Does the continuation glue onto the forced term's last word?"""
    return boundary < len(text) and (text[boundary].isalnum() or text[boundary] in "'’-")


def _renders_again(hypothesis: Hypothesis, match: Match, forced: int) -> bool:
    """Do the tokens right after the forced prefix translate the term once more?"""
    wanted = _source_tokens_of(hypothesis, match.start, match.end)
    rows = hypothesis.attention or []
    end = min(forced + _FOLLOWING, len(hypothesis.target_tokens))
    return any(row and _argmax(row) in wanted for row in rows[forced:end])


@dataclass
class _Forcing:
    """One segment going through constrained decoding, round after round."""

    sentence: str
    matches: Sequence[Match]
    plain: str
    hypothesis: Hypothesis
    rank: int
    how: dict[int, str]
    found: list[bool]
    prefix_tokens: int
    tried: set[int]
    # This round: the term forced and its prefixes.
    index: int = -1
    prefixes: list[list[str]] | None = None
    blocked: list[list[str]] = field(default_factory=list)


def constrain(
    translator: Translator,
    sentence: str,
    candidate: Candidate,
    matches: Sequence[Match],
    lang: str,
    plain: str,
    suppress: Sequence[Sequence[str]] = (),
) -> Candidate:
    """:func:`constrain_all` for one segment."""
    return constrain_all(translator, [(sentence, candidate, matches, plain)], lang, suppress)[0]


def constrain_all(
    translator: Translator,
    jobs: Sequence[tuple[str, Candidate, Sequence[Match], str]],
    lang: str,
    suppress: Sequence[Sequence[str]] = (),
) -> list[Candidate]:
    """Force each term still missing from each (sentence, candidate, matches, plain),
    leftmost first, one round per term; keep, over all insertion points, the
    continuation the model scores best among those that start a new word, do not
    translate the term again, lose no term and keep the sentence.

    Each round decodes the insertion points of every segment in one engine call per
    set of suppressed sequences: the model's previous rendering of the forced term, and
    ``suppress`` (forbidden renderings)."""
    tag = translator.package.target_prefix
    states = []
    for sentence, candidate, matches, plain in jobs:
        hypothesis = candidate.hypothesis
        states.append(
            _Forcing(
                sentence, matches, plain, hypothesis, candidate.rank, dict(candidate.how),
                found_terms(hypothesis.text, matches, lang),
                1 if tag and hypothesis.target_tokens[:1] == [tag] else 0, set(),
            )
        )  # fmt: skip
    while True:
        active: list[_Forcing] = []
        for state in states:
            state.prefixes = None
            blocked: list[list[str]] = []
            while True:
                missing = [i for i, ok in enumerate(state.found) if not ok and i not in state.tried]
                if not missing:
                    break
                index = min(missing, key=lambda i: state.matches[i].start)
                state.tried.add(index)
                match = state.matches[index]
                if not translator.spells(match.expected):
                    continue  # an unknown piece derails the decoder; repair can splice it
                expected_pieces = translator.tokenize_target(match.expected)
                prefixes: list[list[str]] = []
                points = insertion_points(
                    state.hypothesis, state.sentence, match, state.prefix_tokens
                )
                for position, previous in points:
                    head = translator.detokenize(state.hypothesis.target_tokens[:position])
                    joined, term = join_term(head + " " if head else "", match.expected, lang,
                                             match.entry.case_sensitive)  # fmt: skip
                    prefixes.append(translator.tokenize_target(joined + term))
                    if previous and previous != expected_pieces[: len(previous)]:
                        blocked.append(previous)
                if prefixes:
                    state.index, state.prefixes, state.blocked = index, prefixes, blocked
                    active.append(state)
                    break
        if not active:
            break
        # CTranslate2 suppresses for a whole call: segments share a call only when they
        # suppress the same sequences (most often none besides ``suppress``).
        groups: dict[tuple[tuple[str, ...], ...], list[_Forcing]] = {}
        for state in active:
            key = tuple(sorted({tuple(b) for b in state.blocked}))
            groups.setdefault(key, []).append(state)
        for key, members in groups.items():
            sentences = [s.sentence for s in members for _p in s.prefixes or []]
            forced_all = [p for s in members for p in s.prefixes or []]
            blocked_all = [list(x) for x in suppress] + [list(b) for b in key]
            decoded = _decode_all(translator, sentences, forced_all, blocked_all)
            at = 0
            for state in members:
                count = len(state.prefixes or [])
                _choose(translator, state, forced_all[at : at + count],
                        decoded[at : at + count], lang)  # fmt: skip
                at += count
    return [Candidate(s.hypothesis.text, s.hypothesis, s.rank, s.how) for s in states]


def _decode_all(
    translator: Translator,
    sentences: list[str],
    prefixes: list[list[str]],
    suppress: list[list[str]],
) -> list[list[Hypothesis]]:
    """Alternatives after each forced prefix, in one engine call (each sentence alone
    if the batch fails: one that runs past the model's positions fails alone)."""
    try:
        return translator.translate(
            sentences,
            num_hypotheses=CONSTRAINED_ALTERNATIVES,
            return_attention=True,
            target_prefixes=prefixes,
            suppress=suppress,
            return_alternatives=True,
        )
    except RuntimeError:
        if len(sentences) == 1:
            return [[]]
    return [
        _decode_all(translator, [sentence], [prefix], suppress)[0]
        for sentence, prefix in zip(sentences, prefixes, strict=True)
    ]


def _choose(
    translator: Translator,
    state: _Forcing,
    prefixes: list[list[str]],
    decoded: list[list[Hypothesis]],
    lang: str,
) -> None:
    """Keep the best acceptable continuation of this round, if any (in place)."""
    index, match = state.index, state.matches[state.index]
    options: list[tuple[Hypothesis, list[bool]]] = []
    for forced, alternatives in zip(prefixes, decoded, strict=True):
        boundary = len(translator.detokenize(forced))
        free_from = state.prefix_tokens + len(forced)
        for option in alternatives:
            if _runs_on(option.text, boundary) or _renders_again(option, match, free_from):
                continue
            now = found_terms(option.text, state.matches, lang)
            if not now[index] or sum(now) < sum(state.found):
                continue
            if not check_fidelity(option.text, state.plain, state.matches).kept:
                continue
            options.append((option, now))
    if not options:
        return
    # Most terms first; among those, what the model itself finds most likely.
    top = max(sum(now) for _option, now in options)
    finalists = [pair for pair in options if sum(pair[1]) == top]
    scores = translator.score_targets(state.sentence, [o.target_tokens for o, _n in finalists])
    state.hypothesis, now = finalists[max(range(len(finalists)), key=scores.__getitem__)]
    for i, (was, ok) in enumerate(zip(state.found, now, strict=True)):
        if ok and not was:
            state.how[i] = "constrained"
    state.found = now


# ------------------------------------------------------------------ repair


def _source_offsets(hypothesis: Hypothesis, sentence: str, match: Match) -> tuple[int, int]:
    """The match's offsets in the text the source pieces decode to (SentencePiece may
    normalize the sentence; usually the two are identical)."""
    decoded, _spans = piece_spans(hypothesis.source_tokens)
    if decoded == sentence:
        return match.start, match.end
    from translate.mt.markup import offset_map

    to_decoded = offset_map(sentence, decoded)
    return to_decoded(match.start), to_decoded(match.end)


def repair(
    hypothesis: Hypothesis,
    sentence: str,
    matches: Sequence[Match],
    found: Sequence[bool],
    lang: str,
) -> tuple[str, set[int]]:
    """Replace the aligned span of each missing term; the text and what it fixed."""
    text = hypothesis.text
    others = [m for m, ok in zip(matches, found, strict=True) if ok]
    edits: list[tuple[int, int, int]] = []  # (start, end, match index)
    for index, (match, ok) in enumerate(zip(matches, found, strict=True)):
        if ok:
            continue
        start, end = _source_offsets(hypothesis, sentence, match)
        span = aligned_target_span(hypothesis, start, end)
        if span is None or span[1] <= span[0]:
            continue
        covered = text[span[0] : span[1]]
        if len(words(covered)) > len(words(match.expected)) + MAX_EXTRA_WORDS:
            continue  # the alignment swallowed more than the term: do not guess
        if any(found_terms(covered, [other], lang)[0] for other in others):
            continue  # never overwrite a term that is already right
        if any(span[0] < e and s < span[1] for s, e, _ in edits):
            continue
        edits.append((span[0], span[1], index))
    fixed: set[int] = set()
    for start, end, index in sorted(edits, reverse=True):
        match = matches[index]
        prefix, term = join_term(text[:start], match.expected, lang, match.entry.case_sensitive)
        text = prefix + term + text[end:]
        fixed.add(index)
    return text, fixed


def repaired(candidate: Candidate, sentence: str, matches: Sequence[Match], lang: str) -> Candidate:
    found = found_terms(candidate.text, matches, lang)
    if all(found) or candidate.text != candidate.hypothesis.text:
        return candidate
    text, fixed = repair(candidate.hypothesis, sentence, matches, found, lang)
    how = dict(candidate.how) | {i: "replaced" for i in fixed}
    return Candidate(text, candidate.hypothesis, candidate.rank, how)


# ------------------------------------------------------------------ one segment


def enforce_nbest(
    translator: Translator,
    sentence: str,
    nbest: Sequence[Hypothesis],
    matches: Sequence[Match],
    lang: str,
    suppress: Sequence[Sequence[str]] = (),
) -> Candidate:
    """Steps 2–4 for one segment, from its plain n-best list (attention included)."""
    return enforce_nbest_all(translator, [(sentence, nbest, matches)], lang, suppress)[0]


def enforce_nbest_all(
    translator: Translator,
    jobs: Sequence[tuple[str, Sequence[Hypothesis], Sequence[Match]]],
    lang: str,
    suppress: Sequence[Sequence[str]] = (),
) -> list[Candidate]:
    """Steps 2–4 for each (sentence, plain n-best list, matches); constrained decoding
    batched across the segments."""
    ranked_all = [ranked(nbest, matches, lang) for _s, nbest, matches in jobs]
    forcing = [
        (sentence, candidate, matches, nbest[0].text)
        for (sentence, nbest, matches), candidate in zip(jobs, ranked_all, strict=True)
    ]
    constrained = constrain_all(translator, forcing, lang, suppress)
    results = []
    for (sentence, nbest, matches), candidate in zip(jobs, constrained, strict=True):
        plain = nbest[0].text
        fixed = repaired(candidate, sentence, matches, lang)
        # A repair that costs the sentence is no repair: keep the term flagged.
        if (
            check_fidelity(fixed.text, plain, matches).kept
            or not check_fidelity(candidate.text, plain, matches).kept
        ):
            candidate = fixed
        results.append(candidate)
    return results
