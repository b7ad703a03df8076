"""Shared fixtures: isolated Argos/XDG directories and the committed toy packages."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

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


def run_process(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `translate` CLI in a subprocess, as pipelines do: for what only a
    process shows (signals, pipes, start-up, help strings in another interface
    language, which are set when the commands are imported)."""
    return subprocess.run(
        [sys.executable, "-m", "translate", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **ENGLISH, **(env or {})},
        cwd=cwd or ROOT,
        timeout=300,
    )


class _Kept(io.BytesIO):
    """A stream buffer that keeps its bytes when the CLI closes the stream."""

    def close(self) -> None:
        pass


def _text(buffer: io.BytesIO) -> str:
    # As subprocess.run(text=True) gives it: UTF-8, universal newlines.
    return buffer.getvalue().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def run_cli(
    *args: str,
    input: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `translate` in this process: ``translate.cli.main`` itself (the interface
    language from the environment, error lines, exit codes), with its own standard
    streams, environment and working directory, and none of a process start-up."""
    import translate.cli
    from translate import i18n
    from translate.review import checks

    streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    out, err = _Kept(), _Kept()
    data = input.encode("utf-8") if isinstance(input, str) else input or b""
    sys.stdin = io.TextIOWrapper(_Kept(data), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    os.environ.update({**ENGLISH, **(env or {})})
    os.chdir(cwd or ROOT)
    code: int | str | None = 0
    try:
        translate.cli.main(list(args))
    except SystemExit as exc:
        code = exc.code
    finally:
        with contextlib.suppress(ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = streams
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
        i18n.setup(i18n.DEFAULT)
        checks.glossary_for.cache_clear()  # a test may change the files between runs
    if isinstance(code, str):  # SystemExit("message"), as the interpreter shows it
        err.write(f"{code}\n".encode())
        code = 1
    return subprocess.CompletedProcess(["translate", *args], code or 0, _text(out), _text(err))


def cli_ok(*args: str, env: dict[str, str] | None = None) -> str:
    """``translate ARGS`` in this process, which must succeed: its stdout."""
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cli_json(*args: str, env: dict[str, str] | None = None) -> Any:
    """``translate ARGS --json`` in this process, which must succeed: its JSON."""
    return json.loads(cli_ok(*args, "--json", env=env))


def copy_database(source: Path, target: Path) -> Path:
    """A copy of a test database, made with SQLite's backup API: a WAL database is
    copied consistently, which a file copy might not be."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


SAMPLE = ROOT / "samples" / "niger-air-defence.txt"


def translated_sample(base: Path) -> Path:
    """``samples/niger-air-defence.txt`` translated into French by the toy package, in
    ``base/base.db`` (the review and exchange tests' starting database)."""
    from translate import RunOptions, run

    db = base / "base.db"
    options = RunOptions(inputs=[str(SAMPLE)], targets=["fr"], db_path=db, out_dir=base / "out")
    run(options, log=lambda _message: None)
    return db


def invoke(
    *args: str,
    input: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """run_cli in the test's current directory (a test may have changed it), as the
    name older tests use had it."""
    return run_cli(*args, input=input, env=env, cwd=cwd or Path.cwd())


def install_fr_en_pivot(tmp_path: Path, toy_archive: dict[str, Path]) -> None:
    """A fr→en package for pivot tests (fr→en→ha): the toy en→fr model relabelled. It
    cannot translate French; the route, the records and the datelines are the point."""
    from translate.engine import packages

    original = packages.install_archive(toy_archive["fr"], tmp_path / "unpacked")
    built = packages.build_package(
        model_dir=original.model_dir, source_spm=original.source_spm, from_code="fr",
        to_code="en", output=tmp_path / "fr_en.argosmodel", source_suffix="</s>",
    )  # fmt: skip
    assert run_cli("models", "install", str(built)).returncode == 0


# The commands' help strings are set when they are imported: import them in English,
# before any test runs one in another interface language.
import translate.cli.app  # noqa: E402, F401


def _build_once() -> None:
    """typer builds the click command tree on every call of the app (a tenth of a
    second, once per process in real use): build it once for the in-process runs."""
    import functools

    import typer.main

    typer.main.get_command = functools.cache(typer.main.get_command)


_build_once()
