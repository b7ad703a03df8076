"""Placeholders on a package that copies ``⟦n⟧``: the terms masked in the source and
restored in the translation.

Every term of the segment becomes a placeholder the model copies through
(:func:`translate.glossary.protect`). The first hypothesis of the n-best list whose
restored text has every term and keeps the sentence is taken; else the first
hypothesis, each placeholder it lost put back where attention says the model
translated it.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.engine.align import aligned_target_span, attended_target_words
from translate.engine.translator import Hypothesis
from translate.glossary import Match, Protected
from translate.glossary.protect import token
from translate.mt.enforce.fidelity import check_fidelity
from translate.mt.enforce.policy import DECODED, Candidate, drop_stray_placeholders, found_terms


def restored(
    sentence: str,
    matches: Sequence[Match],
    guard: Protected,
    nbest: Sequence[Hypothesis],
    lang: str,
) -> Candidate:
    """The rendering of a placeholder decode (see the module docstring)."""
    for rank, hypothesis in enumerate(nbest):
        text, lost = guard.restore(hypothesis.text)
        text = drop_stray_placeholders(text)
        if lost or not all(found_terms(text, matches, lang)):
            continue
        if not check_fidelity(text, sentence, matches, sentence).kept:
            continue
        how = dict.fromkeys(range(len(matches)), "copied" if rank == 0 else "selected")
        return Candidate(text, hypothesis, how, guard.text, origin=DECODED)
    hypothesis = nbest[0]
    text, lost = restore_placeholders(hypothesis, guard)
    replaced = set(guard.missing(hypothesis.text)) - set(lost)
    number = {id(m): n for n, m in enumerate(guard.matches)}  # ⟦n⟧ is in text order
    how = {
        index: "replaced" if token(number[id(match)]) in replaced else "copied"
        for index, match in enumerate(matches)
    }
    return Candidate(drop_stray_placeholders(text), hypothesis, how, guard.text, origin=DECODED)


def restore_placeholders(hypothesis: Hypothesis, guard: Protected) -> tuple[str, list[str]]:
    """The terms put back into a placeholder decoding: each placeholder the model kept is
    replaced by its term; each one it lost goes where it translated the placeholder
    (the aligned span, else the word attending to it most). Returns the text and the
    placeholders still lost."""
    raw = hypothesis.text
    source = guard.text
    edits: list[tuple[int, int, str]] = []

    def free(span: tuple[int, int]) -> bool:
        # Never overwrite another edit or a placeholder the model did copy.
        return "⟦" not in raw[span[0] : span[1]] and all(
            span[1] <= s or span[0] >= e for s, e, _ in edits
        )

    if hypothesis.attention:
        for token in guard.missing(raw):
            start = source.find(token)
            if start < 0:
                continue
            span = aligned_target_span(hypothesis, start, start + len(token))
            if span is None or not free(span):
                span = next(
                    (w for w in attended_target_words(hypothesis, start, start + len(token))
                     if free(w)),
                    None,
                )  # fmt: skip
            if span is not None:
                edits.append((span[0], span[1], token))
    # Right to left so earlier offsets stay valid.
    for start, end, token in sorted(edits, reverse=True):
        raw = raw[:start] + token + raw[end:]
    return guard.restore(raw)
