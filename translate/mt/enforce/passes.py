"""The order of work: pay only for what is missing (see :mod:`translate.mt.enforce`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.engine.align import respelled
from translate.engine.protocol import Decoder
from translate.engine.translator import Hypothesis
from translate.glossary import Match, protect, verify
from translate.mt import quality
from translate.mt.enforce.constrain import Job, constrain
from translate.mt.enforce.fidelity import check_fidelity, kept_by_score, sentence_score
from translate.mt.enforce.placeholders import restored
from translate.mt.enforce.policy import (
    AUTO,
    DECODED,
    FIRST,
    FIRST_PASS_ONLY,
    MODEL,
    PLACEHOLDER,
    REPAIRED,
    REPAIRED_ALIGNED,
    REPAIRED_GUESSED,
    SECOND,
    Candidate,
    TermPolicy,
    drop_stray_placeholders,
    found_terms,
    outcomes,
    term_outcome,
)
from translate.mt.enforce.probe import method_for
from translate.mt.enforce.repair import repair
from translate.mt.result import SegmentResult

#: Rounds of forced decoding (each one engine call, for the segments a round left
#: still missing a term), as ``make eval`` and ``make bench`` weigh terms against
#: decodes: one where forcing is the second pass, three where it is the last resort
#: after placeholders and a plain decode (rare).
FORCING_ROUNDS = 1
LAST_RESORT_ROUNDS = 3
#: Up to this many texts, the first pass is one engine call (see ``_first_pass``): the
#: size of a run's batches (``translate.pipeline.chunks.MIN_BATCH``), so a run's batch is
#: one call, not one per kind of segment (on the naive ha toy, 7% less CPU).
SMALL_BATCH = 64


def translate_enforced(
    decoder: Decoder,
    texts: Sequence[str],
    policy: TermPolicy,
    *,
    num_hypotheses: int = 4,
    markup: frozenset[str] | set[str] = frozenset(),
    matches: Sequence[list[Match]] | None = None,
) -> list[SegmentResult]:
    """Translate ``texts``, enforcing ``policy.glossary`` on each; one result per text,
    in order. ``markup``: texts with inline markup to carry (they need attention);
    ``matches``: ``policy.glossary.find`` of each text, when already known."""
    glossary, lang = policy.glossary, policy.lang
    if glossary is None:
        found: list[list[Match]] = [[] for _text in texts]
        forbidden: list[list[Match]] = [[] for _text in texts]
    else:
        found = list(matches) if matches is not None else [glossary.find(t) for t in texts]
        forbidden = [glossary.forbidden(text) for text in texts]
    banned = [m.expected for hits in forbidden for m in hits]
    suppress = suppressed_sequences(decoder, banned) if banned else []
    method = _method(decoder, policy) if any(found) else ""
    # On a package that copies ⟦n⟧, glossary segments are decoded through placeholders
    # from the start: one decode either way, and the terms come through whole.
    guards = {
        index: protect(text, terms, lang)
        for index, (text, terms) in enumerate(zip(texts, found, strict=True))
        if terms and method == PLACEHOLDER
    }
    sources = [guards[i].text if i in guards else text for i, text in enumerate(texts)]
    first = _first_pass(decoder, sources, found, markup, num_hypotheses, suppress)
    results: list[SegmentResult] = []
    waiting: list[_Waiting] = []
    for index, (text, terms, nbest) in enumerate(zip(texts, found, first, strict=True)):
        if not terms:
            best = nbest[0]
            results.append(
                SegmentResult(drop_stray_placeholders(best.text), best.score, [], best, text)
            )
            continue
        if index in guards:
            candidate = restored(text, terms, guards[index], nbest, lang)
            waiting.append(_Waiting(index, text, terms, nbest[0], text, [candidate]))
        else:
            candidate, settled = _select(text, terms, nbest, lang)
            if not settled:
                fixed = repair(candidate, text, terms, lang, guess=False)
                options = [candidate, fixed] if fixed is not candidate else [candidate]
                waiting.append(_Waiting(index, text, terms, nbest[0], nbest[0].text, options))
        results.append(_result(candidate, text, terms, lang, FIRST))
    if waiting:
        _settle(decoder, waiting, results, policy, method, num_hypotheses, suppress)
    for result, hits in zip(results, forbidden, strict=True):
        _check_forbidden(result, hits, lang)
        if method:
            result.terms = [dataclasses.replace(t, strategy=method) for t in result.terms]
    return results


def _method(decoder: Decoder, policy: TermPolicy) -> str:
    """How this package's glossary segments are enforced (the probe's verdict unless the
    policy forces one)."""
    if policy.method != AUTO:
        return policy.method
    return method_for(decoder).method


@dataclass
class _Waiting:
    """A glossary segment whose first decode did not settle it: its renderings so far,
    and what the sentence check compares them with (the unenforced translation, or the
    source until a plain decode gives one)."""

    index: int
    sentence: str
    matches: Sequence[Match]
    first: Hypothesis
    reference: str
    options: list[Candidate]
    # The model's score of each option scored so far, by position in ``options``.
    scores: dict[int, float] = field(default_factory=dict)
    # Which terms each rendering has, by its text.
    terms: dict[str, list[bool]] = field(default_factory=dict)

    def found(self, option: Candidate, lang: str) -> list[bool]:
        if option.text not in self.terms:
            self.terms[option.text] = found_terms(option.text, self.matches, lang)
        return self.terms[option.text]

    def score(self, index: int) -> float:
        option = self.options[index]
        return option.hypothesis.score if option.own else self.scores[index]

    @property
    def job(self) -> Job:
        """The second pass's input: the first plain decode's best candidate."""
        plain = next(o for o in self.options if o.own)
        return Job(self.sentence, self.matches, plain, self.reference)


def _first_pass(
    decoder: Decoder,
    texts: Sequence[str],
    found: Sequence[list[Match]],
    markup: frozenset[str] | set[str],
    num_hypotheses: int,
    suppress: Sequence[Sequence[str]],
) -> list[list[Hypothesis]]:
    """One decode of every text with only what it needs: the n-best list of the same
    beam and attention for glossary segments, attention for markup, neither for plain
    text. One engine call per kind; order is preserved. A small batch (one article, a
    server request) is one call with what any of its texts needs: a call costs more
    than the n-best lists and attention its plain texts would not have needed."""
    groups: dict[tuple[int, bool], list[int]] = {}
    for index, (text, terms) in enumerate(zip(texts, found, strict=True)):
        key = (num_hypotheses, True) if terms else (1, text in markup)
        groups.setdefault(key, []).append(index)
    if len(groups) > 1 and len(texts) <= SMALL_BATCH:
        union = (max(n for n, _a in groups), any(a for _n, a in groups))
        groups = {union: list(range(len(texts)))}
    output: list[list[Hypothesis]] = [[] for _text in texts]
    for (nbest, attention), indexes in groups.items():
        decoded = _decode(decoder, [texts[i] for i in indexes], nbest, attention, suppress)
        for index, hypotheses in zip(indexes, decoded, strict=True):
            output[index] = hypotheses
    return output


def _decode(
    decoder: Decoder,
    texts: list[str],
    nbest: int,
    attention: bool,
    suppress: Sequence[Sequence[str]],
) -> list[list[Hypothesis]]:
    if suppress:
        return decoder.translate(
            texts, num_hypotheses=nbest, return_attention=attention, suppress=suppress
        )
    # A stand-in decoder without a glossary need not take ``suppress``.
    return decoder.translate(texts, num_hypotheses=nbest, return_attention=attention)


def _select(
    text: str, matches: Sequence[Match], nbest: Sequence[Hypothesis], lang: str
) -> tuple[Candidate, bool]:
    """From a plain decode: the first hypothesis with every term that keeps the
    sentence (settled: True); else the hypothesis with most terms (False)."""
    first = nbest[0]
    best, best_found = 0, found_terms(first.text, matches, lang)
    if all(best_found):
        return Candidate(first.text, first, dict.fromkeys(range(len(matches)), "copied")), True
    for rank, hypothesis in enumerate(nbest[1:], start=1):
        now = found_terms(hypothesis.text, matches, lang)
        if sum(now) <= sum(best_found):
            continue
        if not check_fidelity(hypothesis.text, first.text, matches).kept:
            continue
        best, best_found = rank, now
        if all(now):
            how = dict.fromkeys(range(len(matches)), "selected")
            return Candidate(hypothesis.text, hypothesis, how), True
    label = "copied" if best == 0 else "selected"
    how = {i: label for i, ok in enumerate(best_found) if ok}
    chosen = nbest[best]
    return Candidate(chosen.text, chosen, how), False


def _settle(
    decoder: Decoder,
    waiting: list[_Waiting],
    results: list[SegmentResult],
    policy: TermPolicy,
    method: str,
    num_hypotheses: int,
    suppress: Sequence[Sequence[str]],
) -> None:
    """A rendering that is whole and still reads as the sentence settles its segment
    without another decode; the rest go to the second pass, all in one engine call,
    and the best rendering of each is kept (in place)."""
    lang = policy.lang
    # Only a whole rendering that keeps the sentence's length can settle: score those.
    whole = [
        [i for i, o in enumerate(w.options) if _whole(o, w, lang) and _kept_text(o, w, True)]
        for w in waiting
    ]
    _score(decoder, [(w, i) for w, indexes in zip(waiting, whole, strict=True) for i in indexes])
    again: list[_Waiting] = []
    for w, indexes in zip(waiting, whole, strict=True):
        settled = next((i for i in indexes if kept_by_score(w.first.score, w.score(i))), None)
        if settled is None:
            again.append(w)
            continue
        option = w.options[settled]
        stage = REPAIRED if option.origin == REPAIRED_ALIGNED else FIRST
        result = _result(option, w.sentence, w.matches, lang, stage)
        results[w.index] = _flagged(result, w, w.score(settled))
    if not again:
        return
    stage = SECOND
    if policy.method == FIRST_PASS_ONLY:
        stage = FIRST
    else:
        forcing, rounds = again, FORCING_ROUNDS
        if method == PLACEHOLDER:
            rounds = LAST_RESORT_ROUNDS
            _plain_pass(decoder, again, lang, num_hypotheses, suppress)
            # What the plain decode leaves unsettled (rare) is forced as well.
            forcing = [
                w
                for w in again
                if not any(_whole(o, w, lang) and _kept_text(o, w) for o in w.options[1:])
            ]
        renderings = constrain(
            decoder, [w.job for w in forcing], lang, num_hypotheses=num_hypotheses,
            suppress=suppress, rounds=rounds,
        )  # fmt: skip
        for w, rendering in zip(forcing, renderings, strict=True):
            if rendering is not None:
                w.options.append(rendering)
    # Last resort, on the renderings the model wrote: a term nothing aligns to replaces
    # the word that attends to it most.
    for w in again:
        w.options += [
            fixed
            for option in list(w.options)
            if option.origin in (MODEL, DECODED) and not option.model_source
            for fixed in [repair(option, w.sentence, w.matches, lang, guess=True)]
            if fixed is not option
        ]
    # The best rendering by text (the sentence kept, then terms, then how much of it the
    # model wrote) is kept, and scored: the sentence check.
    best = {w.index: min(range(len(w.options)), key=lambda i: _rank(w, i, lang)) for w in again}
    _score(decoder, [(w, best[w.index]) for w in again])
    for w in again:
        result = _result(w.options[best[w.index]], w.sentence, w.matches, lang, stage)
        results[w.index] = _flagged(result, w, w.score(best[w.index]))


def _plain_pass(
    decoder: Decoder,
    waiting: list[_Waiting],
    lang: str,
    num_hypotheses: int,
    suppress: Sequence[Sequence[str]],
) -> None:
    """The second pass of a placeholder package: the plain source, decoded once for all
    (it is also the unenforced translation the sentence check compares with)."""
    decoded = _decode(decoder, [w.sentence for w in waiting], num_hypotheses, True, suppress)
    for w, nbest in zip(waiting, decoded, strict=True):
        candidate, _settled = _select(w.sentence, w.matches, nbest, lang)
        w.first, w.reference = nbest[0], nbest[0].text
        w.options.append(candidate)
        fixed = repair(candidate, w.sentence, w.matches, lang, guess=False)
        if fixed is not candidate:
            w.options.append(fixed)


def _score(decoder: Decoder, todo: Sequence[tuple[_Waiting, int]]) -> None:
    """Score the options not scored yet that the model did not write itself: the
    model's score of the sentence around the terms (:func:`sentence_score`), all in one
    ``score_batch`` pass."""
    todo = [(w, i) for w, i in todo if not w.options[i].own and i not in w.scores]
    if not todo:
        return
    pieces = [_pieces(decoder, w.options[i]) for w, i in todo]
    scored = decoder.score_pairs([(w.sentence, p) for (w, _i), p in zip(todo, pieces, strict=True)])
    for (w, i), p, log_probs in zip(todo, pieces, scored, strict=True):
        w.scores[i] = sentence_score(p, log_probs, [m.expected for m in w.matches])


def _pieces(decoder: Decoder, option: Candidate) -> list[str]:
    """The target pieces of a rendering: the model's own where it wrote the words."""
    hypothesis = option.hypothesis
    own = hypothesis.target_tokens[decoder.prefix_tokens :]
    return respelled(own, hypothesis.text, option.text, decoder.tokenize_target)


