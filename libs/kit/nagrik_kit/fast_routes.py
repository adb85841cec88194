"""Routes served before FastAPI's middleware stack.

A webhook endpoint that must answer in a few milliseconds pays dearly for generic middleware
(instrumentation, dependency injection). These routes get a plain Starlette request, and a server
span only when spans are exported (the caller's trace context is passed on either way);
everything else, and the lifespan, goes to the FastAPI app unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from opentelemetry import context, propagate
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response]]


class FastRoutes:
    def __init__(self, app: ASGIApp, tracer_provider: TracerProvider, *, record_spans: bool) -> None:
        self.app = app
        self._routes: dict[tuple[str, str], Endpoint] = {}
        self._tracer = tracer_provider.get_tracer(__name__) if record_spans else None

    def add(self, method: str, path: str, endpoint: Endpoint) -> None:
        self._routes[(method.upper(), path)] = endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self._routes.get((scope.get("method", ""), scope.get("path", ""))) if scope["type"] == "http" else None
        if endpoint is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        carried = self._tracer is not None or "traceparent" in request.headers
        token = context.attach(propagate.extract(request.headers)) if carried else None
        try:
            if self._tracer is None:
                response = await endpoint(request)
            else:
                with self._tracer.start_as_current_span(f"{scope['method']} {scope['path']}", kind=SpanKind.SERVER):
                    response = await endpoint(request)
        finally:
            if token is not None:
                context.detach(token)
        await response(scope, receive, send)
