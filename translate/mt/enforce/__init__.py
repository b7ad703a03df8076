"""Glossary enforcement over a :class:`~translate.engine.protocol.Decoder`, paying only
for what is missing.

The order of work for a batch of segments (:func:`translate_enforced`):

1. **One decode of every segment**, glossary or not, batched: glossary segments take
   the n-best list of the same beam, with attention.
2. **Verify** every hypothesis: the first that has every term and keeps the sentence
   settles the segment at no extra cost (``copied``, or ``selected`` below the first).
3. **Repair** the hypothesis with most terms: each missing term replaces the span
   attention aligns to its source words (:mod:`.repair`, ``replaced``). A whole
   result that the model still scores as the sentence settles it, still without a
   decode.
4. **Second pass**, only for the segments still missing a term, in one batched engine
   call: the terms masked as ``⟦n⟧`` on a package that copies placeholders
   (:mod:`.placeholders`), else the leftmost missing term forced as a decoding prefix
   (:mod:`.constrain`, ``constrained``). Which one a package gets is measured once
   (:mod:`.probe`). What it still misses is repaired on its own decode.
5. **Sentence check by scoring**: each rendering the model did not write itself is
   scored (one ``score_batch`` pass) against the first hypothesis's own score, and
   checked for length and residue (:mod:`.fidelity`). Of the repaired and the
   re-decoded renderings, the kept sentence wins, then more terms, then the model's
   score. A missing term is ``violated``, a lost sentence flagged ``sentence_lost``:
   the segment is held for review, never shipped silently.

Forbidden renderings (``#, forbidden`` entries) are suppressed in every decode of the
batch (CTranslate2 ``suppress_sequences``) and, when one still shows, its term is
``violated`` (``how: forbidden``). Each result records its :data:`stage`, which the
run report counts per language (``glossary.<lang>.passes``).
"""

from translate.mt.enforce.passes import suppressed_sequences, translate_enforced
from translate.mt.enforce.policy import (
    AUTO,
    CONSTRAIN,
    FIRST,
    FIRST_PASS_ONLY,
    METHODS,
    PLACEHOLDER,
    REPAIRED,
    SECOND,
    STAGES,
    TermPolicy,
    drop_stray_placeholders,
)

__all__ = [
    "AUTO",
    "CONSTRAIN",
    "FIRST",
    "FIRST_PASS_ONLY",
    "METHODS",
    "PLACEHOLDER",
    "REPAIRED",
    "SECOND",
    "STAGES",
    "TermPolicy",
    "drop_stray_placeholders",
    "suppressed_sequences",
    "translate_enforced",
]
