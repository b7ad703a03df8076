"""What the layers above ask of an engine, as protocols.

:class:`~translate.engine.translator.CT2Translator` (CTranslate2 + SentencePiece)
satisfies both. ``translate.mt.enforce`` needs a :class:`Decoder` (n-best lists,
forced prefixes, scoring, the target vocabulary); ``translate.mt.guard`` (fitting long
texts, retrying loops) needs a :class:`Translator`. Unit tests' stand-ins implement
only what their path calls (without a glossary: ``translate`` alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from translate.engine.translator import Hypothesis


class Decoder(Protocol):
    """What glossary enforcement asks of an engine."""

    @property
    def prefix_tokens(self) -> int:
        """Target tokens every hypothesis starts with (a language tag), 0 or 1."""
        ...

    def translate(
        self,
        sentences: Sequence[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int | None = None,
        return_attention: bool = False,
        target_prefixes: Sequence[Sequence[str]] | None = None,
        suppress: Sequence[Sequence[str]] = (),
    ) -> list[list[Hypothesis]]:
        """n-best lists, best first, one per sentence, in input order;
        ``target_prefixes`` forces each hypothesis's first pieces, and ``suppress`` lists
        piece sequences never produced (for the whole call)."""
        ...

    def score_pairs(self, pairs: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """Per (sentence, target pieces), the log-probability of each piece, end of
        sentence included; an empty list where the pair cannot be scored."""
        ...

    def tokenize_target(self, text: str) -> list[str]: ...

    def detokenize(self, tokens: Sequence[str]) -> str: ...

    def spells(self, text: str) -> bool:
        """Can the target vocabulary write ``text`` without an unknown piece?"""
        ...

    def model_key(self) -> str:
        """What a verdict measured on this model is cached under."""
        ...


class Translator(Decoder, Protocol):
    @property
    def source_limit(self) -> int: ...

    @property
    def target_limit(self) -> int: ...

    @property
    def prefix_tokens(self) -> int: ...

    def count_tokens(self, sentence: str) -> int: ...

    def with_decoding(self, **options: Any) -> Translator:
        """The same model, decoding with extra CTranslate2 options."""
        ...
