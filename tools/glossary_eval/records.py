"""What the eval records of one enforced segment: the text, each term's outcome, the
verdict, and the stage enforcement settled it at."""

from __future__ import annotations

from dataclasses import dataclass

from translate.glossary import Match
from translate.mt.enforce.fidelity import Fidelity

#: How a term came to be in the output. ``copied``: the model's own first hypothesis
#: had it; ``selected``: a lower-ranked hypothesis did; ``repaired``: the span aligned
#: to the term was replaced (the product calls this ``replaced``); ``constrained``: the
#: term was forced as a decoding prefix and the model wrote the rest; ``injected``: the
#: target term was written in by us; ``violated``: absent.
HOW = ("copied", "selected", "repaired", "constrained", "injected", "violated")


@dataclass(frozen=True)
class TermOutcome:
    match: Match
    found: bool
    how: str  # one of HOW


@dataclass(frozen=True)
class EnforcedSegment:
    """One enforced translation, as the eval reads it."""

    text: str
    terms: tuple[TermOutcome, ...] = ()
    # None: nothing checked whether the sentence survived.
    fidelity: Fidelity | None = None
    # The product flagged the segment for review on its own (a quality flag such as
    # sentence_lost), beyond its term outcomes.
    flagged: bool = False
    # Where enforcement settled it (translate.mt.enforce.STAGES), "" without terms.
    stage: str = ""

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
