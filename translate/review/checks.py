"""The glossary check of human text: a reviewer's edit, or an imported file, that drops
a term is flagged like machine output, never silently shipped. The glossary is the one
a run uses (``translate.glossary.load_for``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from translate import tags
from translate.documents.model import InlineSpan
from translate.errors import GlossaryViolationError, UsageError
from translate.glossary import Glossary, load_for, verify
from translate.i18n import _
from translate.mt import quality
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


# What a reviewer's text may not hold: C0 controls but tab and newline, DEL, C1 controls
# (an ESC typed into a terminal would reach the published article), and the lone
# surrogates that stand for bytes that were not UTF-8 (argv, stdin).
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why a reviewer's text cannot be stored (one phrase), or None."""
    found = _UNWANTED.search(text)
    if found is None:
        return None
    char, position = found.group(), found.start() + 1
    if "\udc80" <= char <= "\udcff":
        return _("not valid UTF-8 (byte {byte} at character {position})").format(
            byte=f"0x{ord(char) - 0xDC00:02x}", position=position
        )
    return _("a control character ({code} at character {position})").format(
        code=f"U+{ord(char):04X}", position=position
    )


def edit_translation(
    store: Store, translation_id: int, text: str, who: str | None, note: str | None = None
) -> dict[str, Any]:
    """Edit a translation and record the glossary check of the new text.

    Where the segment has links or emphasis, ``text`` is tagged text
    (``translate.tags``): broken tags are refused (exit 2, nothing changed); tags left
    out are recorded as a ``markup`` flag and the text is stored without that markup.
    A control character or a byte that was not UTF-8 is refused (exit 2)."""
    problem = text_problem(text)
    if problem is not None:
        raise UsageError(
            _("translation {id}: the new text holds {problem}; nothing changed").format(
                id=translation_id, problem=problem
            )
        )
    row = store.get_translation(translation_id)
    markup = row["markup"]
    spans = None
    flags = None
    if markup:
        try:
            untagged = tags.untag(text, markup)
        except tags.TagError as error:
            raise UsageError(
                _("translation {id}: {problem}; nothing changed").format(
                    id=translation_id, problem=error
                )
            ) from None
        text, spans = untagged.text, untagged.spans
        flags = markup_flags(row["flags"], markup, spans)
    terms = check_terms(row["source_text"], text, row["lang"])
    return store.edit(translation_id, text, who, note=note, terms=terms, spans=spans, flags=flags)


def markup_flags(
    flags: list[dict[str, str]], markup: list[InlineSpan], spans: list[InlineSpan]
) -> list[dict[str, str]]:
    """A translation's flags after a person placed ``spans``: a ``markup`` flag naming
    the tags left out, or none when every tag is there."""
    kept = [flag for flag in flags if flag.get("reason") != "markup"]
    dropped = tags.missing(spans, markup)
    if dropped:
        legend = tags.legend(markup)
        kept.append(quality.markup_dropped([legend[k - 1] for k in dropped]).as_dict())
    return kept


@dataclass(frozen=True)
class MarkupWarning:
    """Tags of the source a person's text leaves out (links, emphasis lost on render)."""

    translation_id: int
    segment_id: int
    dropped: str  # their legend lines, "<1>…</1> = […](https://…)"

    def message(self) -> str:
        return _(
            "translation {id} (segment {segment_id}) leaves out inline tags: {dropped}"
        ).format(id=self.translation_id, segment_id=self.segment_id, dropped=self.dropped)

    def as_dict(self) -> dict[str, Any]:
        return {
            "translation_id": self.translation_id,
            "segment_id": self.segment_id,
            "dropped": self.dropped,
        }


def dropped_markup(item: dict[str, Any]) -> list[str]:
    """The tags a translation's text leaves out, as its ``markup`` flag names them."""
    return [f["detail"] for f in item.get("flags", []) if f.get("reason") == "markup"]


def recheck_reviewed(store: Store, keys: set[tuple[int, str]]) -> list[GlossaryWarning]:
    """Re-check the glossary on imported human translations (edited or approved);
    returns what they break."""
    warnings: list[GlossaryWarning] = []
    for segment_id, lang in sorted(keys):
        for translation_id, final_text, source_text in store.human_translations(segment_id, lang):
            terms = check_terms(source_text, final_text, lang)
            store.set_terms(translation_id, terms)
            warnings += broken(translation_id, segment_id, terms)
    return warnings


@dataclass(frozen=True)
class GlossaryWarning:
    """A glossary term a human text breaks: `term` should read `expected`."""

    translation_id: int
    segment_id: int
    term: str
    expected: str

    def message(self) -> str:
        return _(
            "translation {id} (segment {segment_id}) breaks the glossary: "
            "{term!r} should be {expected!r}"
        ).format(
            id=self.translation_id,
            segment_id=self.segment_id,
            term=self.term,
            expected=self.expected,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "translation_id": self.translation_id,
            "segment_id": self.segment_id,
            "term": self.term,
            "expected": self.expected,
        }


def broken(
    translation_id: int, segment_id: int, terms: list[dict[str, Any]]
) -> list[GlossaryWarning]:
    return [
        GlossaryWarning(translation_id, segment_id, str(t.get("term")), str(t.get("expected")))
        for t in terms
        if not t.get("found")
    ]


def approval_violations(store: Store, translation_ids: list[int]) -> list[GlossaryWarning]:
    """What the current text of these translations breaks, checked afresh."""
    warnings: list[GlossaryWarning] = []
    for translation_id in translation_ids:
        row = store.get_translation(translation_id)
        terms = check_terms(row["source_text"], row["final_text"], row["lang"])
        warnings += broken(translation_id, row["segment_id"], terms)
    return warnings


def refuse_violations(warnings: list[GlossaryWarning]) -> None:
    """An approval that leaves glossary violations: one line naming them, exit 3."""
    if warnings:
        shown = "; ".join(w.message() for w in warnings[:3])
        more = len(warnings) - 3
        if more > 0:
            shown += " " + _("(and {count} more)").format(count=more)
        raise GlossaryViolationError(
            _("not approved: {problems}; fix the text or give --force").format(problems=shown)
        )
