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

Dask is imported here only, and this module only when a run asks for workers."""

from __future__ import annotations

import os
from collections import deque
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


def run_on_worker(job: ChunkJob, task: Task = translate_chunk) -> dict[str, SegmentResult]:
    """One chunk on a worker: its packages found where this machine keeps them, its
    threads pinned, the results slimmed to what the driver needs."""
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
    yielded in job order. ``retries``: times a chunk that raised is tried again; a
    chunk whose worker died is rescheduled by the scheduler itself."""

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

    def _window(self) -> int:
        if self.in_flight is not None:
            return max(1, self.in_flight)
        workers = len(self.client.scheduler_info().get("workers", {}))
        return max(2, 2 * workers)

    def map(self, jobs: Iterable[ChunkJob]) -> Iterator[dict[str, SegmentResult]]:
        window = self._window()
        pending: deque[Any] = deque()
        try:
            for job in jobs:
                pending.append(
                    self.client.submit(
                        run_on_worker, job, self.task, pure=False, retries=self.retries
                    )
                )
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:  # an interrupted run: nothing left computing for it
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
    threads = worker_threads(options)
    cluster = LocalCluster(
        n_workers=options.workers,
        threads_per_worker=1,  # one chunk at a time per worker; CTranslate2 threads inside
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # no fixed port: another cluster may hold 8787
        env={"OMP_NUM_THREADS": str(threads)},
    )
    try:
        with Client(cluster) as client:
            yield DaskExecutor(client)
    finally:
        cluster.close()
