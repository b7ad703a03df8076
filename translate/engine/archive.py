"""Checks on an ``.argosmodel`` zip archive, made before anything is unpacked.

A package is one top-level folder holding ``metadata.json``, ``model/model.bin`` and
``sentencepiece.model``. An archive is refused (one line naming it and the reason)
when any of these fails; the limits are documented in the README:

* at most :data:`MAX_ENTRIES` entries, each name at most :data:`MAX_NAME_BYTES` bytes
  (:data:`MAX_COMPONENT_BYTES` per path component), without control characters,
  backslashes, empty, ``.`` or ``..`` components, absolute paths or drive letters;
* one top-level folder whose name is not hidden (``.installing-evil``) and no
  symbolic links;
* no entry listed twice, and no entries whose data overlap (a zip bomb reuses one
  compressed stream for many entries);
* no encrypted entry, and only the stored and deflated methods every zip tool writes;
* uncompressed, at most :func:`max_total_bytes` in all (4 GiB, or
  ``TRANSLATE_MAX_PACKAGE_BYTES`` for very large NLLB models) and at most
  :data:`MAX_RATIO` times the compressed size, in all and per entry above
  :data:`RATIO_FLOOR_BYTES`;
* ``metadata.json`` within the schema of :mod:`translate.engine.metadata`.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translate.engine.metadata import MAX_METADATA_BYTES, PackageMetadata, read_metadata
from translate.errors import PackageError, UsageError
from translate.i18n import _

MAX_TOTAL_BYTES_ENV = "TRANSLATE_MAX_PACKAGE_BYTES"
DEFAULT_MAX_TOTAL_BYTES = 4 * 1024**3
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024**2
MAX_ENTRIES = 1000
MAX_NAME_BYTES = 1024
MAX_COMPONENT_BYTES = 255
ALLOWED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}

#: What reading a hostile archive's data can raise (a lying header, a broken stream).
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    struct.error,
    ValueError,
)

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name length, extra length
_LOCAL_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED = 0x1
_STRONG_ENCRYPTION = 0x40


def max_total_bytes() -> int:
    """The uncompressed size limit: ``TRANSLATE_MAX_PACKAGE_BYTES`` or 4 GiB."""
    configured = os.environ.get(MAX_TOTAL_BYTES_ENV, "").strip()
    if not configured:
        return DEFAULT_MAX_TOTAL_BYTES
    if not configured.isdigit() or int(configured) <= 0:
        raise UsageError(
            _("{variable} must be a number of bytes, got {value!r}").format(
                variable=MAX_TOTAL_BYTES_ENV, value=configured
            )
        )
    return int(configured)


@dataclass(frozen=True)
class CheckedArchive:
    """An archive that passed every check: what unpacking it will produce."""

    top: str  # the one top-level folder
    metadata: PackageMetadata
    total_bytes: int  # uncompressed


def _refuse(source: Path, message: str) -> PackageError:
    return PackageError(f"{source}: {message}")


def _shown(name: str) -> str:
    return repr(name if len(name) <= 80 else name[:77] + "...")


def _check_name(info: zipfile.ZipInfo, source: Path) -> PurePosixPath:
    name = info.filename
    unsafe = _refuse(
        source, _("unsafe path in archive: {name} (refused)").format(name=_shown(name))
    )
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise unsafe
    if "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise unsafe
    pure = PurePosixPath(name)
    parts = name.rstrip("/").split("/")
    if pure.is_absolute() or name[1:2] == ":" or any(p in ("", ".", "..") for p in parts):
        raise unsafe
    if any(len(p.encode("utf-8", "surrogateescape")) > MAX_COMPONENT_BYTES for p in parts):
        raise unsafe
    # A zip entry with the Unix symlink mode would point anywhere once extracted.
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        raise _refuse(source, _("symbolic link in archive: {name!r} (refused)").format(name=name))
    if parts[0].startswith("."):
        raise _refuse(
            source,
            _("hidden top-level name in archive: {name} (refused)").format(name=_shown(parts[0])),
        )
    if info.flag_bits & (_ENCRYPTED | _STRONG_ENCRYPTION):
        raise _refuse(source, _("encrypted entry {name} (refused)").format(name=_shown(name)))
    if info.compress_type not in ALLOWED_METHODS:
        raise _refuse(
            source,
            _("entry {name} uses compression method {method}; only {allowed} are read").format(
                name=_shown(name),
                method=info.compress_type,
                allowed=", ".join(ALLOWED_METHODS.values()),
            ),
        )
    return pure


def _check_sizes(infos: list[zipfile.ZipInfo], source: Path) -> int:
    limit = max_total_bytes()
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > limit:
        raise _refuse(
            source,
            _(
                "unpacks to {size} bytes, more than the limit of {limit} (raise it with {variable})"
            ).format(size=total, limit=limit, variable=MAX_TOTAL_BYTES_ENV),
        )
    suspicious = [
        info
        for info in infos
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * info.compress_size
    ]
    if (total > RATIO_FLOOR_BYTES and total > MAX_RATIO * packed) or suspicious:
        worst = suspicious[0] if suspicious else None
        size, small = (worst.file_size, worst.compress_size) if worst else (total, packed)
        raise _refuse(
            source,
            _(
                "{what} expands {ratio}-fold ({size} bytes from {packed}), more than "
                "{limit}-fold: a zip bomb? (refused)"
            ).format(
                what=_shown(worst.filename) if worst else _("the archive"),
                ratio=size // max(small, 1),
                size=size,
                packed=small,
                limit=MAX_RATIO,
            ),
        )
    return total


def _check_overlaps(infos: list[zipfile.ZipInfo], archive: zipfile.ZipFile, source: Path) -> None:
    """Each entry's data must end before the next entry (or the central directory)
    starts: entries sharing one compressed stream expand it many times over."""
    assert archive.fp is not None
    ordered = sorted(infos, key=lambda i: i.header_offset)
    ends = [i.header_offset for i in ordered[1:]]
    size = os.fstat(archive.fp.fileno()).st_size
    ends.append(getattr(archive, "start_dir", None) or size)
    for info, next_start in zip(ordered, ends, strict=True):
        header = b""
        if 0 <= info.header_offset < size:  # a lying offset would make seek() fail
            archive.fp.seek(info.header_offset)
            header = archive.fp.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
            raise _refuse(
                source,
                _("corrupt archive (no local header for {name})").format(
                    name=_shown(info.filename)
                ),
            )
        _signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        end = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        end += info.compress_size
        if end > next_start:
            raise _refuse(
                source,
                _("entries overlap in the archive ({name}): a zip bomb? (refused)").format(
                    name=_shown(info.filename)
                ),
            )


def check_archive(archive: zipfile.ZipFile, source: Path) -> CheckedArchive:
    """Every check of the module docstring, reading only the central directory, the
    local headers and ``metadata.json``."""
    infos = archive.infolist()
    if not infos:
        raise _refuse(source, _("empty archive"))
    if len(infos) > MAX_ENTRIES:
        raise _refuse(
            source,
            _("{count} entries in the archive, more than {limit} (refused)").format(
                count=len(infos), limit=MAX_ENTRIES
            ),
        )
    tops: set[str] = set()
    seen: set[str] = set()
    for info in infos:
        pure = _check_name(info, source)
        key = info.filename.rstrip("/")
        if key in seen:
            raise _refuse(
                source,
                _("entry {name} appears twice in the archive (refused)").format(name=_shown(key)),
            )
        seen.add(key)
        tops.add(pure.parts[0])
    if len(tops) != 1:
        raise _refuse(
            source,
            _("expected one top-level directory, found {count}").format(count=len(tops)),
        )
    (top,) = tops
    total = _check_sizes(infos, source)
    _check_overlaps(infos, archive, source)
    metadata = _read_metadata(archive, top, seen, source)
    if f"{top}/model/model.bin" not in seen:
        raise _refuse(source, _("no CTranslate2 model (model/model.bin missing)"))
    if f"{top}/sentencepiece.model" not in seen:
        raise _refuse(source, _("no sentencepiece.model (BPE-only packages are not supported)"))
    return CheckedArchive(top=top, metadata=metadata, total_bytes=total)


def _read_metadata(
    archive: zipfile.ZipFile, top: str, names: set[str], source: Path
) -> PackageMetadata:
    if f"{top}/metadata.json" not in names:
        raise _refuse(source, _("no metadata.json"))
    info = archive.getinfo(f"{top}/metadata.json")
    where = f"{source}: metadata.json"
    if info.file_size > MAX_METADATA_BYTES:
        raise PackageError(
            _("{path}: metadata is {size} bytes, more than the {limit} allowed").format(
                path=where, size=info.file_size, limit=MAX_METADATA_BYTES
            )
        )
    try:
        data = archive.read(info)
    except ZIP_READ_ERRORS as exc:
        raise _refuse(source, _("corrupt archive ({error})").format(error=exc)) from None
    return read_metadata(data, where)
