"""What a strategy returns for one segment: the text, each term's outcome, the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tools.term_strategies.fidelity import Fidelity
from translate.engine.translator import Hypothesis
from translate.glossary import Match

#: How a term came to be in the output. ``copied``: the model's own first hypothesis
#: had it; ``selected``: a lower-ranked hypothesis did; ``repaired``: the span aligned
#: to the term was replaced (the product calls this ``replaced``); ``constrained``: the
#: term was forced as a decoding prefix and the model wrote the rest; ``injected``: the
#: target term was written into the source; ``violated``: absent.
HOW = ("copied", "selected", "repaired", "constrained", "injected", "violated")


@dataclass(frozen=True)
class TermOutcome:
    match: Match
    found: bool
    how: str  # one of HOW

    @property
    def term(self) -> str:
        return self.match.entry.source

    @property
    def expected(self) -> str:
        return self.match.expected


@dataclass(frozen=True)
class EnforcedSegment:
    """One enforced translation, as a strategy reports it."""

    text: str
    score: float
    strategy: str
    terms: tuple[TermOutcome, ...] = ()
    # None: the strategy does not check whether the sentence survived (today's product).
    fidelity: Fidelity | None = None
    hypothesis: Hypothesis | None = field(default=None, repr=False, compare=False)
    # The product flagged the segment for review on its own (a quality flag such as
    # sentence_lost), beyond its term outcomes.
    flagged: bool = False

    @property
    def violated(self) -> bool:
        return any(not t.found for t in self.terms)

    @property
    def needs_review(self) -> bool:
        """What the product would store as ``needs_review``: a term missing, or the
        sentence lost on the way (a "compliant" list of terms is not a translation)."""
        return (
            self.violated or self.flagged or (self.fidelity is not None and not self.fidelity.kept)
        )

    def term_dicts(self) -> list[dict[str, Any]]:
        """The product's ``SegmentResult.terms`` shape (what the store records)."""
        return [
            {"term": t.term, "expected": t.expected, "found": t.found, "how": t.how}
            for t in self.terms
        ]
