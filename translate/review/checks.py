"""The glossary check of human text: a reviewer's edit, or an imported file, that drops
a term is flagged like machine output, never silently shipped. The glossary is the one
the translation's run used (recorded with the run: ``Store.run_glossaries``), chosen
and loaded the way runs do (``translate.glossary.load_for``); the default glossaries
for a translation whose run recorded none."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from translate import tags
from translate.errors import GlossaryViolationError, UsageError
from translate.glossary import Glossary, load_for, verify
from translate.glossary.loader import parse_spec
from translate.i18n import _
from translate.mt import quality
from translate.records import (
    Flag,
    GlossarySelection,
    InlineSpan,
    ReviewItem,
    StoredTranslation,
    TermOutcome,
)
from translate.store import Store

#: What a translation without a recorded run selection is checked against.
DEFAULTS = GlossarySelection()


@functools.cache
def glossary_for(lang: str, selection: GlossarySelection = DEFAULTS) -> Glossary:
    """The glossary of ``selection`` for ``lang``, as a run loads it (cached)."""
    return load_for(lang, selection.files, use_defaults=selection.defaults)


@dataclass
class TermChecker:
    """Checks human text against the glossary its translation's run used.

    A glossary file the run used that is gone is left out of the check, and said once
    in :attr:`warnings` (the CLI prints them): the check goes on with what remains."""

    store: Store
    warnings: list[str] = field(default_factory=list)
    _runs: dict[int, GlossarySelection] = field(default_factory=dict)

    def selection(self, run_id: int | None) -> GlossarySelection:
        if run_id is None:
            return DEFAULTS
        if run_id not in self._runs:
            recorded = self.store.run_glossaries(run_id) or DEFAULTS
            present = tuple(f for f in recorded.files if parse_spec(f).path.is_file())
            for gone in sorted(set(recorded.files) - set(present)):
                self.warnings.append(
                    _(
                        "glossary {path} of run {run} is gone; its translations are checked "
                        "without it"
                    ).format(path=str(parse_spec(gone).path), run=run_id)
                )
            self._runs[run_id] = GlossarySelection(present, recorded.defaults)
        return self._runs[run_id]

    def glossary(self, lang: str, run_id: int | None) -> Glossary:
        return glossary_for(lang, self.selection(run_id))

    def check(self, row: StoredTranslation, text: str | None = None) -> list[TermOutcome]:
        """The glossary check of ``text`` (default: the row's final text) as a
        translation of ``row``'s source, as runs record it."""
        return check_terms(
            row.source_text,
            row.final_text if text is None else text,
            row.lang,
            self.glossary(row.lang, row.run_id),
        )


def check_terms(
    source: str, text: str, lang: str, glossary: Glossary | None = None
) -> list[TermOutcome]:
    """The glossary check of a reviewer's text against ``glossary`` (default: the
    default glossaries of ``lang``): a human edit that drops a term is flagged like
    machine output, never silently shipped."""
    matches = (glossary or glossary_for(lang)).find(source)
    return [
        TermOutcome(c.term, c.expected, c.found, "reviewer" if c.found else "violated")
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
    checker: TermChecker,
    translation_id: int,
    text: str,
    who: str | None,
    note: str | None = None,
) -> StoredTranslation:
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
    store = checker.store
    row = store.get_translation(translation_id)
    markup = row.markup
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
        flags = markup_flags(row.flags, markup, spans)
    terms = checker.check(row, text)
    return store.edit(translation_id, text, who, note=note, terms=terms, spans=spans, flags=flags)


def markup_flags(
    flags: list[Flag], markup: list[InlineSpan], spans: list[InlineSpan]
) -> list[Flag]:
    """A translation's flags after a person placed ``spans``: a ``markup`` flag naming
    the tags left out, or none when every tag is there."""
    kept = [flag for flag in flags if flag.reason != "markup"]
    dropped = tags.missing(spans, markup)
    if dropped:
        legend = tags.legend(markup)
        kept.append(quality.markup_dropped([legend[k - 1] for k in dropped]))
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


def dropped_markup(item: ReviewItem | StoredTranslation) -> list[str]:
    """The tags a translation's text leaves out, as its ``markup`` flag names them."""
    return [f.detail for f in item.flags if f.reason == "markup"]


def recheck_reviewed(checker: TermChecker, keys: set[tuple[int, str]]) -> list[GlossaryWarning]:
    """Re-check the glossary on imported human translations (edited or approved);
    returns what they break."""
    warnings: list[GlossaryWarning] = []
    for segment_id, lang in sorted(keys):
        for row in checker.store.human_translations(segment_id, lang):
            terms = checker.check(row)
            checker.store.set_terms(row.id, terms)
            warnings += broken(row.id, segment_id, terms, row.final_text or "")
    return warnings


@dataclass(frozen=True)
class GlossaryWarning:
    """A glossary term a human text breaks: `term` should read `expected` (`text` is the
    translation that breaks it)."""

    translation_id: int
    segment_id: int
    term: str
    expected: str
    text: str = ""

    def message(self) -> str:
        """One line: the term, what it should read, and what the text has instead (the
        closest words, when some are close enough) or that it dropped the term."""
        instead = closest_words(self.expected, self.text)
        if self.term.casefold() == self.expected.casefold():  # a term kept as it is
            problem = (
                _("{term!r} is kept as it is, but the text has {instead!r}")
                if instead
                else _("{term!r} is kept as it is, but the text drops it")
            )
        else:
            problem = (
                _("{term!r} should be {expected!r}, but the text has {instead!r}")
                if instead
                else _("{term!r} should be {expected!r}")
            )
        return _("translation {id} (segment {segment_id}) breaks the glossary: {problem}").format(
            id=self.translation_id,
            segment_id=self.segment_id,
            problem=problem.format(term=self.term, expected=self.expected, instead=instead),
        )


#: How like the expected form the closest words must be to be named as "instead".
CLOSE_ENOUGH = 60.0


def closest_words(expected: str, text: str) -> str | None:
    """The words of ``text`` most like ``expected``: rapidfuzz's best partial alignment,
    widened to whole words, then narrowed to the run of them most like the term, when
    it is close enough to be what stands for it."""
    if not expected.strip() or not text.strip():
        return None
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(expected.casefold(), text.casefold())
    if found is None or found.score < CLOSE_ENOUGH:
        return None
    start, end = found.dest_start, found.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    words = [w.strip('.,;:!?«»"“”()') for w in text[start:end].split()]
    runs = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    term = expected.casefold()
    # A word of the run that is no part of the term lowers its token-set score.
    best = max(
        runs,
        key=lambda run: (
            fuzz.token_set_ratio(term, run.casefold()),
            fuzz.ratio(term, run.casefold()),
            -len(run),
        ),
    )
    return best or None


def broken(
    translation_id: int, segment_id: int, terms: list[TermOutcome], text: str = ""
) -> list[GlossaryWarning]:
    return [
        GlossaryWarning(translation_id, segment_id, t.term, t.expected, text)
        for t in terms
        if not t.found
    ]


def item_warnings(item: ReviewItem) -> list[GlossaryWarning]:
    """What a review item's text breaks, as the warnings an edit prints."""
    return [
        GlossaryWarning(item.id, item.segment_id, v.term, v.expected, item.target or "")
        for v in item.violations
    ]


def approval_violations(checker: TermChecker, translation_ids: list[int]) -> list[GlossaryWarning]:
    """What the current text of these translations breaks, checked afresh."""
    warnings: list[GlossaryWarning] = []
    for translation_id in translation_ids:
        row = checker.store.get_translation(translation_id)
        warnings += broken(translation_id, row.segment_id, checker.check(row), row.final_text or "")
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
