"""Composition root of the conversation service."""

from __future__ import annotations

from pathlib import Path

from nagrik_catalog import Catalog, load_catalog
from nagrik_contracts.topics import APPLICATION_EVENTS, OCR_RESULTS, PAYMENT_EVENTS, WA_INBOUND
from nagrik_kit import Service

from .dialogue import Dialogue
from .handlers import document_handler, message_handler, update_handler
from .settings import Settings
from .texts import load_texts
from .understanding import load_vocabulary

MIGRATIONS = Path(__file__).parent / "sql"


def build(settings: Settings, *, catalog: Catalog | None = None) -> Service:
    service = Service(settings, schema="conversation", migrations=MIGRATIONS)
    catalog = catalog or load_catalog()
    dialogue = Dialogue(catalog=catalog, texts=load_texts(), vocabulary=load_vocabulary())
    service.consume(WA_INBOUND, message_handler(dialogue))
    service.consume(OCR_RESULTS, document_handler(dialogue), group="conversation-documents")
    updates = update_handler(catalog, load_texts())
    service.consume(APPLICATION_EVENTS, updates, group="conversation-applications")
    service.consume(PAYMENT_EVENTS, updates, group="conversation-payments")
    return service


def main() -> None:
    build(Settings()).run()
