"""Business counters, registered on the service's own registry (served at /metrics)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter


class Metrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.calls = Counter(
            "notifications_messages_sent",
            "Cloud API send calls by message type (as sent) and outcome: accepted, or the failure class.",
            ["type", "outcome"],
            registry=registry,
        )
        self.statuses = Counter(
            "notifications_statuses", "Status reports from Meta by status (duplicates excluded).", ["status"],
            registry=registry,
        )
