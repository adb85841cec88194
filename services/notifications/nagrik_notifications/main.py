"""Composition root of the notifications service."""

from __future__ import annotations

from pathlib import Path

from nagrik_contracts.topics import WA_INBOUND, WA_OUTBOUND, WA_STATUS
from nagrik_kit import Service

from .cloud_api import CloudApi
from .domain import RetryPolicy
from .handlers import Notifications
from .metrics import Metrics
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "sql"


def cloud_api_from(settings: Settings) -> CloudApi:
    return CloudApi(
        base_url=settings.whatsapp_api_base_url,
        version=settings.whatsapp_api_version,
        access_token=settings.whatsapp_access_token,
        phone_number_id=settings.whatsapp_phone_number_id,
        timeout_seconds=settings.whatsapp_timeout_seconds,
    )


def build(settings: Settings, *, cloud_api: CloudApi | None = None) -> Service:
    service = Service(settings, schema="notifications", migrations=MIGRATIONS)
    cloud_api = cloud_api or cloud_api_from(settings)
    service.on_stop(cloud_api.aclose)
    notifications = Notifications(
        cloud_api=cloud_api,
        policy=RetryPolicy(
            max_attempts=settings.send_max_attempts,
            throttle_backoff_seconds=settings.throttle_backoff_seconds,
            throttle_backoff_max_seconds=settings.throttle_backoff_max_seconds,
            transient_backoff_seconds=settings.transient_backoff_seconds,
            transient_backoff_max_seconds=settings.transient_backoff_max_seconds,
        ),
        reopen_template=settings.reopen_template,
        pool_of=lambda: service.pool,
        metrics=Metrics(service.registry),
    )
    service.consume(WA_OUTBOUND, notifications.on_send_message)
    # Own consumer groups: a rebalance of one (a slow join, a handler backing off past the poll
    # interval) does not stall the others, and the window sees every inbound message whatever
    # the conversation service's group does with it.
    service.consume(WA_STATUS, notifications.on_status, group=settings.status_consumer_group)
    service.consume(WA_INBOUND, notifications.on_message_received, group=settings.window_consumer_group)
    return service


def main() -> None:
    build(Settings()).run()
