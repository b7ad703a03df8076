"""Glossary enforcement around the engine: protect → n-best → select → repair → verify.

1. **Protect**: every enforced term in the source becomes a placeholder ``⟦n⟧``
   the model copies through (or, with ``strategy="inject"``, the target term is
   written into the source).
2. **Select**: among the n-best hypotheses (best score first), keep the first
   whose restored text satisfies every term.
3. **Repair**: where none does, the span the model produced for a lost term is
   found through CTranslate2's attention and replaced by the term.
4. **Verify**: the final text is checked; what still fails is a violation and
   the segment is stored as ``needs_review``.

5. **Retry**: a segment still in violation (the model dropped a placeholder outright,
   leaving nothing to repair) is translated once more with the target terms injected
   into the source, and that translation is kept if it satisfies every term.

Each term's outcome is a :class:`~translate.mt.result.TermOutcome`, ``how`` one of
``copied`` (first hypothesis), ``selected`` (a lower-ranked hypothesis), ``replaced``
(attention repair), ``injected`` (the retry: the term was written into the source) or
``violated`` (see :data:`translate.mt.result.HOWS`). Inline markup is carried by
:mod:`translate.mt.markup`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from translate.engine.align import aligned_target_span, attended_target_words
from translate.engine.protocol import Decoder
from translate.engine.translator import Hypothesis
from translate.glossary import Glossary, TermCheck, best_compliant, inject, protect, verify
from translate.mt.result import SegmentResult, TermOutcome
from translate.mt.verbatim import is_verbatim_match

# A placeholder the model produced that no protected term owns (models trained with
# placeholders sometimes emit one on their own); it must never reach a reader.
_STRAY_PLACEHOLDER = re.compile(r"\s*⟦\s*\d+\s*⟧")


def drop_stray_placeholders(text: str) -> str:
    cleaned = _STRAY_PLACEHOLDER.sub("", text)
    return re.sub(r"^\s+|\s+(?=[.,;:!?])", "", cleaned)


@dataclass(frozen=True)
class TermPolicy:
    glossary: Glossary | None
    lang: str
    strategy: str = "placeholder"  # or "inject"


def translate_enforced(
    translator: Decoder,
    texts: Sequence[str],
    policy: TermPolicy,
    *,
    num_hypotheses: int = 4,
    markup: frozenset[str] | set[str] = frozenset(),
    matches: Sequence[list[Any]] | None = None,
) -> list[SegmentResult]:
    """Translate texts in batches, enforcing ``policy.glossary`` on each.

    ``markup`` names the texts with inline markup to carry across, which need
    attention; glossary segments get n-best lists with attention (for repair).
    Everything else is decoded 1-best without attention, the cheapest CTranslate2
    call. ``matches``: ``policy.glossary.find`` of each text, when already known.
    """
    glossary = policy.glossary
    if glossary is None:
        matches = [[] for _text in texts]
    elif matches is None:  # callers that already matched (the pipeline) pass them in
        matches = [glossary.find(text) for text in texts]
    matches = list(matches)
    if policy.strategy == "inject":
        protected = [None] * len(texts)
        sources = [inject(text, m) if m else text for text, m in zip(texts, matches, strict=True)]
    else:
        protected = [
            protect(text, m) if m else None for text, m in zip(texts, matches, strict=True)
        ]
        sources = [p.text if p else text for p, text in zip(protected, texts, strict=True)]
    hypotheses = _decode_grouped(translator, texts, sources, matches, markup, num_hypotheses)
    # Attention is costly to return for every n-best hypothesis, and only a segment
    # whose n-best list has no compliant hypothesis needs it: those are decoded again,
    # 1-best with attention, in one batch.
    restored: list[list[str]] = [
        [guard.restore(h.text)[0] if guard else h.text for h in nbest] if found else []
        for found, guard, nbest in zip(matches, protected, hypotheses, strict=True)
    ]
    chosen_all = [
        best_compliant(candidates, found, policy.lang) if found else None
        for candidates, found in zip(restored, matches, strict=True)
    ]
    unrepaired = [
        i
        for i, (found, nbest) in enumerate(zip(matches, hypotheses, strict=True))
        if found and chosen_all[i] is None and nbest[0].attention is None
    ]
    if unrepaired:
        again = translator.translate(
            [sources[i] for i in unrepaired], num_hypotheses=1, return_attention=True
        )
        for index, nbest in zip(unrepaired, again, strict=True):
            hypotheses[index] = nbest + hypotheses[index][1:]
    results: list[SegmentResult] = []
    for index, (text, source, found, guard, nbest) in enumerate(
        zip(texts, sources, matches, protected, hypotheses, strict=True)
    ):
        if not found:
            best = nbest[0]
            results.append(
                SegmentResult(
                    drop_stray_placeholders(best.text), best.score, [], best, text, source
                )
            )
            continue
        chosen = chosen_all[index]
        if chosen is not None:
            how = "copied" if chosen == 0 else "selected"
            final, hyp = restored[index][chosen], nbest[chosen]
        else:
            hyp = nbest[0]
            final, how = _repair(hyp, source, guard, found, policy.lang), "replaced"
        final = drop_stray_placeholders(final)
        checks = verify(final, found, policy.lang)
        terms = [_term_record(c, how if c.found else "violated") for c in checks]
        results.append(SegmentResult(final, hyp.score, terms, hyp, text, source))
    if policy.strategy == "placeholder":
        _retry_by_injection(translator, texts, matches, results, policy.lang)
    return results


def _term_record(check: TermCheck, how: str) -> TermOutcome:
    """A term's outcome; verbatim spans are marked (translate.mt.guard takes them out:
    they are enforced like terms, never reported as glossary terms)."""
    return TermOutcome(
        check.term, check.expected, check.found, how, verbatim=is_verbatim_match(check.match)
    )


def _decode_grouped(
    translator: Decoder,
    texts: Sequence[str],
    sources: list[str],
    matches: list[Any],
    markup: frozenset[str] | set[str],
    num_hypotheses: int,
) -> list[list[Hypothesis]]:
    """Decode each text with only what it needs: n-best and attention for glossary
    segments, attention for markup, neither for plain text. Order is preserved."""
    groups: dict[tuple[int, bool], list[int]] = {}
    for index, (text, found) in enumerate(zip(texts, matches, strict=True)):
        # Glossary segments get attention in this one pass: decoding them again for
        # a repair costs more than returning attention (measured with `make bench`).
        key = (num_hypotheses, True) if found else (1, text in markup)
        groups.setdefault(key, []).append(index)
    output: list[list[Hypothesis]] = [[] for _ in texts]
    for (nbest, attention), indexes in groups.items():
        decoded = translator.translate(
            [sources[i] for i in indexes], num_hypotheses=nbest, return_attention=attention
        )
        for index, hypotheses in zip(indexes, decoded, strict=True):
            output[index] = hypotheses
    return output


def _retry_by_injection(
    translator: Decoder,
    texts: Sequence[str],
    matches: list[Any],
    results: list[SegmentResult],
    lang: str,
) -> None:
    """Last resort for segments whose model dropped a placeholder outright (nothing for
    attention to repair): translate them once more with the target terms written into
    the source, and keep that translation if it satisfies more terms."""
    failed = [i for i, r in enumerate(results) if r.violated]
    if not failed:
        return
    sources = [inject(texts[i], matches[i]) for i in failed]
    # A last resort for few segments: greedy decoding keeps its cost small (the terms
    # are already in the source, so there is little for a beam to find).
    retried = translator.translate(sources, num_hypotheses=1, beam_size=1)
    for position, (index, nbest) in enumerate(zip(failed, retried, strict=True)):
        candidates = [drop_stray_placeholders(h.text) for h in nbest]
        chosen = best_compliant(candidates, matches[index], lang)
        if chosen is None:
            continue
        checks = verify(candidates[chosen], matches[index], lang)
        before = results[index]
        kept = {t.term: t.how for t in before.terms if t.found}
        terms = [
            _term_record(c, kept.get(c.term, "injected") if c.found else "violated") for c in checks
        ]
        results[index] = SegmentResult(
            candidates[chosen],
            nbest[chosen].score,
            terms,
            nbest[chosen],
            texts[index],
            sources[position],
        )


def _repair(hyp: Hypothesis, source: str, guard: Any, matches: list[Any], lang: str) -> str:
    """Put each lost placeholder back where the model translated its source span."""
    if guard is None:
        return hyp.text
    raw = hyp.text
    edits: list[tuple[int, int, str]] = []

    def free(span: tuple[int, int]) -> bool:
        # Never overwrite another edit or a placeholder the model did copy.
        return "⟦" not in raw[span[0] : span[1]] and all(
            span[1] <= s or span[0] >= e for s, e, _ in edits
        )

    for token in guard.missing(raw):
        start = source.find(token)
        if start < 0:
            continue
        span = aligned_target_span(hyp, start, start + len(token))
        if span is None or not free(span):
            # Nothing aligns to the placeholder: take the word that attends to it most.
            span = next(
                (w for w in attended_target_words(hyp, start, start + len(token)) if free(w)),
                None,
            )
        if span is not None:
            edits.append((span[0], span[1], token))
    # Apply right to left so earlier offsets stay valid.
    for start, end, token in sorted(edits, reverse=True):
        raw = raw[:start] + token + raw[end:]
    text, _missing = guard.restore(raw)
    return text
