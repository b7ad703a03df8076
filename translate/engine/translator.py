"""Batched translation with CTranslate2 and SentencePiece, straight from an Argos package.

No sentence splitting here: callers hand over sentences and get hypotheses back.
Loaded models are cached per process, so a batch of many articles loads each
package once.

Limits (``translate.engine.limits``): an input longer than the model's source
positions is refused with :class:`SourceTooLongError` before CTranslate2 sees it
(callers split first: ``translate.mt.fit``), and CTranslate2's own input truncation
is switched off (``max_input_length=0``), so no input is ever cut silently. Decoding
is bounded per input by :func:`decoding_bound` (inputs are decoded in a few classes
of bound, and a hypothesis longer than its own bound is cut there), and a hypothesis
that reaches its bound is marked ``truncated``.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from translate import bounds
from translate.engine.limits import ModelLimits
from translate.errors import EngineError, PackageError, SourceTooLongError
from translate.i18n import _

if TYPE_CHECKING:
    import ctranslate2
    import sentencepiece

    from translate.engine.packages import PackageInfo  # packages imports this module

#: Decoding bound per input: DECODE_RATIO × source tokens + DECODE_MARGIN, within the
#: model's target positions. Translations between English, French and Hausa run at
#: 0.8–1.4× the source tokens; twice that plus 16 never cuts a real translation and
#: stops a runaway loop early.
DECODE_RATIO = 2.0
DECODE_MARGIN = 16
#: Bounds are rounded up to a multiple of this, so inputs share few decoding groups.
DECODE_BUCKET = 16


@dataclass(frozen=True)
class Hypothesis:
    """One candidate translation of one sentence."""

    text: str
    score: float
    target_tokens: list[str] = field(default_factory=list)
    source_tokens: list[str] = field(default_factory=list)
    # attention[i][j]: weight of source token j when the model produced target token i
    attention: list[list[float]] | None = None
    # Decoding stopped at its length bound, not at an end of sentence: the text may be cut.
    truncated: bool = False
    # ... and that bound was the caller's explicit cap (EngineOptions.max_decoding_length),
    # tighter than the input and the model allow: decoding again cannot finish either.
    capped: bool = False


@dataclass(frozen=True)
class EngineOptions:
    device: str = "auto"  # cpu, cuda or auto
    compute_type: str = "default"
    threads: int = 0  # intra-op threads; 0 lets CTranslate2 choose
    beam_size: int = 4
    max_batch_tokens: int = 2048
    # An upper cap on every decoding bound; the model's target positions always apply.
    max_decoding_length: int = 1024


def natural_bound(source_tokens: int, target_limit: int, prefix_tokens: int) -> int:
    """The bound an input's length and the model's target positions allow."""
    wanted = math.ceil(DECODE_RATIO * source_tokens) + DECODE_MARGIN + prefix_tokens
    wanted = DECODE_BUCKET * math.ceil(wanted / DECODE_BUCKET)
    return max(1 + prefix_tokens, min(wanted, target_limit))


def decoding_bound(source_tokens: int, target_limit: int, prefix_tokens: int, cap: int) -> int:
    """How many target tokens (target prefix included) one input may decode."""
    natural = natural_bound(source_tokens, target_limit, prefix_tokens)
    return max(1 + prefix_tokens, min(natural, cap))


def _cuda_devices() -> int:
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except Exception:  # a broken CUDA install reports errors here rather than 0
        return 0


def resolve_device(device: str) -> str:
    """``auto`` → cuda when CTranslate2 sees a GPU, else cpu; ``cuda`` without one is an
    EngineError (one line, exit 1)."""
    if device == "auto":
        return "cuda" if _cuda_devices() > 0 else "cpu"
    if device == "cuda" and _cuda_devices() == 0:
        raise EngineError(
            _("--device cuda: no usable CUDA GPU (CTranslate2 sees none); use --device cpu")
        )
    return device


class CT2Translator:
    """A loaded package: tokenizers plus a CTranslate2 translator."""

    def __init__(self, package: PackageInfo, options: EngineOptions = EngineOptions()) -> None:
        import sentencepiece

        self.package = package
        self.options = options
        self.device = resolve_device(options.device)
        self.limits: ModelLimits = package.limits()
        # Decoding options added by with_decoding() (repetition penalties for a retry).
        self._decoding: dict[str, Any] = {}
        self._source_sp: sentencepiece.SentencePieceProcessor = (
            sentencepiece.SentencePieceProcessor(model_file=str(package.source_spm))
        )
        self._target_sp: sentencepiece.SentencePieceProcessor = (
            self._source_sp
            if package.target_spm == package.source_spm
            else sentencepiece.SentencePieceProcessor(model_file=str(package.target_spm))
        )
        threads = bounds.THREADS.check(options.threads) or bounds.THREADS_ENV.from_env(0)
        self._ct2: ctranslate2.Translator = self._load(threads)

    def _load(self, threads: int) -> ctranslate2.Translator:
        import ctranslate2

        try:
            return ctranslate2.Translator(
                str(self.package.model_dir),
                device=self.device,
                compute_type=self.options.compute_type,
                inter_threads=1,
                intra_threads=threads,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            if self.options.device == "auto" and self.device != "cpu":
                self.device = "cpu"  # auto: a GPU that cannot take the model means CPU
                return self._load(threads)
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if self.device == "cuda":
                raise EngineError(
                    _("--device cuda: cannot load {package} on the GPU ({reason})").format(
                        package=self.package.id, reason=reason
                    )
                ) from None
            raise  # load_translator reports it, naming the package

    def with_decoding(self, **options: Any) -> CT2Translator:
        """The same loaded model decoding with extra CTranslate2 options
        (``repetition_penalty``, ``no_repeat_ngram_size``); nothing is reloaded."""
        clone = copy.copy(self)
        clone._decoding = {**self._decoding, **options}
        return clone

    # ----------------------------------------------------------------- limits

    @property
    def source_limit(self) -> int:
        """Most source tokens (prefix and suffix included) one input may have."""
        return self.limits.source_positions

    @property
    def target_limit(self) -> int:
        return self.limits.target_positions

    @property
    def prefix_tokens(self) -> int:
        return 1 if self.package.target_prefix else 0

    def count_tokens(self, sentence: str) -> int:
        """Source tokens of ``sentence`` as the model will read it (prefix, suffix included)."""
        return len(self.tokenize(sentence))

    # ----------------------------------------------------------------- tokens

    def tokenize(self, sentence: str) -> list[str]:
        tokens: list[str] = self._source_sp.encode(sentence, out_type=str)
        if self.package.source_prefix:
            tokens.insert(0, self.package.source_prefix)
        if self.package.source_suffix:
            tokens.append(self.package.source_suffix)
        return tokens

    def tokenize_target(self, text: str) -> list[str]:
        """SentencePiece pieces of ``text`` in the package's target vocabulary (no target
        prefix): what a ``target_prefixes`` entry or a ``suppress`` sequence is made of."""
        return list(self._target_sp.encode(text, out_type=str))

    def spells(self, text: str) -> bool:
        """Can the target vocabulary write ``text`` without an unknown piece?"""
        return self._target_sp.unk_id() not in self._target_sp.encode(text)

    def score_pairs(self, pairs: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """Per (sentence, target pieces) pair, the model's log-probability of each target
        piece (end of sentence included), in one ``score_batch`` call: checking a finished
        translation costs one teacher-forced pass, not a decode. A pair past the model's
        positions, or one the engine refuses, gets an empty list."""
        tag = [self.package.target_prefix] if self.package.target_prefix else []
        output: list[list[float]] = [[] for _pair in pairs]
        batch: list[tuple[int, list[str], list[str]]] = []
        for index, (sentence, target) in enumerate(pairs):
            tokens = self.tokenize(sentence)
            pieces = list(target)
            if tag and pieces[:1] != tag:
                pieces = tag + pieces
            if len(pieces) < self.target_limit and len(tokens) <= self.source_limit:
                batch.append((index, tokens, pieces))
        if not batch:
            return output
        try:
            scored = self._ct2.score_batch(
                [tokens for _i, tokens, _p in batch],
                [pieces for _i, _t, pieces in batch],
                max_batch_size=self.options.max_batch_tokens,
                batch_type="tokens",
                max_input_length=0,  # inputs were checked against the model's positions
            )
        except RuntimeError:
            return output
        for (index, _tokens, _pieces), result in zip(batch, scored, strict=True):
            # The target tag is given, not predicted: its log-probability says nothing.
            output[index] = list(result.log_probs)[len(tag) :] if tag else list(result.log_probs)
        return output

    def model_key(self) -> str:
        """Identifies the loaded model on disk (package id, path, model file size and
        modification time): what a verdict measured on the model is cached under."""
        model = self.package.model_dir / "model.bin"
        try:
            info = model.stat()
            stamp = f"{info.st_size}:{info.st_mtime_ns}"
        except OSError:
            stamp = "?"
        return f"{self.package.id}|{self.package.path.resolve()}|{stamp}"

    def _in_vocabulary(self, sequences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The sequences the target vocabulary has every piece of (CTranslate2 refuses
        the others; a sequence the model cannot spell it cannot produce either)."""
        unk = self._target_sp.unk_id()
        return [
            list(s)
            for s in sequences
            if s and all(self._target_sp.piece_to_id(p) != unk for p in s)
        ]

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
        target_prefixes: Sequence[Sequence[str]] | None = None,
        suppress: Sequence[Sequence[str]] = (),
    ) -> list[list[Hypothesis]]:
        """Translate sentences in token-based batches; n-best lists in input order.

        ``target_prefixes``: per sentence, target pieces (``tokenize_target``) every
        hypothesis must start with (CTranslate2 ``target_prefix``; the package's own
        target tag goes before them). ``suppress``: target piece sequences never
        produced (CTranslate2 ``suppress_sequences``; they apply to the whole call).
        The engine knows nothing of what the pieces mean.

        Raises SourceTooLongError, naming the first input longer than the model's
        source positions, before anything is decoded."""
        if not sentences:
            return []
        beam = max(beam_size or self.options.beam_size, num_hypotheses)
        tokenized = [self.tokenize(s) for s in sentences]
        for sentence, tokens in zip(sentences, tokenized, strict=True):
            if len(tokens) > self.source_limit:
                raise SourceTooLongError(
                    _("{count} source tokens, the model takes {limit}: {text}").format(
                        count=len(tokens), limit=self.source_limit, text=sentence[:60]
                    )
                )
        # Inputs are decoded in a few classes of bound (powers of two): CTranslate2
        # sorts each call by length and drops finished inputs as it goes, so the short
        # do not wait on the long, and few calls batch well. Each input keeps its own
        # bound all the same: a hypothesis that runs past it is cut there and marked
        # truncated. The class depends on the input alone, so the text does not depend
        # on which other inputs share the call (a chunk on a worker, a server batch).
        bounds: list[int] = []
        capped: set[int] = set()
        cap = self.options.max_decoding_length
        forced = [list(p) for p in target_prefixes] if target_prefixes else None
        classes: dict[int, list[int]] = {}
        for index, tokens in enumerate(tokenized):
            extra = self.prefix_tokens + (len(forced[index]) if forced else 0)
            natural = natural_bound(len(tokens), self.target_limit, extra)
            bound = decoding_bound(len(tokens), self.target_limit, extra, cap)
            bounds.append(bound)
            if bound < natural:
                capped.add(index)
            limit = max(bound, min(1 << (bound - 1).bit_length(), self.target_limit, cap))
            classes.setdefault(limit, []).append(index)
        tag = [self.package.target_prefix] if self.package.target_prefix else []
        extras: dict[str, Any] = dict(self._decoding)
        known = self._in_vocabulary(suppress) if suppress else []
        if known:
            extras["suppress_sequences"] = known
        output: list[list[Hypothesis]] = [[] for _ in sentences]
        for limit, indexes in classes.items():
            prefix: list[list[str]] | None = None
            if forced:
                prefix = [tag + forced[i] for i in indexes]
            elif tag:
                prefix = [tag] * len(indexes)
            results = self._ct2.translate_batch(
                [tokenized[i] for i in indexes],
                target_prefix=prefix,
                max_batch_size=self.options.max_batch_tokens,
                batch_type="tokens",
                beam_size=beam,
                num_hypotheses=num_hypotheses,
                return_scores=True,
                return_attention=return_attention,
                max_input_length=0,  # never truncate: inputs were checked above
                max_decoding_length=limit,
                replace_unknowns=True,
                **extras,
            )
            for index, result in zip(indexes, results, strict=True):
                output[index] = self._hypotheses(
                    tokenized[index], result, return_attention, bounds[index], index in capped
                )
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
            max_decoding_length=min(self.options.max_decoding_length, self.target_limit),
        )

    def _hypotheses(
        self,
        source_tokens: list[str],
        result: Any,
        with_attention: bool,
        bound: int,
        capped: bool = False,
    ) -> list[Hypothesis]:
        hypotheses = []
        # Each attribute access converts the whole C++ result to Python lists: read once.
        attentions = result.attention if with_attention else None
        scores = result.scores
        for index, tokens in enumerate(result.hypotheses):
            attention = attentions[index] if attentions else None
            # CTranslate2 leaves </s> out: a hypothesis as long as its bound never ended
            # (one decoded in a batch with a longer bound is cut back to its own).
            truncated = len(tokens) >= bound
            if len(tokens) > bound:
                tokens = tokens[:bound]
                attention = attention[:bound] if attention is not None else None
            hypotheses.append(
                Hypothesis(
                    text=self.detokenize(tokens),
                    score=float(scores[index]) if scores else 0.0,
                    target_tokens=list(tokens),
                    source_tokens=source_tokens,
                    attention=attention,
                    truncated=truncated,
                    capped=capped and truncated,
                )
            )
        return hypotheses


@lru_cache(maxsize=8)
def load_translator(
    package: PackageInfo, options: EngineOptions = EngineOptions()
) -> CT2Translator:
    """Load a package once per process and options.

    A package someone else put in the shared directory may not load (a garbage
    model.bin): that is a one-line PackageError naming it, not a traceback."""
    try:
        return CT2Translator(package, options)
    except (RuntimeError, ValueError, OSError) as exc:
        raise PackageError(
            _("{path}: the model does not load ({error}); reinstall or remove it").format(
                path=package.path, error=" ".join(str(exc).split())[:200]
            )
        ) from None
