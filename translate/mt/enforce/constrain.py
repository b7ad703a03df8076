"""The second pass for a package that never saw ``⟦n⟧``: force the missing term.

The first decode's best hypothesis shows where the term belongs: the first target
token aligned to its source words (attention), else the first aligned to a source
word after it, else the term's relative position in the source mapped onto the
hypothesis. The hypothesis up to there, then the term, is forced as a decoding prefix
(CTranslate2 ``target_prefix``) and the model writes the rest of the sentence itself.

Every segment's prefixes go to the engine in **one** batched call (per-example
prefixes; a plain beam search, whose n-best gives the choice of continuation). Of the
continuations, one that glues onto the term or loses the sentence is refused; of the
rest, the one with most terms, then one that does not translate the term a second
time, then the model's own score, is kept. What it lost, repair may still place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.engine.align import SPACE_MARK, piece_spans, strongest
from translate.engine.protocol import Decoder
from translate.engine.translator import Hypothesis
from translate.glossary import Match
from translate.mt.enforce.fidelity import check_fidelity
from translate.mt.enforce.policy import DECODED, Candidate, found_terms
from translate.mt.enforce.repair import join_term

#: Insertion points tried per segment: the aligned one, and the diagonal when nothing
#: aligns. Each is one more sequence in the batch.
#: The beam (and n-best) of a forced decode: the prefix fixes the hard part, and a
#: narrow beam writes the rest at half the cost of the first decode's.
FORCED_BEAM = 4
#: How many tokens right after a forced term may not be aligned to its source words.
_FOLLOWING = 2


@dataclass(frozen=True)
class Job:
    """One segment for the second pass: its source, matches, the first decode's best
    candidate (with attention) and the first hypothesis's text (the sentence check's
    reference)."""

    sentence: str
    matches: Sequence[Match]
    candidate: Candidate
    first_text: str


def _source_tokens_of(hypothesis: Hypothesis, start: int, end: int) -> set[int]:
    _text, spans = piece_spans(hypothesis.source_tokens)
    return {j for j, (s, e) in enumerate(spans) if e > s and s < end and e > start}


def _word_start(tokens: Sequence[str], index: int, floor: int) -> int:
    index = max(floor, min(index, len(tokens)))
    while floor < index < len(tokens) and not tokens[index].startswith(SPACE_MARK):
        index -= 1
    return index


def insertion_points(
    hypothesis: Hypothesis, sentence: str, match: Match, prefix_tokens: int = 0
) -> list[int]:
    """The token index where the term should start (see the module docstring), as a
    list: empty without attention. One point per segment keeps the second pass at one
    decode per segment (a second point, the diagonal beside the aligned one, cost as
    much again for a term or two more in ``make eval``)."""
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
        best = strongest(row)
        if best in wanted:
            aligned.append(i)
        elif best > max(wanted):
            after.append(i)
    if aligned:
        return [_word_start(tokens, min(aligned), prefix_tokens)]
    if after:
        return [_word_start(tokens, min(after), prefix_tokens)]
    span = len(tokens) - prefix_tokens
    diagonal = prefix_tokens + round(span * match.start / max(1, len(sentence)))
    return [_word_start(tokens, diagonal, prefix_tokens)]


def _runs_on(text: str, boundary: int) -> bool:
    """Does the continuation glue onto the forced term's last word?"""
    return boundary < len(text) and (text[boundary].isalnum() or text[boundary] in "'’-")


def _renders_again(hypothesis: Hypothesis, match: Match, forced: int) -> bool:
    """Do the tokens right after the forced prefix translate the term once more?"""
    wanted = _source_tokens_of(hypothesis, match.start, match.end)
    rows = hypothesis.attention or []
    end = min(forced + _FOLLOWING, len(hypothesis.target_tokens))
    return any(row and strongest(row) in wanted for row in rows[forced:end])


@dataclass(frozen=True)
class _Forced:
    """One prefix of one job: which job, which term, the prefix pieces."""

    job: int
    term: int
    pieces: list[str]


def _prefixes(decoder: Decoder, index: int, job: Job, lang: str) -> list[_Forced]:
    """The prefixes forcing the job's leftmost missing term the vocabulary can spell."""
    hypothesis = job.candidate.hypothesis
    found = found_terms(job.candidate.text, job.matches, lang)
    missing = sorted(
        (i for i, ok in enumerate(found) if not ok), key=lambda i: job.matches[i].start
    )
    for term in missing:
        match = job.matches[term]
        if not decoder.spells(match.expected):
            continue  # an unknown piece derails the decoder; repair can splice it
        forced = []
        for position in insertion_points(hypothesis, job.sentence, match, decoder.prefix_tokens):
            head = decoder.detokenize(hypothesis.target_tokens[:position])
            joined, text = join_term(
                head + " " if head else "", match.expected, lang, match.entry.case_sensitive
            )
            forced.append(_Forced(index, term, decoder.tokenize_target(joined + text)))
        if forced:
            return forced
    return []


