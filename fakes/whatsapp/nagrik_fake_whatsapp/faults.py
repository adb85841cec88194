"""Injected failures: "the next N sends (to this citizen) fail with Meta error X"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Endpoint = Literal["messages", "media"]


@dataclass
class Fault:
    code: int  # a Meta error code, or a bare HTTP status 500-599 for a non-Graph gateway error
    times: int = 1
    to: str | None = None  # only sends to this wa_id; None = any recipient
    on: Endpoint = "messages"
    delay_seconds: float = 0.0  # answer this late, to exercise client timeouts

    @property
    def is_bare_http_error(self) -> bool:
        return 500 <= self.code <= 599


class FaultBook:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def take(self, *, on: Endpoint, to: str | None = None) -> Fault | None:
        """Consume one use of the oldest fault that matches this call."""
        for fault in self._faults:
            if fault.on == on and (fault.to is None or fault.to == to):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def pending(self) -> list[Fault]:
        return list(self._faults)

    def clear(self) -> None:
        self._faults.clear()
