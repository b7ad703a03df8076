"""Every file from outside is validated, every file written is safe (issue 10).

Every hostile file is built here, by the test, from the committed toy packages and from
exports of a small database; none is committed. The CLI runs in a subprocess where
exit codes and stderr matter, the library in-process where that is enough.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import os
import random
import shlex
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ENGLISH, ROOT, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate import files
from translate.engine import packages
from translate.engine.archive import MAX_TOTAL_BYTES_ENV
from translate.errors import (
    EXIT_NO_INPUT,
    EXIT_RUNTIME,
    EXIT_USAGE,
    InputError,
    NoUsableInputError,
    OutputError,
    PackageError,
    StoreError,
    TranslateError,
)
from translate.exchange import read_exchange
from translate.exchange.xliff import NS_12, NS_20
from translate.glossary import export_terms, import_terms
from translate.glossary.model import Entry
from translate.review import export_article, import_file, open_existing
from translate.store import ArticleInput, SegmentInput, Store, TranslationRow, open_store, schema
from translate.store.db import immutable_is_safe, readonly_uri, wal_has_data

SAMPLE = ROOT / "samples" / "niger-air-defence.txt"
TOP = "translate-en_fr-1_0"  # the toy fr package's top-level folder
ARTICLE = "niger-1"
SOURCES = [
    ("headline", 0, "CNSP closes air defences over Niamey"),
    ("paragraph", 1, "The junta said the U.S. drones must leave."),
    ("paragraph", 2, "Russian military trainers arrived on Tuesday."),
]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never flakes on a new one
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("translate: error: ") and "Traceback" not in result.stderr
    return lines[0]


# --------------------------------------------------------------------------- a database


def make_db(path: Path) -> Path:
    """A database holding one article with machine translations into French."""
    with open_store(path) as store:
        digest = hashlib.sha256(json.dumps(SOURCES).encode()).hexdigest()
        record = store.add_article(
            ArticleInput(
                source="wire",
                doc_id=ARTICLE,
                content_hash=digest,
                source_lang="en",
                title=SOURCES[0][2],
                segments=[SegmentInput(*s) for s in SOURCES],
            )
        )
        store.save_translations(
            [
                TranslationRow(sid, "fr", f"Texte {n}", "machine", package="en_fr-1.0-toy")
                for n, sid in enumerate(record.segment_ids)
            ]
        )
    return path


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_db(tmp_path_factory.mktemp("safety") / "base.db")


@pytest.fixture()
def db(base_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "translations.db"
    with sqlite3.connect(base_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def dump(db: Path) -> list[tuple[Any, ...]]:
    """Every row that matters: equal dumps mean nothing was written."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM translations ORDER BY id").fetchall()
        rows += conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    return rows


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def export(db: Path, fmt: str) -> str:
    with open_store(db) as store:
        return export_article(store, ARTICLE, "fr", fmt)


