"""Feeds at any size (issue 14): one JSONL output per feed and language, `-o -` as JSON
Lines in input order, windows with memory across them, a killed run keeping finished
windows, machine-readable progress. On the toy packages, in this process."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, invoke

from translate.pipeline import RunOptions, run

SENTENCES = [
    "The CNSP met ECOWAS in Niamey.",
    "The junta said talks would go on.",
    "Niamey is calm.",
    "The Sahel states left ECOWAS.",
]


def _feed(path: Path, articles: int) -> Path:
    """A synthetic feed: every article two sentences from SENTENCES, so windows share text."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(articles):
            body = f"{SENTENCES[n % 4]} {SENTENCES[(n + 1) % 4]}"
            handle.write(json.dumps({"id": f"story-{n}", "body": body, "desk": "wire"}) + "\n")
    return path


def _rows(db: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(
            "SELECT a.doc_id, s.source_text, t.lang, t.machine_text FROM translations t "
            "JOIN segments s ON s.id = t.segment_id JOIN articles a ON a.id = s.article_id"
        ).fetchall())  # fmt: skip


def _without_summary(path: Path) -> list[dict[str, object]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [{k: v for k, v in r.items() if k != "summary"} for r in records]


@pytest.mark.slow
def test_a_feed_gives_one_jsonl_per_language_with_a_line_per_article(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", 5)
    out = tmp_path / "out"
    report = run(RunOptions([str(feed)], ["fr", "ha"], db_path=tmp_path / "t.db", out_dir=out,
                            window=2))  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["feed.fr.jsonl", "feed.ha.jsonl"]
    for lang in ("fr", "ha"):
        text = (out / f"feed.{lang}.jsonl").read_text(encoding="utf-8")
        assert text.endswith("\n")
        records = [json.loads(line) for line in text.splitlines()]
        assert [r["id"] for r in records] == [f"story-{n}" for n in range(5)]
        assert {r["lang"] for r in records} == {lang}
        assert all(r["desk"] == "wire" and r["body"] and "summary" in r for r in records)
    assert report.counts()["articles"] == 5


@pytest.mark.slow
def test_windows_give_the_same_translations_and_reuse_memory(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", 6)
    one = run(RunOptions([str(feed)], ["fr"], db_path=tmp_path / "a.db",
                         out_dir=tmp_path / "a", window=100))  # fmt: skip
    small = run(RunOptions([str(feed)], ["fr"], db_path=tmp_path / "b.db",
                           out_dir=tmp_path / "b", window=2))  # fmt: skip
    assert _rows(tmp_path / "a.db") == _rows(tmp_path / "b.db")
    # The same lines but for the summary, which says what came from memory.
    assert _without_summary(tmp_path / "a" / "feed.fr.jsonl") == _without_summary(
        tmp_path / "b" / "feed.fr.jsonl"
    )
    # 12 segments, 4 unique texts: one window translates all 12 (4 engine inputs); in
    # windows of 2 articles, later windows find in memory what earlier ones stored.
    assert one.counts()["translated"] == 12
    small_counts = small.counts()
    assert small_counts["translated"] + small_counts["reused"] == 12
    assert small_counts["reused"] >= 6


def test_a_run_killed_after_its_first_window_keeps_that_window(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", 6)
    out = tmp_path / "out"

    def stop_after_first(window: int, articles: int) -> None:
        if window == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(RunOptions([str(feed)], ["fr"], db_path=tmp_path / "t.db", out_dir=out, window=2),
            on_window=stop_after_first)  # fmt: skip
    lines = (out / "feed.fr.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["story-0", "story-1"]
    assert {row[0] for row in _rows(tmp_path / "t.db")} == {"story-0", "story-1"}
    with sqlite3.connect(tmp_path / "t.db") as conn:
        (status,) = conn.execute("SELECT status FROM runs").fetchone()
    assert status == "interrupted"


@pytest.mark.slow
def test_stdout_streams_every_article_in_every_language_in_input_order(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", 3)
    result = invoke("run", str(feed), "--to", "fr,ha", "-o", "-", "--window", "2",
                    "--db", str(tmp_path / "t.db"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["lang"]) for r in records] == [
        (f"story-{n}", lang) for n in range(3) for lang in ("fr", "ha")
    ]
    written = tmp_path / "all.jsonl"
    again = invoke("run", str(feed), "--to", "fr,ha", "-o", str(written), "--window", "2",
                   "--db", str(tmp_path / "again.db"))  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert written.read_text(encoding="utf-8") == result.stdout  # -o FILE is -o -


def test_json_report_goes_to_stderr_when_stdout_has_the_articles(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "feed.jsonl", 2)
    result = invoke("run", str(feed), "--to", "fr", "-o", "-", "--json", "--progress", "json",
                    "--db", str(tmp_path / "t.db"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 2
    # --progress json: every stderr line is one JSON event, the report the last one.
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert {e["event"] for e in events} == {"log", "progress", "window", "report"}
    assert all(e["done"] <= e["total"] for e in events if e["event"] == "progress")
    report = events[-1]
    assert report["event"] == "report" and report["counts"]["articles"] == 2


def test_window_below_one_is_a_usage_error(tmp_path: Path) -> None:
    story = ROOT / "samples" / "niger-air-defence.txt"
    result = invoke("run", str(story), "--to", "fr", "--window", "0",
                    "--db", str(tmp_path / "t.db"))  # fmt: skip
    assert result.returncode == 2
    assert not (tmp_path / "t.db").exists()
