"""Injected API failures: "the next N calls to /v1/orders answer 503", optionally after doing the work.

`after_commit` is the case that makes lookup-before-create necessary: the order is created, but the
client sees an error (or a timeout, with `delay_seconds`) and must not simply create it again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from .api_errors import gateway_error, server_error, too_many_requests

Target = Literal["orders", "payment_links", "payments", "settlements", "any"]


@dataclass
class Fault:
    status: int  # 429, 500 (Razorpay JSON errors), 502 (GATEWAY_ERROR), 503/504 (a proxy's plain-text page)
    times: int = 1
    on: Target = "any"
    method: str | None = None  # "POST", "GET"; None = any
    after_commit: bool = False  # do the work, then answer with the failure anyway
    delay_seconds: float = 0.0  # answer this late, to exercise client timeouts

    def matches(self, target: str, method: str) -> bool:
        return self.on in ("any", target) and (self.method is None or self.method.upper() == method)


class FaultBook:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def take(self, target: str, method: str) -> Fault | None:
        """Consume one use of the oldest fault that matches this call."""
        for fault in self._faults:
            if fault.matches(target, method):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def pending(self) -> list[Fault]:
        return list(self._faults)

    def clear(self) -> None:
        self._faults.clear()


def failure_response(status: int) -> Response:
    if status == 429:
        error = too_many_requests()
    elif status == 500:
        error = server_error()
    elif status == 502:
        error = gateway_error()
    else:
        # What a load balancer in front of the API answers: not Razorpay's JSON, so clients must not assume it.
        return PlainTextResponse(f"{status} upstream unavailable", status_code=status)
    return JSONResponse(error.to_body(), status_code=error.http_status)


async def inject_faults(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """HTTP middleware: applies pending faults to `/v1/*` calls."""
    parts = request.url.path.strip("/").split("/")
    if len(parts) < 2 or parts[0] != "v1":
        return await call_next(request)
    fault = request.app.state.fake.faults.take(parts[1], request.method)
    if fault is None:
        return await call_next(request)
    if fault.after_commit:
        committed = await call_next(request)
        async for _ in committed.body_iterator:  # type: ignore[attr-defined]  # let the handler finish
            pass
    if fault.delay_seconds:
        await asyncio.sleep(fault.delay_seconds)
    return failure_response(fault.status)
