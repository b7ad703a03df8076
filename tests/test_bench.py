"""`make bench` smoke test: the report's structure only, never timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
METHODS = {"raw", "pipeline", "pipeline_glossary", "argos"}


@pytest.mark.slow
def test_quick_bench_reports_every_method_and_ratio(toy_archive: dict[str, Path]) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--quick", "--articles", "3", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout)

    assert report["settings"]["quick"] is True
    corpus = report["corpus"]
    assert corpus["articles"] == 3
    assert corpus["segments"] >= corpus["unique_segments"] > 0
    assert 0 < corpus["dedup_ratio"] <= 1

    assert set(report["packages"]) == {"toy", "naive-fr", "naive-ha"}
    for lang in ("fr", "ha"):
        naive = report["packages"][f"naive-{lang}"]
        assert naive["package"] == f"en_{lang}-1.0-naive-toy"
        assert set(naive["methods"]) == {"pipeline", "pipeline_glossary"}
        # every glossary segment settled at one stage, and the shares derived from them
        passes = naive["passes"]
        assert set(passes) <= {"first", "repaired", "second"}
        assert sum(passes.values()) == naive["glossary_segments"] > 0
        needed = passes.get("repaired", 0) + passes.get("second", 0)
        assert naive["first_decode_misses_pct_of_glossary_segments"] == round(
            100 * needed / naive["glossary_segments"], 1
        )
        expected = naive["first_decode_misses_pct_of_translated"] + 10.0
        assert abs(naive["target_pct"] - expected) <= 0.1
        assert isinstance(naive["met"], bool)
    toy = report["packages"]["toy"]
    assert toy["package"].startswith("en_fr-")
    assert toy["sentences"] == corpus["segments"]
    assert set(toy["methods"]) == METHODS
    for method, result in toy["methods"].items():
        assert result["method"] == method
        assert result["elapsed_s"] > 0
        assert result["sentences_per_s"] > 0
        assert result["peak_rss_mb"] > 0
    assert toy["methods"]["pipeline"]["segments"] == corpus["segments"]
    # The limit decodes what the pipeline sends to the model: every unique segment but
    # the two datelines of each generated article (rendered by babel, not translated).
    assert toy["methods"]["raw"]["translated"] == corpus["unique_segments"] - 2 * 3
    assert toy["methods"]["argos"]["paragraph_calls"] > 0

    for key in (
        "pipeline_vs_raw",
        "pipeline_glossary_vs_pipeline",
        "speedup_vs_argos",
        "speedup_vs_argos_with_glossary",
    ):
        assert toy["ratios"][key] > 0
    assert set(toy["overhead"]) == {"pipeline_overhead_pct", "glossary_overhead_pct"}
    assert set(toy["met"]) == {"pipeline_overhead_pct", "glossary_overhead_pct", "speedup_vs_argos"}
    assert report["notes"]
    # the readers section: every format at three growing sizes (timings never asserted)
    readers = report["readers"]
    inputs = {row["input"] for row in readers}
    assert {"txt one-line article", "md run of '['", "html '<a '-heavy", "jsonl"} <= inputs
    assert len(readers) == 3 * len(inputs)
    for name in inputs:
        sizes = [row["size_bytes"] for row in readers if row["input"] == name]
        assert sizes == sorted(sizes) and sizes[-1] >= 3 * sizes[0]
    assert all(row["seconds"] > 0 and row["segments"] > 0 for row in readers)

    # the glossary matcher section (2,000 terms with --quick)
    matcher = report["glossary_matcher"]
    assert matcher["terms"] == 2_000 and matcher["sentences"] > 0 and matcher["terms_found"] > 0
    for key in ("build_eager_s", "build_lazy_s", "run_cpu_no_glossary_s", "run_cpu_big_glossary_s"):
        assert matcher[key] > 0, key
    ratio = matcher["run_cpu_big_glossary_s"] / matcher["run_cpu_no_glossary_s"]
    assert matcher["run_cpu_ratio"] == pytest.approx(ratio, abs=0.05)
    # the server section: every request answered, the ratio from its own rows
    server = report["server"]
    assert server["one_client"]["errors"] == 0 and server["clients"]["errors"] == 0
    assert server["clients"]["requests"] > server["one_client"]["requests"] > 0
    throughput = server["clients"]["requests_per_s"] / server["one_client"]["requests_per_s"]
    assert server["throughput_ratio"] == pytest.approx(throughput, abs=0.05)
    assert set(server["met"]) == {"latency", "throughput"}
    # the fuzzy memory section: every query found its stored neighbour
    fuzzy = report["fuzzy_memory"]
    assert fuzzy["found"] == fuzzy["queries"] > 0 and fuzzy["lookup_mean_ms"] > 0


def test_bench_help() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0
    for option in ("--articles", "--quick", "--json", "--packages", "--readers"):
        assert option in completed.stdout


def _scale_row(how: str, segments: int, work_s: float, storing_s: float, chunks: int) -> dict:
    return {"how": how, "segments": segments, "wall_s": work_s + 2, "cluster_start_s": 1.5,
            "cluster_stop_s": 0.5, "work_s": work_s, "storing_s": storing_s, "chunks": chunks,
            "seg_per_s": round(segments / work_s, 2), "worker_rss_mb": None,
            "load": 0.1}  # fmt: skip


def test_the_scale_out_simulation_finds_where_the_writer_limits() -> None:
    """The paper simulation of `make bench --feeds` (issue 27), on made-up figures: a
    worker at 5 seg/s, a driver storing a segment in 10 ms (100 seg/s), chunks of 50
    segments and a scheduler at 5 ms per task (10,000 seg/s): the writer limits from 20
    workers, and the table says so."""
    from tools.bench import feeds

    rows = [_scale_row("process", 500, 90.0, 1.0, 2), _scale_row("1 worker", 500, 100.0, 2.0, 4),
            _scale_row("2 workers", 500, 50.0, 5.0, 10)]  # fmt: skip
    scale = {"rows": rows, "ratios": {"one_worker_vs_process": 0.9, "two_workers_vs_one": 2.0},
             "targets": feeds.SCALE_TARGETS, "met": {"one_worker_vs_process": True,
             "two_workers_vs_one": True}, "cap": 32, "parallel_capacity": 2.0}  # fmt: skip
    scheduler = {"tasks": 400, "per_task_ms": 5.0, "round_trip_ms": 20.0}
    sim = feeds.simulate(scale, scheduler)
    assert sim["store_seg_per_s"] == 100.0 and sim["scheduler_seg_per_s"] == 10_000.0
    assert sim["writer_limit_workers"] == 20 and sim["chunk_segments"] == 50
    assert sim["per_chunk_overhead_s"] == 2.5  # (100 s - 90 s) over the 1-worker run's 4 chunks
    limits = {row["workers"]: (row["seg_per_s"], row["limit"]) for row in sim["table"]}
    assert limits[16] == (80.0, "workers") and limits[32] == (100.0, "writer")
    text = "\n".join(feeds.format_scale({"scale": scale, "scheduler": scheduler,
                                         "simulation": sim}))  # fmt: skip
    assert "limit from about 20 workers" in text and "| 32 | 100.0 | writer |" in text
