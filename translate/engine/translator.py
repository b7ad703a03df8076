"""Batched translation with CTranslate2 and SentencePiece, straight from an Argos package.

No sentence splitting here: callers hand over sentences and get hypotheses back.
Loaded models are cached per process, so a batch of many articles loads each
package once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from translate.engine.packages import PackageInfo

if TYPE_CHECKING:
    import ctranslate2
    import sentencepiece


@dataclass(frozen=True)
class Hypothesis:
    """One candidate translation of one sentence."""

    text: str
    score: float
    target_tokens: list[str] = field(default_factory=list)
    source_tokens: list[str] = field(default_factory=list)
    # attention[i][j]: weight of source token j when the model produced target token i
    attention: list[list[float]] | None = None


@dataclass(frozen=True)
class EngineOptions:
    device: str = "auto"  # cpu, cuda or auto
    compute_type: str = "default"
    threads: int = 0  # intra-op threads; 0 lets CTranslate2 choose
    beam_size: int = 4
    max_batch_tokens: int = 2048
    max_decoding_length: int = 256


def resolve_device(device: str) -> str:
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


class Translator:
    """A loaded package: tokenizers plus a CTranslate2 translator."""

    def __init__(self, package: PackageInfo, options: EngineOptions = EngineOptions()) -> None:
        import ctranslate2
        import sentencepiece

        self.package = package
        self.options = options
        self.device = resolve_device(options.device)
        self._source_sp: sentencepiece.SentencePieceProcessor = (
            sentencepiece.SentencePieceProcessor(model_file=str(package.source_spm))
        )
        self._target_sp: sentencepiece.SentencePieceProcessor = (
            self._source_sp
            if package.target_spm == package.source_spm
            else sentencepiece.SentencePieceProcessor(model_file=str(package.target_spm))
        )
        threads = options.threads or int(os.environ.get("TRANSLATE_THREADS", "0"))
        self._ct2: ctranslate2.Translator = ctranslate2.Translator(
            str(package.model_dir),
            device=self.device,
            compute_type=options.compute_type,
            inter_threads=1,
            intra_threads=threads,
        )

    # ----------------------------------------------------------------- tokens

    def tokenize(self, sentence: str) -> list[str]:
        tokens: list[str] = self._source_sp.encode(sentence, out_type=str)
        if self.package.source_prefix:
            tokens.insert(0, self.package.source_prefix)
        if self.package.source_suffix:
            tokens.append(self.package.source_suffix)
        return tokens

    def detokenize(self, tokens: Sequence[str]) -> str:
        pieces = list(tokens)
        if self.package.target_prefix and pieces[:1] == [self.package.target_prefix]:
            pieces = pieces[1:]
        return str(self._target_sp.decode_pieces(pieces)).strip()

    # ----------------------------------------------------------------- translate

    def translate(
        self,
        sentences: Sequence[str],
        *,
        num_hypotheses: int = 1,
        beam_size: int | None = None,
        return_attention: bool = False,
    ) -> list[list[Hypothesis]]:
        """Translate sentences in token-based batches; n-best lists in input order."""
        if not sentences:
            return []
        beam = max(beam_size or self.options.beam_size, num_hypotheses)
        tokenized = [self.tokenize(s) for s in sentences]
        prefix = (
            [[self.package.target_prefix]] * len(tokenized) if self.package.target_prefix else None
        )
        results = self._ct2.translate_batch(
            tokenized,
            target_prefix=prefix,
            max_batch_size=self.options.max_batch_tokens,
            batch_type="tokens",
            beam_size=beam,
            num_hypotheses=num_hypotheses,
            return_scores=True,
            return_attention=return_attention,
            max_decoding_length=self.options.max_decoding_length,
            replace_unknowns=True,
        )
        output: list[list[Hypothesis]] = []
        for source_tokens, result in zip(tokenized, results, strict=True):
            output.append(self._hypotheses(source_tokens, result, return_attention))
        return output

    def translate_tokens(self, tokenized: list[list[str]], *, beam_size: int | None = None) -> Any:
        """Raw ``translate_batch`` on pre-tokenized input: the benchmark's lower bound."""
        prefix = (
            [[self.package.target_prefix]] * len(tokenized) if self.package.target_prefix else None
        )
        return self._ct2.translate_batch(
            tokenized,
            target_prefix=prefix,
            max_batch_size=self.options.max_batch_tokens,
            batch_type="tokens",
            beam_size=beam_size or self.options.beam_size,
            max_decoding_length=self.options.max_decoding_length,
        )

    def _hypotheses(
        self, source_tokens: list[str], result: Any, with_attention: bool
    ) -> list[Hypothesis]:
        hypotheses = []
        for index, tokens in enumerate(result.hypotheses):
            attention = None
            if with_attention and result.attention:
                attention = result.attention[index]  # already Python lists: no copy
            hypotheses.append(
                Hypothesis(
                    text=self.detokenize(tokens),
                    score=float(result.scores[index]) if result.scores else 0.0,
                    target_tokens=list(tokens),
                    source_tokens=source_tokens,
                    attention=attention,
                )
            )
        return hypotheses


@lru_cache(maxsize=8)
def load_translator(package: PackageInfo, options: EngineOptions = EngineOptions()) -> Translator:
    """Load a package once per process and options.

    A package someone else put in the shared directory may not load (a garbage
    model.bin): that is a one-line PackageError naming it, not a traceback."""
    try:
        return Translator(package, options)
    except (RuntimeError, ValueError, OSError) as exc:
        from translate.errors import PackageError
        from translate.i18n import _

        raise PackageError(
            _("{path}: the model does not load ({error}); reinstall or remove it").format(
                path=package.path, error=" ".join(str(exc).split())[:200]
            )
        ) from None
