"""Glossaries: PO term files, matching in English sources, protect/restore, verify.

Pure text in, text out: nothing here touches the engine or the store.
"""

from __future__ import annotations

from translate.glossary.check import check_glossary
from translate.glossary.loading import glossary_paths, load_for
from translate.glossary.matching import (
    Glossary,
    default_glossary_paths,
    glossary_dir,
    load_glossary,
)
from translate.glossary.model import Entry, Match, Problem, TermCheck
from translate.glossary.po import merge_into_po
from translate.glossary.protect import Protected, inject, protect, replace_span
from translate.glossary.terms import FORMATS, export_terms, import_terms
from translate.glossary.verify import best_compliant, verify
from translate.lang import PluralRule, plural_rule

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
