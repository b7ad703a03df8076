"""What the layers above ask of an engine, as protocols.

:class:`~translate.engine.translator.CT2Translator` (CTranslate2 + SentencePiece)
satisfies both; so do the stand-ins unit tests use. ``translate.mt.enforce`` needs only
a :class:`Decoder`; ``translate.mt.guard`` (fitting long texts, retrying loops) needs a
:class:`Translator`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from translate.engine.translator import Hypothesis


class Decoder(Protocol):
    def translate(
        self,
        sentences: Sequence[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int | None = None,
        return_attention: bool = False,
    ) -> list[list[Hypothesis]]:
        """n-best lists, best first, one per sentence, in input order."""
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
