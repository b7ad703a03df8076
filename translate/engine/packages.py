"""Argos Translate packages: discover, install (from a file or an index), remove, build.

Package format (the one Argos defines): a zip archive, ``.argosmodel``, holding one
top-level directory with ``metadata.json``, a CTranslate2 model in ``model/`` and a
SentencePiece model ``sentencepiece.model`` (or ``bpe.model``).  Two optional
extensions serve models Argos does not ship, such as OPUS-MT and NLLB for Hausa:

* ``target.spm`` beside ``sentencepiece.model`` — a separate target vocabulary
  (OPUS-MT ships ``source.spm`` and ``target.spm``);
* metadata keys ``target_prefix`` (already read by Argos), ``source_prefix`` and
  ``source_suffix`` — language tokens and ``</s>`` that multilingual and Marian
  models expect around the source tokens.

Metadata is checked against a schema (``translate.engine.metadata``) and then parsed
by ``argostranslate.package.Package`` itself, so that a package that works here works
in Argos and LibreTranslate too. Archives are checked before anything is unpacked
(``translate.engine.archive``), and an installed package is proven loadable (one word
translated) before the install reports success. The package directory is shared with
Argos and LibreTranslate, so anything can be in it: a broken package is listed as
broken, never a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.engine.archive import ZIP_READ_ERRORS, check_archive, max_total_bytes
from translate.engine.limits import (
    METADATA_SOURCE_KEY,
    METADATA_TARGET_KEY,
    ModelLimits,
    package_limits,
    stored_positions,
)
from translate.engine.metadata import (
    MAX_METADATA_BYTES,
    NotTranslationPackageError,
    read_metadata,
)
from translate.errors import IndexUnreachableError, NoModelError, PackageError, UsageError
from translate.files import atomic_writer, remove_stale
from translate.i18n import _
from translate.lang import is_language_code

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
TOY_DIR = Path(__file__).with_name("toy")
TARGET_SPM_NAME = "target.spm"
_DOWNLOAD_TIMEOUT_S = 30
MAX_INDEX_BYTES = 16 * 1024**2
#: Folders an install works in, inside the package directory: ".installing-PID-XXXX"
#: while unpacking, ".removing-PID-XXXX" for the version being replaced. Leftovers of a
#: killed install are removed by the next command that reads the directory.
STAGING_PREFIX = ".installing-"
REMOVING_PREFIX = ".removing-"
LEFTOVER_PREFIXES = (STAGING_PREFIX, REMOVING_PREFIX)
#: The load proof: this word, greedy, a few tokens at most.
PROOF_TEXT = "Niger"
PROOF_MAX_TOKENS = 8


@dataclass(frozen=True)
class PackageInfo:
    """An installed (unpacked) package, ready to load."""

    path: Path
    from_code: str
    to_code: str
    version: str
    name: str
    source_spm: Path
    target_spm: Path
    source_prefix: str = ""
    source_suffix: str = ""
    target_prefix: str = ""
    toy: bool = False
    bundled: bool = False
    # Position limits the package declares in metadata.json (None: read the model).
    max_source_positions: int | None = None
    max_target_positions: int | None = None
    # Typical target/source character ratio, when the package declares it (metadata
    # "length_ratio"); translate.mt.quality falls back on the language pair's default.
    length_ratio: float | None = None

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def size_bytes(self) -> int:
        total = 0
        for folder, _dirs, names in os.walk(self.path):
            for name in names:
                with contextlib.suppress(OSError):
                    info = os.lstat(os.path.join(folder, name))
                    total += info.st_size if stat.S_ISREG(info.st_mode) else 0
        return total

    def limits(self) -> ModelLimits:
        """Source and target position limits: declared, stored in the model, or default."""
        return package_limits(self.model_dir, self.max_source_positions, self.max_target_positions)

    @property
    def id(self) -> str:
        """Stable identifier stored with every translation: pair, version, toy flag."""
        suffix = "-toy" if self.toy else ""
        return f"{self.from_code}_{self.to_code}-{self.version}{suffix}"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "from": self.from_code,
            "to": self.to_code,
            "version": self.version,
            "name": self.name,
            "toy": self.toy,
            "bundled": self.bundled,
            "size_bytes": self.size_bytes,
            "path": str(self.path),
            "broken": False,
            "reason": None,
            "limits": self.limits().as_dict(),
        }


@dataclass(frozen=True)
class BrokenPackage:
    """A folder in the package directory that is not a usable package, and why."""

    path: Path
    reason: str

    def as_dict(self) -> dict[str, object]:
        """The keys of PackageInfo.as_dict, unknown values None, for one stable shape."""
        return {
            "id": None,
            "from": None,
            "to": None,
            "version": None,
            "name": None,
            "toy": False,
            "bundled": False,
            "size_bytes": None,
            "path": str(self.path),
            "broken": True,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class PackageScan:
    """What the package directory holds: usable packages and broken ones."""

    packages: list[PackageInfo] = field(default_factory=list)
    broken: list[BrokenPackage] = field(default_factory=list)


# --------------------------------------------------------------------------- discovery


def packages_dir() -> Path:
    """Where packages are installed: ``ARGOS_PACKAGES_DIR`` or Argos's default."""
    configured = os.environ.get("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured)
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return data_home / "argos-translate" / "packages"


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "translate-newsroom"


def load_package(path: Path, *, bundled: bool = False) -> PackageInfo:
    """Read an unpacked package directory, validating what translation needs.

    Any problem is a PackageError naming the package: its metadata is checked before
    Argos parses it, and whatever Argos's own parser raises is caught.
    """
    metadata_path = path / "metadata.json"
    try:
        if not stat.S_ISREG(metadata_path.stat().st_mode):  # a FIFO would block forever
            raise PackageError(_("{path}: no metadata.json").format(path=path))
        with metadata_path.open("rb") as handle:
            data = handle.read(MAX_METADATA_BYTES + 1)
    except FileNotFoundError:
        raise PackageError(_("{path}: no metadata.json").format(path=path)) from None
    except OSError as exc:
        raise PackageError(
            _("{path}: cannot read ({reason})").format(path=metadata_path, reason=exc.strerror)
        ) from None
    metadata = read_metadata(data, str(metadata_path))
    source_spm = path / "sentencepiece.model"
    if not source_spm.is_file():
        raise PackageError(
            _("{path}: no sentencepiece.model (BPE-only packages are not supported)").format(
                path=path
            )
        )
    if not (path / "model" / "model.bin").is_file():
        raise PackageError(
            _("{path}: no CTranslate2 model (model/model.bin missing)").format(path=path)
        )
    from argostranslate.package import Package  # Argos's own metadata parser

    try:
        Package(path)
    except Exception as exc:  # not our parser: whatever it raises means "broken"
        raise PackageError(
            _("{path}: Argos cannot read this package ({error})").format(path=path, error=exc)
        ) from None
    target_spm = path / TARGET_SPM_NAME
    return PackageInfo(
        path=path,
        from_code=metadata.from_code,
        to_code=metadata.to_code,
        version=metadata.version,
        name=f"{metadata.from_name or metadata.from_code} → {metadata.to_name or metadata.to_code}",
        source_spm=source_spm,
        target_spm=target_spm if target_spm.is_file() else source_spm,
        source_prefix=metadata.source_prefix,
        source_suffix=metadata.source_suffix,
        target_prefix=metadata.target_prefix,
        toy=metadata.toy,
        bundled=bundled,
        max_source_positions=metadata.max_source_positions,
        max_target_positions=metadata.max_target_positions,
        length_ratio=metadata.length_ratio,
    )


def scan_packages(directory: Path | None = None) -> PackageScan:
    """Every package folder in the Argos package directory, usable or broken.

    Packages of another type (Argos's) are skipped; leftovers of killed installs
    are removed on the way (best effort: the directory may be read-only).
    """
    root = directory or packages_dir()
    remove_stale(root, LEFTOVER_PREFIXES)
    try:
        children = sorted(root.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return PackageScan()
    except OSError as exc:
        reason = _("{path}: cannot read ({reason})").format(path=root, reason=exc.strerror)
        return PackageScan(broken=[BrokenPackage(root, reason)])
    scan = PackageScan()
    for child in children:
        if child.name.startswith(".") or not child.is_dir():
            continue
        try:
            scan.packages.append(load_package(child))
        except NotTranslationPackageError:
            continue
        except PackageError as exc:
            scan.broken.append(BrokenPackage(child, str(exc)))
        except Exception as exc:  # a shared directory may hold anything: never crash on it
            scan.broken.append(BrokenPackage(child, f"{child}: {exc}"))
    return scan


def installed_packages(directory: Path | None = None) -> list[PackageInfo]:
    """Usable packages unpacked in the Argos package directory (broken ones skipped)."""
    return scan_packages(directory).packages


def bundled_toy_archives() -> list[Path]:
    return sorted(TOY_DIR.glob("*.argosmodel"))


def bundled_toy_packages() -> list[PackageInfo]:
    """Toy packages shipped with the project, unpacked once into the cache.

    They are unpacked with the same safe installer a downloaded package goes
    through, so they exercise exactly the real loading path.
    """
    packages = []
    for archive in bundled_toy_archives():
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:16]
        target = cache_dir() / "toy-packages" / digest
        if not target.is_dir():
            _unpack_once(archive, target)
        (unpacked,) = [p for p in target.iterdir() if p.is_dir() and not p.name.startswith(".")]
        packages.append(load_package(unpacked, bundled=True))
    return packages


def _unpack_once(archive: Path, target: Path) -> None:
    """Unpack into a private directory, then rename it into place in one step: two
    processes starting at once (parallel batch runs) never see a half-unpacked model."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent, (f".{target.name}-",))
    private = Path(tempfile.mkdtemp(prefix=f".{target.name}-{os.getpid()}-", dir=target.parent))
    try:
        install_archive(archive, private)
        try:
            private.rename(target)
        except OSError:
            if not target.is_dir():  # not the "another process won the race" case
                raise
    finally:
        shutil.rmtree(private, ignore_errors=True)


def all_packages() -> list[PackageInfo]:
    return installed_packages() + bundled_toy_packages()


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def best_package(
    from_code: str, to_code: str, candidates: Iterable[PackageInfo] | None = None
) -> PackageInfo | None:
    """The package to use for a pair: real before toy, then the highest version."""
    pool = list(all_packages() if candidates is None else candidates)
    matching = [p for p in pool if p.from_code == from_code and p.to_code == to_code]
    if not matching:
        return None
    return max(matching, key=lambda p: (not p.toy, _version_key(p.version)))


def require_package(
    from_code: str, to_code: str, candidates: Iterable[PackageInfo] | None = None
) -> PackageInfo:
    pool = list(all_packages() if candidates is None else candidates)
    found = best_package(from_code, to_code, pool)
    if found is None:
        pairs = ", ".join(sorted({p.pair for p in pool})) or _("none")
        raise NoModelError(
            _(
                "no model for {source}→{target} (installed pairs: {pairs}); install one with "
                "`translate models install {source} {target}` or "
                "`translate models install FILE.argosmodel`"
            ).format(source=from_code, target=to_code, pairs=pairs)
        )
    return found


# --------------------------------------------------------------------------- install


def install_archive(archive_path: Path, destination: Path | None = None) -> PackageInfo:
    """Install an ``.argosmodel`` file: check, unpack to a temp dir, prove, move in.

    The archive is checked before anything is written (translate.engine.archive); the
    unpacked package must load and translate a word before it is moved into place.
    Nothing is written outside ``destination``, a refused or failed install leaves
    nothing behind, and re-installing the same package replaces it.
    """
    dest = destination or packages_dir()
    if not archive_path.is_file():
        raise PackageError(_("{path}: no such file").format(path=archive_path))
    try:
        archive = zipfile.ZipFile(archive_path)
    except OSError as exc:
        raise PackageError(
            _("{path}: cannot read ({reason})").format(path=archive_path, reason=exc.strerror)
        ) from exc
    except ZIP_READ_ERRORS as exc:
        raise PackageError(
            _("{path}: not a valid .argosmodel (not a zip archive)").format(path=archive_path)
        ) from exc
    with archive:
        try:
            checked = check_archive(archive, archive_path)
        except ZIP_READ_ERRORS as exc:  # a central directory that lies
            raise PackageError(
                _("{path}: corrupt archive ({error})").format(path=archive_path, error=exc)
            ) from None
        try:
            bad = archive.testzip()
        except ZIP_READ_ERRORS as exc:
            raise PackageError(
                _("{path}: corrupt archive ({error})").format(path=archive_path, error=exc)
            ) from None
        if bad is not None:
            raise PackageError(
                _("{path}: corrupt archive (bad CRC in {member})").format(
                    path=archive_path, member=bad
                )
            )
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PackageError(
                _("{path}: cannot write: {reason}").format(path=dest, reason=exc.strerror)
            ) from None
        remove_stale(dest, LEFTOVER_PREFIXES)
        _check_free_space(dest, checked.total_bytes, archive_path)
        final = dest / checked.top
        try:
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=dest))
        except OSError as exc:
            raise PackageError(
                _("{path}: cannot write: {reason}").format(path=dest, reason=exc.strerror)
            ) from None
        try:
            archive.extractall(staging)
            unpacked = staging / checked.top
            prove_loadable(load_package(unpacked), archive_path)
            _move_into_place(unpacked, final)
        except ZIP_READ_ERRORS as exc:
            raise PackageError(
                _("{path}: could not unpack ({error})").format(path=archive_path, error=exc)
            ) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return load_package(final)


def prove_loadable(package: PackageInfo, source: Path) -> None:
    """Load ``package`` with CTranslate2 and SentencePiece and translate one word
    (greedy, a few tokens): a garbage model.bin, config, vocabulary or SentencePiece
    model is refused here, not at the first translation."""
    from translate.engine.translator import CT2Translator, EngineOptions

    options = EngineOptions(
        device="cpu", beam_size=1, max_decoding_length=PROOF_MAX_TOKENS, threads=1
    )
    try:
        hypotheses = CT2Translator(package, options).translate([PROOF_TEXT], beam_size=1)
    except Exception as exc:  # whatever the C++ libraries raise for a broken model
        reason = " ".join(str(exc).split())
        raise PackageError(
            _("{path}: the package does not load ({error}); nothing installed").format(
                path=source, error=reason[:200] or type(exc).__name__
            )
        ) from None
    if not hypotheses or not hypotheses[0]:
        raise PackageError(
            _(
                "{path}: the package does not load (no translation came out); nothing installed"
            ).format(path=source)
        )


def _check_free_space(folder: Path, needed: int, source: Path) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if needed > free:
        raise PackageError(
            _("{path}: needs {size} bytes unpacked, only {free} free in {folder}").format(
                path=source, size=needed, free=free, folder=folder
            )
        )


def _move_into_place(unpacked: Path, final: Path) -> None:
    """Rename the unpacked package to its final name. A package already there is moved
    aside first (a symbolic link planted there is removed, never followed) and comes
    back if the rename fails."""
    aside: Path | None = None
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        final.unlink()
    elif final.exists():
        holder = Path(tempfile.mkdtemp(prefix=f"{REMOVING_PREFIX}{os.getpid()}-", dir=final.parent))
        aside = holder / final.name
        final.rename(aside)
    try:
        unpacked.rename(final)
    except OSError:
        if aside is not None:
            aside.rename(final)
        raise
    finally:
        if aside is not None:
            shutil.rmtree(aside.parent, ignore_errors=True)


def index_url(override: str | None = None) -> str:
    """The package index: ``--index-url``, ``ARGOS_PACKAGE_INDEX`` (as Argos reads it), default."""
    url = override or os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX_URL
    if not url.endswith(".json"):
        url = url.rstrip("/") + "/index.json"
    return url


def _open_url(url: str) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": "translate-newsroom"})
    return urllib.request.urlopen(request, timeout=_DOWNLOAD_TIMEOUT_S)


def _fetch(url: str, limit: int = MAX_INDEX_BYTES) -> bytes:
    with _open_url(url) as response:
        data: bytes = response.read(limit + 1)
    if len(data) > limit:
        raise PackageError(
            _("{url}: larger than {limit} bytes (refused)").format(url=url, limit=limit)
        )
    return data


def _download(url: str, target: Path, limit: int) -> None:
    """Stream ``url`` to ``target``, refusing more than ``limit`` bytes."""
    received = 0
    with _open_url(url) as response, target.open("xb") as out:
        while chunk := response.read(1024 * 1024):
            received += len(chunk)
            if received > limit:
                raise PackageError(
                    _("{url}: larger than {limit} bytes (refused)").format(url=url, limit=limit)
                )
            out.write(chunk)


def fetch_index(url: str | None = None) -> list[dict[str, object]]:
    resolved = index_url(url)
    try:
        data = _fetch(resolved)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IndexUnreachableError(
            _(
                "package index unreachable ({url}: {reason}); offline, install from a file "
                "instead: translate models install FILE.argosmodel"
            ).format(url=resolved, reason=reason)
        ) from exc
    try:
        entries = json.loads(data)
    except json.JSONDecodeError as exc:
        raise PackageError(
            _("{url}: package index is not valid JSON").format(url=resolved)
        ) from exc
    if not isinstance(entries, list):
        raise PackageError(_("{url}: package index must be a JSON list").format(url=resolved))
    return [e for e in entries if isinstance(e, dict)]


def install_from_index(
    from_code: str, to_code: str, url: str | None = None, destination: Path | None = None
) -> PackageInfo:
    """Download the newest package for a pair from the index and install it."""
    from argostranslate.package import AvailablePackage

    resolved = index_url(url)
    available = [AvailablePackage(entry) for entry in fetch_index(resolved)]
    matching = [
        p
        for p in available
        if p.from_code == from_code and p.to_code == to_code and p.type == "translate"
    ]
    if not matching:
        raise NoModelError(
            _("the package index ({url}) has no {source}→{target} package").format(
                url=resolved, source=from_code, target=to_code
            )
        )
    chosen = max(matching, key=lambda p: _version_key(str(p.package_version)))
    errors = []
    for link in chosen.links:
        absolute = urllib.parse.urljoin(resolved, link)
        with tempfile.TemporaryDirectory() as tmp:
            downloaded = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
            try:
                _download(absolute, downloaded, max_total_bytes())
            except (urllib.error.URLError, OSError, ValueError) as exc:
                errors.append(f"{absolute}: {getattr(exc, 'reason', exc)}")
                continue
            return install_archive(downloaded, destination)
    raise IndexUnreachableError(
        _(
            "download failed for {source}→{target} ({errors}); install from a file instead: "
            "translate models install FILE.argosmodel"
        ).format(source=from_code, target=to_code, errors="; ".join(errors) or _("no links"))
    )


def remove_package(from_code: str, to_code: str, directory: Path | None = None) -> list[Path]:
    """Remove every installed package for a pair; returns the removed paths. A code
    that is not a language code (``..``, a path) is a usage error."""
    for name, code in (("FROM", from_code), ("TO", to_code)):
        if not is_language_code(code):
            raise UsageError(
                _("{option}: {value!r} is not a language code").format(option=name, value=code)
            )
    removed = []
    for package in installed_packages(directory):
        if package.from_code == from_code and package.to_code == to_code:
            if package.path.is_symlink():
                package.path.unlink()  # a link to a package elsewhere: never follow it
            else:
                shutil.rmtree(package.path)
            removed.append(package.path)
    if not removed:
        raise NoModelError(
            _("no installed package for {source}→{target}").format(source=from_code, target=to_code)
        )
    return removed


# --------------------------------------------------------------------------- build


def build_package(
    *,
    model_dir: Path,
    source_spm: Path,
    from_code: str,
    to_code: str,
    output: Path,
    target_spm: Path | None = None,
    version: str = "1.0",
    from_name: str | None = None,
    to_name: str | None = None,
    source_prefix: str = "",
    source_suffix: str = "",
    target_prefix: str = "",
    toy: bool = False,
    readme: str | None = None,
    max_source_positions: int | None = None,
    max_target_positions: int | None = None,
) -> Path:
    """Package a CTranslate2 model directory and SentencePiece model(s) as ``.argosmodel``.

    The position limits go into the metadata: read from the model's encoding tables,
    or given (``max_*_positions``) for models that store none (sinusoidal encodings,
    e.g. OpenNMT-py, trained on sentences up to a known length). A given limit may be
    lower than the model's table, never higher.
    """
    if not (model_dir / "model.bin").is_file():
        raise PackageError(
            _("{path}: not a CTranslate2 model directory (no model.bin)").format(path=model_dir)
        )
    for spm in filter(None, (source_spm, target_spm)):
        if not spm.is_file():
            raise PackageError(_("{path}: SentencePiece model not found").format(path=spm))
    from translate.lang import language_name

    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    metadata: dict[str, object] = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": from_name or language_name(from_code),
        "to_code": to_code,
        "to_name": to_name or language_name(to_code),
        "type": "translate",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    if source_prefix:
        metadata["source_prefix"] = source_prefix
    if source_suffix:
        metadata["source_suffix"] = source_suffix
    if toy:
        metadata["toy"] = True
    metadata.update(_position_metadata(model_dir, max_source_positions, max_target_positions))
    # Fixed timestamps keep rebuilt archives byte-identical (reproducible toy models).
    stamp = (2024, 1, 1, 0, 0, 0)

    def add(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
        info = zipfile.ZipInfo(f"{top}/{arcname}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        zf.writestr(info, data)

    with atomic_writer(output, "wb") as handle, zipfile.ZipFile(handle, "w") as zf:
        add(zf, "metadata.json", json.dumps(metadata, indent=2, ensure_ascii=False).encode())
        add(zf, "sentencepiece.model", source_spm.read_bytes())
        if target_spm is not None and target_spm.resolve() != source_spm.resolve():
            add(zf, TARGET_SPM_NAME, target_spm.read_bytes())
        if readme:
            add(zf, "README.md", readme.encode())
        for file in sorted(model_dir.rglob("*")):
            if file.is_file():
                add(zf, f"model/{file.relative_to(model_dir).as_posix()}", file.read_bytes())
    return output


def _position_metadata(model_dir: Path, source: int | None, target: int | None) -> dict[str, int]:
    """The ``max_*_positions`` keys for a package being built (see build_package)."""
    source_table, target_table = stored_positions(model_dir)
    stored = {METADATA_SOURCE_KEY: source_table, METADATA_TARGET_KEY: target_table}
    given = {METADATA_SOURCE_KEY: source, METADATA_TARGET_KEY: target}
    recorded: dict[str, int] = {}
    for key in (METADATA_SOURCE_KEY, METADATA_TARGET_KEY):
        value, table = given[key], stored[key]
        if value is not None and value <= 0:
            raise PackageError(_("{key} must be a positive number").format(key=key))
        if value is not None and table is not None and value > table:
            raise PackageError(
                _("{path}: {key}={value}, but the model stores only {table} positions").format(
                    path=model_dir, key=key, value=value, table=table
                )
            )
        chosen = value if value is not None else table
        if chosen is not None:
            recorded[key] = chosen
    return recorded
