"""Composition root of the conversation service."""

from __future__ import annotations

from pathlib import Path

from nagrik_catalog import Catalog, load_catalog
from nagrik_contracts.topics import WA_INBOUND
from nagrik_kit import Service

from .dialogue import Dialogue
from .handlers import message_handler
from .settings import Settings
from .texts import load_texts
from .understanding import load_vocabulary

MIGRATIONS = Path(__file__).parent / "sql"


def build(settings: Settings, *, catalog: Catalog | None = None) -> Service:
    service = Service(settings, schema="conversation", migrations=MIGRATIONS)
    dialogue = Dialogue(catalog=catalog or load_catalog(), texts=load_texts(), vocabulary=load_vocabulary())
    service.consume(WA_INBOUND, message_handler(dialogue))
    return service


def main() -> None:
    build(Settings()).run()
