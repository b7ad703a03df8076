"""The packages ``make eval`` measures: the bundled toys and their placeholder-naive twins.

Both are loaded exactly as the product loads a package: the bundled toy through the
product's discovery, the naive one installed from its committed archive with the
product's safe installer (``install_archive``) into the cache, then ``load_package``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from translate.engine.packages import (
    PackageInfo,
    bundled_toy_packages,
    cache_dir,
    install_archive,
    load_package,
)

ROOT = Path(__file__).resolve().parents[2]
NAIVE_DIR = ROOT / "tests" / "data" / "packages"
NAIVE_REPORT = NAIVE_DIR / "naive-models.json"
VARIANTS = ("trained", "naive")
LANGS = ("fr", "ha")


@dataclass(frozen=True)
class Variant:
    name: str  # trained | naive
    lang: str
    package: PackageInfo


def naive_archive(lang: str) -> Path:
    return NAIVE_DIR / f"en_{lang}-toy-naive.argosmodel"


def naive_package(lang: str) -> PackageInfo:
    """The placeholder-naive package for ``lang``, installed once into the cache."""
    archive = naive_archive(lang)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:16]
    target = cache_dir() / "naive-packages" / digest
    installed = [p for p in target.iterdir() if p.is_dir()] if target.is_dir() else []
    if len(installed) == 1 and (installed[0] / "metadata.json").is_file():
        return load_package(installed[0])
    return install_archive(archive, target)


def trained_package(lang: str) -> PackageInfo:
    (package,) = [p for p in bundled_toy_packages() if p.to_code == lang]
    return package


def variant(name: str, lang: str) -> Variant:
    package = naive_package(lang) if name == "naive" else trained_package(lang)
    return Variant(name, lang, package)
