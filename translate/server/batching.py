"""Dynamic batching: concurrent requests are queued and translated together.

Requests arrive on the event loop; their texts wait in a bounded queue. One engine
thread owns the :class:`~translate.pipeline.translator.Translator` (its SQLite
connection, the loaded packages) and translates one batch at a time: every waiting
request with the same key (languages, format, glossaries, ``store``), up to
``max_batch_texts`` texts, as one deduplicated, token-batched run. When the engine is
idle a new request waits ``batch_wait_ms`` for company, and the engine waits as long
after each batch (the clients just answered ask again); while it is busy, requests
gather by themselves, so batches grow with the load and throughput with them.

A full queue refuses at once (:class:`QueueFull`, 503 with ``Retry-After``); a request
past its deadline while still queued is dropped before it reaches the engine.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from translate.pipeline import TextTranslation, Translator


class QueueFull(Exception):
    """The queue holds as many texts as it may: try again later."""


@dataclass(frozen=True)
class BatchKey:
    """What requests must share to be translated in one run."""

    source: str
    target: str
    format: str
    glossaries: tuple[Path, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()
    store: bool = False


@dataclass
class _Job:
    key: BatchKey
    texts: list[str]
    future: asyncio.Future[list[TextTranslation]]
    queued_at: float = field(default_factory=time.perf_counter)


@dataclass
class BatchStats:
    """What the metrics read: each batch's size, and the engine's time."""

    on_batch: Callable[[int, int, float], None] | None = None  # (requests, texts, seconds)


class Batcher:
    """The queue and the engine thread. ``start()`` on the event loop opens the
    Translator in the engine thread (and ``warm`` prepares its routes); ``close()``
    translates what is queued, then closes the store."""

    def __init__(
        self,
        translator: Callable[[], Translator],
        *,
        queue_texts: int,
        max_batch_texts: int,
        batch_wait_s: float,
        warm: Callable[[Translator], None] | None = None,
        stats: BatchStats | None = None,
    ) -> None:
        self._factory = translator
        self._warm = warm
        self.queue_texts = queue_texts
        self.max_batch_texts = max_batch_texts
        self.batch_wait_s = batch_wait_s
        self.stats = stats or BatchStats()
        self._jobs: deque[_Job] = deque()
        self._queued = 0
        self._engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="translate-engine")
        self._translator: Translator | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._busy = False
        self._finished = 0.0  # when the last batch ended (perf_counter)
        self.batches = 0

    @property
    def queued(self) -> int:
        """Texts waiting for the engine."""
        return self._queued

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._translator = await loop.run_in_executor(self._engine, self._open)
        self._task = asyncio.create_task(self._loop(), name="translate-batcher")

    def _open(self) -> Translator:
        translator = self._factory()
        if self._warm is not None:
            self._warm(translator)
        return translator

    async def call(self, fn: Callable[[Translator], object]) -> object:
        """Run ``fn(translator)`` on the engine thread (a question, not a translation)."""
        assert self._translator is not None
        translator = self._translator
        return await asyncio.get_running_loop().run_in_executor(self._engine, fn, translator)

    async def translate(
        self, key: BatchKey, texts: Sequence[str], timeout_s: float
    ) -> list[TextTranslation]:
        """The translations of ``texts``, once their batch is done: QueueFull when the
        queue cannot take them, TimeoutError past ``timeout_s`` (dropped if still
        queued; a batch already running finishes, and stores what it was asked to)."""
        if self._closing or self._queued + len(texts) > self.queue_texts:
            raise QueueFull
        future: asyncio.Future[list[TextTranslation]] = asyncio.get_running_loop().create_future()
        job = _Job(key, list(texts), future)
        self._jobs.append(job)
        self._queued += len(texts)
        self._wake.set()
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout_s)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            if job in self._jobs:  # never reached the engine: nothing to do for it
                self._jobs.remove(job)
                self._queued -= len(job.texts)
            future.cancel()
            raise

    async def _loop(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._jobs:
                # The oldest request waits a moment for company, and so does the engine
                # after a batch: the clients just answered are about to ask again.
                since = max(self._jobs[0].queued_at, self._finished)
                waited = time.perf_counter() - since
                if waited < self.batch_wait_s and self._queued < self.max_batch_texts:
                    await asyncio.sleep(self.batch_wait_s - waited)
                batch = self._take()
                if batch:
                    await self._run(batch)

    def _take(self) -> list[_Job]:
        """The oldest job and every later one of its key, up to max_batch_texts texts
        (a single request larger than that goes alone)."""
        key = self._jobs[0].key
        taken: list[_Job] = []
        count = 0
        for job in list(self._jobs):
            if job.key != key:
                continue
            if taken and count + len(job.texts) > self.max_batch_texts:
                break
            taken.append(job)
            count += len(job.texts)
            self._jobs.remove(job)
        self._queued -= count
        return [job for job in taken if not job.future.done()]

    async def _run(self, batch: list[_Job]) -> None:
        key = batch[0].key
        texts = [text for job in batch for text in job.texts]
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        self._busy = True
        try:
            results = await loop.run_in_executor(self._engine, self._translate_batch, key, texts)
        except Exception as exc:  # a TranslateError or worse: each request answers it
            for job in batch:
                if not job.future.done():
                    job.future.set_exception(exc)
            return
        finally:
            self._busy = False
            self._finished = time.perf_counter()
        elapsed = time.perf_counter() - started
        self.batches += 1
        if self.stats.on_batch is not None:
            self.stats.on_batch(len(batch), len(texts), elapsed)
        start = 0
        for job in batch:
            part = results[start : start + len(job.texts)]
            start += len(job.texts)
            if not job.future.done():
                job.future.set_result(part)

    def _translate_batch(self, key: BatchKey, texts: list[str]) -> list[TextTranslation]:
        assert self._translator is not None
        return self._translator.translate_many(
            texts,
            key.target,
            source=key.source,
            format=key.format,
            glossaries=key.glossaries,
            terms=dict(key.terms) or None,
            store=key.store,
        )

    async def close(self) -> None:
        """Refuse new requests, translate those queued, then close the Translator (its
        store: everything stored is committed) and the engine thread."""
        self._closing = True
        while self._jobs or self._busy:
            self._wake.set()
            await asyncio.sleep(0.01)
        if self._task is not None:
            self._task.cancel()
        loop = asyncio.get_running_loop()
        if self._translator is not None:
            await loop.run_in_executor(self._engine, self._translator.close)
        self._engine.shutdown(wait=True)
