"""Feeds and scale-out rows of ``make bench`` (``python -m tools.bench --feeds``):

- peak RSS of one run over feeds of 500, 2,000 and 8,000 articles (``--window`` 200),
  each in a fresh child process: flat when memory follows the window, not the feed;
- one short article's wall time per CLI call (a ``translate run`` process each time)
  against the same run repeated inside one long-lived process, and what the gap is;
- throughput (segments/s) with 1 and 2 local Dask workers against one process with
  2 threads, on the same feed.

Feeds are generated (tools.bench.articles), never copied articles. The memory feeds
cycle 100 distinct articles under new ids, so translation is paid once and the rows
measure what a run holds per article (reading, storing, writing, reports)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tools.bench import articles as article_gen

ROOT = Path(__file__).resolve().parents[2]
MEMORY_SIZES = (500, 2_000, 8_000)
QUICK_MEMORY_SIZES = (50, 200)


def write_feed(path: Path, count: int, distinct: int | None = None) -> Path:
    """A JSONL feed of ``count`` articles; with ``distinct``, that many cycled."""
    pool = article_gen.generate(distinct or count)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            article = pool[n % len(pool)]
            headline, _, body = article.text.partition("\n\n")
            record = {"id": f"story-{n}", "title": headline, "body": body}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


_CHILD = """
import json, resource, sys, time
from pathlib import Path
from translate.engine.translator import EngineOptions
from translate.pipeline import RunOptions, run
feed, db, out, workers, threads = sys.argv[1:6]
started = time.perf_counter()
options = RunOptions([feed], ["fr"], db_path=Path(db), out_dir=Path(out),
                     workers=int(workers), engine=EngineOptions(threads=int(threads)))
report = run(options, log=lambda m: None)
print(json.dumps({"wall_s": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "counts": report.counts()}))
"""


def _child(feed: Path, work: Path, workers: int = 0, threads: int = 0) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(feed), str(work / "t.db"), str(work / "out"),
         str(workers), str(threads)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory_rows(work: Path, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        feed = write_feed(work / f"feed-{size}.jsonl", size, distinct=100)
        result = _child(feed, work / f"memory-{size}")
        rows.append({"articles": size, "rss_mb": round(result["rss_mb"], 1),
                     "wall_s": round(result["wall_s"], 1)})  # fmt: skip
    return rows


def per_call_rows(work: Path, repeats: int = 3) -> dict[str, float]:
    """Median wall time of one short article: a CLI process per call, or one process."""
    story = ROOT / "samples" / "niger-air-defence.txt"
    cli = []
    for n in range(repeats):
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "translate"), "run", str(story), "--to", "fr",
             "--db", str(work / f"cli-{n}.db"), "--out-dir", str(work / f"cli-{n}"), "-q"],
            check=True, capture_output=True,
        )  # fmt: skip
        cli.append(time.perf_counter() - started)
    startup = []
    for _n in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import translate.cli.app"], check=True)
        startup.append(time.perf_counter() - started)
    from translate.pipeline import RunOptions, run

    run(
        RunOptions([str(story)], ["fr"], db_path=work / "warm.db", out_dir=work / "warm"),
        log=lambda m: None,
    )  # fmt: skip  (loads the package once, as a long-lived process has)
    inside = []
    for n in range(repeats):
        started = time.perf_counter()
        run(RunOptions([str(story)], ["fr"], db_path=work / f"in-{n}.db",
                       out_dir=work / f"in-{n}"), log=lambda m: None)  # fmt: skip
        inside.append(time.perf_counter() - started)
    return {"cli_call_s": round(statistics.median(cli), 2),
            "in_process_s": round(statistics.median(inside), 2),
            "cli_import_s": round(statistics.median(startup), 2)}  # fmt: skip


def cluster_rows(work: Path, articles: int) -> list[dict[str, Any]]:
    feed = write_feed(work / "throughput.jsonl", articles)
    rows = []
    for label, workers, threads in (("1 process, 2 threads", 0, 2),
                                    ("1 Dask worker", 1, 0), ("2 Dask workers", 2, 0)):  # fmt: skip
        result = _child(feed, work / f"throughput-{workers}", workers, threads)
        segments = result["counts"]["translated"]
        rows.append({"how": label, "segments": segments, "wall_s": round(result["wall_s"], 1),
                     "seg_per_s": round(segments / result["wall_s"], 1)})  # fmt: skip
    base = rows[0]["seg_per_s"]
    for row in rows:
        row["vs_one_process"] = round(row["seg_per_s"] / base, 2)
    return rows


def measure(quick: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="translate-bench-feeds-") as tmp:
        work = Path(tmp)
        sizes = QUICK_MEMORY_SIZES if quick else MEMORY_SIZES
        memory = memory_rows(work, sizes)
        calls = per_call_rows(work, repeats=2 if quick else 3)
        throughput = cluster_rows(work, 10 if quick else 60)
    return {"memory": memory, "per_call": calls, "throughput": throughput,
            "cpus": os.cpu_count()}  # fmt: skip


def format_rows(report: dict[str, Any]) -> str:
    memory = report["memory"]
    lines = ["Feeds: peak RSS of one run (--window 200)", "| articles | peak RSS | wall |",
             "|---|---|---|"]  # fmt: skip
    lines += [f"| {r['articles']:,} | {r['rss_mb']} MB | {r['wall_s']} s |" for r in memory]
    lines.append(f"largest / smallest: {memory[-1]['rss_mb'] / memory[0]['rss_mb']:.2f}×")
    calls = report["per_call"]
    lines += ["", "One short article per call (median)",
              f"- a `translate run` process: {calls['cli_call_s']} s "
              f"(of which importing the CLI: {calls['cli_import_s']} s)",
              f"- the same run inside one long-lived process: {calls['in_process_s']} s",
              "", "Throughput on one feed", "| how | segments | wall | seg/s | vs 1 process |",
              "|---|---|---|---|---|"]  # fmt: skip
    lines += [f"| {r['how']} | {r['segments']} | {r['wall_s']} s | {r['seg_per_s']} | "
              f"{r['vs_one_process']}× |" for r in report["throughput"]]  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_rows(measure(quick="--quick" in sys.argv)))
