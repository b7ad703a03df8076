"""Plain decoding + n-best rerank by term compliance + attention-alignment repair.

For packages that never saw ``⟦n⟧``: the model reads the source as written, so
nothing unfamiliar can derail it, and its first hypothesis is the unenforced
translation that :func:`check_fidelity` compares against (no extra decode).

1. **Decode** the plain source, n-best with attention.
2. **Rerank**: the hypothesis with the most terms (product ``verify``), best score on
   ties; a lower-ranked one only if it keeps the sentence.
3. **Repair**: each term still missing replaces the span the model produced for the
   term's source words (CTranslate2 attention), French articles made to agree
   (``la`` + ``Alliance`` → ``l'Alliance``). A span wider than the term plus
   ``MAX_EXTRA_WORDS`` words, or one that holds another term, is not touched.
   With constraints (optional, :mod:`.constrained`) first, terms still missing are
   forced as a decoding prefix from where they should start and the model writes
   the rest; repair then handles what is left.
4. **Verify**: the terms, and the sentence (:func:`check_fidelity`); a failure of
   either is ``needs_review``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tools.term_strategies.fidelity import Fidelity, check_fidelity
from tools.term_strategies.records import EnforcedSegment, TermOutcome
from translate.engine.translator import CT2Translator, Hypothesis
from translate.glossary import Match
from translate.mt.enforce import drop_stray_placeholders

# The product grew from this prototype: what is the same is the product's, re-exported.
from translate.mt.plain import Candidate, found_terms, repair


def rerank(
    nbest: Sequence[Hypothesis], matches: Sequence[Match], lang: str
) -> tuple[int, list[bool]]:
    """Index of the hypothesis with most terms that keeps the sentence, and its checks."""
    plain = nbest[0].text
    best_index, best_found = 0, found_terms(plain, matches, lang)
    for index, hypothesis in enumerate(nbest[1:], start=1):
        found = found_terms(hypothesis.text, matches, lang)
        if sum(found) > sum(best_found) and check_fidelity(hypothesis.text, plain, matches).kept:
            best_index, best_found = index, found
            if all(found):
                break
    return best_index, best_found


def outcomes(
    text: str, matches: Sequence[Match], lang: str, how: dict[int, str]
) -> tuple[TermOutcome, ...]:
    """Final checks (the product's ``verify``), each labelled with how it got there."""
    return tuple(
        TermOutcome(match, found, how.get(index, "copied") if found else "violated")
        for index, (match, found) in enumerate(
            zip(matches, found_terms(text, matches, lang), strict=True)
        )
    )


def ranked(nbest: Sequence[Hypothesis], matches: Sequence[Match], lang: str) -> Candidate:
    """Step 2 for one segment: the reranked hypothesis, its terms labelled."""
    rank, found = rerank(nbest, matches, lang)
    label = "copied" if rank == 0 else "selected"
    hypothesis = nbest[rank]
    return Candidate(
        hypothesis.text, hypothesis, rank, {i: label for i, ok in enumerate(found) if ok}
    )


def repaired(candidate: Candidate, sentence: str, matches: Sequence[Match], lang: str) -> Candidate:
    """Step 3 for one segment: alignment repair of the terms still missing."""
    found = found_terms(candidate.text, matches, lang)
    if all(found) or candidate.text != candidate.hypothesis.text:
        return candidate
    text, fixed = repair(candidate.hypothesis, sentence, matches, found, lang)
    how = dict(candidate.how) | {i: "repaired" for i in fixed}
    return Candidate(text, candidate.hypothesis, candidate.rank, how)


def finish(
    candidate: Candidate, plain: str, matches: Sequence[Match], lang: str, strategy: str
) -> EnforcedSegment:
    # Some models emit a placeholder of their own for a name they do not know; the
    # product never lets one reach a reader.
    text = drop_stray_placeholders(candidate.text)
    fidelity: Fidelity = check_fidelity(text, drop_stray_placeholders(plain), matches)
    return EnforcedSegment(
        text=text,
        score=candidate.hypothesis.score,
        strategy=strategy,
        terms=outcomes(text, matches, lang, candidate.how),
        fidelity=fidelity,
        hypothesis=candidate.hypothesis,
    )


def enforce_plain(
    translator: CT2Translator,
    texts: Sequence[str],
    matches: Sequence[Sequence[Match]],
    lang: str,
    *,
    num_hypotheses: int = 4,
    with_repair: bool = True,
    with_constraints: bool = False,
) -> list[EnforcedSegment]:
    """Enforce the glossary on plain decoding: rerank, repair, optionally constrain.

    ``strategy`` on each result names the steps used: ``rerank``, ``rerank+repair``,
    ``rerank+constrain``, ``rerank+constrain+repair`` (constraints first: they re-decode
    from the hypothesis, which a string repair would no longer match).
    """
    from tools.term_strategies.constrained import constrain

    name = (
        "rerank" + ("+constrain" if with_constraints else "") + ("+repair" if with_repair else "")
    )
    glossary_indexes = [i for i, found in enumerate(matches) if found]
    plain_indexes = [i for i, found in enumerate(matches) if not found]
    results: list[EnforcedSegment | None] = [None] * len(texts)
    for index, nbest in zip(
        plain_indexes, translator.translate([texts[i] for i in plain_indexes]), strict=True
    ):
        text = drop_stray_placeholders(nbest[0].text)
        results[index] = EnforcedSegment(text, nbest[0].score, name, (), None, nbest[0])
    decoded = translator.translate(
        [texts[i] for i in glossary_indexes], num_hypotheses=num_hypotheses, return_attention=True
    )
    for index, nbest in zip(glossary_indexes, decoded, strict=True):
        found, plain = matches[index], nbest[0].text
        candidate = ranked(nbest, found, lang)
        if with_constraints:
            candidate = constrain(translator, texts[index], candidate, found, lang, plain)
        if with_repair:
            fixed = repaired(candidate, texts[index], found, lang)
            # A repair that costs the sentence is no repair: keep the term flagged.
            before = check_fidelity(candidate.text, plain, found).kept
            if check_fidelity(fixed.text, plain, found).kept or not before:
                candidate = fixed
        results[index] = finish(candidate, plain, found, lang, name)
    return [r for r in results if r is not None]
