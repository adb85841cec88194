"""Business counters, registered on the service's own registry (served at /metrics)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter

from .domain import Decision

_OUTCOMES = {Decision.CAPTURE: "captured", Decision.FAIL: "failed", Decision.DOUBLE_CHARGE: "double_charge"}


class Metrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.payments = Counter(
            "payments_outcomes",
            "Payments confirmed with the gateway, by method and outcome (double_charge: refund it).",
            ["method", "outcome"],
            registry=registry,
        )

    def count(self, decision: Decision, method: str) -> None:
        """Counts what changed an order or needs a person; duplicates and pending payments are not outcomes."""
        if decision in _OUTCOMES:
            self.payments.labels(method, _OUTCOMES[decision]).inc()
