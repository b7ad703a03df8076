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

Metadata is parsed by ``argostranslate.package.Package`` itself so that a package
that works here works in Argos and LibreTranslate too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translate.engine.limits import (
    METADATA_SOURCE_KEY,
    METADATA_TARGET_KEY,
    ModelLimits,
    declared_positions,
    package_limits,
    stored_positions,
)
from translate.errors import IndexUnreachableError, NoModelError, PackageError
from translate.i18n import _

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
TOY_DIR = Path(__file__).with_name("toy")
TARGET_SPM_NAME = "target.spm"
_DOWNLOAD_TIMEOUT_S = 30


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
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

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
            "limits": self.limits().as_dict(),
        }


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
    """Read an unpacked package directory, validating what translation needs."""
    metadata_path = path / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PackageError(_("{path}: no metadata.json").format(path=path)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(
            _("{path}: invalid JSON ({error})").format(path=metadata_path, error=exc)
        ) from exc
    if not isinstance(metadata, dict):
        raise PackageError(_("{path}: metadata must be a JSON object").format(path=metadata_path))
    if metadata.get("type", "translate") != "translate":
        raise PackageError(
            _("{path}: not a translation package (type={type!r})").format(
                path=path, type=metadata.get("type")
            )
        )

    from argostranslate.package import Package  # Argos's own metadata parser

    argos = Package(path)
    if not argos.from_code or not argos.to_code:
        raise PackageError(
            _("{path}: from_code and to_code are required").format(path=metadata_path)
        )
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
    target_spm = path / TARGET_SPM_NAME
    return PackageInfo(
        path=path,
        from_code=argos.from_code,
        to_code=argos.to_code,
        version=str(argos.package_version or "0"),
        name=f"{argos.from_name or argos.from_code} → {argos.to_name or argos.to_code}",
        source_spm=source_spm,
        target_spm=target_spm if target_spm.is_file() else source_spm,
        source_prefix=str(metadata.get("source_prefix", "")),
        source_suffix=str(metadata.get("source_suffix", "")),
        target_prefix=argos.target_prefix or "",
        toy=bool(metadata.get("toy", False)),
        bundled=bundled,
        max_source_positions=declared_positions(metadata, METADATA_SOURCE_KEY),
        max_target_positions=declared_positions(metadata, METADATA_TARGET_KEY),
        length_ratio=_positive_float(metadata.get("length_ratio")),
    )


def _positive_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    return float(value)


def installed_packages(directory: Path | None = None) -> list[PackageInfo]:
    """Packages unpacked in the Argos package directory; broken ones are skipped."""
    root = directory or packages_dir()
    if not root.is_dir():
        return []
    found = []
    for child in sorted(root.iterdir()):
        if child.is_dir() and not child.name.startswith("."):
            try:
                found.append(load_package(child))
            except PackageError:
                continue
    return found


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
    private = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
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


def _check_archive_members(archive: zipfile.ZipFile, source: Path) -> str:
    """Refuse archives that would write outside their one top-level directory."""
    names = archive.namelist()
    if not names:
        raise PackageError(_("{path}: empty archive").format(path=source))
    tops = set()
    for info in archive.infolist():
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or (name[1:2] == ":"):
            raise PackageError(
                _("{path}: unsafe path in archive: {name!r} (refused)").format(
                    path=source, name=name
                )
            )
        # A zip entry with the Unix symlink mode would point anywhere once extracted.
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise PackageError(
                _("{path}: symbolic link in archive: {name!r} (refused)").format(
                    path=source, name=name
                )
            )
        tops.add(pure.parts[0])
    if len(tops) != 1:
        raise PackageError(
            _("{path}: expected one top-level directory, found {count}").format(
                path=source, count=len(tops)
            )
        )
    return tops.pop()


def install_archive(archive_path: Path, destination: Path | None = None) -> PackageInfo:
    """Install an ``.argosmodel`` file: validate, unpack to a temp dir, then move in.

    Nothing is written outside ``destination`` and a failed install leaves no
    partial package behind.  Re-installing the same package replaces it.
    """
    dest = destination or packages_dir()
    if not archive_path.is_file():
        raise PackageError(_("{path}: no such file").format(path=archive_path))
    try:
        archive = zipfile.ZipFile(archive_path)
    except zipfile.BadZipFile as exc:
        raise PackageError(
            _("{path}: not a valid .argosmodel (not a zip archive)").format(path=archive_path)
        ) from exc
    with archive:
        top = _check_archive_members(archive, archive_path)
        bad = archive.testzip()
        if bad is not None:
            raise PackageError(
                _("{path}: corrupt archive (bad CRC in {member})").format(
                    path=archive_path, member=bad
                )
            )
        dest.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=dest))
        try:
            archive.extractall(staging)
            unpacked = staging / top
            info = load_package(unpacked)
            final = dest / top
            if final.exists():
                shutil.rmtree(final)
            unpacked.rename(final)
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise PackageError(
                _("{path}: could not unpack ({error})").format(path=archive_path, error=exc)
            ) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return load_package(final, bundled=info.bundled)


def index_url(override: str | None = None) -> str:
    """The package index: ``--index-url``, ``ARGOS_PACKAGE_INDEX`` (as Argos reads it), default."""
    url = override or os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX_URL
    if not url.endswith(".json"):
        url = url.rstrip("/") + "/index.json"
    return url


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "translate-newsroom"})
    with urllib.request.urlopen(request, timeout=_DOWNLOAD_TIMEOUT_S) as response:
        return response.read()


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
        try:
            data = _fetch(absolute)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            errors.append(f"{absolute}: {getattr(exc, 'reason', exc)}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            downloaded = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
            downloaded.write_bytes(data)
            return install_archive(downloaded, destination)
    raise IndexUnreachableError(
        _(
            "download failed for {source}→{target} ({errors}); install from a file instead: "
            "translate models install FILE.argosmodel"
        ).format(source=from_code, target=to_code, errors="; ".join(errors) or _("no links"))
    )


def remove_package(from_code: str, to_code: str, directory: Path | None = None) -> list[Path]:
    """Remove every installed package for a pair; returns the removed paths."""
    removed = []
    for package in installed_packages(directory):
        if package.from_code == from_code and package.to_code == to_code:
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
    from babel import Locale, UnknownLocaleError

    def language_name(code: str) -> str:
        try:
            return Locale.parse(code).get_display_name("en") or code
        except (UnknownLocaleError, ValueError):
            return code

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
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp_output = output.with_name(output.name + ".part")
    # Fixed timestamps keep rebuilt archives byte-identical (reproducible toy models).
    stamp = (2024, 1, 1, 0, 0, 0)

    def add(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
        info = zipfile.ZipInfo(f"{top}/{arcname}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        zf.writestr(info, data)

    with zipfile.ZipFile(tmp_output, "w") as zf:
        add(zf, "metadata.json", json.dumps(metadata, indent=2, ensure_ascii=False).encode())
        add(zf, "sentencepiece.model", source_spm.read_bytes())
        if target_spm is not None and target_spm.resolve() != source_spm.resolve():
            add(zf, TARGET_SPM_NAME, target_spm.read_bytes())
        if readme:
            add(zf, "README.md", readme.encode())
        for file in sorted(model_dir.rglob("*")):
            if file.is_file():
                add(zf, f"model/{file.relative_to(model_dir).as_posix()}", file.read_bytes())
    tmp_output.replace(output)
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
