"""Composition root of the gateway: stateless (no database schema), publishes through the kit."""

from __future__ import annotations

from nagrik_kit import Service

from .publisher import KafkaPublisher
from .payment_webhooks import payment_routes
from .settings import Settings
from .webhooks import whatsapp_routes


def build(settings: Settings) -> Service:
    service = Service(settings, direct_publishing=True)
    publish = KafkaPublisher(service, timeout_seconds=settings.kafka_request_timeout_ms / 1000)
    for method, path, endpoint in whatsapp_routes(settings=settings, publish=publish):
        service.fast_route(method, path, endpoint)
    for method, path, endpoint in payment_routes(settings=settings, publish=publish):
        service.fast_route(method, path, endpoint)
    return service


def main() -> None:
    build(Settings()).run()