def segment_ids(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM segments ORDER BY id")]


def import_into(db: Path, path: Path) -> Any:
    with open_store(db) as store:
        return import_file(store, path)


# --------------------------------------------------------------------------- archives


@pytest.fixture(scope="session")
def toy_members(toy_archive: dict[str, Path]) -> dict[str, bytes]:
    with zipfile.ZipFile(toy_archive["fr"]) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def build_archive(
    path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def with_metadata(members: dict[str, bytes], metadata: bytes) -> dict[str, bytes]:
    return {**members, f"{TOP}/metadata.json": metadata}


def toy_metadata(members: dict[str, bytes], **changes: Any) -> bytes:
    metadata = json.loads(members[f"{TOP}/metadata.json"])
    metadata.update(changes)
    return json.dumps(metadata).encode()


def patch_central_directory(
    data: bytes,
    name: str,
    *,
    flags: int = 0,
    method: int | None = None,
    offset_of: str | None = None,
) -> bytes:
    """Change one entry's central-directory record the way a hostile tool would."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        position = zf.start_dir
        offsets = {info.filename: info.header_offset for info in zf.infolist()}
    buffer = bytearray(data)
    while buffer[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from(
            "<HHH", buffer, position + 28
        )
        entry = bytes(buffer[position + 46 : position + 46 + name_length]).decode()
        if entry == name:
            flag_bits = struct.unpack_from("<H", buffer, position + 8)[0]
            struct.pack_into("<H", buffer, position + 8, flag_bits | flags)
            if method is not None:
                struct.pack_into("<H", buffer, position + 10, method)
            if offset_of is not None:
                struct.pack_into("<I", buffer, position + 42, offsets[offset_of])
        position += 46 + name_length + extra_length + comment_length
    return bytes(buffer)


def refused(archive: Path, directory: Path, fragment: str) -> str:
    with pytest.raises(PackageError) as info:
        packages.install_archive(archive, directory)
    message = str(info.value)
    assert fragment in message and str(archive) in message and "\n" not in message, message
    assert not directory.exists() or list(directory.iterdir()) == []  # nothing left on disk
    return message


def test_zip_bomb_is_refused_before_anything_is_written(
    tmp_path: Path, packages_dir: Path, toy_members: dict[str, bytes]
) -> None:
    bomb = build_archive(
        tmp_path / "bomb.argosmodel", {**toy_members, f"{TOP}/model/pad.bin": bytes(8 * 1024**2)}
    )
    assert bomb.stat().st_size < 2 * 1024**2  # small on disk, 8 MiB of zeros inside
    result = run_cli("models", "install", str(bomb))
    assert result.returncode == EXIT_RUNTIME
    line = one_error_line(result)
    assert "bomb.argosmodel" in line and "zip bomb" in line
    assert list(packages_dir.iterdir()) == []


def test_the_size_limit_is_documented_and_set_by_the_environment(
    packages_dir: Path, toy_archive: dict[str, Path]
) -> None:
    result = run_cli(
        "models", "install", str(toy_archive["fr"]), env={MAX_TOTAL_BYTES_ENV: "500000"}
    )
    assert result.returncode == EXIT_RUNTIME
    assert f"more than the limit of 500000 (raise it with {MAX_TOTAL_BYTES_ENV})" in one_error_line(
        result
    )
    assert list(packages_dir.iterdir()) == []
    assert f"`{MAX_TOTAL_BYTES_ENV}`" in (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")


def test_overlapping_entries_are_refused(
    tmp_path: Path, packages_dir: Path, toy_members: dict[str, bytes]
) -> None:
    members = {**toy_members, f"{TOP}/a.bin": os.urandom(2000), f"{TOP}/b.bin": os.urandom(2000)}
    data = build_archive(tmp_path / "plain.argosmodel", members).read_bytes()
    overlapping = tmp_path / "overlap.argosmodel"
    overlapping.write_bytes(patch_central_directory(data, f"{TOP}/b.bin", offset_of=f"{TOP}/a.bin"))
    refused(overlapping, packages_dir, "entries overlap")


@pytest.mark.parametrize(
    ("patch", "fragment"),
    [
        ({"flags": 0x1}, "encrypted entry"),
        ({"method": 99}, "compression method 99"),  # AES: zipfile raises NotImplementedError
        ({"method": zipfile.ZIP_BZIP2}, "compression method 12"),
    ],
)
def test_encrypted_entries_and_unsupported_methods_are_refused(
    tmp_path: Path,
    packages_dir: Path,
    toy_members: dict[str, bytes],
    patch: dict[str, int],
    fragment: str,
) -> None:
    data = build_archive(tmp_path / "plain.argosmodel", toy_members).read_bytes()
    archive = tmp_path / "odd.argosmodel"
    archive.write_bytes(patch_central_directory(data, f"{TOP}/metadata.json", **patch))
    refused(archive, packages_dir, fragment)


def test_hidden_top_level_names_are_refused(
    tmp_path: Path, packages_dir: Path, toy_members: dict[str, bytes]
) -> None:
    renamed = {name.replace(TOP, ".installing-evil", 1): data for name, data in toy_members.items()}
    refused(
        build_archive(tmp_path / "hidden.argosmodel", renamed), packages_dir, "hidden top-level"
    )


NESTED = b'{"from_code": "en", "to_code": "fr", "x": ' + b"[" * 40 + b"]" * 40 + b"}"
BAD_METADATA: list[tuple[dict[str, Any] | bytes, str]] = [
    ({"from_code": 5}, "from_code must be a language code"),
    ({"from_code": ["en"]}, "from_code must be a language code"),
    ({"from_code": {"code": "en"}}, "from_code must be a language code"),
    ({"from_code": "../../etc"}, "from_code must be a language code"),
    ({"to_code": "x" * 1_000_000}, "more than the 65536 allowed"),
    ({"to_code": "fr" + "-abcdefgh" * 10}, "to_code must be a language code"),
    ({"package_version": {"major": 1}}, "package_version must be a version"),
    ({"package_version": 10**40}, "package_version must be a version"),
    ({"package_version": float("nan")}, "NaN is not a number"),
    ({"package_version": True}, "package_version must be a version"),
    ({"target_prefix": 5}, "target_prefix must be a string"),
    ({"target_prefix": ["hau_Latn"]}, "target_prefix must be a string"),
    ({"source_suffix": "</s>\n"}, "source_suffix must be a string"),
    ({"languages": 5}, "languages must be a list"),
    ({"source_languages": "en"}, "source_languages must be a list"),
    ({"target_languages": [{"code": "../x"}]}, "target_languages.code must be a language code"),
    ({"from_codes": "en"}, "from_codes must be a list of language codes"),
    ({"links": [5]}, "links must be a list of strings"),
    ({"toy": "yes"}, "toy must be true or false"),
    ({"from_name": "x" * 500}, "from_name must be a string of at most 128"),
    ({"type": "sbd"}, "not a translation package"),
    (b'{"from_code": "en", "to_code": "fr", "to_code": "ha"}', "duplicate key 'to_code'"),
    (NESTED, "nests deeper than 8 levels"),
    (b'["en", "fr"]', "metadata must be a JSON object"),
    (b'{"from_code": "en", "to_code": "fr"', "invalid JSON"),
    (b"\xff\xfe{}", "invalid JSON"),
    # Issue 28: a package translating a language into itself installed and was used.
    ({"to_code": "en"}, "from_code and to_code are the same language ('en')"),
    ({"from_code": "fr_NE", "to_code": "fr"}, "from_code and to_code are the same language"),
]


@pytest.mark.parametrize(("metadata", "fragment"), BAD_METADATA)
def test_metadata_outside_the_schema_is_refused(
    tmp_path: Path,
    packages_dir: Path,
    toy_members: dict[str, bytes],
    metadata: dict[str, Any] | bytes,
    fragment: str,
) -> None:
    data = metadata if isinstance(metadata, bytes) else toy_metadata(toy_members, **metadata)
    archive = build_archive(tmp_path / "meta.argosmodel", with_metadata(toy_members, data))
    refused(archive, packages_dir, fragment)


def test_a_refused_archive_is_one_line_and_exit_1(
    tmp_path: Path, packages_dir: Path, toy_members: dict[str, bytes]
) -> None:
    data = toy_metadata(toy_members, languages=5)
    archive = build_archive(tmp_path / "five.argosmodel", with_metadata(toy_members, data))
    result = run_cli("models", "install", str(archive))
    assert result.returncode == EXIT_RUNTIME
    assert "five.argosmodel: metadata.json: languages must be a list" in one_error_line(result)
    assert list(packages_dir.iterdir()) == []


@pytest.mark.parametrize(
    "member",
    ["model/model.bin", "model/config.json", "model/shared_vocabulary.json", "sentencepiece.model"],
)
def test_a_package_that_does_not_load_is_refused_and_rolled_back(
    tmp_path: Path, packages_dir: Path, toy_members: dict[str, bytes], member: str
) -> None:
    garbage = random.Random(member).randbytes(4096)
    archive = build_archive(
        tmp_path / "garbage.argosmodel", {**toy_members, f"{TOP}/{member}": garbage}
    )
    refused(archive, packages_dir, "does not load")


def test_install_reports_a_package_that_loads(
    packages_dir: Path, toy_archive: dict[str, Path]
) -> None:
    info = packages.install_archive(toy_archive["fr"], packages_dir)
    assert [p.name for p in packages_dir.iterdir()] == [TOP] and info.path == packages_dir / TOP
    again = packages.install_archive(toy_archive["fr"], packages_dir)  # replaces it in place
    assert again == info and [p.name for p in packages_dir.iterdir()] == [TOP]


def plant(directory: Path, name: str, members: dict[str, bytes], metadata: bytes | None) -> Path:
    """Unpack the toy package into the shared directory by hand, as Argos or a user could."""
    folder = directory / name
    for member, data in members.items():
        target = folder / member.split("/", 1)[1]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if metadata is not None:
        (folder / "metadata.json").write_bytes(metadata)
    return folder


def test_broken_packages_are_listed_with_the_reason_and_run_uses_the_good_ones(
    tmp_path: Path, packages_dir: Path, toy_archive: dict[str, Path], toy_members: dict[str, bytes]
) -> None:
    good = packages.install_archive(toy_archive["ha"], packages_dir)
    plant(packages_dir, "languages-5", toy_members, toy_metadata(toy_members, languages=5))
    plant(packages_dir, "source-en", toy_members, toy_metadata(toy_members, source_languages="en"))
    plant(packages_dir, "bad-json", toy_members, b"{")
    plant(packages_dir, "sbd", toy_members, toy_metadata(toy_members, type="sbd"))  # not ours
    plant(packages_dir, "en-en", toy_members, toy_metadata(toy_members, to_code="en"))
    (packages_dir / "empty").mkdir()
    (packages_dir / "stray.txt").write_text("not a package")

    listed = run_cli("models", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    broken = {Path(e["path"]).name: e["reason"] for e in entries if e["broken"]}
    assert sorted(broken) == ["bad-json", "empty", "en-en", "languages-5", "source-en"]
    assert "from_code and to_code are the same language" in broken["en-en"]
    assert "languages must be a list" in broken["languages-5"]
    assert "source_languages must be a list" in broken["source-en"]
    assert "invalid JSON" in broken["bad-json"] and "no metadata.json" in broken["empty"]
    assert any(e["path"] == str(good.path) and not e["broken"] for e in entries)

    human = run_cli("models", "list")
    assert human.returncode == 0, human.stderr
    assert sum(line.startswith("BROKEN") for line in human.stdout.splitlines()) == 5
    assert str(good.path) in human.stdout

    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey on Tuesday.\n", encoding="utf-8")
    out = tmp_path / "out"
    ran = run_cli(
        "run", str(story), "--to", "ha", "--db", str(tmp_path / "t.db"), "--out-dir", str(out), "-q"
    )
    assert ran.returncode == 0, ran.stderr
    assert (out / "story.ha.txt").read_text(encoding="utf-8").strip()


def test_a_package_whose_model_does_not_load_is_one_line_in_run(
    tmp_path: Path, packages_dir: Path, toy_members: dict[str, bytes]
) -> None:
    # Valid metadata (a real, non-toy en→fr package wins over the bundled toy), garbage model.
    metadata = toy_metadata(toy_members, toy=False, package_version="9.0")
    folder = plant(packages_dir, "garbage-model", toy_members, metadata)
    (folder / "model" / "model.bin").write_bytes(b"\x00garbage" * 100)
    result = run_cli(
        "run",
        str(SAMPLE),
        "--to",
        "fr",
        "--db",
        str(tmp_path / "t.db"),
        "--out-dir",
        str(tmp_path / "out"),
        "-q",
    )
    assert result.returncode == EXIT_RUNTIME
    assert f"{folder}: the model does not load" in one_error_line(result)


@pytest.mark.slow
def test_leftovers_of_a_killed_install_are_removed_by_the_next_command(
    tmp_path: Path, packages_dir: Path, toy_members: dict[str, bytes]
) -> None:
    # A real kill -9 in the middle of an install (a large stored entry keeps it busy).
    members = {**toy_members, f"{TOP}/padding.bin": os.urandom(24 * 1024**2)}
    archive = build_archive(tmp_path / "big.argosmodel", members, method=zipfile.ZIP_STORED)
    env = {**os.environ, **ENGLISH, "ARGOS_PACKAGES_DIR": str(packages_dir)}
    install = subprocess.Popen(
        [sys.executable, "-m", "translate", "models", "install", str(archive)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while install.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".installing-") for p in packages_dir.iterdir()):
            break
        time.sleep(0.005)
    install.send_signal(signal.SIGKILL)
    install.wait()
    left = [p for p in packages_dir.iterdir() if p.name.startswith(".installing-")]
    assert left, "the install finished before it could be killed"
    # Another install still running (this process), and a folder that is not ours.
    running = packages_dir / f".installing-{os.getpid()}-running"
    (running / TOP).mkdir(parents=True)
    foreign = packages_dir / ".cache-of-another-tool"
    foreign.mkdir()
    # An old leftover from before PIDs were in the name.
    legacy = packages_dir / ".installing-k2j4h5"
    (legacy / TOP).mkdir(parents=True)
    old = time.time() - files.STALE_AFTER_S - 60
    os.utime(legacy / TOP, (old, old))
    os.utime(legacy, (old, old))

    assert run_cli("models", "list").returncode == 0
    remaining = sorted(p.name for p in packages_dir.iterdir())
    assert remaining == sorted([running.name, foreign.name])


# --------------------------------------------------------------------------- writes


def test_a_link_planted_at_a_temporary_name_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    target = tmp_path / "shared" / "story.fr.txt"
    target.parent.mkdir()
    planted = target.parent / f".{target.name}.{os.getpid()}-planted.tmp"
    planted.symlink_to(victim)
    # Make mkstemp try the planted name first: O_EXCL refuses it, the next name is used.
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: iter(["planted", "fresh1234"]))
    files.write_atomic(target, "Le CNSP\n")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert planted.is_symlink() and os.readlink(planted) == str(victim)
    assert target.read_text(encoding="utf-8") == "Le CNSP\n" and not target.is_symlink()


def test_run_replaces_a_link_at_the_output_name_and_ignores_predictable_names(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey on Tuesday.\n", encoding="utf-8")
    output = out / "story.fr.txt"
    output.symlink_to(victim)
    # The attack on the old writer: links at ".NAME.PID.tmp" for the next PIDs.
    for pid in range(os.getpid(), os.getpid() + 300):
        (out / f".story.fr.txt.{pid}.tmp").symlink_to(victim)
    result = run_cli(
        "run", str(story), "--to", "fr", "--db", str(tmp_path / "t.db"), "--out-dir", str(out), "-q"
    )
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not output.is_symlink() and "CNSP" in output.read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]


def test_writes_stay_inside_the_output_folder(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="leads outside"):
        files.write_atomic(out / "sub" / "story.fr.txt", "x", within=out)
    with pytest.raises(OutputError, match="leads outside"):
        files.write_atomic(out / "sub" / "deeper" / "story.fr.txt", "x", within=out)
    assert list(elsewhere.iterdir()) == []
    files.write_atomic(out / "real" / "story.fr.txt", "x", within=out)  # a real subfolder is fine
    assert (out / "real" / "story.fr.txt").read_text() == "x"


def test_written_files_have_normal_permissions(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        fresh = files.write_atomic(tmp_path / "fresh.txt", "x")
        assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
        private = tmp_path / "private.po"
        private.write_text("old")
        private.chmod(0o600)
        files.write_atomic(private, "new")
        assert private.stat().st_mode & 0o777 == 0o600  # a replaced file keeps its mode
    finally:
        os.umask(previous)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "glossary.po"
    target.write_text("good", encoding="utf-8")
    with pytest.raises(OutputError) as info, files.atomic_writer(target) as handle:
        handle.write("half a glos")
        raise OSError(28, "No space left on device")
    assert str(info.value) == f"{target}: cannot write: No space left on device"
    with pytest.raises(KeyboardInterrupt), files.atomic_writer(target) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["glossary.po"]
    with pytest.raises(OutputError, match="is a directory"):
        files.write_atomic(tmp_path, "x")


def test_stale_temporary_files_are_swept_by_the_next_write(tmp_path: Path) -> None:
    dead = tmp_path / ".story.fr.txt.999999999-abcd1234.tmp"  # a writer killed with kill -9
    legacy = tmp_path / ".story.ha.txt.999999998.tmp"  # the old writer's name
    alive = tmp_path / f".other.txt.{os.getpid()}-wxyz9876.tmp"  # a write in progress
    foreign = tmp_path / ".someone-elses.tmp"
    for path in (dead, legacy, alive, foreign):
        path.write_text("partial")
    files.write_atomic(tmp_path / "story.fr.txt", "done")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [alive.name, foreign.name, "story.fr.txt"]
    )


def test_every_write_error_names_its_path(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run_cli("glossary", "export", "--lang", "fr", "-o", str(blocker / "terms.csv"))
    assert result.returncode == EXIT_RUNTIME
    assert one_error_line(result) == (
        f"translate: error: {blocker / 'terms.csv'}: cannot write: {blocker} is not a folder"
    )


def test_csv_formulas_are_neutralised_and_come_back_on_import(tmp_path: Path) -> None:
    formula = "=cmd|' /C calc'!A0"
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(f"en,fr\n{formula},{formula}\n+1 month,-1 mois\n", encoding="utf-8")
    glossary = tmp_path / "fr.po"
    imported = run_cli("glossary", "import", str(hostile), "--lang", "fr", "--into", str(glossary))
    assert imported.returncode == 0, imported.stderr
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    exported = tmp_path / "terms.csv"
    exported.symlink_to(victim)  # glossary export -o used to write through it
    result = run_cli(
        "glossary", "export", "--lang", "fr", "-g", str(glossary), "--glossary-only",
        "-o", str(exported),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious" and not exported.is_symlink()
    text = exported.read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0,'=cmd|' /C calc'!A0\n'+1 month,'-1 mois\n" in text
    assert not any(line.startswith(("=", "+", "-", "@")) for line in text.splitlines())
    # export -g adds the file to the glossaries in use: the shipped terms come too.
    back = [e for e in import_terms(exported, "fr") if e.source in (formula, "+1 month")]
    assert [(e.source, e.target) for e in back] == [(formula, formula), ("+1 month", "-1 mois")]


@given(
    st.lists(st.text(alphabet="=+-@'ab", min_size=1, max_size=6), min_size=1, max_size=4),
    st.sampled_from(["csv", "tsv"]),
)
@FUZZ
def test_formula_neutralisation_round_trips(tmp_path: Path, cells: list[str], fmt: str) -> None:
    entries = [
        Entry(f"term {n} {c}".strip(), c.strip() or "x", lang="fr") for n, c in enumerate(cells)
    ]
    entries += [Entry(c.strip() or "y", "cible", lang="fr") for c in cells if c.strip()]
    unique = list({e.source: e for e in entries}.values())
    text = export_terms(unique, fmt, "fr")
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@", "\t"))
    path = tmp_path / f"terms.{fmt}"
    path.write_text(text, encoding="utf-8")
    assert [(e.source, e.target) for e in import_terms(path, "fr")] == [
        (e.source, e.target) for e in unique
    ]


# --------------------------------------------------------------------------- database access


def test_read_commands_run_while_another_process_holds_the_write_lock(db: Path) -> None:
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO runs (started_at, status) VALUES ('2024-01-01T00:00:00.000Z', 'running')"
        )
        # Before: every read command waited 30 s for this lock, then "database is locked".
        outputs = {}
        for args in (
            ("stats", "--json"),
            ("review", "list", "--json"),
            ("tm", "search", "CNSP", "--json"),
            ("review", "show", "1", "--json"),
            ("review", "export", "--article", ARTICLE, "--lang", "fr"),
        ):
            result = run_cli(*args, "--db", str(db))
            assert result.returncode == 0, (args, result.stderr)
            outputs[args[0] if args[0] != "review" else args[1]] = result.stdout
        stats = json.loads(outputs["stats"])
        assert (stats["articles"], stats["runs"]) == (1, 0)  # the uncommitted run is not seen
        assert len(json.loads(outputs["list"])) == len(SOURCES)
        assert json.loads(outputs["tm"]) and 'msgctxt "' in outputs["export"]
        writer.execute("COMMIT")
    finally:
        writer.close()


def test_readers_never_migrate_and_say_why(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = db.read_bytes()
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr("translate.store.schema.SCHEMA_VERSION", current + 1)
    with pytest.raises(
        StoreError, match=f"schema version {current} needs migrating to {current + 1}"
    ):
        open_existing(db, readonly=True)
    assert db.read_bytes() == before
    monkeypatch.undo()
    empty = db.with_name("empty.db")
    sqlite3.connect(empty).close()
    with pytest.raises(StoreError, match="holds no translations yet"):
        open_existing(empty, readonly=True)
    with pytest.raises(StoreError, match="readonly"), open_existing(db, readonly=True) as store:
        store.approve(1, "someone")  # a read-only store cannot write, even by mistake


def test_readonly_uris() -> None:
    path = Path("/srv/news desk/#1?.db")
    assert readonly_uri(path) == "file:/srv/news%20desk/%231%3F.db?mode=ro"
    assert readonly_uri(path, immutable=True).endswith("?mode=ro&immutable=1")


def test_immutable_is_never_used_beside_a_log_with_data(db: Path) -> None:
    wal = Path(f"{db}-wal")
    assert not wal.exists() and not wal_has_data(db)
    wal.write_bytes(b"")
    assert not wal_has_data(db)  # an empty log holds nothing
    wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    assert wal_has_data(db) and not immutable_is_safe(db)


@functools.cache
def _can_mount_readonly() -> bool:
    if os.geteuid() != 0:
        return True  # chmod is enough for a normal user
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def on_readonly_media(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI with ``folder`` read-only: a read-only bind mount in a mount namespace of
    its own for root (chmod does not stop root), a folder without write permission else."""
    env = {**os.environ, **ENGLISH}
    command = [sys.executable, "-m", "translate", *args]
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
    quoted = shlex.quote(str(folder))
    script = f"mount --bind {quoted} {quoted} && mount -o remount,ro,bind {quoted} && " + " ".join(
        shlex.quote(part) for part in command
    )
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, cwd=ROOT
    )


@pytest.mark.slow
@pytest.mark.skipif(not _can_mount_readonly(), reason="no mount namespace for a read-only mount")
def test_read_commands_work_on_read_only_media(db: Path, tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    copy = media / "translations.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    assert sorted(p.name for p in media.iterdir()) == ["translations.db"]
    result = on_readonly_media(media, "stats", "--json", "--db", str(copy))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["translations"] == len(SOURCES)
    assert sorted(p.name for p in media.iterdir()) == ["translations.db"]

    # A log with committed pages beside it: immutable would ignore them, so it is refused.
    logged = tmp_path / "logged"
    logged.mkdir()
    writer = sqlite3.connect(copy)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE translations SET note = 'in the log only'")
    writer.commit()
    for name in ("translations.db", "translations.db-wal"):
        (logged / name).write_bytes((media / name).read_bytes())
    writer.close()
    result = on_readonly_media(logged, "stats", "--db", str(logged / "translations.db"))
    assert result.returncode == EXIT_RUNTIME
    assert "write-ahead log" in one_error_line(result)


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize(
    "args",
    [("show",), ("approve",), ("reject", "--note", "x"), ("edit", "--text", "x")],
)
def test_ids_out_of_range_are_a_usage_error(db: Path, args: tuple[str, ...]) -> None:
    result = run_cli("review", args[0], str(2**63), *args[1:], "--db", str(db))
    assert result.returncode == EXIT_USAGE
    assert "translation id 9223372036854775808 is out of range" in one_error_line(result)


@pytest.mark.parametrize("fmt", ["po", "xliff", "xliff2", "tmx"])
@pytest.mark.parametrize("bad", [str(2**63), "0", "9" * 5000])
def test_ids_out_of_range_in_files_are_refused(
    db: Path, tmp_path: Path, fmt: str, bad: str
) -> None:
    first = segment_ids(db)[0]
    if fmt == "tmx":  # TMX carries approved and edited segments only
        with open_store(db) as store:
            store.approve_article(ARTICLE, "fr", "reviewer")
    text = export(db, fmt)
    marker = {"po": f'msgctxt "{first}"', "tmx": f'tuid="{first}"'}.get(fmt, f'id="{first}"')
    assert marker in text
    hostile = tmp_path / f"ids.{fmt}"
    hostile.write_text(text.replace(marker, marker.replace(str(first), bad), 1), encoding="utf-8")
    before = dump(db)
    with pytest.raises(InputError, match=r"ids\.\w+:\d+: segment id \d+(\.\.\.)? is out of range"):
        import_into(db, hostile)
    assert dump(db) == before


def test_a_huge_id_is_one_line_in_review_import(db: Path, tmp_path: Path) -> None:
    first = segment_ids(db)[0]
    hostile = tmp_path / "huge.xlf"
    hostile.write_text(export(db, "xliff").replace(f'id="{first}"', f'id="{10**30}"'), "utf-8")
    result = run_cli("review", "import", str(hostile), "--db", str(db))
    assert result.returncode == EXIT_RUNTIME
    assert f"{hostile}:" in one_error_line(result) and "out of range" in result.stderr


# --------------------------------------------------------------------------- imports


def _unit_12(sid: int, body: str) -> str:
    return (
        f'<?xml version="1.0"?>\n<xliff xmlns="{NS_12}" version="1.2">\n'
        f'<file original="a" source-language="en" target-language="fr" datatype="plaintext">\n'
        f"<body>\n{body.format(sid=sid)}\n</body></file></xliff>\n"
    )


def _unit_20(sid: int, body: str) -> str:
    return (
        f'<?xml version="1.0"?>\n<xliff xmlns="{NS_20}" version="2.0" srcLang="en" '
        f'trgLang="fr">\n<file id="f1">\n{body.format(sid=sid)}\n</file></xliff>\n'
    )


TU_12 = (
    '<trans-unit id="{sid}"><source>CNSP</source><target state="final">Le CNSP</target>'
    "</trans-unit>"
)
UNIT_20 = (
    '<unit id="{sid}"><segment state="final"><source>CNSP</source><target>Le CNSP</target>'
    "</segment></unit>"
)
REFUSED_IMPORTS: dict[str, tuple[Callable[[int], str], str]] = {
    "1.2 units in 2.0": (
        lambda s: _unit_20(s, TU_12),
        r":4: <trans-unit> of XLIFF 1.2 in an XLIFF 2.0",
    ),
    "2.0 units in 1.2": (
        lambda s: _unit_12(s, UNIT_20),
        r":5: <unit> of XLIFF 2.0 in an XLIFF 1.2",
    ),
    "1.2 namespace in 2.0": (
        lambda s: _unit_20(s, TU_12.replace("<trans-unit ", f'<trans-unit xmlns="{NS_12}" ')),
        r":4: <trans-unit> of XLIFF 1.2 in an XLIFF 2.0",
    ),
    "units without namespace": (
        lambda s: _unit_12(s, TU_12.replace("<trans-unit ", '<trans-unit xmlns="" ')),
        r":5: <trans-unit> without the XLIFF 1.2 namespace",
    ),
    "unknown namespace": (
        lambda s: _unit_12(s, TU_12).replace(NS_12, "urn:example:xliff"),
        r":2: unsupported XLIFF namespace 'urn:example:xliff'",
    ),
    "version mismatch": (
        lambda s: _unit_12(s, TU_12).replace('version="1.2"', 'version="2.0"'),
        r":2: version '2.0' does not match the XLIFF 1.2 namespace",
    ),
    "no namespace": (
        lambda s: _unit_12(s, TU_12).replace(f' xmlns="{NS_12}"', ""),
        r":2: XLIFF 1.2 without the urn:oasis:names:tc:xliff:document:1.2 namespace",
    ),
    "unknown 1.2 state": (
        lambda s: _unit_12(s, TU_12.replace('"final"', '"approved-ish"')),
        r":5: unknown XLIFF 1.2 target state 'approved-ish'",
    ),
    "bad approved flag": (
        lambda s: _unit_12(s, TU_12.replace("<trans-unit ", '<trans-unit approved="oui" ')),
        r":5: approved must be yes or no",
    ),
    "unknown 2.0 state": (
        lambda s: _unit_20(s, UNIT_20.replace('"final"', '"done"')),
        r":4: unknown XLIFF 2.0 segment state 'done'",
    ),
    "2.0 segment without source": (
        lambda s: _unit_20(s, UNIT_20.replace("<source>CNSP</source>", "")),
        r":4: <segment> of unit \d+ has no <source>",
    ),
    "tmx version": (
        lambda s: f'<tmx version="2.0"><header srclang="en"/><body><tu tuid="{s}"/></body></tmx>',
        r":1: TMX version '2.0' is not supported",
    ),
    "tmx x-status": (
        lambda s: (
            f'<tmx version="1.4"><header srclang="en"/><body>\n<tu tuid="{s}">'
            '<prop type="x-status">great</prop><tuv xml:lang="en"><seg>CNSP</seg></tuv>'
            '<tuv xml:lang="fr"><seg>Le CNSP</seg></tuv></tu></body></tmx>'
        ),
        r":2: unknown x-status 'great'",
    ),
    "entity in a target": (
        lambda s: _unit_12(s, TU_12.replace("Le CNSP", "Par Amina &x;")).replace(
            "<xliff ", '<!DOCTYPE xliff SYSTEM "xliff.dtd">\n<xliff ', 1
        ),
        r":6: undefined entity &x;",
    ),
    "billion laughs": (
        lambda s: (
            '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
            + "".join(
                f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
            )
            + "]>\n"
            + _unit_12(s, TU_12.replace("Le CNSP", "&i;")).split("\n", 1)[1]
        ),
        r":\d+: (the document declares XML entities|malformed XML: Maximum entity)",
    ),
    "malformed": (lambda s: _unit_12(s, TU_12)[:150], r":3: malformed XML"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_IMPORTS))
def test_imports_refuse_what_they_do_not_understand(db: Path, tmp_path: Path, case: str) -> None:
    build, message = REFUSED_IMPORTS[case]
    hostile = tmp_path / "hostile.xlf"
    hostile.write_text(build(segment_ids(db)[0]), encoding="utf-8")
    before = dump(db)
    with pytest.raises(InputError, match=r"hostile\.xlf" + message) as info:
        import_into(db, hostile)
    assert not isinstance(info.value, NoUsableInputError)
    assert "\n" not in str(info.value) and dump(db) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", r"empty file"),
        ("  \n\n", r"empty file"),
        (f'<xliff xmlns="{NS_12}" version="1.2"/>', r"no translation unit"),
        (f'<xliff xmlns="{NS_20}" version="2.0" srcLang="en"><file id="f"/></xliff>', "no trans"),
        ('<tmx version="1.4"><header srclang="en"/><body/></tmx>', r"no translation unit"),
        ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n', r"no translation unit"),
    ],
)
def test_files_without_a_unit_are_nothing_to_do(
    db: Path, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "empty.xlf"
    path.write_text(content, encoding="utf-8")
    before = dump(db)
    with pytest.raises(NoUsableInputError, match=message):
        import_into(db, path)
    assert dump(db) == before


def test_a_file_matching_no_stored_segment_says_so_with_exit_7(db: Path, tmp_path: Path) -> None:
    text = export(db, "xliff")
    for sid in segment_ids(db):
        text = text.replace(f'id="{sid}"', f'id="{sid + 10**6}"')
    other = tmp_path / "other-db.xlf"
    other.write_text(text, encoding="utf-8")
    before = dump(db)
    result = run_cli("review", "import", str(other), "--db", str(db))
    assert result.returncode == EXIT_NO_INPUT
    assert "none of its 3 units matches a segment of this database" in one_error_line(result)
    empty = tmp_path / "empty.po"
    empty.write_text("", encoding="utf-8")
    result = run_cli("review", "import", str(empty), "--db", str(db))
    assert result.returncode == EXIT_NO_INPUT and "empty file" in one_error_line(result)
    assert dump(db) == before


@pytest.mark.slow
def test_parameter_entities_and_xinclude_fetch_nothing(db: Path, tmp_path: Path) -> None:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY x "PWNED">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/evil.dtd"
    sid = segment_ids(db)[0]
    try:
        remote = tmp_path / "remote.xlf"
        remote.write_text(
            _unit_12(sid, TU_12).replace(
                "<xliff ", f'<!DOCTYPE xliff [<!ENTITY % p SYSTEM "{url}"> %p;]>\n<xliff ', 1
            ),
            encoding="utf-8",
        )
        with pytest.raises(InputError, match="declares XML entities"):
            import_into(db, remote)
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP SECRET", encoding="utf-8")
        include = tmp_path / "include.xlf"
        xinclude = (
            f'Le CNSP<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" '
            f'parse="text"/><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}"/>'
        )
        include.write_text(_unit_12(sid, TU_12.replace("Le CNSP", xinclude)), encoding="utf-8")
        (segment,) = read_exchange(include)
        assert segment.target == "Le CNSP"
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


def test_tbx_entries_must_be_complete_and_consistent(tmp_path: Path) -> None:
    def tbx(body: str, doctype: str = "") -> Path:
        path = tmp_path / "terms.tbx"
        path.write_text(
            f'<?xml version="1.0"?>\n{doctype}<martif type="TBX-Basic"><text><body>\n{body}'
            "\n</body></text></martif>\n",
            encoding="utf-8",
        )
        return path

    def concept(cid: str, en: str | None, ha: str, lang: str = "ha") -> str:
        english = f'<langSet xml:lang="en"><tig><term>{en}</term></tig></langSet>' if en else ""
        target = f'<langSet xml:lang="{lang}"><tig><term>{ha}</term></tig></langSet>'
        return f'<termEntry id="{cid}">{english}{target}</termEntry>'

    good = concept("c1", "Niamey", "Yamai")
    cases = {
        good
        + "\n"
        + concept("c2", None, "Nijar"): r"terms\.tbx:4: <termEntry> has no English term",
        good
        + "\n"
        + concept("c2", "Niger", "Nijar", lang="hausa!"): r":4: unknown language 'hausa!'",
        good + "\n" + concept("c1", "Niger", "Nijar"): r":4: entry id 'c1' already used at line 3",
        good + "\n" + concept("c2", "Niamey", "Niyami"): (
            r":4: 'Niamey' → 'Niyami' conflicts with 'Yamai' at line 3"
        ),
    }
    for body, message in cases.items():
        with pytest.raises(InputError, match=message):
            import_terms(tbx(body), "ha")
    with pytest.raises(InputError, match=r"terms\.tbx:4: undefined entity &nbsp;"):
        import_terms(
            tbx(concept("c1", "Niamey", "Ya&nbsp;mai"), '<!DOCTYPE martif SYSTEM "TBX.dtd">\n'),
            "ha",
        )
    # The same term twice with the same target is one entry; an empty body is nothing to do.
    twice = import_terms(tbx(good + "\n" + concept("c2", "Niamey", "Yamai")), "ha")
    assert [(e.source, e.target) for e in twice] == [("Niamey", "Yamai")]
    with pytest.raises(NoUsableInputError, match="no English → ha term"):
        import_terms(tbx(""), "ha")
    with pytest.raises(NoUsableInputError, match="no English → fr term"):
        import_terms(tbx(good), "fr")  # a TBX without French is not a French glossary


def test_csv_control_characters_and_empty_files_are_refused(tmp_path: Path) -> None:
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"junta,junte\nNia\x00mey,Niamey\n")
    with pytest.raises(InputError, match=r"nul\.csv:2: control character U\+0000 in a term"):
        import_terms(nul, "fr")
    for content in ("", "en\tfr\n", "# comment only\n"):
        empty = tmp_path / "empty.tsv"
        empty.write_text(content, encoding="utf-8")
        with pytest.raises(NoUsableInputError, match="no English → fr term"):
            import_terms(empty, "fr")
    glossary = tmp_path / "fr.po"
    glossary.write_text('msgid "junta"\nmsgstr "junte"\n', encoding="utf-8")
    before = glossary.read_bytes()
    result = run_cli("glossary", "import", str(nul), "--lang", "fr", "--into", str(glossary))
    assert result.returncode == EXIT_RUNTIME and "nul.csv:2:" in one_error_line(result)
    result = run_cli("glossary", "import", str(empty), "--lang", "fr", "--into", str(glossary))
    assert result.returncode == EXIT_NO_INPUT and "empty.tsv" in one_error_line(result)
    assert glossary.read_bytes() == before


