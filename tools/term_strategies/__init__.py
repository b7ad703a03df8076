"""Prototype glossary-enforcement strategies for packages that never saw ``⟦n⟧``.

Dev tooling, measured by ``make eval`` (``tools/glossary_eval``), not product code:
the product's enforcement is ``translate/mt/enforce.py`` (placeholders). Written as typed
functions over the product's ``Translator``, glossary ``Match`` lists and
``Hypothesis`` objects so that the winner can move into ``translate/mt/`` with little
change:

* :mod:`.fidelity` — verification that looks at more than the presence of the terms:
  did the enforced translation keep the sentence?
* :mod:`.plain` — plain decoding (the source untouched), n-best rerank by term
  compliance, then attention-alignment repair of each term still missing;
* :mod:`.constrained` — prefix-constrained re-decoding from where a missing term
  should start (CTranslate2 ``target_prefix``), the model writing the rest;
* :mod:`.probe` — does a package copy ``⟦n⟧`` through? A one-time probe per package
  that picks the strategy.
"""

from tools.term_strategies.fidelity import Fidelity, check_fidelity
from tools.term_strategies.records import EnforcedSegment, TermOutcome

__all__ = ["EnforcedSegment", "Fidelity", "TermOutcome", "check_fidelity"]
