"""Every strategy ``make eval`` compares, behind one signature.

``placeholder`` and ``inject`` are the product's own enforcement
(``translate.mt.enforce.translate_enforced``, today's code path, untouched); the others
are the prototypes of :mod:`tools.term_strategies`. ``placeholder+guard`` is the
product's result checked for a lost sentence (:func:`check_fidelity`) and, where
lost, replaced by the plain strategy; ``auto`` picks per package from the
placeholder-copy probe (``placeholder+guard`` for a package that copies ``⟦n⟧``,
``best-of`` for one that does not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from tools.term_strategies.decoding import text_log_probs
from tools.term_strategies.fidelity import check_fidelity
from tools.term_strategies.plain import enforce_plain
from tools.term_strategies.probe import PLACEHOLDER, choose_strategy
from tools.term_strategies.records import EnforcedSegment, TermOutcome
from translate.engine.translator import CT2Translator
from translate.glossary import Glossary, Match
from translate.mt.enforce import TermPolicy, translate_enforced
from translate.mt.result import SegmentResult

Strategy = Callable[
    [CT2Translator, Sequence[str], Sequence[list[Match]], Glossary], list[EnforcedSegment]
]

#: The product labels an attention repair "replaced"; the eval says "repaired".
_PRODUCT_HOW = {"replaced": "repaired"}


def from_product(result: SegmentResult, matches: Sequence[Match], strategy: str) -> EnforcedSegment:
    """The product's result as a strategy record; the product checks no sentence loss."""
    terms = tuple(
        TermOutcome(match, term.found, _PRODUCT_HOW.get(term.how, term.how))
        for match, term in zip(matches, result.terms, strict=True)
    )
    return EnforcedSegment(result.text, result.score, strategy, terms, None, result.hypothesis)


def unenforced(translator: CT2Translator, texts: Sequence[str], lang: str) -> list[str]:
    """What the product writes with no glossary: the reference for collapse and fidelity."""
    return [r.text for r in translate_enforced(translator, list(texts), TermPolicy(None, lang))]


def product(strategy: str) -> Strategy:
    def run(
        translator: CT2Translator,
        texts: Sequence[str],
        matches: Sequence[list[Match]],
        glossary: Glossary,
    ) -> list[EnforcedSegment]:
        policy = TermPolicy(glossary, glossary.lang, strategy)
        results = translate_enforced(translator, list(texts), policy, matches=list(matches))
        return [from_product(r, m, strategy) for r, m in zip(results, matches, strict=True)]

    return run


def plain(*, with_repair: bool, with_constraints: bool) -> Strategy:
    def run(
        translator: CT2Translator,
        texts: Sequence[str],
        matches: Sequence[list[Match]],
        glossary: Glossary,
    ) -> list[EnforcedSegment]:
        return enforce_plain(
            translator,
            texts,
            matches,
            glossary.lang,
            with_repair=with_repair,
            with_constraints=with_constraints,
        )

    return run


_FALLBACK = plain(with_repair=True, with_constraints=True)


def placeholder_guarded(
    translator: CT2Translator,
    texts: Sequence[str],
    matches: Sequence[list[Match]],
    glossary: Glossary,
) -> list[EnforcedSegment]:
    """Placeholders, then a sentence check. A lost sentence goes to the plain strategy;
    so does a term violation, whose plain result is kept when it has more terms."""
    results = product("placeholder")(translator, texts, matches, glossary)
    reference = unenforced(translator, texts, glossary.lang)
    checked: list[EnforcedSegment] = []
    lost: list[int] = []
    for index, (result, plain_text) in enumerate(zip(results, reference, strict=True)):
        fidelity = check_fidelity(result.text, plain_text, matches[index])
        checked.append(
            EnforcedSegment(
                result.text,
                result.score,
                "placeholder+guard",
                result.terms,
                fidelity,
                result.hypothesis,
            )
        )
        if matches[index] and (not fidelity.kept or result.violated):
            lost.append(index)
    if lost:
        sources, found = [texts[i] for i in lost], [matches[i] for i in lost]
        again = _FALLBACK(translator, sources, found, glossary)
        for index, result in zip(lost, again, strict=True):
            before = checked[index]
            assert before.fidelity is not None
            # A lost sentence always goes; a kept one only for a result with more terms.
            better = sum(t.found for t in result.terms) > sum(t.found for t in before.terms)
            if not before.fidelity.kept or (better and not result.needs_review):
                checked[index] = result
    return checked


def best_of(
    translator: CT2Translator,
    texts: Sequence[str],
    matches: Sequence[list[Match]],
    glossary: Glossary,
) -> list[EnforcedSegment]:
    """Per segment, the better of ``placeholder+guard`` and the plain strategy: not
    flagged first, then more terms, then what the model scores higher as a
    translation of the source (mean token log-probability of the finished text)."""
    guarded = placeholder_guarded(translator, texts, matches, glossary)
    plain_results = _FALLBACK(translator, texts, matches, glossary)
    chosen: list[EnforcedSegment] = []
    for text, found, first, second in zip(texts, matches, guarded, plain_results, strict=True):
        if not found or first.text == second.text:
            chosen.append(first)
            continue
        scores = text_log_probs(translator, text, [first.text, second.text])

        def rank(pair: tuple[EnforcedSegment, float]) -> tuple[bool, int, float]:
            result, score = pair
            return (not result.needs_review, sum(t.found for t in result.terms), score)

        best = max(zip((first, second), scores, strict=True), key=rank)[0]
        chosen.append(replace(best, strategy="best-of"))
    return chosen


def auto(record: Path) -> Strategy:
    def run(
        translator: CT2Translator,
        texts: Sequence[str],
        matches: Sequence[list[Match]],
        glossary: Glossary,
    ) -> list[EnforcedSegment]:
        verdict = choose_strategy(translator, record)
        chosen = placeholder_guarded if verdict.strategy == PLACEHOLDER else best_of
        results = chosen(translator, texts, matches, glossary)
        return [replace(r, strategy=f"auto:{verdict.strategy}") for r in results]

    return run


def strategies(probe_record: Path) -> dict[str, Strategy]:
    return {
        "placeholder": product("placeholder"),
        "inject": product("inject"),
        "rerank": plain(with_repair=False, with_constraints=False),
        "rerank+repair": plain(with_repair=True, with_constraints=False),
        "rerank+constrain": plain(with_repair=False, with_constraints=True),
        "rerank+constrain+repair": _FALLBACK,
        "placeholder+guard": placeholder_guarded,
        "best-of": best_of,
        "auto": auto(probe_record),
    }
