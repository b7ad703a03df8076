"""The glossary check of human text: a reviewer's edit, or an imported file, that drops
a term is flagged like machine output, never silently shipped. The glossary is the one
a run uses (``translate.glossary.load_for``)."""

from __future__ import annotations

import functools
from typing import Any

from translate.glossary import Glossary, load_for, verify
from translate.mt.result import TermOutcome
from translate.store import Store


@functools.cache
def glossary_for(lang: str) -> Glossary:
    """The glossary review checks use for ``lang``: the run's default glossaries."""
    return load_for(lang)


def check_terms(source: str, text: str, lang: str) -> list[dict[str, Any]]:
    """The glossary check of a reviewer's text, in the shape runs store: a human edit
    that drops a term is flagged like machine output, never silently shipped."""
    matches = glossary_for(lang).find(source)
    return [
        TermOutcome(c.term, c.expected, c.found, "reviewer" if c.found else "violated").as_dict()
        for c in verify(text, matches, lang)
    ]


def edit_translation(
    store: Store, translation_id: int, text: str, who: str | None, note: str | None = None
) -> dict[str, Any]:
    """Edit a translation and record the glossary check of the new text."""
    row = store.get_translation(translation_id)
    terms = check_terms(row["source_text"], text, row["lang"])
    return store.edit(translation_id, text, who, note=note, terms=terms)


def recheck_reviewed(store: Store, keys: set[tuple[int, str]]) -> None:
    """Re-check the glossary on imported human translations (edited or approved)."""
    for segment_id, lang in sorted(keys):
        for translation_id, final_text, source_text in store.human_translations(segment_id, lang):
            store.set_terms(translation_id, check_terms(source_text, final_text, lang))
