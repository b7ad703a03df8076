"""``GET /metrics``: Prometheus text (prometheus-client, a registry of the server's own).

Requests by endpoint and status, request latency, queue depth, batch sizes (requests
and texts per engine run) and engine time per batch."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

#: Latency buckets, seconds: a sentence on CPU is tens of milliseconds, an article seconds.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


class Metrics:
    def __init__(self, queue_depth: Callable[[], float]) -> None:
        disable_created_metrics()  # no *_created series: timestamps nobody graphs
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "translate_requests", "HTTP requests answered", ["endpoint", "status"],
            registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "translate_request_seconds", "Time to answer a request", ["endpoint"],
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.queue = Gauge(
            "translate_queue_texts", "Texts waiting for the engine", registry=self.registry
        )
        self.queue.set_function(queue_depth)
        self.batch_requests = Histogram(
            "translate_batch_requests", "Requests translated together in one engine run",
            buckets=SIZE_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.batch_texts = Histogram(
            "translate_batch_texts", "Texts translated together in one engine run",
            buckets=SIZE_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.engine = Histogram(
            "translate_engine_seconds", "Engine time of one batch",
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.texts = Counter(
            "translate_texts", "Texts translated", ["source", "target"], registry=self.registry
        )

    def on_batch(self, requests: int, texts: int, seconds: float) -> None:
        self.batch_requests.observe(requests)
        self.batch_texts.observe(texts)
        self.engine.observe(seconds)

    def on_request(self, endpoint: str, status: int, seconds: float) -> None:
        self.requests.labels(endpoint, str(status)).inc()
        self.latency.labels(endpoint).observe(seconds)

    def text(self) -> bytes:
        return bytes(generate_latest(self.registry))
