"""A realistic-size Argos package with random weights, generated at bench time (never committed).

Transformer-base shape (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k shared vocabulary),
built directly as a CTranslate2 model with ``ctranslate2.specs`` and numpy — no PyTorch.
The vocabulary starts with the toy package's SentencePiece pieces, so real tokenization
maps to real ids, and is padded with filler tokens to 32,000.  Random weights almost
never produce ``</s>``, so every method of the benchmark caps decoding identically.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import numpy as np

from translate.engine.packages import PackageInfo, build_package, install_archive, load_package

LAYERS = 6
D_MODEL = 512
HEADS = 8
FFN = 2048
VOCAB = 32_000
SHAPE_VERSION = "1"  # bump when the generated model changes


def _vocabulary(spm_path: Path, size: int) -> list[str]:
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(spm_path))
    vocab: list[str] = []
    seen: set[str] = set()
    for piece in ["<blank>", "<unk>", "<s>", "</s>"] + [
        processor.id_to_piece(i) for i in range(processor.get_piece_size())
    ]:
        if piece not in seen:
            seen.add(piece)
            vocab.append(piece)
    filler = 0
    while len(vocab) < size:
        token = f"⦅filler{filler}⦆"
        filler += 1
        if token not in seen:
            vocab.append(token)
    return vocab[:size] if len(vocab) > size else vocab


def _shape(name: str, vocab: int) -> tuple[int, ...]:
    """The shape of one unset weight, from its scope name in the spec."""
    parts = name.split("/")
    leaf, parent = parts[-1], parts[-2]
    if leaf in ("gamma", "beta"):
        return (D_MODEL,)
    if "embeddings" in parent or parent == "projection":
        return (vocab, D_MODEL)
    scope = "/".join(parts[:-2])
    if scope.endswith("self_attention"):
        out = {"linear_0": 3 * D_MODEL, "linear_1": D_MODEL}[parent]
        return (out, D_MODEL)
    if scope.endswith("attention"):  # encoder-decoder attention: q, fused k/v, output
        out = {"linear_0": D_MODEL, "linear_1": 2 * D_MODEL, "linear_2": D_MODEL}[parent]
        return (out, D_MODEL)
    if scope.endswith("ffn"):
        return (FFN, D_MODEL) if parent == "linear_0" else (D_MODEL, FFN)
    raise ValueError(f"unexpected weight {name}")


def build_model(
    spm_path: Path, output_dir: Path, *, seed: int = 7, quantization: str = "int8"
) -> Path:
    """Write a random Transformer-base CTranslate2 model for ``spm_path``'s pieces."""
    from ctranslate2.specs import TransformerSpec
    from ctranslate2.specs.model_spec import OPTIONAL, index_spec, visit_spec

    rng = np.random.default_rng(seed)
    vocab = _vocabulary(spm_path, VOCAB)
    spec = TransformerSpec.from_config((LAYERS, LAYERS), HEADS)
    shared = (rng.standard_normal((len(vocab), D_MODEL), dtype=np.float32) * 0.05).astype(
        np.float32
    )
    assignments: list[tuple[str, np.ndarray]] = []

    def fill(_spec: object, name: str, value: object) -> None:
        parts = name.split("/")
        leaf = parts[-1]
        if value is None:
            shape = _shape(name, len(vocab))
            if leaf == "gamma":
                array = np.ones(shape, dtype=np.float32)
            elif leaf == "beta":
                array = np.zeros(shape, dtype=np.float32)
            elif shape == (len(vocab), D_MODEL):
                array = shared  # shared source/target embeddings and output projection
            else:
                scale = 1.0 / np.sqrt(shape[1])
                array = rng.standard_normal(shape, dtype=np.float32) * np.float32(scale)
            assignments.append((name, array))
        elif value == OPTIONAL and leaf == "bias":
            out = _shape("/".join([*parts[:-1], "weight"]), len(vocab))[0]
            assignments.append((name, np.zeros((out,), dtype=np.float32)))

    visit_spec(spec, fill)
    for name, array in assignments:
        scope, leaf = name.rsplit("/", 1)
        setattr(index_spec(spec, scope), leaf, array)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    output_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(output_dir))
    return output_dir


def realistic_package(spm_path: Path, cache: Path, *, fresh: bool = False) -> PackageInfo:
    """Build (or reuse from ``cache``) and install the realistic en→fr package.

    The package is built with :func:`build_package` and installed with the normal
    installer into ``cache/packages``, which the benchmark passes to the pipeline as
    ``ARGOS_PACKAGES_DIR``.
    """
    digest = hashlib.sha256(spm_path.read_bytes() + SHAPE_VERSION.encode()).hexdigest()[:12]
    root = cache / f"realistic-{digest}"
    installed = root / "packages"
    if fresh and root.exists():
        shutil.rmtree(root)
    existing = [p for p in installed.iterdir() if p.is_dir()] if installed.is_dir() else []
    if existing:
        return load_package(existing[0])
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        model_dir = build_model(spm_path, Path(tmp) / "model")
        archive = build_package(
            model_dir=model_dir,
            source_spm=spm_path,
            from_code="en",
            to_code="fr",
            output=Path(tmp) / "translate-en_fr-bench.argosmodel",
            version="9.0",
            readme="Benchmark package: Transformer-base shape, random weights.",
        )
        info = install_archive(archive, installed)
    return load_package(info.path)
