"""End to end through the CLI and the real toy models: documents in, SQLite, documents out.

`translate run` runs in process (``conftest.run_cli``: translate.cli.main) unless a test
needs a process of its own (signals, kills, concurrent runs); exit codes and streams are
checked either way."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, install_fr_en_pivot, invoke, run_cli

SAMPLES = ROOT / "samples"


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("articles", "segments", "translations", "audit")
        }


def _run(
    *args: str, cwd: Path | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    if cwd is not None:
        return run_cli("run", *args, cwd=cwd, input=input)
    return invoke("run", *args, input=input)


@pytest.mark.slow
def test_wire_article_round_trips_into_both_languages(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = _run(str(SAMPLES / "niger-air-defence.txt"), "--to", "fr,ha",
                  "--db", str(db), "--out-dir", str(out), "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (article,) = report["articles"]
    assert set(article["targets"]) == {"fr", "ha"}
    source_lines = (SAMPLES / "niger-air-defence.txt").read_text().splitlines()
    for lang in ("fr", "ha"):
        target = article["targets"][lang]
        path = Path(target["output"])
        assert path.name == f"niger-air-defence.{lang}.txt"
        lines = path.read_text().splitlines()
        # Structure kept: same blank-line layout, bullets stay bullets.
        assert [bool(x.strip()) for x in lines] == [bool(x.strip()) for x in source_lines]
        assert sum(x.startswith("• ") for x in lines) == 3
        # Every segment translated but the datelines, which are rendered (not by the model).
        assert target["translated"] + target["rendered"] == article["segments"]
        assert target["rendered"] == 2 and target["reused"] == 0
    ha = (out / "niger-air-defence.ha.txt").read_text()
    fr = (out / "niger-air-defence.fr.txt").read_text()
    # The dateline is rendered by babel, not by the model.
    assert "29 janvier 2025 10:05" in fr
    assert "Janairu" in ha or "Jan" in ha
    # Glossary terms are fixed or flagged, never silently dropped: every segment whose
    # source has CNSP either carries CNSP or is held for review with that violation.
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select t.lang, t.final_text, t.status, t.terms from translations t "
            "join segments s on s.id = t.segment_id where s.source_text like '%CNSP%'"
        ).fetchall()
    assert sorted(lang for lang, *_ in rows) == ["fr", "ha"]  # one CNSP sentence, two languages
    for lang, text, status, terms in rows:
        checks = {t["term"]: t for t in json.loads(terms)}
        assert checks["CNSP"]["found"] == ("CNSP" in text), (lang, text)
        assert "CNSP" in text or status == "needs_review"
    # Aligned segments in the db, per the documented schema.
    with sqlite3.connect(db) as conn:
        kinds = [k for (k,) in conn.execute("select kind from segments order by position")]
        assert kinds[:2] == ["headline", "dateline"] and kinds.count("bullet") == 3
        rows = conn.execute(
            "select s.source_text, t.final_text, t.status, t.package, t.glossary_version "
            "from translations t join segments s on s.id = t.segment_id where t.lang = 'ha'"
        ).fetchall()
        assert len(rows) == len(kinds)
        assert all(status in ("machine", "needs_review") for _, _, status, _, _ in rows)
        assert {package for *_, package, _ in rows} >= {"en_ha-1.0-toy"}


@pytest.mark.slow
def test_rerun_adds_nothing_and_reuses_everything(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    args = (str(SAMPLES / "ecowas-exit.md"), "--to", "fr", "--db", str(db), "--out-dir", str(out))
    assert _run(*args).returncode == 0
    before = _counts(db)
    first = (out / "ecowas-exit.fr.md").read_text()
    again = _run(*args, "--json")
    assert again.returncode == 0, again.stderr
    target = json.loads(again.stdout)["articles"][0]["targets"]["fr"]
    assert target["translated"] == 0 and target["reused"] > 0
    assert _counts(db) == before
    assert (out / "ecowas-exit.fr.md").read_text() == first


def test_changed_article_gets_a_new_version_and_keeps_the_old(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    article = tmp_path / "story.txt"
    article.write_text("Niger leaves ECOWAS\n\nThe CNSP met in Niamey on Tuesday.\n")
    assert (
        _run(str(article), "--to", "ha", "--db", str(db), "--out-dir", str(tmp_path)).returncode
        == 0
    )
    article.write_text("Niger leaves ECOWAS\n\nThe CNSP met in Niamey on Friday.\n")
    result = _run(str(article), "--to", "ha", "--db", str(db), "--out-dir", str(tmp_path), "--json")
    report = json.loads(result.stdout)["articles"][0]
    assert report["version"] == 2
    assert report["targets"]["ha"]["reused"] == 1  # the unchanged headline
    with sqlite3.connect(db) as conn:
        versions = conn.execute("select version from articles order by version").fetchall()
    assert versions == [(1,), (2,)]


@pytest.mark.slow
def test_markdown_html_and_jsonl_with_a_bad_line(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    jsonl = tmp_path / "feed.jsonl"
    lines = (SAMPLES / "articles.jsonl").read_text().splitlines()
    jsonl.write_text("\n".join([lines[0], "{not json", *lines[1:]]) + "\n")
    result = _run(str(jsonl), str(SAMPLES / "sahel-briefing.html"), "--to", "fr",
                  "--db", str(db), "--out-dir", str(out), "--json")  # fmt: skip
    assert result.returncode == 6, result.stderr  # finished, a line skipped
    assert "feed.jsonl:2" in result.stderr  # the bad line is named and skipped
    report = json.loads(result.stdout)
    ids = [a["id"] for a in report["articles"]]
    assert len(ids) == len(lines) + 1
    html = (out / "sahel-briefing.fr.html").read_text()
    assert html.count("<p") == (SAMPLES / "sahel-briefing.html").read_text().count("<p")
    assert "<script" not in html or "<script" in (SAMPLES / "sahel-briefing.html").read_text()
    # One output per feed and language: one JSON line per input line, with its language
    # (the skipped one as an error line, in its place).
    feed = (out / "feed.fr.jsonl").read_text(encoding="utf-8")
    assert feed.endswith("\n") and feed.count("\n") == len(lines) + 1
    records = [json.loads(line) for line in feed.splitlines()]
    assert records[1] == {"id": None, "lang": "fr", "line": 2,
                          "error": records[1]["error"]} and records[1]["error"]  # fmt: skip
    records = [r for r in records if "error" not in r]
    assert all(r["lang"] == "fr" and "glossary" in r["summary"] for r in records)
    md = next(r for r in records if r["id"] == "ecowas-summit")["body"]
    assert "](https://www.ecowas.int/)" in md  # the link target is kept


def test_fail_fast_stops_on_the_bad_line(tmp_path: Path) -> None:
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text('{"id": "a", "title": "Niger", "body": "The CNSP met."}\n{oops\n')
    result = _run(str(jsonl), "--to", "fr", "--db", str(tmp_path / "t.db"),
                  "--out-dir", str(tmp_path), "--fail-fast")  # fmt: skip
    assert result.returncode == 1
    assert "feed.jsonl:2" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "t.db").exists() or _counts(tmp_path / "t.db")["articles"] == 0


def test_stdin_to_stdout(tmp_path: Path) -> None:
    result = _run("-", "--to", "ha", "-o", "-", "--db", str(tmp_path / "t.db"),
                  input="The CNSP met in Niamey on Tuesday.\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Yamai" in result.stdout and "CNSP" in result.stdout
    assert "translated" not in result.stdout  # logs go to stderr only


def test_undecodable_input_names_file_and_offset(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Niamey \u2014 caf\xe9".encode("latin-1", errors="replace"))
    result = _run(str(bad), "--to", "fr", "--db", str(tmp_path / "t.db"))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "latin1.txt" in line and "byte" in line


def test_missing_pair_exits_4_listing_installed_pairs(tmp_path: Path) -> None:
    result = _run(
        str(SAMPLES / "niger-air-defence.txt"), "--to", "de", "--db", str(tmp_path / "t.db")
    )
    assert result.returncode == 4
    assert "en→fr" in result.stderr and "translate models install" in result.stderr
    assert not (tmp_path / "t.db").exists()


@pytest.mark.slow
def test_two_concurrent_runs_on_one_db_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    articles = []
    for n in range(2):
        path = tmp_path / f"batch{n}.jsonl"
        rows = [
            {"id": f"b{n}-{i}", "title": f"Report {n}-{i}",
             "body": f"The CNSP met in Niamey on Tuesday. {i + 10 * n} soldiers arrived in Gao."}
            for i in range(12)
        ]  # fmt: skip
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
        articles.append(path)
    env = {**os.environ}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "translate",
                "run",
                str(path),
                "--to",
                "fr,ha",
                "--db",
                str(db),
                "--out-dir",
                str(tmp_path / "out"),
                "--quiet",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in articles
    ]
    outcomes = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outcomes
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 24
        missing = conn.execute(
            "select count(*) from segments s where (select count(*) from translations t "
            "where t.segment_id = s.id) != 2"
        ).fetchone()[0]
        assert missing == 0
        assert conn.execute("select count(*) from runs where status = 'ok'").fetchone()[0] == 2


@pytest.mark.slow
def test_killed_run_leaves_a_consistent_db_and_the_next_run_resumes(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    feed = tmp_path / "many.jsonl"
    rows = [
        {"id": f"a{i}", "title": f"Bulletin {i}",
         "body": " ".join(f"About {i * 7 + k} Russian instructors arrived in Gao on Monday."
                          for k in range(6))}
        for i in range(60)
    ]  # fmt: skip
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    args = [sys.executable, "-m", "translate", "run", str(feed), "--to", "ha", "--db", str(db),
            "--out-dir", str(tmp_path / "out"), "--quiet"]  # fmt: skip
    env = {**os.environ, "TRANSLATE_CHUNK_SIZE": "16"}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("select count(*) from translations").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 16:
                break
    if proc.poll() is not None:
        pytest.fail("the run finished before it could be killed; make the feed larger")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        done = conn.execute("select count(*) from translations").fetchone()[0]
        assert done >= 16
        assert (
            conn.execute("select count(*) from runs where finished_at is null").fetchone()[0] == 1
        )
    # The next command that opens the database shows the killed run as interrupted.
    assert run_cli("review", "list", "--db", str(db), "--limit", "1").returncode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select status from runs").fetchall() == [("interrupted",)]
    resumed = subprocess.run([*args[:-1], "--json"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    reused = sum(a["targets"]["ha"]["reused"] for a in report["articles"])
    assert reused >= done  # everything stored before the kill came from memory
    with sqlite3.connect(db) as conn:
        total = conn.execute("select count(*) from segments").fetchone()[0]
        assert conn.execute("select count(*) from translations").fetchone()[0] == total


def test_pivot_through_english_is_recorded(tmp_path: Path, packages_dir: Path,
                                           toy_archive: dict[str, Path]) -> None:  # fmt: skip
    """fr→ha with no direct package goes fr→en→ha. The fr→en leg here is the toy en→fr
    model relabelled (it cannot translate French; the route and the record are the point)."""
    install_fr_en_pivot(tmp_path, toy_archive)
    article = tmp_path / "article.txt"
    article.write_text("Le CNSP s'est réuni à Niamey mardi.\n")
    result = _run(str(article), "--from", "fr", "--to", "ha", "--db", str(tmp_path / "t.db"),
                  "--out-dir", str(tmp_path / "out"), "--json", "--no-glossary")  # fmt: skip
    assert result.returncode == 0, result.stderr
    target = json.loads(result.stdout)["articles"][0]["targets"]["ha"]
    assert target["pivot"] == "en" and target["package"] == "fr_en-1.0+en_ha-1.0-toy"
    with sqlite3.connect(tmp_path / "t.db") as conn:
        assert conn.execute("select pivot from translations").fetchall() == [("en",)]


def test_two_inputs_with_one_output_name_are_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("The CNSP met in Niamey.\n")
    db = tmp_path / "t.db"
    result = _run(str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt"),
                  "--to", "fr", "--db", str(db), "--out-dir", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "story.fr.txt" in line and "a/story.txt" in line and "b/story.txt" in line
    assert not db.exists() and not (tmp_path / "out").exists()


def test_no_glossary_runs_are_not_reused_by_enforced_runs(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Abdourahamane Tiani called on ECOWAS to lift the sanctions.\n")
    common = ("--to", "fr", "--db", str(tmp_path / "t.db"), "--out-dir", str(tmp_path), "--json")
    plain = json.loads(_run(str(article), *common, "--no-glossary").stdout)
    assert plain["glossary"]["fr"]["expected"] == 0
    enforced = json.loads(_run(str(article), *common).stdout)
    target = enforced["articles"][0]["targets"]["fr"]
    assert target["translated"] == 1 and target["reused"] == 0
    assert enforced["glossary"]["fr"]["satisfied"] == enforced["glossary"]["fr"]["expected"] >= 2
