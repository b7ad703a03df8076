"""Moved to the library: :mod:`translate.mt.strategy` (re-exported for the eval)."""

from translate.mt.strategy import BEST_OF as PLAIN
from translate.mt.strategy import (
    CANNED,
    MIN_COPY_RATE,
    PLACEHOLDER,
    choose_strategy,
    copies_placeholders,
    probe,
)
from translate.mt.strategy import StrategyChoice as PlaceholderProbe

__all__ = [
    "CANNED",
    "MIN_COPY_RATE",
    "PLACEHOLDER",
    "PLAIN",
    "PlaceholderProbe",
    "choose_strategy",
    "copies_placeholders",
    "probe",
]
