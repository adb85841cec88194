"""Business metrics, registered on the service's own registry (served at /metrics)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.results = Counter(
            "ocr_documents", "Documents handled, by outcome: read, or the rejection reason.", ["outcome"],
            registry=registry,
        )
        self.read_seconds = Histogram(
            "ocr_read_seconds", "Time the OCR engine took to read one picture.",
            buckets=(0.5, 1, 2, 4, 8, 16, 32, 64), registry=registry,
        )
