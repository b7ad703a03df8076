"""Where a run's chunks of unique segments are translated: in this process, or (with
``translate[cluster]``) on Dask workers. The driver keeps everything else (memory
lookup, storing, writing), so the store keeps one writer whatever the executor.

A :class:`ChunkJob` carries everything a worker needs and nothing of the store; an
:class:`Executor` turns an iterable of jobs into their results, **in job order**, so
a run's outputs do not depend on where its chunks were translated. A chunk is made of
whole batches (:mod:`translate.pipeline.chunks`), each translated in its own engine
call, so they do not depend on how the batches were grouped into chunks either."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from translate.glossary import Glossary, Match
from translate.mt.result import SegmentResult
from translate.mt.routes import Decoding, Route, translate_along


@dataclass(frozen=True)
class ChunkJob:
    """One chunk of unique source texts going along one route (picklable): ``texts``
    are its batches one after the other, ``batches`` their sizes (one batch when
    empty)."""

    texts: tuple[str, ...]
    route: Route
    glossary: Glossary
    decoding: Decoding
    markup: frozenset[str]
    matches: tuple[list[Match], ...]
    verbatim: tuple[list[tuple[int, int]], ...]
    batches: tuple[int, ...] = ()


def translate_chunk(job: ChunkJob) -> dict[str, SegmentResult]:
    """Translate one job, batch by batch; the engine loads each package once per process
    and keeps it."""
    done: dict[str, SegmentResult] = {}
    start = 0
    for size in job.batches or (len(job.texts),):
        end = start + size
        done.update(
            translate_along(
                job.texts[start:end],
                job.route,
                job.glossary,
                job.decoding,
                markup=job.markup,
                matches=job.matches[start:end],
                verbatim=job.verbatim[start:end],
            )
        )
        start = end
    return done


class Executor(Protocol):
    #: Worker processes the chunks are shared among; 0: this process, one after another.
    @property
    def workers(self) -> int: ...

    def map(self, jobs: Iterable[ChunkJob]) -> Iterator[dict[str, SegmentResult]]:
        """The results of ``jobs``, one per job, in job order."""
        ...


class InProcess:
    """Each chunk translated here, one after the other (the default)."""

    workers = 0

    def map(self, jobs: Iterable[ChunkJob]) -> Iterator[dict[str, SegmentResult]]:
        for job in jobs:
            yield translate_chunk(job)
