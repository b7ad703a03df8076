"""Scale-out on Dask (translate.pipeline.cluster): a run whose chunks are translated on
worker processes stores and writes what a single-process run does, whatever the number
of workers its chunks are cut for, survives a worker dying mid-chunk, and is one CLI
option away (`--workers N`, `--cluster URL`). Workers start without the nanny's malloc
setting that made them 2 to 3 times slower than a process (issue 27).

One loopback cluster of two worker processes serves the module (starting one costs
seconds); the test that kills a worker runs last."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import ENGLISH, ROOT, invoke

pytest.importorskip("distributed")

import cloudpickle
from distributed import Client, LocalCluster

from translate.pipeline import RunOptions, chunks, run
from translate.pipeline.cluster import DaskExecutor
from translate.pipeline.executor import ChunkJob, InProcess, translate_chunk

SAMPLES = ROOT / "samples"
# Plain text, markdown and HTML with inline markup (attention travels back for those),
# a glossary term (CNSP) in both languages, a scraped page with furniture.
NAMES = ("niger-air-defence.txt", "ecowas-exit.md", "sahel-briefing.html", "sahel-scraped.txt")
INPUTS = [str(SAMPLES / name) for name in NAMES]

# The workers unpickle the test-only task below by value: they need not import this file.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=":0",
    )
    with Client(cluster) as connected:
        yield connected
    cluster.close()


def _options(tmp: Path, name: str, **extra: Any) -> RunOptions:
    return RunOptions(
        inputs=INPUTS,
        targets=["fr", "ha"],
        db_path=tmp / f"{name}.db",
        out_dir=tmp / name,
        chunk_size=3,  # many chunks: several per worker, and in flight at once
        **extra,
    )


def _rows(db: Path) -> list[tuple[Any, ...]]:
    """What a run stored, per segment and language, without ids and times."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select a.doc_id, s.position, s.source_text, t.lang, t.final_text, t.status, "
            "t.terms, t.package, t.glossary_version "
            "from translations t join segments s on s.id = t.segment_id "
            "join articles a on a.id = s.article_id order by a.doc_id, s.position, t.lang"
        ).fetchall()


