"""Tracing set up once per process."""

from __future__ import annotations

import logging

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

log = logging.getLogger(__name__)


def configure_tracing(service: str, otlp_endpoint: str | None) -> TracerProvider:
    """Spans are always made (trace context must flow across hops); exported only when asked."""
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):  # already set in this process (tests run several services)
        return current
    provider = TracerProvider(resource=Resource.create({"service.name": f"nagrik-{service}"}))
    if otlp_endpoint:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError:
            log.warning("OTEL_EXPORTER_OTLP_ENDPOINT is set but opentelemetry-exporter-otlp is not installed")
        else:
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    trace.set_tracer_provider(provider)
    return provider
