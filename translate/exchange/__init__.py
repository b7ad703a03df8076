"""Exchange with CAT tools (Poedit, OmegaT, Okapi, Weblate): PO, XLIFF 1.2/2.0, TMX.

Pure layer: plain data in, file text out; file in, plain data out. Knows nothing
of the store.
"""

from __future__ import annotations

from translate.exchange.model import ExchangeSegment, ImportedSegment
from translate.exchange.po import export_po
from translate.exchange.reader import read_exchange
from translate.exchange.tmx import TMX_STATUSES, export_tmx
from translate.exchange.xliff import export_xliff
from translate.ids import STATUSES

__all__ = [
    "STATUSES",
    "TMX_STATUSES",
    "ExchangeSegment",
    "ImportedSegment",
    "export_po",
    "export_tmx",
    "export_xliff",
    "read_exchange",
]
