"""Business counters, registered on the service's own registry (served at /metrics)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter


class Metrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.applications = Counter(
            "applications_status_changes",
            "Applications reaching a status (submitted, payment_due, under_review, approved …), by service.",
            ["service", "status"],
            registry=registry,
        )

    def reached(self, service_id: str, status: str) -> None:
        self.applications.labels(service_id, status).inc()