def _outputs(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _report(report: Any) -> list[Any]:
    """The report a user reads (--json), less times and paths."""
    data = report.as_dict()
    return [
        {lang: {k: v for k, v in t.items() if k != "output"} for lang, t in a["targets"].items()}
        for a in data["articles"]
    ]


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The reference: the same inputs in this process."""
    tmp = tmp_path_factory.mktemp("single")
    report = run(_options(tmp, "single"), log=lambda _m: None)
    return tmp, report


def _cache_info() -> dict[str, int]:
    from translate.engine.translator import load_translator

    return dict(load_translator.cache_info()._asdict())


@pytest.mark.slow
def test_cluster_run_equals_single_process_run(
    client: Client, single: tuple[Path, Any], tmp_path: Path
) -> None:
    reference, reference_report = single
    report = run(_options(tmp_path, "dask"), log=lambda _m: None, executor=DaskExecutor(client))
    rows = _rows(tmp_path / "dask.db")
    assert rows == _rows(reference / "single.db")
    assert {lang for *_, lang, _t, _s, _g, _p, _v in rows} == {"fr", "ha"}
    # Glossary outcomes travelled back: the CNSP sentence carries its term check.
    assert any("CNSP" in json.dumps(json.loads(terms)) for *_, terms, _p, _v in rows)
    assert _outputs(tmp_path / "dask") == _outputs(reference / "single")
    assert _report(report) == _report(reference_report)
    # Each worker loaded each package once and kept it for its later chunks.
    caches = client.run(_cache_info)
    assert len(caches) == 2
    assert all(info["misses"] <= 2 for info in caches.values()), caches  # en→fr, en→ha
    assert sum(info["hits"] for info in caches.values()) > 0, caches
    assert report.timings.workers == 2 and report.timings.chunks > 2


class _Claiming(DaskExecutor):
    """The module's two workers, with chunks cut as for ``claimed`` workers."""

    def __init__(self, client: Client, claimed: int) -> None:
        super().__init__(client)
        self.claimed = claimed

    @property
    def workers(self) -> int:
        return self.claimed


@pytest.mark.slow
def test_chunking_by_worker_count_stores_the_same_translations(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks are cut for the number of workers, from batches cut from the work alone:
    this process (one chunk per language), 1 worker (four) and 12 (one per batch) store
    the same rows, though CTranslate2's numbers depend on what shares a batch."""
    monkeypatch.setattr(chunks, "MIN_BATCH", 8)  # test-sized batches: about 10 per language
    runs = {"here": InProcess(), "one": _Claiming(client, 1), "twelve": _Claiming(client, 12)}
    made = {}
    for name, executor in runs.items():
        options = replace(_options(tmp_path, name), chunk_size=256)
        made[name] = run(options, log=lambda _m: None, executor=executor).timings.chunks
        assert _rows(tmp_path / f"{name}.db") == _rows(tmp_path / "here.db")
        assert _outputs(tmp_path / name) == _outputs(tmp_path / "here")
    assert made["here"] == 2 < made["one"] < made["twelve"]  # the chunking did differ


@pytest.mark.slow
def test_workers_option_through_the_cli(tmp_path: Path) -> None:
    common = ("run", *INPUTS, "--to", "fr,ha", "-q", "--json")
    here = invoke(*common, "--db", str(tmp_path / "here.db"), "--out-dir", str(tmp_path / "here"))
    assert here.returncode == 0, here.stderr
    out = ("--db", str(tmp_path / "cli.db"), "--out-dir", str(tmp_path / "out"))
    result = invoke(*common, "--workers", "2", *out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == here.stderr  # no Dask chatter on stderr
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "here")
    assert _rows(tmp_path / "cli.db") == _rows(tmp_path / "here.db")
    # The cluster's start and stop are reported apart from the work.
    timings = json.loads(result.stdout)["timings"]
    assert timings["workers"] == 2 and timings["cluster_start_s"] > 0
    assert timings["cluster_stop_s"] > 0 and timings["work_s"] > 0
    assert timings["chunks"] >= 2 and timings["storing_s"] > 0
    alone = json.loads(here.stdout)["timings"]
    assert alone["workers"] == 0 and alone["cluster_start_s"] == alone["cluster_stop_s"] == 0


@pytest.mark.parametrize(
    "args",
    [("--workers", "2", "--cluster", "tcp://127.0.0.1:1"), ("--workers", "0")],
    ids=["workers-and-cluster", "no-workers"],
)
def test_bad_cluster_options_are_usage_errors(args: tuple[str, ...], tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = invoke("run", INPUTS[0], "--to", "fr", "--db", str(db), *args)
    assert result.returncode == 2
    assert "--workers" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()  # refused before anything was written


def _children(pid: int) -> list[tuple[int, bytes]]:
    """(pid, command line) of the processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry), command))
    return found


@pytest.mark.slow
def test_a_killed_resource_tracker_never_kills_the_run(tmp_path: Path) -> None:
    """Issue 28: killing multiprocessing's resource tracker during a `--workers` run made
    the run end by SIGPIPE (141) after its work, with no report and its row `running`."""
    db = tmp_path / "t.db"
    command = [sys.executable, "-m", "translate", "run", INPUTS[0], "--to", "fr,ha", "--db",
               str(db), "--out-dir", str(tmp_path / "out"), "--workers", "1", "--json"]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, **ENGLISH})  # fmt: skip
    killed = None
    try:
        deadline = time.monotonic() + 120
        while killed is None and time.monotonic() < deadline and child.poll() is None:
            for pid, line in _children(child.pid):  # this run's own tracker, by its id
                if b"resource_tracker" in line:
                    os.kill(pid, signal.SIGKILL)
                    killed = pid
            time.sleep(0.02)
        stdout, stderr = child.communicate(timeout=300)
    finally:
        if child.poll() is None:
            child.kill()
    assert killed is not None, "the run started no resource tracker"
    assert child.returncode == 0
    assert b"Dask: 1 worker ready in " in stderr  # the cluster's start, said apart
    assert json.loads(stdout)["counts"]["articles"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM runs").fetchall() == [("ok",)]


def _run_here(code: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp,
        env={**os.environ, **ENGLISH, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


@pytest.mark.slow
def test_without_dask_the_options_say_to_install_the_extra(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['distributed'] = None\n"  # as if the extra were absent
        "from translate.cli import main\n"
        f"main(['run', {INPUTS[0]!r}, '--to', 'fr', '--workers', '2', '--db', 't.db'])\n"
    )
    result = _run_here(code, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "translate-newsroom[cluster]" in lines[0], result.stderr
    assert not (tmp_path / "t.db").exists()


@pytest.mark.slow
def test_a_plain_run_never_imports_dask(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from translate.cli import main\n"
        "try:\n"
        f"    main(['run', {INPUTS[0]!r}, '--to', 'fr', '-q', '--db', 't.db'])\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    result = _run_here(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


_FAULTS = """
import resource
from translate.pipeline.cluster import lift_malloc_thresholds

def faults():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(200):
        buffer = bytearray(1 << 20)  # 1 MiB from malloc, each page touched, freed
        buffer[::4096] = b"x" * 256
        del buffer
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

pinned = faults()
lifted = lift_malloc_thresholds()
print(lifted, pinned, faults())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_worker_started_with_a_small_trim_threshold_stops_faulting(tmp_path: Path) -> None:
    """Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which pins glibc's
    mmap threshold: every large buffer is mapped, faulted in page by page and unmapped
    again. A worker's first chunk raises the thresholds (as glibc's own adaptive ones
    would), and the faults stop."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    pinned = subprocess.run(
        [sys.executable, "-c", _FAULTS],
        capture_output=True,
        text=True,
        env={**env, "MALLOC_TRIM_THRESHOLD_": "65536"},
        cwd=ROOT,
        timeout=60,
    )
    lifted, before, after = pinned.stdout.split()
    assert lifted == "True", pinned.stderr
    assert int(before) > 100 * 256  # a fault for (nearly) every page of every buffer
    assert int(after) < int(before) / 10
    plain = subprocess.run([sys.executable, "-c", _FAULTS], capture_output=True, text=True,
                           env=env, cwd=ROOT, timeout=60)  # fmt: skip
    assert plain.stdout.split()[0] == "False", plain.stderr  # glibc left to adapt alone


_ENVIRONMENT = """
import json, os
from translate.engine.translator import EngineOptions
from translate.pipeline import RunOptions
from translate.pipeline.cluster import open_executor

names = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
before = dict(os.environ)
options = RunOptions(["-"], ["fr"], workers=1, engine=EngineOptions(threads=1))
with open_executor(options) as executor:
    seen = executor.client.run(lambda: {name: os.environ.get(name) for name in names})
    kept = dict(os.environ) == before
print(json.dumps({"worker": next(iter(seen.values())), "kept": kept}))
"""


@pytest.mark.slow
def test_local_workers_start_with_their_threads_and_no_trim_threshold(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MALLOC_", "OMP_", "MKL_"))}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", _ENVIRONMENT], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["worker"] == {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1",
                                "MKL_NUM_THREADS": "1"}  # fmt: skip
    assert result["kept"]  # the nanny's variables did not stay in the driver


def _die_once(job: ChunkJob, marker: str) -> Any:
    """Test-only task: the first chunk to run anywhere kills its worker process."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return translate_chunk(job)
    os.close(fd)
    os._exit(1)  # no cleanup, no reply: as a worker killed mid-chunk


@pytest.mark.slow
def test_a_dead_workers_chunk_is_translated_elsewhere_and_stored_once(
    client: Client, single: tuple[Path, Any], tmp_path: Path
) -> None:
    reference, _ = single
    marker = tmp_path / "died"
    executor = DaskExecutor(client, task=partial(_die_once, marker=str(marker)))
    run(_options(tmp_path, "killed"), log=lambda _m: None, executor=executor)
    assert marker.exists()  # a worker did die mid-chunk
    rows = _rows(tmp_path / "killed.db")
    assert rows == _rows(reference / "single.db")
    with sqlite3.connect(tmp_path / "killed.db") as conn:
        twice = conn.execute(
            "select segment_id, lang, count(*) from translations group by segment_id, lang "
            "having count(*) > 1"
        ).fetchall()
    assert twice == []
    assert _outputs(tmp_path / "killed") == _outputs(reference / "single")