def _whole(option: Candidate, w: _Waiting, lang: str) -> bool:
    return all(w.found(option, lang))


def _kept_text(option: Candidate, w: _Waiting, strict: bool = False) -> bool:
    """Does the rendering keep the sentence's length and words? Against the unenforced
    translation (strict: what flags), or also against the source's length (what
    chooses: a model that hallucinates a long sentence for a short headline does not
    make a faithful short translation "lost")."""
    source = None if strict else w.sentence
    return check_fidelity(option.text, w.reference, w.matches, source).kept


#: Of two renderings with as many terms, the one the model wrote more of.
_TRUST = {MODEL: 3, DECODED: 3, REPAIRED_ALIGNED: 2, REPAIRED_GUESSED: 1}


def _rank(w: _Waiting, index: int, lang: str) -> tuple[bool, bool, int, int]:
    """Sort key, best first: a lost sentence is worse than a missing term (a list of
    terms is no translation), then fewer terms, then a rendering the model wrote less
    of."""
    option = w.options[index]
    present = sum(w.found(option, lang))
    return (
        not _kept_text(option, w),
        present != len(w.matches),
        -present,
        -_TRUST[option.origin],
    )


def _result(
    candidate: Candidate, source: str, matches: Sequence[Match], lang: str, stage: str
) -> SegmentResult:
    text = drop_stray_placeholders(candidate.text)
    settled = dataclasses.replace(candidate, text=text)
    return SegmentResult(
        text,
        candidate.hypothesis.score,
        outcomes(settled, matches, lang),
        candidate.hypothesis,
        source,
        candidate.model_source,
        stage=stage,
    )


