"""The enforcement variants ``make eval`` compares, all the product's own code.

``production`` is :func:`translate.mt.enforce.translate_enforced` as the library runs
it (the second pass the package's probe picks); ``placeholder`` and ``constrain``
force one second pass on every package; ``first-pass`` spends no second decode
(selection and alignment repair only), which shows what the second pass buys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tools.glossary_eval.records import EnforcedSegment, TermOutcome
from translate.engine.translator import CT2Translator
from translate.glossary import Glossary, Match
from translate.mt.enforce import (
    AUTO,
    CONSTRAIN,
    FIRST_PASS_ONLY,
    PLACEHOLDER,
    TermPolicy,
    translate_enforced,
)
from translate.mt.result import SegmentResult

Strategy = Callable[
    [CT2Translator, Sequence[str], Sequence[list[Match]], Glossary], list[EnforcedSegment]
]

#: The product labels an attention repair "replaced"; the eval says "repaired".
_PRODUCT_HOW = {"replaced": "repaired"}


def from_product(result: SegmentResult, matches: Sequence[Match]) -> EnforcedSegment:
    """The product's result as the eval's record; its own flags count as needs_review."""
    terms = tuple(
        TermOutcome(match, term.found, _PRODUCT_HOW.get(term.how, term.how))
        for match, term in zip(matches, result.terms, strict=True)
    )
    return EnforcedSegment(result.text, terms, None, bool(result.flags), result.stage)


def unenforced(translator: CT2Translator, texts: Sequence[str], lang: str) -> list[str]:
    """What the product writes with no glossary: the reference for collapse and fidelity."""
    return [r.text for r in translate_enforced(translator, list(texts), TermPolicy(None, lang))]


def product(method: str) -> Strategy:
    def run(
        translator: CT2Translator,
        texts: Sequence[str],
        matches: Sequence[list[Match]],
        glossary: Glossary,
    ) -> list[EnforcedSegment]:
        policy = TermPolicy(glossary, glossary.lang, method)
        results = translate_enforced(translator, list(texts), policy, matches=list(matches))
        return [from_product(r, m) for r, m in zip(results, matches, strict=True)]

    return run


#: What ``make eval`` runs unless told otherwise (``--all``: every variant).
DEFAULT = ("production",)


def strategies() -> dict[str, Strategy]:
    return {
        "production": product(AUTO),
        "placeholder": product(PLACEHOLDER),
        "constrain": product(CONSTRAIN),
        "first-pass": product(FIRST_PASS_ONLY),
    }
