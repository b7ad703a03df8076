"""How many source and target positions a package's model can take.

A Transformer sees each token at a position. Models with *learned* (or converted)
position encodings hold a table of them and fail past its end: CTranslate2 raises
``No position encodings are defined for positions >= N``. Where each limit comes from,
first found wins:

1. ``metadata.json`` keys ``max_source_positions`` / ``max_target_positions`` —
   written by ``translate models build`` from the model, or by a package author whose
   model (sinusoidal, no table) was trained on sentences up to a known length;
2. the model's own table, read from the variable index of ``model/model.bin`` without
   loading any weight: ``encoder/position_encodings/encodings`` and
   ``decoder/position_encodings/encodings`` of shape ``[positions, d_model]`` (what
   CTranslate2's Transformers converter writes for OPUS-MT/Marian: 512; NLLB/M2M100:
   1024; the toy packages: 128);
3. :data:`DEFAULT_POSITIONS` (256) — models with sinusoidal encodings (OpenNMT-py, so
   most Argos packages) store no table and CTranslate2 extends them on demand, so
   nothing fails, but such models are trained on sentences filtered to 150–250
   tokens and degrade past that; 256 keeps inputs in the range they were trained on.

The ``model.bin`` layout (CTranslate2's ``ModelSpec._serialize``, little endian):
``u32 binary_version``, ``string spec_name``, ``u32 revision``, ``u32 count``, then per
variable ``string name``, ``u8 rank``, ``u32 × rank shape``, ``u8 dtype``,
``u32 nbytes`` and the bytes; then ``u32 aliases`` and (``string alias``, ``string
target``) pairs. A string is ``u16 length`` (including a trailing NUL) and its bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Positions assumed for a model that declares and stores none (see the module docstring).
DEFAULT_POSITIONS = 256

SOURCE_TABLE = "encoder/position_encodings/encodings"
TARGET_TABLE = "decoder/position_encodings/encodings"
METADATA_SOURCE_KEY = "max_source_positions"
METADATA_TARGET_KEY = "max_target_positions"

# Binary versions whose layout is the one documented above (CTranslate2 2.x to 4.x).
_KNOWN_VERSIONS = range(1, 7)
_MAX_VARIABLES = 100_000  # a sanity bound against a corrupt count


@dataclass(frozen=True)
class ModelLimits:
    """Position limits of one package, and where each was read."""

    source_positions: int
    target_positions: int
    source_origin: str  # "metadata", "model.bin" or "default"
    target_origin: str

    def as_dict(self) -> dict[str, object]:
        return {
            "source_positions": self.source_positions,
            "target_positions": self.target_positions,
            "source_origin": self.source_origin,
            "target_origin": self.target_origin,
        }


class ModelFileError(ValueError):
    """model.bin does not have the layout this reader knows."""


def _read(handle: BinaryIO, fmt: str) -> int:
    size = struct.calcsize(fmt)
    data = handle.read(size)
    if len(data) != size:
        raise ModelFileError("truncated model.bin header")
    value: int = struct.unpack("<" + fmt, data)[0]
    return value


def _string(handle: BinaryIO) -> str:
    length = _read(handle, "H")
    data = handle.read(length)
    if len(data) != length:
        raise ModelFileError("truncated model.bin header")
    return data.rstrip(b"\0").decode("utf-8", errors="replace")


def variable_shapes(model_bin: Path) -> dict[str, tuple[int, ...]]:
    """Name → shape of every variable in a CTranslate2 ``model.bin``, aliases resolved.

    Weights are skipped with ``seek``: the cost is one small read per variable, whatever
    the size of the model.
    """
    shapes: dict[str, tuple[int, ...]] = {}
    with open(model_bin, "rb") as handle:
        version = _read(handle, "I")
        if version not in _KNOWN_VERSIONS:
            raise ModelFileError(f"unknown model.bin binary version {version}")
        if version >= 2:
            _string(handle)  # spec name
            _read(handle, "I")  # spec revision
        count = _read(handle, "I")
        if count > _MAX_VARIABLES:
            raise ModelFileError(f"implausible variable count {count}")
        for _ in range(count):
            name = _string(handle)
            rank = _read(handle, "B")
            shape = tuple(_read(handle, "I") for _ in range(rank))
            if version >= 4:  # dtype id, then byte count
                _read(handle, "B")
                nbytes = _read(handle, "I")
            else:  # item size, then element count
                item = _read(handle, "B")
                nbytes = item * _read(handle, "I")
            handle.seek(nbytes, 1)
            shapes[name] = shape
        if version >= 3:
            try:
                aliases = _read(handle, "I")
            except ModelFileError:
                aliases = 0
            for _ in range(min(aliases, _MAX_VARIABLES)):
                alias, target = _string(handle), _string(handle)
                if target in shapes:
                    shapes[alias] = shapes[target]
    return shapes


def stored_positions(model_dir: Path) -> tuple[int | None, int | None]:
    """(source, target) positions of the model's encoding tables; None where it has none
    (sinusoidal encodings) or model.bin cannot be read."""
    try:
        shapes = variable_shapes(model_dir / "model.bin")
    except (OSError, ModelFileError):
        return None, None

    def rows(name: str) -> int | None:
        shape = shapes.get(name)
        return shape[0] if shape and len(shape) == 2 and shape[0] > 0 else None

    return rows(SOURCE_TABLE), rows(TARGET_TABLE)


def package_limits(
    model_dir: Path, declared_source: int | None, declared_target: int | None
) -> ModelLimits:
    """The limits of a package: declared in its metadata, else stored in its model,
    else :data:`DEFAULT_POSITIONS`."""
    stored_source, stored_target = (None, None)
    if declared_source is None or declared_target is None:
        stored_source, stored_target = stored_positions(model_dir)

    def pick(declared: int | None, stored: int | None) -> tuple[int, str]:
        if declared is not None:
            return declared, "metadata"
        if stored is not None:
            return stored, "model.bin"
        return DEFAULT_POSITIONS, "default"

    source, source_origin = pick(declared_source, stored_source)
    target, target_origin = pick(declared_target, stored_target)
    return ModelLimits(source, target, source_origin, target_origin)
