"""Inline-markup transfer: where the source's bold, links and italics go in a translation.

A span whose text survives verbatim is found by string match; otherwise the model's
attention links the source span to the output (``translate.engine.align``), with
offsets mapped across the edits between what the model read and wrote and the texts
we hold (placeholders restored, typography applied). Spans never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from translate import tags
from translate.documents import InlineSpan, Segment
from translate.engine.align import aligned_target_span
from translate.engine.translator import Hypothesis

_PLACEHOLDER = re.compile(r"⟦\d+⟧")


def carry_spans(
    segment: Segment,
    text: str,
    hypothesis: Hypothesis | None = None,
    source_text: str = "",
    model_source: str = "",
) -> list[InlineSpan]:
    """Inline markup of ``segment``, moved onto its translation ``text``.

    ``hypothesis`` (with attention), ``source_text`` and ``model_source`` (what the model
    read; "" means ``source_text``) locate spans whose text changed in translation."""
    spans = []
    for span in segment.spans:
        if span.start == span.end and tags.kind(span) in _VOID_KINDS:
            at = _lone_position(segment, span.start, text, hypothesis, source_text, model_source)
            if at is not None:
                spans.append(InlineSpan(at, at, span.open, span.close))
            continue
        surface = segment.text[span.start : span.end]
        found = text.find(surface) if surface else -1
        if found >= 0:
            spans.append(InlineSpan(found, found + len(surface), span.open, span.close))
            continue
        located = _aligned(segment, span.start, span.end, text, hypothesis, source_text,
                           model_source)  # fmt: skip
        if located is not None and located[1] > located[0]:
            spans.append(InlineSpan(located[0], located[1], span.open, span.close))
        elif span.start == 0 and span.end == len(segment.text):
            spans.append(InlineSpan(0, len(text), span.open, span.close))
    return non_overlapping(spans)


#: Lone elements that stand on their own (a line break, an image), unlike the halves of
#: raw inline HTML a Markdown reader keeps as two lone spans (``<b>``, ``</b>``): those are
#: never carried one without the other.
_VOID_KINDS = ("break", "image")


def _lone_position(
    segment: Segment,
    at: int,
    text: str,
    hyp: Hypothesis | None,
    source_text: str,
    model_source: str,
) -> int | None:
    """Where a lone element at ``at`` of the source goes in ``text``: the start or the
    end when it is there, else right after the translation of the word before it."""
    if at == 0:
        return 0
    if at >= len(segment.text.rstrip()):
        return len(text)
    word = at
    while word > 0 and segment.text[word - 1].isspace():
        word -= 1
    start = word
    while start > 0 and not segment.text[start - 1].isspace():
        start -= 1
    if start == word:
        return None
    located = _aligned(segment, start, word, text, hyp, source_text, model_source)
    if located is None:
        return None
    end = located[1]
    if not segment.text[word - 1].isalnum():  # "Monday.<br>": after the full stop too
        while end < len(text) and not text[end].isspace() and not text[end].isalnum():
            end += 1
    return end


def _aligned(
    segment: Segment,
    start: int,
    end: int,
    text: str,
    hyp: Hypothesis | None,
    source_text: str,
    model_source: str,
) -> tuple[int, int] | None:
    """The span of ``text`` aligned to ``segment.text[start:end]``.

    Attention links the model's input to its raw output; both differ from the
    texts we hold (placeholders restored, typography applied), so offsets are
    mapped across those edits on each side."""
    if hyp is None or source_text != segment.text:
        return None
    model_source = model_source or source_text
    to_model = offset_map(segment.text, model_source)
    model_start, model_end = to_model(start), max(to_model(end), to_model(start))
    # Markup around exactly a protected term: its placeholder in the output is where
    # the term went, no alignment needed.
    token = model_source[model_start:model_end].strip()
    if _PLACEHOLDER.fullmatch(token) and hyp.text.count(token) == 1:
        at = hyp.text.index(token)
        located: tuple[int, int] | None = (at, at + len(token))
    else:
        located = aligned_target_span(hyp, model_start, model_end)
    if located is None:
        return None
    to_final = offset_map(hyp.text, text)
    begin, finish = to_final(located[0]), to_final(located[1])
    # Whole words only: markup never opens or closes inside a word.
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    while finish < len(text) and text[finish].isalnum():
        finish += 1
    return (begin, finish) if finish > begin else None


def offset_map(before: str, after: str) -> Callable[[int], int]:
    """Map a character offset in ``before`` to the matching one in ``after``
    (unchanged stretches map exactly; an edited stretch maps to its edited span)."""
    if before == after:
        return lambda offset: offset
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()

    def mapped(offset: int) -> int:
        for tag, a0, a1, b0, b1 in opcodes:
            if a0 <= offset < a1 or (offset == a1 and tag == "equal"):
                return b0 + (offset - a0) if tag == "equal" else (b0 if offset == a0 else b1)
        return len(after)

    return mapped


#: Markup that, when it cannot be placed, is still written: a link wraps the whole
#: sentence (its URL is never lost), an image or a line break goes to the end.
_KEPT_WHOLE = ("link",)
_KEPT_AT_END = ("image", "break")


def place_markup(
    segment: Segment, text: str, carried: list[InlineSpan]
) -> tuple[list[InlineSpan], list[str]]:
    """The markup of ``segment`` on its translation ``text``: ``carried`` (what string
    match and attention placed), plus what could not be placed, written where it cannot
    be lost (a link around the whole sentence, an image or ``<br>`` at its end); and one
    line per element that was not placed where it was (its tag legend, ``<1>…</1> =
    [ … ](https://…)``), for the ``markup`` flag. Emphasis that cannot be placed is left
    out, and said; an HTML comment is not reader-visible and is never said."""
    placed = list(carried)
    legend = tags.legend(segment.spans)
    lost: list[str] = []
    for number in tags.missing(carried, segment.spans):
        span = segment.spans[number - 1]
        kind = tags.kind(span)
        if span.open.startswith("<!--"):
            continue
        if kind in _KEPT_WHOLE:
            placed.append(InlineSpan(0, len(text), span.open, span.close))
        elif kind in _KEPT_AT_END:
            placed.append(InlineSpan(len(text), len(text), span.open, span.close))
        lost.append(legend[number - 1])
    return (non_overlapping(placed) if lost else carried), lost


def non_overlapping(spans: list[InlineSpan]) -> list[InlineSpan]:
    kept: list[InlineSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if all(
            span.start >= k.end
            or span.end <= k.start
            or (k.start <= span.start and span.end <= k.end)
            for k in kept
        ):
            kept.append(span)
    return kept
