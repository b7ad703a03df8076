"""Decoding calls the strategies need beyond ``Translator.translate``.

Prefix-constrained decoding needs per-sentence ``target_prefix`` and
``suppress_sequences``, and target-side tokenization; the product's ``Translator``
does not expose them yet. This adapter is the one place that reaches inside it; the
product version is a ``target_prefixes``/``suppress`` argument on
``Translator.translate`` and a public ``tokenize_target``.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.engine.translator import CT2Translator, Hypothesis


def target_pieces(translator: CT2Translator, text: str) -> list[str]:
    """SentencePiece pieces of ``text`` in the package's target vocabulary."""
    return list(translator._target_sp.encode(text, out_type=str))


def decode_with_prefix(
    translator: CT2Translator,
    sentence: str,
    prefix: Sequence[str],
    *,
    num_hypotheses: int = 4,
    suppress: Sequence[Sequence[str]] = (),
) -> list[Hypothesis]:
    """Translations of ``sentence`` that start with the target pieces ``prefix``, never
    producing a sequence in ``suppress``; attention returned for each.

    With ``return_alternatives`` the hypotheses differ in the token right after the
    prefix (each then decoded with the beam): the caller can take the best that starts
    a new word rather than one that runs the forced term on ("Wagner" + "e").
    One sentence per call: CTranslate2 applies ``suppress_sequences`` to a whole batch.
    """
    tokens = translator.tokenize(sentence)
    pieces = list(prefix)
    if translator.package.target_prefix:
        pieces.insert(0, translator.package.target_prefix)
    options = translator.options
    # A forced prefix can push a model into repeating itself: bound the length by the
    # source (a translation is rarely twice as long) as well as by the engine option.
    limit = min(options.max_decoding_length, 2 * len(tokens) + len(pieces) + 8)
    try:
        results = translator._ct2.translate_batch(
            [tokens],
            target_prefix=[pieces],
            beam_size=max(options.beam_size, num_hypotheses),
            num_hypotheses=num_hypotheses,
            return_alternatives=True,
            return_scores=True,
            return_attention=True,
            max_decoding_length=limit,
            replace_unknowns=True,
            suppress_sequences=[list(s) for s in suppress if s] or None,
        )
    except RuntimeError:
        # Past the model's position limit (CTranslate2 raises, e.g. 128 for the toys):
        # no constrained translation; the caller keeps the term missing and flags it.
        return []
    return translator._hypotheses(tokens, results[0], True, limit)


def spells_without_unknown(translator: CT2Translator, text: str) -> bool:
    """Can the target vocabulary write ``text`` without an unknown piece?"""
    processor = translator._target_sp
    return processor.unk_id() not in processor.encode(text)


def mean_log_probs(
    translator: CT2Translator, sentence: str, hypotheses: Sequence[Hypothesis]
) -> list[float]:
    """The model's mean token log-probability of each whole hypothesis, forced prefix
    included (``translate_batch`` scores only what follows a prefix, so hypotheses
    decoded from different prefixes are compared with ``score_batch``)."""
    if not hypotheses:
        return []
    tokens = translator.tokenize(sentence)
    scores = []
    for hypothesis in hypotheses:
        try:
            (scored,) = translator._ct2.score_batch([tokens], [list(hypothesis.target_tokens)])
        except RuntimeError:  # past the position limit: a run-on decode, never the best
            scores.append(float("-inf"))
            continue
        scores.append(sum(scored.log_probs) / max(1, len(scored.log_probs)))
    return scores


def text_log_probs(translator: CT2Translator, sentence: str, texts: Sequence[str]) -> list[float]:
    """The model's mean token log-probability of each finished text as a translation of
    ``sentence`` (the text re-encoded: it may have been spliced or restored)."""
    tag = [translator.package.target_prefix] if translator.package.target_prefix else []
    hypotheses = [
        Hypothesis(text=text, score=0.0, target_tokens=tag + target_pieces(translator, text))
        for text in texts
    ]
    return mean_log_probs(translator, sentence, hypotheses)
