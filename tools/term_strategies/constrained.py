"""Prefix-constrained re-decoding: force a missing term where it should start.

CTranslate2's ``target_prefix`` alone only fixes how a translation *begins*. Here the
prefix is the model's own hypothesis up to the point where a missing term belongs,
followed by the term; the model then writes the rest of the sentence itself, in
agreement with the term, instead of a string being spliced into its output:

1. **Where**: a few candidate points (:func:`insertion_points`): where attention
   aligns the term, or what follows it, and the diagonal (the term's relative
   position in the source).
2. **Prefix**: the hypothesis up to there (widened to a word start), the term joined
   to it (French article agreement, sentence case), re-encoded with the target
   SentencePiece model.
3. **Decode** from that prefix, alternatives at the first free position
   (``return_alternatives``), with ``suppress_sequences`` holding the model's previous
   rendering of the term, so that it does not write it again after the forced term
   ("CEDEAO ECOWAS").
4. **Keep**, over all points, the continuation the model scores best (mean token
   log-probability of the whole sentence, prefix included) among those that start a
   new word (not "Wagner" + "e"), do not go on translating the term's source words
   (their first tokens not aligned to them: "Africa Corps" + "États du Sahel"), have
   no fewer terms than before and keep the sentence (:func:`check_fidelity`); if
   none does, leave the term missing.

One term per round, leftmost first, each round reading the alignment of the previous
round's hypothesis; at most one round per term.
"""

from __future__ import annotations

from collections.abc import Sequence

from tools.term_strategies.decoding import (
    decode_with_prefix,
    mean_log_probs,
    spells_without_unknown,
    target_pieces,
)
from tools.term_strategies.fidelity import check_fidelity
from translate.engine.translator import CT2Translator, Hypothesis
from translate.glossary import Match

# The product's versions (translate.mt.plain grew from this prototype).
from translate.mt.plain import (
    Candidate,
    _renders_again,
    _runs_on,
    found_terms,
    insertion_points,
    join_term,
)


def constrain(
    translator: CT2Translator,
    sentence: str,
    candidate: Candidate,
    matches: Sequence[Match],
    lang: str,
    plain: str,
    *,
    num_hypotheses: int = 6,
) -> Candidate:
    """Force each term still missing from ``candidate`` (see the module docstring)."""
    hypothesis, how = candidate.hypothesis, dict(candidate.how)
    found = found_terms(hypothesis.text, matches, lang)
    tag = translator.package.target_prefix
    prefix_tokens = 1 if tag and hypothesis.target_tokens[:1] == [tag] else 0
    tried: set[int] = set()
    while True:
        missing = [i for i, ok in enumerate(found) if not ok and i not in tried]
        if not missing:
            break
        index = min(missing, key=lambda i: matches[i].start)
        tried.add(index)
        match = matches[index]
        if not spells_without_unknown(translator, match.expected):
            continue  # forcing an unknown piece derails the decoder; repair can splice it
        options: list[tuple[Hypothesis, list[bool]]] = []
        for position, previous in insertion_points(hypothesis, sentence, match, prefix_tokens):
            head = translator.detokenize(hypothesis.target_tokens[:position])
            joined, term = join_term(head + " " if head else "", match.expected, lang,
                                     match.entry.case_sensitive)  # fmt: skip
            forced = target_pieces(translator, joined + term)
            expected_pieces = target_pieces(translator, match.expected)
            suppress = (
                [previous] if previous and previous != expected_pieces[: len(previous)] else []
            )
            boundary, free_from = len(translator.detokenize(forced)), prefix_tokens + len(forced)
            for option in decode_with_prefix(
                translator, sentence, forced, num_hypotheses=num_hypotheses, suppress=suppress
            ):
                if _runs_on(option.text, boundary) or _renders_again(option, match, free_from):
                    continue
                now = found_terms(option.text, matches, lang)
                if not now[index] or sum(now) < sum(found):
                    continue
                if not check_fidelity(option.text, plain, matches).kept:
                    continue
                options.append((option, now))
        best: tuple[Hypothesis, list[bool]] | None = None
        if options:
            # Most terms first; among those, what the model itself finds most likely.
            top = max(sum(now) for _option, now in options)
            finalists = [pair for pair in options if sum(pair[1]) == top]
            scores = mean_log_probs(translator, sentence, [o for o, _now in finalists])
            best = finalists[max(range(len(finalists)), key=scores.__getitem__)]
        if best is None:
            continue
        hypothesis, now = best
        for i, (was, ok) in enumerate(zip(found, now, strict=True)):
            if ok and not was:
                how[i] = "constrained"
        found = now
    return Candidate(hypothesis.text, hypothesis, candidate.rank, how)
