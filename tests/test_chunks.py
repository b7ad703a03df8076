"""How pending segments become batches and chunks (translate.pipeline.chunks): the
batches come from the work alone, so every number of workers translates the same ones;
chunks are sized by the workers, bounded by chunk_size, and mix long and short."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.pipeline.chunks import (
    CHUNKS_PER_WORKER,
    MIN_BATCH,
    batch_size,
    plan_chunks,
)

texts = st.lists(st.text(min_size=1, max_size=20), max_size=400, unique=True)
chunk_sizes = st.integers(min_value=1, max_value=300)


def _batches(chunks: list[list[list[str]]]) -> list[tuple[str, ...]]:
    return sorted(tuple(batch) for chunk in chunks for batch in chunk)


@settings(max_examples=40, deadline=None)
@given(texts, chunk_sizes, st.integers(min_value=1, max_value=64))
def test_every_worker_count_translates_the_same_batches(
    items: list[str], chunk_size: int, workers: int
) -> None:
    here = plan_chunks(items, len, 0, chunk_size)
    there = plan_chunks(items, len, workers, chunk_size)
    assert _batches(there) == _batches(here)
    flat = [text for chunk in there for batch in chunk for text in batch]
    assert sorted(flat) == sorted(items)  # each segment once, none lost
    for chunk in here + there:
        assert chunk and sum(len(batch) for batch in chunk) <= chunk_size


@settings(max_examples=40, deadline=None)
@given(texts, chunk_sizes)
def test_batches_are_sorted_by_length_and_only_the_last_is_short(
    items: list[str], chunk_size: int
) -> None:
    batches = [batch for chunk in plan_chunks(items, len, 0, chunk_size) for batch in chunk]
    size = batch_size(len(items), chunk_size)
    assert all(len(batch) == size for batch in batches[:-1])
    lengths = [len(text) for batch in batches for text in batch]
    assert lengths == sorted(lengths)


def test_a_batch_never_falls_below_its_floor_from_the_workers() -> None:
    items = [f"sentence {n:04d}" for n in range(1_000)]
    for workers in (1, 2, 8, 64):
        sizes = {len(b) for chunk in plan_chunks(items, len, workers, 256) for b in chunk}
        assert min(sizes) == 1_000 - MIN_BATCH * (1_000 // MIN_BATCH)  # the last one
        assert max(sizes) == MIN_BATCH


def test_chunks_per_worker_and_their_load_evened_out() -> None:
    # 1,024 segments of growing length: 16 batches of 64.
    items = ["x" * (1 + n // 8) for n in range(1_024)]
    assert len(plan_chunks(items, len, 0, 256)) == 4  # here: chunk_size, 4 batches each
    for workers in (1, 2, 3):
        chunks = plan_chunks(items, len, workers, 256)
        assert len(chunks) == CHUNKS_PER_WORKER * workers
        loads = [sum(len(t) for b in chunk for t in b) for chunk in chunks]
        assert loads == sorted(loads, reverse=True)  # the heaviest first
        if workers == 1:
            # Four chunks of four batches, each with short and long ones: within 5%.
            assert max(loads) <= 1.05 * min(loads)
    # More workers than batches: a chunk per batch, no empty chunk.
    assert len(plan_chunks(items, len, 64, 256)) == 16


def test_a_small_job_is_one_batch_and_nothing_is_a_chunk_of_nothing() -> None:
    assert plan_chunks([], len, 4, 256) == []
    small = ["a", "bb", "ccc"]
    assert plan_chunks(small, len, 4, 256) == [[["a", "bb", "ccc"]]]
    # chunk_size below the batch floor: batches of chunk_size (one transaction each).
    assert plan_chunks(small, len, 0, 2) == [[["a", "bb"]], [["ccc"]]]