def _decode(
    decoder: Decoder,
    sentences: list[str],
    prefixes: list[list[str]],
    num_hypotheses: int,
    suppress: Sequence[Sequence[str]],
) -> list[list[Hypothesis]]:
    """Every forced prefix in one engine call (each alone if the batch fails: one that
    runs past the model's positions fails alone)."""
    try:
        return decoder.translate(
            sentences,
            num_hypotheses=min(num_hypotheses, FORCED_BEAM),
            beam_size=FORCED_BEAM,
            return_attention=True,
            target_prefixes=prefixes,
            suppress=suppress,
        )
    except RuntimeError:
        if len(sentences) == 1:
            return [[]]
    return [
        _decode(decoder, [sentence], [prefix], num_hypotheses, suppress)[0]
        for sentence, prefix in zip(sentences, prefixes, strict=True)
    ]


def constrain(
    decoder: Decoder,
    jobs: Sequence[Job],
    lang: str,
    *,
    num_hypotheses: int = 4,
    suppress: Sequence[Sequence[str]] = (),
    rounds: int = 1,
) -> list[Candidate | None]:
    """Per job, the best acceptable forced rendering (``how`` "constrained" for the
    forced terms), or None when no prefix could be made or no continuation is
    acceptable. Each round is one engine call for all jobs and forces one more term
    into the renderings that still miss one; up to ``rounds`` rounds."""
    chosen: list[Candidate | None] = [None] * len(jobs)
    current = list(jobs)
    active = list(range(len(jobs)))
    for _round in range(rounds):
        forced = _force(decoder, [current[i] for i in active], lang, num_hypotheses, suppress)
        next_round = []
        for index, candidate in zip(active, forced, strict=True):
            if candidate is None:
                continue
            chosen[index] = candidate
            job = current[index]
            if not all(found_terms(candidate.text, job.matches, lang)):
                current[index] = Job(job.sentence, job.matches, candidate, job.first_text)
                next_round.append(index)
        active = next_round
        if not active:
            break
    return chosen


def _force(
    decoder: Decoder,
    jobs: Sequence[Job],
    lang: str,
    num_hypotheses: int,
    suppress: Sequence[Sequence[str]],
) -> list[Candidate | None]:
    """One round: per job, the best rendering forcing its leftmost missing term."""
    forced = [f for index, job in enumerate(jobs) for f in _prefixes(decoder, index, job, lang)]
    if not forced:
        return [None] * len(jobs)
    decoded = _decode(
        decoder,
        [jobs[f.job].sentence for f in forced],
        [f.pieces for f in forced],
        num_hypotheses,
        suppress,
    )
    # Per job: a continuation that glues onto the term or loses the sentence is refused;
    # of the rest, most terms first (what it drops, repair may still place), then one
    # that does not translate the term a second time, then the model's own score after
    # its prefix.
    best: dict[int, tuple[tuple[int, bool, float], Hypothesis, list[bool]]] = {}
    for item, nbest in zip(forced, decoded, strict=True):
        job = jobs[item.job]
        boundary = len(decoder.detokenize(item.pieces))
        free_from = decoder.prefix_tokens + len(item.pieces)
        for option in nbest:
            now = found_terms(option.text, job.matches, lang)
            if not now[item.term] or _runs_on(option.text, boundary):
                continue
            if not check_fidelity(option.text, job.first_text, job.matches).kept:
                continue
            again = _renders_again(option, job.matches[item.term], free_from)
            rank = (sum(now), not again, option.score)
            if item.job not in best or rank > best[item.job][0]:
                best[item.job] = (rank, option, now)
    chosen: list[Candidate | None] = []
    for index, job in enumerate(jobs):
        if index not in best:
            chosen.append(None)
            continue
        _rank, option, now = best[index]
        before = found_terms(job.candidate.text, job.matches, lang)
        how = {i: job.candidate.how.get(i, "copied") for i, ok in enumerate(before) if ok}
        how |= {i: "constrained" for i, ok in enumerate(now) if ok and not before[i]}
        chosen.append(Candidate(option.text, option, how, origin=DECODED))
    return chosen