def _flagged(result: SegmentResult, w: _Waiting, score: float) -> SegmentResult:
    """The result, flagged ``sentence_lost`` when the strict sentence check (against
    the unenforced translation alone) or the model's score says so."""
    fidelity = check_fidelity(result.text, w.reference, w.matches)
    if not fidelity.kept:
        lost = quality.sentence_lost(fidelity.reason, fidelity.length_ratio)
    elif not kept_by_score(w.first.score, score):
        lost = quality.sentence_lost("score", fidelity.length_ratio)
    else:
        return result
    result.flags = [*result.flags, lost]
    return result


# ------------------------------------------------------------------ forbidden renderings


def suppressed_sequences(decoder: Decoder, renderings: Sequence[str]) -> list[list[str]]:
    """Target piece sequences that spell each forbidden rendering: as a word of its own
    (leading ``▁``), glued after an apostrophe, and sentence-initial capitalised."""
    sequences: list[list[str]] = []
    for rendering in dict.fromkeys(r.strip() for r in renderings if r.strip()):
        forms = {rendering, rendering[0].upper() + rendering[1:]}
        for form in sorted(forms):
            pieces = decoder.tokenize_target(form)
            if pieces:
                sequences.append(pieces)
                if pieces[0].startswith("▁") and len(pieces[0]) > 1:
                    sequences.append([pieces[0][1:], *pieces[1:]])
    unique = {tuple(s): list(s) for s in sequences}
    return list(unique.values())


def _check_forbidden(result: SegmentResult, forbidden: Sequence[Match], lang: str) -> None:
    """A forbidden rendering in the output is a violation of its term."""
    if not forbidden or result.failure is not None:
        return
    house = {t.term: t.expected for t in result.terms if not t.forbidden}
    for check in verify(result.text, forbidden, lang):
        if check.found:
            # The term's house form (when the segment enforces one); the rendering found.
            entry = dataclasses.replace(
                term_outcome(check, "forbidden"),
                expected=house.get(check.term, ""),
                found=False,
                forbidden=check.expected,
            )
            result.terms.append(entry)
