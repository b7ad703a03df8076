"""`translate browse`: the database in a real Datasette, read-only, on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

pytest.importorskip("datasette", reason="the browse extra (in the dev extra) is not installed")


def _database(tmp_path: Path) -> Path:
    article = tmp_path / "story.txt"
    article.write_text(
        "Junta meets in Niamey\n\nThe CNSP met in Niamey on Tuesday. Abdourahamane Tiani "
        "said ECOWAS would not decide for Niger.\n",
        encoding="utf-8",
    )
    db = tmp_path / "desk.db"
    result = run_cli("run", str(article), "--to", "fr", "--db", str(db), "-o", "-", "-q")
    assert result.returncode == 0, result.stderr
    return db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, deadline: float) -> object:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # loopback only
                return json.loads(answer.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_metadata_labels_the_public_tables_and_hides_the_internals(tmp_path: Path) -> None:
    db = _database(tmp_path)
    result = run_cli("browse", "--db", str(db), "--metadata")
    assert result.returncode == 0, result.stderr
    tables = json.loads(result.stdout)["databases"]["desk"]["tables"]
    assert {name for name, t in tables.items() if "title" in t} == {
        "articles", "segments", "translations", "runs", "audit"
    }  # fmt: skip
    hidden = {name for name, t in tables.items() if t.get("hidden")}
    assert {"meta", "segments_fts", "translations_fts_data"} <= hidden


def test_a_missing_database_is_one_line(tmp_path: Path) -> None:
    result = run_cli("browse", "--db", str(tmp_path / "none.db"), "--metadata")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "none.db" in result.stderr


@pytest.mark.slow
def test_datasette_serves_the_database_read_only_while_a_run_writes(tmp_path: Path) -> None:
    db = _database(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "translate", "browse", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "LANGUAGE": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        base = f"http://127.0.0.1:{port}"
        listing = _get(f"{base}/desk.json", deadline)
        assert isinstance(listing, dict)
        visible = {t["name"] for t in listing["tables"] if not t["hidden"]}
        assert visible == {"articles", "segments", "translations", "runs", "audit"}
        queries = {q["name"] for q in listing["queries"]}
        assert {"waiting_for_review", "glossary_violations", "status_by_language"} <= queries
        rows = _get(f"{base}/desk/status_by_language.json?_shape=array", deadline)
        assert rows == [{"lang": "fr", "status": rows[0]["status"], "translations": 3}]
        # Browsing holds no write lock: a run stores into the same file meanwhile.
        more = tmp_path / "more.txt"
        more.write_text("Russia sent military trainers to Niamey on Friday.\n", encoding="utf-8")
        again = run_cli("run", str(more), "--to", "fr", "--db", str(db), "-o", "-", "-q")
        assert again.returncode == 0, again.stderr
        counted = _get(f"{base}/desk/status_by_language.json?_shape=array", deadline)
        assert isinstance(counted, list) and sum(r["translations"] for r in counted) == 4
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
    assert "Traceback" not in err
