"""Where a run's chunks of unique segments are translated: in this process, or (with
``translate[cluster]``) on Dask workers. The driver keeps everything else (memory
lookup, storing, writing), so the store keeps one writer whatever the executor.

A :class:`ChunkJob` carries everything a worker needs and nothing of the store; an
:class:`Executor` turns an iterable of jobs into their results, **in job order**, so
a run's outputs do not depend on where its chunks were translated."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from translate.glossary import Glossary, Match
from translate.mt.result import SegmentResult
from translate.mt.routes import Decoding, Route, translate_along


@dataclass(frozen=True)
class ChunkJob:
    """One chunk of unique source texts going along one route (picklable)."""

    texts: tuple[str, ...]
    route: Route
    glossary: Glossary
    decoding: Decoding
    markup: frozenset[str]
    matches: tuple[list[Match], ...]
    verbatim: tuple[list[tuple[int, int]], ...]


def translate_chunk(job: ChunkJob) -> dict[str, SegmentResult]:
    """Translate one job; the engine loads each package once per process and keeps it."""
    return translate_along(
        job.texts,
        job.route,
        job.glossary,
        job.decoding,
        markup=job.markup,
        matches=job.matches,
        verbatim=job.verbatim,
    )


class Executor(Protocol):
    def map(self, jobs: Iterable[ChunkJob]) -> Iterator[dict[str, SegmentResult]]:
        """The results of ``jobs``, one per job, in job order."""
        ...


class InProcess:
    """Each chunk translated here, one after the other (the default)."""

    def map(self, jobs: Iterable[ChunkJob]) -> Iterator[dict[str, SegmentResult]]:
        for job in jobs:
            yield translate_chunk(job)
