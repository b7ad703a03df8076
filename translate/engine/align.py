"""Map a span of the source sentence to the span of the translation the model produced for it.

CTranslate2 returns, per target token, attention weights over the source tokens.
Each target token is aligned to the source token it attends to most; the target
span for a source span is the run of target tokens aligned into it, widened to
whole words.  Used to repair glossary terms and to carry inline markup across.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from translate.engine.translator import Hypothesis

SPACE_MARK = "▁"


def piece_spans(pieces: Sequence[str]) -> tuple[str, Sequence[tuple[int, int]]]:
    """The text SentencePiece pieces decode to, and each piece's character span in it."""
    return _piece_spans(tuple(pieces))


@lru_cache(maxsize=4096)
def _piece_spans(pieces: tuple[str, ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    # Cached: every term of a segment, and every hypothesis of its n-best list, asks
    # for the same source pieces.
    spans: list[tuple[int, int]] = []
    text = ""
    for piece in pieces:
        surface = piece.replace(SPACE_MARK, " ")
        if surface.startswith("<") and surface.endswith(">") and len(surface) > 2:
            surface = ""  # control tokens (</s>, <unk>, language tags) occupy no text
        start = len(text)
        text += surface
        spans.append((start, len(text)))
    stripped = len(text) - len(text.lstrip(" "))
    # Decoding drops the leading space SentencePiece adds to the first word.
    shifted = tuple((max(0, s - stripped), max(0, e - stripped)) for s, e in spans)
    return text[stripped:].rstrip(" "), shifted


def respelled(
    pieces: Sequence[str], text: str, edited: str, tokenize: Callable[[str], list[str]]
) -> list[str]:
    """Pieces for ``edited``, a version of ``text`` (what ``pieces`` decode to): the
    model's own pieces for the words left as they were, the changed words (a spliced
    term) tokenized anew. Scoring an edited translation then scores what the model
    wrote, not a fresh tokenization of it (which can differ, and be far longer)."""
    decoded, spans = piece_spans(pieces)
    if decoded != text:
        return tokenize(edited)
    if edited == text:
        return list(pieces)
    head = 0
    while head < min(len(text), len(edited)) and text[head] == edited[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(text), len(edited)) - head
        and text[len(text) - 1 - tail] == edited[len(edited) - 1 - tail]
    ):
        tail += 1
    # Whole words around the change: from the word start at or before ``head`` to the
    # word start at or after the end of the change.
    first = 0
    for index, (start, _end) in enumerate(spans):
        if start > head:
            break
        if pieces[index].startswith(SPACE_MARK) or index == 0:
            first = index
    changed_end = len(text) - tail
    last = len(pieces)
    for index in range(first + 1, len(pieces)):
        if spans[index][0] >= changed_end and pieces[index].startswith(SPACE_MARK):
            last = index
            break
    region_start = spans[first][0]
    region_end = spans[last][0] if last < len(pieces) else len(text)
    shift = len(edited) - len(text)
    region = edited[region_start : region_end + shift].strip()
    return [*pieces[:first], *(tokenize(region) if region else []), *pieces[last:]]


def strongest(row: Sequence[float]) -> int:
    """The source token a target token's attention row weighs most."""
    return (
        row.index(max(row)) if isinstance(row, list) else max(range(len(row)), key=row.__getitem__)
    )


def _expand_to_word(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    # Keep trailing punctuation outside the span: "Yamai," should replace "Niamey" only.
    while end > start and text[end - 1] in ".,;:!?»)\"'”’":
        end -= 1
    while start < end and text[start] in "«(\"'“‘":
        start += 1
    return start, end


def aligned_target_span(
    hypothesis: Hypothesis, source_start: int, source_end: int, prefix_tokens: int = 0
) -> tuple[int, int] | None:
    """Character span in ``hypothesis.text`` aligned to ``[source_start, source_end)``.

    Offsets on the source side refer to the text the source pieces decode to,
    which equals the sentence for ordinary input.  ``prefix_tokens`` counts
    target-prefix tokens (language tags) the translation starts with.
    Returns None when there is no attention or nothing aligns into the span.
    """
    if not hypothesis.attention:
        return None
    _, source_spans = piece_spans(hypothesis.source_tokens)
    wanted = {
        j for j, (s, e) in enumerate(source_spans) if e > s and s < source_end and e > source_start
    }
    if not wanted:
        return None
    target_pieces = hypothesis.target_tokens[prefix_tokens:]
    target_text, target_spans = piece_spans(target_pieces)
    rows = hypothesis.attention[prefix_tokens:]
    hits = []
    for i, row in enumerate(rows[: len(target_spans)]):
        if not row:
            continue
        best = strongest(row)
        s, e = target_spans[i]
        if best in wanted and e > s:
            hits.append((s, e))
    if not hits:
        return None
    start = min(s for s, _ in hits)
    end = max(e for _, e in hits)
    # Map onto the detokenized text (identical up to outer whitespace).
    offset = hypothesis.text.find(target_text.strip()) if target_text.strip() else 0
    offset = max(offset, 0)
    lead = len(target_text) - len(target_text.lstrip(" "))
    start, end = start - lead + offset, end - lead + offset
    start = max(0, min(start, len(hypothesis.text)))
    end = max(start, min(end, len(hypothesis.text)))
    while start < end and hypothesis.text[start].isspace():
        start += 1
    return _expand_to_word(hypothesis.text, start, end)


def attended_target_words(
    hypothesis: Hypothesis, source_start: int, source_end: int, prefix_tokens: int = 0
) -> list[tuple[int, int]]:
    """Word spans of ``hypothesis.text``, strongest first, by the attention they pay to
    ``[source_start, source_end)``.

    The fallback when no target token attends *most* to the span (the model dropped
    it, e.g. a glossary placeholder it never learned to copy in that context): the
    word that attends to it most is where its translation belongs.
    """
    if not hypothesis.attention:
        return []
    _, source_spans = piece_spans(hypothesis.source_tokens)
    wanted = [
        j for j, (s, e) in enumerate(source_spans) if e > s and s < source_end and e > source_start
    ]
    if not wanted:
        return []
    target_text, target_spans = piece_spans(hypothesis.target_tokens[prefix_tokens:])
    rows = hypothesis.attention[prefix_tokens:]
    offset = max(hypothesis.text.find(target_text.strip()), 0) if target_text.strip() else 0
    lead = len(target_text) - len(target_text.lstrip(" "))
    scored: dict[tuple[int, int], float] = {}
    for i, row in enumerate(rows[: len(target_spans)]):
        s, e = target_spans[i]
        if e <= s or not row:
            continue
        weight = max(row[j] for j in wanted if j < len(row))
        start = max(0, min(s - lead + offset, len(hypothesis.text)))
        end = max(start, min(e - lead + offset, len(hypothesis.text)))
        while start < end and hypothesis.text[start].isspace():
            start += 1
        if start == end:
            continue
        word = _expand_to_word(hypothesis.text, start, end)
        if word[1] > word[0]:
            scored[word] = max(scored.get(word, 0.0), weight)
    return sorted(scored, key=lambda w: -scored[w])
