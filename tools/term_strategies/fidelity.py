"""Moved to the library: :mod:`translate.mt.fidelity` (re-exported for the eval)."""

from translate.mt.fidelity import MIN_LENGTH_RATIO, Fidelity, check_fidelity, term_words, words

__all__ = ["MIN_LENGTH_RATIO", "Fidelity", "check_fidelity", "term_words", "words"]
