"""Composition root of the ocr service: one consumer (ocr.requests → ocr.results), the OCR engine loaded at start.

The engine (EasyOCR, a few seconds to load) starts loading in a worker thread at start-up; /readyz says
"not ready" until it has loaded, and a document that arrives earlier waits for it."""

from __future__ import annotations

from pathlib import Path

from nagrik_contracts.topics import OCR_REQUESTS
from nagrik_kit import Service

from .engine import EasyOcrEngine, OcrEngine
from .handlers import Ocr
from .media_api import MediaApi
from .metrics import Metrics
from .settings import Settings
from .vault import Vault

MIGRATIONS = Path(__file__).parent / "sql"


def media_api_from(settings: Settings) -> MediaApi:
    return MediaApi(base_url=settings.whatsapp_api_base_url, version=settings.whatsapp_api_version,
                    access_token=settings.whatsapp_access_token, timeout_seconds=settings.whatsapp_timeout_seconds)


def build(settings: Settings, *, media_api: MediaApi | None = None, engine: OcrEngine | None = None) -> Service:
    media_api = media_api or media_api_from(settings)
    engine = engine or EasyOcrEngine()
    ocr = Ocr(media_api=media_api, engine=engine,
              vault=Vault(settings.document_encryption_key.get_secret_value()), limits=settings.media_limits())
    service = Service(settings, schema="ocr", migrations=MIGRATIONS)
    ocr.metrics = Metrics(service.registry)
    if isinstance(engine, EasyOcrEngine):
        service.on_start(engine.start_loading)
        service.ready_when("ocr_engine", engine.check_loaded)
    service.on_stop(media_api.aclose)
    service.consume(OCR_REQUESTS, ocr.on_read_document)
    return service


def main() -> None:
    build(Settings()).run()
