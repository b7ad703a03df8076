"""How a target language's pending segments are cut into batches and chunks.

A **batch** is what the engine translates in one call (``translate_along``): its
segments share CTranslate2 batches, and CTranslate2's numbers are not batch-invariant
(a padded batch sums in another order, and a near-tie in the beam can flip), nor is the
guard's per-call retry budget. So batches are cut from the work alone: the segments
sorted by length (short ones together, little padding), in batches of a size that
depends only on how many there are. A **chunk** is one or more whole batches, sent to
one worker and stored in one transaction. Chunks are made from the work and the number
of workers: about :data:`CHUNKS_PER_WORKER` per worker, so every worker stays busy until
the end, never more than ``RunOptions.chunk_size`` segments (what a worker holds, and
what one transaction stores). Batches are dealt to chunks in a snake over their length
order, so each chunk gets long and short segments alike, and the heaviest chunks go
first.

Whatever the number of workers, the same batches are translated: a run on 1, 2 or 16
workers, or in this process, stores the same translations. A batch is never smaller
than :data:`MIN_BATCH` segments (fewer pending than that make one batch): each engine
call costs the guard's passes and CTranslate2's thread start-ups, and the toy package
took about 1.7 times the CPU time in batches of 16 as in one of 256 (2 threads). That
floor, not the scheduler, bounds how finely a small job can be shared: 1,000 pending
segments make 16 batches of 64, enough for 4 workers with 4 chunks each; a larger
``--window`` makes more."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Chunks per worker: the last chunks to finish leave at most about a quarter of a
#: worker's share of the work to one worker alone.
CHUNKS_PER_WORKER = 4
#: Segments per batch: the pending segments over BATCHES, at least MIN_BATCH, at most
#: ``chunk_size``. From the number of pending segments alone, never from the workers.
MIN_BATCH = 64
BATCHES = 32


def batch_size(count: int, chunk_size: int) -> int:
    """Segments per batch for ``count`` pending segments; never above ``chunk_size``."""
    return max(1, min(chunk_size, max(MIN_BATCH, math.ceil(count / BATCHES))))


def batches(items: Sequence[T], length: Callable[[T], int], chunk_size: int) -> list[list[T]]:
    """``items`` sorted by ``length`` (ties in their order) and cut into batches."""
    size = batch_size(len(items), chunk_size)
    ordered = sorted(items, key=length)  # stable: equal lengths keep their order
    return [ordered[start : start + size] for start in range(0, len(ordered), size)]


def chunk_count(batch_count: int, size: int, workers: int, chunk_size: int) -> int:
    """How many chunks ``batch_count`` batches of up to ``size`` segments make: as few
    as ``chunk_size`` allows here (``workers`` 0), about CHUNKS_PER_WORKER per worker
    on a cluster, and never more than there are batches."""
    if batch_count == 0:
        return 0
    fewest = math.ceil(batch_count / max(1, chunk_size // size))
    if workers <= 0:
        return fewest
    return min(batch_count, max(fewest, CHUNKS_PER_WORKER * workers))


def plan_chunks(
    items: Sequence[T], length: Callable[[T], int], workers: int, chunk_size: int
) -> list[list[list[T]]]:
    """The chunks of ``items``, each a list of whole batches (see the module docstring).

    ``workers``: 0 translates here, chunk after chunk (consecutive batches, up to
    ``chunk_size`` segments each); N ≥ 1 deals the batches to about
    CHUNKS_PER_WORKER × N chunks, the heaviest first."""
    cut = batches(items, length, chunk_size)
    if not cut:
        return []
    count = chunk_count(len(cut), len(cut[0]), workers, chunk_size)
    if workers <= 0:
        per_chunk = math.ceil(len(cut) / count)
        return [cut[start : start + per_chunk] for start in range(0, len(cut), per_chunk)]
    chunks: list[list[list[T]]] = [[] for _n in range(count)]
    for index, batch in enumerate(cut):
        lap, position = divmod(index, count)
        # A snake: 0, 1, …, n-1, n-1, …, 0, 0, 1, … so each chunk gets short and long ones.
        chunks[position if lap % 2 == 0 else count - 1 - position].append(batch)
    # The heaviest first: the cluster's last chunks are then the light ones.
    return sorted(chunks, key=lambda chunk: -sum(length(i) for b in chunk for i in b))
