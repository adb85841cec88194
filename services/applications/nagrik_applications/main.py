"""Composition root of the applications service."""

from __future__ import annotations

from pathlib import Path

from nagrik_catalog import Catalog, load_catalog
from nagrik_contracts.topics import APPLICATION_COMMANDS, APPLICATION_DECISIONS, PAYMENT_EVENTS, department_topic
from nagrik_kit import Service

from .handlers import Context, decision_handler, payment_handler, submit_handler
from .metrics import Metrics
from .routes import router
from .settings import Settings
from .workflow import load_workflows

MIGRATIONS = Path(__file__).parent / "sql"


def build(settings: Settings, *, catalog: Catalog | None = None) -> Service:
    catalog = catalog or load_catalog()
    service = Service(settings, schema="applications", migrations=MIGRATIONS,
                      extra_topics=tuple(department_topic(d.id) for d in catalog.departments))
    key = settings.certificate_signing_key.get_secret_value().encode()
    ctx = Context(catalog=catalog, workflows=load_workflows(), state_code=settings.state_code,
                  public_base_url=settings.public_base_url, signing_key=key, metrics=Metrics(service.registry))
    service.consume(APPLICATION_COMMANDS, submit_handler(ctx))
    service.consume(PAYMENT_EVENTS, payment_handler(ctx), group="applications-payments")
    service.consume(APPLICATION_DECISIONS, decision_handler(ctx), group="applications-decisions")
    service.app.include_router(router(lambda: service.pool, key))
    return service


def main() -> None:
    build(Settings()).run()
