"""Glossaries: PO term files, matching in English sources, protect/restore, verify.

Pure text in, text out: nothing here touches the engine or the store, and only
``loader.py`` touches the file system (where glossaries live, reading, writing).
"""

from __future__ import annotations

from translate.glossary.formats import TERM_FORMATS
from translate.glossary.loader import (
    check_glossary,
    default_glossary_paths,
    glossary_dir,
    glossary_paths,
    import_glossary,
    import_terms,
    load_for,
    load_glossary,
    merge_into_po,
)
from translate.glossary.matching import Glossary
from translate.glossary.model import Entry, Match, Problem, TermCheck
from translate.glossary.protect import Protected, inject, protect, replace_span
from translate.glossary.terms import export_terms
from translate.glossary.verify import best_compliant, verify
from translate.lang import PluralRule, plural_rule

#: The term list formats (``translate.glossary.formats.TERM_FORMATS``).
FORMATS = TERM_FORMATS

__all__ = [
    "FORMATS",
    "Entry",
    "Glossary",
    "Match",
    "PluralRule",
    "Problem",
    "Protected",
    "TermCheck",
    "best_compliant",
    "check_glossary",
    "default_glossary_paths",
    "export_terms",
    "glossary_dir",
    "glossary_paths",
    "import_glossary",
    "import_terms",
    "inject",
    "load_for",
    "load_glossary",
    "merge_into_po",
    "plural_rule",
    "protect",
    "replace_span",
    "verify",
]