# --------------------------------------------------------------------------- what held


_EIGHT_WRITERS = textwrap.dedent(
    """
    import hashlib, sys, time
    from pathlib import Path
    from translate.store import ArticleInput, TranslationRow, open_store
    db, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.01)
    with open_store(db) as store:
        for n in range(5):
            segments = [("paragraph", 0, f"{name} report {n} from Niamey.")]
            record = store.add_article(ArticleInput(source=name, doc_id=f"{name}-{n}",
                content_hash=hashlib.sha256(segments[0][2].encode()).hexdigest(),
                source_lang="en", title=None, segments=segments))
            store.save_translations([TranslationRow(record.segment_ids[0], "fr",
                f"Rapport {n}", "machine")])
    """
)


@pytest.mark.slow
def test_eight_concurrent_writers_share_one_database(tmp_path: Path) -> None:
    db, go = tmp_path / "shared.db", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _EIGHT_WRITERS, str(db), f"w{n}", str(go)],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    time.sleep(0.5)
    go.touch()  # all at once, on a file none of them has created yet
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 40
        assert conn.execute("SELECT count(*) FROM translations").fetchone()[0] == 40
    assert integrity(db) == "ok"


_KILLED_IMPORT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from translate.review import import_file
    from translate.store import open_store
    from translate.store.review import ReviewMixin
    changed = ReviewMixin._change
    count = []
    def change_then_die(self, *args, **kwargs):
        changed(self, *args, **kwargs)
        count.append(1)
        if len(count) == 2:
            os.kill(os.getpid(), signal.SIGKILL)  # kill -9 in the middle of the transaction
    ReviewMixin._change = change_then_die
    with open_store(Path(sys.argv[1])) as store:
        import_file(store, Path(sys.argv[2]))
    """
)


@pytest.mark.slow
def test_an_import_killed_midway_applies_nothing(db: Path, tmp_path: Path) -> None:
    text = export(db, "xliff")
    for n in range(len(SOURCES)):
        text = text.replace(f">Texte {n}<", f">Texte revu {n}<")
    reviewed = tmp_path / "reviewed.xlf"
    reviewed.write_text(text, encoding="utf-8")
    before = dump(db)
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_IMPORT, str(db), str(reviewed)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert dump(db) == before and integrity(db) == "ok"


# --------------------------------------------------------------------------- mutation fuzzing


def _mutate(data: bytes, draw: Callable[..., Any]) -> bytes:
    """One hostile edit of a valid file: byte flips, truncation, an element deleted or
    duplicated, an attribute value changed."""
    kind = draw(st.sampled_from(["flip", "truncate", "delete", "duplicate", "attribute"]))
    if kind == "flip":
        buffer = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            buffer[draw(st.integers(0, len(buffer) - 1))] = draw(st.integers(0, 255))
        return bytes(buffer)
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    starts = [
        i for i in range(len(data)) if data[i : i + 1] == b"<" and data[i + 1 : i + 2] not in b"/?!"
    ]
    if kind in ("delete", "duplicate") and starts:
        start = draw(st.sampled_from(starts))
        name = data[start + 1 :].split(maxsplit=1)[0].split(b">")[0].rstrip(b"/")
        close = data.find(b"</" + name + b">", start)
        end = close + len(name) + 3 if close > 0 else data.find(b">", start) + 1
        piece = data[start:end]
        return data[:start] + (piece * 2 if kind == "duplicate" else b"") + data[end:]
    quotes = [i for i in range(len(data)) if data[i : i + 2] == b'="']
    if not quotes:
        return data + draw(st.binary(max_size=8))
    at = draw(st.sampled_from(quotes)) + 2
    end = data.find(b'"', at)
    value = draw(
        st.sampled_from(
            [
                b"",
                b"0",
                str(2**63).encode(),
                b"-1",
                b"x" * 300,
                b"&x;",
                b"fr",
                b"final",
                b"2.0",
                b"1.2",
                b"\xff",
            ]
        )
    )
    return data[:at] + value + data[end:]


@pytest.fixture(scope="module")
def exports(base_db: Path) -> dict[str, bytes]:
    found = {fmt: export(base_db, fmt).encode() for fmt in ("po", "xliff", "xliff2", "tmx")}
    with open_store(base_db) as store:  # approved and edited rows only go into TMX
        store.approve(1, "fuzz")
    found["tmx"] = export(base_db, "tmx").encode()
    return found


@given(fmt=st.sampled_from(["po", "xliff", "xliff2", "tmx"]), data=st.data())
@FUZZ
def test_mutated_exchange_files_never_crash_nor_half_apply(
    exports: dict[str, bytes],
    base_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str,
    data: st.DataObject,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "t.db"
    with sqlite3.connect(base_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    mutated = folder / f"mutated.{fmt}"
    mutated.write_bytes(_mutate(exports[fmt], data.draw))
    before = dump(db)
    try:
        import_into(db, mutated)
    except TranslateError as exc:  # the CLI prints it as one line, with its exit code
        assert exc.exit_code in (EXIT_RUNTIME, EXIT_USAGE, EXIT_NO_INPUT)
        assert "\n" not in str(exc) and str(exc).strip()
        assert dump(db) == before  # refused: nothing applied
    assert integrity(db) == "ok"


@pytest.fixture(scope="module")
def tbx_export() -> bytes:
    from translate.glossary import default_glossary_paths, load_glossary

    return export_terms(load_glossary(default_glossary_paths("ha"), "ha"), "tbx", "ha").encode()


@given(data=st.data())
@FUZZ
def test_mutated_tbx_files_never_crash(
    tbx_export: bytes, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("tbx") / "terms.tbx"
    path.write_bytes(_mutate(tbx_export, data.draw))
    try:
        entries = import_terms(path, "ha")
    except TranslateError as exc:
        assert exc.exit_code in (EXIT_RUNTIME, EXIT_NO_INPUT) and "\n" not in str(exc)
    else:
        assert all(e.source and e.target for e in entries)


def _mutate_archive(members: dict[str, bytes], draw: Callable[..., Any]) -> bytes:
    kind = draw(st.sampled_from(["bytes", "metadata", "names"]))
    if kind == "names":
        name = draw(st.sampled_from(sorted(members)))
        renamed = draw(
            st.sampled_from(
                [
                    f"{TOP}/../x",
                    f".{TOP}/x",
                    f"{TOP}/model/",
                    "/abs",
                    f"{TOP}/a\\b",
                    f"{TOP}/" + "n" * 300,
                    "other/x",
                ]
            )
        )
        members = {(renamed if n == name else n): d for n, d in members.items()}
    if kind == "metadata":
        json_values = st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=6,
        )
        metadata = json.loads(members[f"{TOP}/metadata.json"])
        key = draw(
            st.sampled_from(
                [
                    "from_code",
                    "to_code",
                    "package_version",
                    "target_prefix",
                    "source_suffix",
                    "languages",
                    "type",
                    "toy",
                    "extra",
                ]
            )
        )
        metadata[key] = draw(json_values)
        members = with_metadata(members, json.dumps(metadata).encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, value in members.items():
            zf.writestr(name, value)
    raw = buffer.getvalue()
    if kind == "bytes":
        return _mutate(raw, draw)
    return raw


@pytest.mark.slow
@given(data=st.data())
@settings(FUZZ, max_examples=25)
def test_mutated_archives_install_whole_or_not_at_all(
    toy_members: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("archive")
    archive = folder / "mutated.argosmodel"
    archive.write_bytes(_mutate_archive(toy_members, data.draw))
    directory = folder / "packages"
    try:
        info = packages.install_archive(archive, directory)
    except TranslateError as exc:
        assert exc.exit_code == EXIT_RUNTIME and "\n" not in str(exc)
        assert not directory.exists() or list(directory.iterdir()) == []  # nothing left
    else:
        assert [p.name for p in directory.iterdir()] == [info.path.name]
        assert packages.installed_packages(directory) == [info]
    assert not (folder / "x").exists() and not Path("/abs").exists()  # nothing outside


def test_store_open_store_is_read_only_capable(db: Path) -> None:
    with open_store(db, readonly=True) as store:
        assert isinstance(store, Store) and store.stats().articles == 1
