"""`translate models`: install from a file or from an index on 127.0.0.1; refuse bad archives."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from translate.engine import packages
from translate.engine.translator import CT2Translator
from translate.errors import PackageError


@pytest.fixture()
def index_server(tmp_path: Path, toy_archive: dict[str, Path]) -> Iterator[str]:
    """A real HTTP server on loopback serving an Argos-style index.json and a package."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "pkgs").mkdir()
    (served / "pkgs" / "translate-en_fr-1_0.argosmodel").write_bytes(toy_archive["fr"].read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = [
        {
            "package_version": "1.0",
            "argos_version": "1.9",
            "from_code": "en",
            "from_name": "English",
            "to_code": "fr",
            "to_name": "French",
            "type": "translate",
            "links": [base + "pkgs/translate-en_fr-1_0.argosmodel"],
        }
    ]
    (served / "index.json").write_text(json.dumps(index))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_install_from_loopback_index_then_translate(packages_dir: Path, index_server: str) -> None:
    result = run_cli("models", "install", "en", "fr", "--index-url", index_server)
    assert result.returncode == 0, result.stderr
    assert "Installed en→fr" in result.stdout
    installed = packages.installed_packages(packages_dir)
    assert [(p.from_code, p.to_code) for p in installed] == [("en", "fr")]
    hypotheses = CT2Translator(installed[0]).translate(["The CNSP met in Niamey on Monday."])
    assert hypotheses[0][0].text.strip()

    listed = json.loads(run_cli("models", "list", "--json").stdout)
    assert any(p["path"] == str(installed[0].path) and not p["bundled"] for p in listed)


@pytest.mark.slow
def test_index_url_from_environment_like_argos(packages_dir: Path, index_server: str) -> None:
    result = run_cli("models", "install", "en", "fr", env={"ARGOS_PACKAGE_INDEX": index_server})
    assert result.returncode == 0, result.stderr
    assert packages.installed_packages(packages_dir)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_index_gives_one_line_and_file_hint(packages_dir: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/"
    result = run_cli("models", "install", "en", "fr", "--index-url", url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "package index unreachable" in lines[0]
    assert "translate models install FILE.argosmodel" in lines[0]
    assert "Traceback" not in result.stderr
    assert not any(packages_dir.iterdir())


@pytest.mark.slow
def test_index_without_the_pair_exits_4(packages_dir: Path, index_server: str) -> None:
    result = run_cli("models", "install", "en", "ha", "--index-url", index_server)
    assert result.returncode == 4
    assert "no en→ha package" in result.stderr


def test_install_from_file_list_and_remove(
    packages_dir: Path, toy_archive: dict[str, Path]
) -> None:
    result = run_cli("models", "install", str(toy_archive["ha"]))
    assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("models", "list", "--json").stdout)
    mine = [p for p in listed if not p["bundled"]]
    assert [(p["from"], p["to"], p["toy"]) for p in mine] == [("en", "ha", True)]
    assert mine[0]["size_bytes"] > 0
    assert run_cli("models", "remove", "en", "ha").returncode == 0
    assert packages.installed_packages(packages_dir) == []
    again = run_cli("models", "remove", "en", "ha")
    assert again.returncode == 4


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "evil_name", ["../escaped.txt", "pkg/../../escaped.txt", "/tmp/escaped-abs.txt"]
)
def test_zip_slip_archive_is_refused(tmp_path: Path, packages_dir: Path, evil_name: str) -> None:
    archive = _zip(
        tmp_path / "evil.argosmodel",
        {"pkg/metadata.json": b'{"from_code":"en","to_code":"fr"}', evil_name: b"owned"},
    )
    result = run_cli("models", "install", str(archive))
    assert result.returncode == 1
    assert "unsafe path" in result.stderr and "Traceback" not in result.stderr
    assert not (packages_dir.parent / "escaped.txt").exists()
    assert not Path("/tmp/escaped-abs.txt").exists()
    assert list(packages_dir.iterdir()) == []


def test_symlink_entry_is_refused(tmp_path: Path, packages_dir: Path) -> None:
    archive = tmp_path / "link.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg/metadata.json", "{}")
        link = zipfile.ZipInfo("pkg/model")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc")
    with pytest.raises(PackageError, match="symbolic link"):
        packages.install_archive(archive, packages_dir)
    assert list(packages_dir.iterdir()) == []


def test_corrupt_and_incomplete_archives_leave_nothing(
    tmp_path: Path, packages_dir: Path, toy_archive: dict[str, Path]
) -> None:
    truncated = tmp_path / "truncated.argosmodel"
    truncated.write_bytes(toy_archive["fr"].read_bytes()[:5000])
    no_metadata = _zip(tmp_path / "nometa.argosmodel", {"pkg/model/model.bin": b"x"})
    bad_json = _zip(tmp_path / "badjson.argosmodel", {"pkg/metadata.json": b"{not json"})
    no_model = _zip(
        tmp_path / "nomodel.argosmodel",
        {
            "pkg/metadata.json": b'{"from_code":"en","to_code":"fr"}',
            "pkg/sentencepiece.model": b"x",
        },
    )
    expected = {
        truncated: "not a valid .argosmodel",
        no_metadata: "no metadata.json",
        bad_json: "invalid JSON",
        no_model: "model/model.bin missing",
    }
    for archive, message in expected.items():
        result = run_cli("models", "install", str(archive))
        assert result.returncode == 1, archive
        assert message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert list(packages_dir.iterdir()) == []


def test_build_install_translate_roundtrip(
    tmp_path: Path, packages_dir: Path, toy_archive: dict[str, Path]
) -> None:
    """`models build` on a CTranslate2 dir + separate spm models makes a package that
    installs and translates exactly like the original (the Hausa/OPUS-MT path)."""
    original = packages.install_archive(toy_archive["ha"], tmp_path / "original")
    assert original.target_spm != original.source_spm  # the OPUS-MT style layout
    out = tmp_path / "built" / "en_ha.argosmodel"
    result = run_cli(
        "models", "build", str(original.model_dir),
        "--from", "en", "--to", "ha",
        "--spm", str(original.source_spm), "--target-spm", str(original.target_spm),
        "--source-suffix", original.source_suffix,
        "--version", "2.0", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert run_cli("models", "install", str(out)).returncode == 0
    (built,) = packages.installed_packages(packages_dir)
    assert (built.version, built.toy) == ("2.0", False)
    sentences = ["Russian military trainers arrived in Niamey on Tuesday."]
    assert CT2Translator(built).translate(sentences)[0][0].text == (
        CT2Translator(original).translate(sentences)[0][0].text
    )
    # The real package wins over the bundled toy for the same pair.
    assert packages.best_package("en", "ha") == built


def test_help_starts_without_heavy_imports() -> None:
    """`translate --help` must start fast: no model, database or PO libraries at import."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "translate", "--help"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()}
    heavy = {"ctranslate2", "sentencepiece", "numpy", "sqlite_utils", "polib", "argostranslate"}
    assert not heavy & imported, heavy & imported
