"""A run's chunks translated on Dask workers (``pip install 'translate-newsroom[cluster]'``).

``translate run --workers N`` starts a local cluster of N worker processes for the run;
``--cluster tcp://HOST:PORT`` uses a scheduler already running (``dask scheduler``, with
``dask worker tcp://HOST:PORT`` on each machine). Only :class:`ChunkJob` objects travel:
unique segments after the memory lookup, with their route, glossary matches and decoding
options; each worker loads a package once (``load_translator`` is cached per process)
and keeps it for every later chunk. The driver stores each chunk's results as they come
back, in job order, so SQLite keeps one writer and the run's outputs do not depend on
where a chunk was translated.

A worker that dies mid-chunk: the scheduler runs its chunk again on another worker (the
driver has stored nothing of it yet, and stores its one result once). Threads are set
explicitly on every worker (``OMP_NUM_THREADS`` and CTranslate2's ``intra_threads``):
libgomp left to pick its own in several processes at once can deadlock
(LibreTranslate#1008).

A worker translates as fast as a process does (issue 27). Dask's nanny starts every
worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (``distributed.nanny.pre-spawn-environ``),
which also pins glibc's mmap threshold at 128 KiB: every buffer CTranslate2 allocates
per decoding step was then mapped and unmapped again, 18 times the page faults and as
much system time as user time, a worker 2 to 3 times slower than a process. Local
clusters start their workers without it; a worker started elsewhere with it has glibc's
thresholds raised at its first chunk (:func:`lift_malloc_thresholds`).

Dask is imported here only, and this module only when a run asks for workers."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from translate.errors import TranslateError, UsageError
from translate.i18n import _
from translate.mt.result import SegmentResult
from translate.mt.routes import Route
from translate.pipeline.executor import ChunkJob, translate_chunk
from translate.pipeline.options import RunOptions, check_scale_out

if TYPE_CHECKING:
    from distributed import Client

Task = Callable[[ChunkJob], dict[str, SegmentResult]]

#: What ``--workers`` / ``--cluster`` say when dask is not installed.
INSTALL_COMMAND = "pip install 'translate-newsroom[cluster]'"


def worker_threads(options: RunOptions) -> int:
    """CPU threads per local worker: ``--threads``, else the cores shared out evenly."""
    if options.engine.threads:
        return options.engine.threads
    return max(1, (os.cpu_count() or 1) // max(1, options.workers))


#: glibc's malloc thresholds on a worker started with a small MALLOC_TRIM_THRESHOLD_: the
#: ceiling glibc's own adaptive thresholds reach on 64-bit (mmap 32 MiB, trim twice that).
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt() parameters (malloc.h)


@functools.cache
def lift_malloc_thresholds() -> bool:
    """Raise glibc's trim and mmap thresholds when this process was started with a
    ``MALLOC_TRIM_THRESHOLD_`` below :data:`TRIM_THRESHOLD` (Dask's nanny sets 65536):
    setting it also fixes the mmap threshold at 128 KiB, so CTranslate2's per-step
    buffers are mapped and unmapped again on every decoding step. Once per process;
    True when the thresholds were raised. Elsewhere than glibc, nothing is done."""
    lifted = False
    value = os.environ.get("MALLOC_TRIM_THRESHOLD_", "")
    pinned = value.isdigit() and int(value) < TRIM_THRESHOLD
    if pinned and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("c")
        try:
            libc = ctypes.CDLL(name) if name else None
            mallopt = getattr(libc, "mallopt", None)
            if mallopt is not None:
                lifted = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
                    mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
                )
        except OSError:  # no C library to load by that name: leave malloc as it is
            lifted = False
    return lifted


def warm_worker() -> None:
    """Import what a chunk needs (the engine, CTranslate2, SentencePiece), so a new
    worker's first chunk does not pay for it; malloc's thresholds set as for a chunk."""
    lift_malloc_thresholds()
    import ctranslate2  # noqa: F401
    import sentencepiece  # noqa: F401

    import translate.pipeline.executor  # noqa: F401


def run_on_worker(job: ChunkJob, task: Task = translate_chunk) -> dict[str, SegmentResult]:
    """One chunk on a worker: its packages found where this machine keeps them, its
    threads pinned, malloc's thresholds sane, the results slimmed to what the driver
    needs."""
    lift_malloc_thresholds()
    engine = job.decoding.engine
    if not engine.threads:
        # The worker's OMP_NUM_THREADS (set by `--workers`, or by whoever started the
        # worker) is CTranslate2's intra_threads too: never "all cores" per process.
        threads = int(os.environ.get("OMP_NUM_THREADS") or 0)
        if threads > 0:
            engine = replace(engine, threads=threads)
    job = replace(
        job,
        route=_local_route(job.route),
        decoding=replace(job.decoding, engine=engine),
    )
    results = task(job)
    for text, result in results.items():
        if text not in job.markup:
            # Attention (and the token lists) only serve markup transfer on the driver.
            result.hypothesis = None
    return results


def _local_route(route: Route) -> Route:
    """The route with each package where this worker has it: another machine may keep
    the same package (id and version) in another directory."""
    if all(leg.model_dir.is_dir() for leg in route.legs):
        return route
    from translate.engine.packages import all_packages

    here = {(p.id, p.version): p for p in all_packages()}
    legs = []
    for leg in route.legs:
        found = leg if leg.model_dir.is_dir() else here.get((leg.id, leg.version))
        if found is None:
            raise FileNotFoundError(
                _("package {package} is not installed on this worker ({host})").format(
                    package=leg.id, host=os.uname().nodename
                )
            )
        legs.append(found)
    return Route(legs)


class DaskExecutor:
    """Chunks submitted to a Dask client, at most ``in_flight`` at once (default twice
    the workers, so none waits between chunks and the driver holds few results),
    yielded in job order. A chunk that finishes early frees its place at once (the next
    chunk is submitted while the driver still waits for an earlier one), so a long
    chunk never leaves the other workers idle. ``retries``: times a chunk that raised
    is tried again; a chunk whose worker died is rescheduled by the scheduler itself."""

    def __init__(
        self,
        client: Client,
        *,
        in_flight: int | None = None,
        retries: int = 2,
        task: Task = translate_chunk,
    ) -> None:
        self.client = client
        self.in_flight = in_flight
        self.retries = retries
        self.task = task

    @property
    def workers(self) -> int:
        """Workers the scheduler has now (at least 1: chunks wait for the first)."""
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _window(self) -> int:
        if self.in_flight is not None:
            return max(1, self.in_flight)
        return max(2, 2 * self.workers)

    def map(self, jobs: Iterable[ChunkJob]) -> Iterator[dict[str, SegmentResult]]:
        from distributed import as_completed

        window = self._window()
        queue = iter(jobs)
        submitted: dict[Any, int] = {}  # future → job number
        finished: dict[int, dict[str, SegmentResult]] = {}
        completed = as_completed()
        submitted_count = yielded = 0

        def submit() -> bool:
            nonlocal submitted_count
            job = next(queue, None)
            if job is None:
                return False
            future = self.client.submit(
                run_on_worker, job, self.task, pure=False, retries=self.retries
            )
            submitted[future] = submitted_count
            submitted_count += 1
            completed.add(future)
            return True

        def top_up() -> None:
            # Chunks computing and results not yet handed over count against the window:
            # the driver holds at most `window` results it has not stored.
            while len(submitted) + len(finished) < window and submit():
                pass

        try:
            top_up()
            for future in completed:
                finished[submitted.pop(future)] = future.result()
                top_up()
                while yielded in finished:
                    result = finished.pop(yielded)
                    yielded += 1
                    top_up()  # the workers go on while the driver stores this one
                    yield result
        finally:
            for future in submitted:  # an interrupted run: nothing left computing for it
                future.cancel()


def require_dask(options: RunOptions) -> None:
    """A usage error (before anything is stored) when the cluster extra is missing."""
    check_scale_out(options)
    try:
        import distributed  # noqa: F401
    except ImportError:
        option = "--cluster" if options.cluster else "--workers"
        raise UsageError(
            _("{option} needs Dask: {command}").format(option=option, command=INSTALL_COMMAND)
        ) from None


@contextmanager
def open_executor(options: RunOptions) -> Iterator[DaskExecutor]:
    """The executor ``options`` ask for: a local cluster of ``options.workers`` processes
    (closed at the end) or the scheduler at ``options.cluster``."""
    require_dask(options)
    from distributed import Client, LocalCluster

    if options.cluster:
        try:
            client = Client(options.cluster, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise TranslateError(
                _("--cluster {url}: no Dask scheduler answers ({reason})").format(
                    url=options.cluster, reason=" ".join(str(exc).split())[:200]
                )
            ) from None
        try:
            yield DaskExecutor(client)
        finally:
            client.close()
        return
    import dask

    threads = str(worker_threads(options))
    # Set in each worker process before it starts (the nanny's pre-spawn environment):
    # its thread counts, and no MALLOC_TRIM_THRESHOLD_ (see the module docstring). The
    # workers' statistical profiler (a stack sample every 10 ms, for a dashboard nobody
    # watches here) is off, and the housekeeping of every process of the cluster (the
    # event loop's health check every 20 ms, host and memory monitors) wakes up less
    # often: on a box whose cores the workers fill, each wake-up is taken from a chunk.
    settings = {
        "distributed.nanny.pre-spawn-environ": {
            "OMP_NUM_THREADS": threads,
            "MKL_NUM_THREADS": threads,
            "OPENBLAS_NUM_THREADS": threads,
        },
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "500ms",
        "distributed.admin.system-monitor.interval": "2s",
        "distributed.admin.system-monitor.disk": False,
        "distributed.worker.memory.monitor-interval": "500ms",
    }
    kept = dict(os.environ)
    try:
        with dask.config.set(settings):
            cluster = LocalCluster(
                n_workers=options.workers,
                threads_per_worker=1,  # one chunk at a time per worker; CTranslate2 inside
                processes=True,
                host="127.0.0.1",
                dashboard_address=":0",  # no fixed port: another cluster may hold 8787
                env={"OMP_NUM_THREADS": threads},
            )
    finally:
        # The nanny sets its pre-spawn variables in this process too, before spawning
        # the workers: the driver (and what it starts later) keeps its own environment.
        _restore_environ(kept)
    try:
        with Client(cluster) as client:
            client.wait_for_workers(options.workers)
            client.run(warm_worker)  # part of the start, not of the first chunk
            yield DaskExecutor(client)
    finally:
        cluster.close()


def _restore_environ(kept: dict[str, str]) -> None:
    for key in set(os.environ) - set(kept):
        del os.environ[key]
    for key, value in kept.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
