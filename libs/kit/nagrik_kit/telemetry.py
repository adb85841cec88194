"""Tracing set up once per process."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased

def configure_tracing(service: str, otlp_endpoint: str | None) -> TracerProvider:
    """Trace context always flows across hops (`traceparent` in HTTP and Kafka headers); spans are
    recorded only when something exports them, since recording costs the hot paths dearly."""
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):  # already set in this process (tests run several services)
        return current
    sampler = ParentBased(ALWAYS_ON if otlp_endpoint else ALWAYS_OFF)
    provider = TracerProvider(resource=Resource.create({"service.name": f"nagrik-{service}"}), sampler=sampler)
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{otlp_endpoint}/v1/traces")))
    trace.set_tracer_provider(provider)
    return provider
