"""Shared fixtures: isolated Argos/XDG directories and the committed toy packages."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOY_DIR = ROOT / "translate" / "engine" / "toy"

# Keep Argos and our caches out of the user's home for the whole session; the toy
# packages are unpacked once per session into this cache.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="translate-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(_SESSION_HOME / _var.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_SESSION_HOME / "no-packages")
os.environ.pop("TRANSLATE_DB", None)


@pytest.fixture()
def packages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Argos package directory for this test."""
    directory = tmp_path / "argos-packages"
    directory.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(directory))
    return directory


@pytest.fixture(scope="session")
def toy_archive() -> dict[str, Path]:
    """The committed toy .argosmodel files, by target language."""
    archives = {"fr": TOY_DIR / "en_fr-toy.argosmodel", "ha": TOY_DIR / "en_ha-toy.argosmodel"}
    for path in archives.values():
        assert path.is_file(), f"{path} missing: run `make toy-models`"
    return archives


# The CLI speaks the user's language; tests that read English messages pin it.
ENGLISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def run_cli(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `translate` CLI in a subprocess, as pipelines do."""
    return subprocess.run(
        [sys.executable, "-m", "translate", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **ENGLISH, **(env or {})},
        cwd=cwd or ROOT,
        timeout=300,
    )


def invoke(
    *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a `translate` command in this process with typer's runner (fast); library
    errors end as the CLI ends them: their exit code, one line on stderr."""
    from typer.testing import CliRunner

    from translate.cli.app import app
    from translate.errors import TranslateError

    result = CliRunner().invoke(app, list(args), input=input, env={**ENGLISH, **(env or {})})
    code, stderr = result.exit_code, result.stderr
    if isinstance(result.exception, TranslateError):
        code, stderr = result.exception.exit_code, f"translate: error: {result.exception}\n"
    elif result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["translate", *args], code, result.stdout, stderr)


@pytest.fixture()
def cli() -> Iterator[object]:
    yield run_cli
