"""An OmegaT 3.6 project of stored translations (``review export --for omegat``).

OmegaT's XLIFF filter translates what a ``<target>`` holds, expecting the source copied
there (Okapi's convention): given our XLIFF with French targets it showed the French as
the text to translate. So the project's XLIFF carries the English in both ``<source>``
and ``<target>``, and the translations go where OmegaT takes translations from:

* ``tm/auto/<lang>-reviewed.tmx``: approved and edited translations, which OmegaT
  inserts as the segments' translations when it opens the project;
* ``tm/<lang>-machine.tmx``: the machine's, shown as matches for the translator to take
  or leave, never inserted.

The translator's work comes back from the TMX OmegaT writes (``omegat/project_save.tmx``,
``<project>-omegat.tmx``: TMX 1.1, no segment ids), matched by source text on import.
Pure: plain data in, the project's files as text out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from translate.exchange.model import ExchangeSegment
from translate.exchange.tmx import export_tmx
from translate.exchange.xliff import export_xliff
from translate.lang import primary

#: The project file OmegaT 3.6 opens: the default folders, paragraph segmentation off
#: (a stored segment is already a sentence), tags kept.
_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{source}</source_lang>
        <target_lang>{target}</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.{tokenizer}</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""
#: OmegaT's tokenizers for our target languages (stemming for fuzzy matches); any other
#: language gets the language-neutral one.
_TOKENIZERS = {"fr": "LuceneFrenchTokenizer"}
_HUMAN = ("approved", "edited")


def omegat_project(
    segments: Iterable[ExchangeSegment], *, name: str, target_lang: str
) -> dict[str, str]:
    """The files of an OmegaT project (relative path → text) for ``segments``:
    ``omegat.project``, ``source/<name>.xlf`` (English as the text to translate) and the
    TMX files of the translations (see the module docstring)."""
    kept = list(segments)
    if not kept:
        raise ValueError("nothing to export: an OmegaT project needs at least one segment")
    source_lang = kept[0].source_lang
    # OmegaT reads <target> as the text to translate: the English goes there too. The
    # base record stays the stored translation's, so an untouched unit imports unchanged.
    copied = [replace(s, target=s.source, matches=[]) for s in kept]
    files = {
        "omegat.project": _PROJECT.format(
            source=source_lang.upper(),
            target=target_lang.upper(),
            tokenizer=_TOKENIZERS.get(primary(target_lang), "DefaultTokenizer"),
        ),
        f"source/{name}.xlf": export_xliff(_keep_base(copied, kept)),
    }
    reviewed = [s for s in kept if s.status in _HUMAN]
    machine = [s for s in kept if s.status not in _HUMAN and s.status != "failed"]
    if reviewed:
        files[f"tm/auto/{target_lang}-reviewed.tmx"] = export_tmx(reviewed)
    if machine:
        files[f"tm/{target_lang}-machine.tmx"] = export_tmx(
            machine, statuses=("machine", "needs_review", "rejected")
        )
    for folder in ("target", "glossary", "dictionary", "omegat"):
        files[f"{folder}/.keep"] = ""
    return files


def _keep_base(
    copied: list[ExchangeSegment], originals: list[ExchangeSegment]
) -> list[ExchangeSegment]:
    """The copies, each noting the target it was exported with (its ``base:`` note)."""
    from translate.exchange.model import base_note

    return [
        replace(copy, notes=[f"stored translation ({original.status}): {original.target}",
                             *original.notes], base=base_note(original))
        for copy, original in zip(copied, originals, strict=True)
    ]  # fmt: skip
