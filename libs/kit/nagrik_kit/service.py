"""One service process: HTTP (health, metrics, the service's own routes), Kafka consumers, the
outbox relay and the database pool, started and stopped together."""

from __future__ import annotations

import asyncio

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import uvicorn
from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CollectorRegistry

from nagrik_contracts import ALL_TOPICS, Envelope, Topic

from .broker import DirectPublisher, ensure_topics, make_broker
from .fast_routes import Endpoint, FastRoutes
from .consumer import Consumer, Handler, subscribe
from .database import create_pool, migrate
from .health import health_router
from .logs import adopt_library_loggers, configure_logging
from .outbox import OutboxRelay
from .settings import ServiceSettings
from .telemetry import configure_tracing

log = logging.getLogger(__name__)


class Service:
    """Composition roots build one of these, register consumers and routes, then `run()` it."""

    def __init__(self, settings: ServiceSettings, *, schema: str | None = None, migrations: Path | None = None,
                 direct_publishing: bool = False, extra_topics: tuple[Topic, ...] = ()) -> None:
        self.settings = settings
        self.topics = ALL_TOPICS + extra_topics
        """Created at start-up if missing: every registered topic, plus this service's own (department topics)."""
        self.schema = schema
        self.migrations = migrations
        self.registry = CollectorRegistry()
        self.tracer_provider = configure_tracing(settings.service_name, settings.otel_exporter_otlp_endpoint)
        self.broker = make_broker(
            settings.kafka_bootstrap_servers,
            service=settings.service_name,
            tracer_provider=self.tracer_provider,
            registry=self.registry,
            request_timeout_ms=settings.kafka_request_timeout_ms,
        )
        self._direct = (
            DirectPublisher(settings.kafka_bootstrap_servers, service=settings.service_name, registry=self.registry,
                            request_timeout_ms=settings.kafka_request_timeout_ms)
            if direct_publishing else None
        )
        self._pool: asyncpg.Pool | None = None
        self._on_start: list[Callable[[], Awaitable[object]]] = []
        self._background: dict[str, Callable[[], Awaitable[object]]] = {}
        self._tasks: list[asyncio.Task] = []
        self._on_stop: list[Callable[[], Awaitable[object]]] = []
        self._relay: OutboxRelay | None = None
        self.app = FastAPI(title=f"nagrik-{settings.service_name}", lifespan=self._lifespan)
        FastAPIInstrumentor.instrument_app(
            self.app, tracer_provider=self.tracer_provider, excluded_urls="healthz,readyz,metrics",
            exclude_spans=["receive", "send"],
        )
        self.asgi = FastRoutes(self.app, self.tracer_provider, record_spans=bool(settings.otel_exporter_otlp_endpoint))
        """What the HTTP server serves: the fast routes, then the FastAPI app."""
        self._checks = {"kafka": self._check_kafka}
        if schema:
            self._checks["postgres"] = self._check_postgres
        self.app.include_router(health_router(self._checks, self.registry))

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the service has not started: no database pool yet")
        return self._pool

    def consume(self, topics: Topic | tuple[Topic, ...], handler: Handler, *, group: str | None = None) -> None:
        """Handle `topics` with inbox, retries and dead letters; `group` defaults to the service name."""
        if not self.schema:
            raise RuntimeError("a consumer needs the service's database schema for its inbox")
        consumer = Consumer(
            name=group or self.settings.service_name,
            pool_of=lambda: self.pool,
            handler=handler,
            max_attempts=self.settings.consumer_max_attempts,
            backoff_seconds=self.settings.consumer_retry_backoff_seconds,
        )
        subscribe(self.broker, topics if isinstance(topics, tuple) else (topics,), consumer)

    def on_start(self, callback: Callable[[], Awaitable[object]]) -> None:
        """Prepare something (load a model, say) at start-up, after migrations and before consumers begin."""
        self._on_start.append(callback)

    def background(self, name: str, loop: Callable[[], Awaitable[object]]) -> None:
        """Run `loop` (a coroutine that runs until cancelled, e.g. a reconciliation loop) between start and
        stop; it is cancelled before the consumers stop."""
        self._background[name] = loop

    def ready_when(self, name: str, check: Callable[[], Awaitable[object]]) -> None:
        """Report ready on /readyz only while `check` returns (it raises while the service cannot serve)."""
        self._checks[name] = check

    def on_stop(self, callback: Callable[[], Awaitable[object]]) -> None:
        """Release an adapter (an HTTP client, say) once consumers have stopped."""
        self._on_stop.append(callback)

    def fast_route(self, method: str, path: str, endpoint: Endpoint) -> None:
        """Serve `method path` ahead of FastAPI's middleware stack, for hot paths such as webhooks."""
        self.asgi.add(method, path, endpoint)

    async def publish_now(self, messages: Iterable[tuple[Topic, Envelope]]) -> None:
        """Publish without an outbox and return only once Kafka acknowledged every message.

        For stateless producers (the gateway) whose caller retries on failure; needs
        `direct_publishing=True`.
        """
        if self._direct is None:
            raise RuntimeError("publish_now needs Service(..., direct_publishing=True)")
        await self._direct.publish(messages)

    async def start(self) -> None:
        settings = self.settings
        if settings.create_topics:
            await ensure_topics(settings.kafka_bootstrap_servers, self.topics, partitions=settings.topic_partitions)
        if self.schema:
            self._pool = await create_pool(settings.database_url, self.schema)
            await migrate(self._pool, self.schema, *([self.migrations] if self.migrations else []))
        for callback in self._on_start:
            await callback()
        await self.broker.start()
        if self._direct:
            await self._direct.start()
        adopt_library_loggers()
        if self._pool is not None:
            self._relay = OutboxRelay(self._pool, self.broker, self.schema)
            self._relay.start()
        self._tasks = [asyncio.create_task(loop(), name=name) for name, loop in self._background.items()]
        log.info("started", extra={"http_port": settings.http_port})

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._relay:
            await self._relay.stop()
        if self._direct:
            await self._direct.stop()
        await self.broker.stop()  # waits for handlers in flight, then commits and leaves the group
        for callback in self._on_stop:
            await callback()
        if self._pool:
            await self._pool.close()
        log.info("stopped")

    @asynccontextmanager
    async def _lifespan(self, _: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def _check_kafka(self) -> None:
        if not await self.broker.ping(timeout=1.0):
            raise ConnectionError("kafka does not answer")

    async def _check_postgres(self) -> None:
        await self.pool.fetchval("SELECT 1")

    def run(self) -> None:
        """Serve until SIGINT/SIGTERM, then shut down gracefully."""
        configure_logging(self.settings.service_name, self.settings.log_level)
        config = uvicorn.Config(
            self.asgi,
            host=self.settings.http_host,
            port=self.settings.http_port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
        )
        uvicorn.Server(config).run()
