"""Test harness: the ocr service in-process, with the real EasyOCR engine (loaded once per session), against a
real broker and PostgreSQL, fetching media from the fake WhatsApp Cloud API served by uvicorn.

Between the service and the fake sits `MetaNetwork`, a pass-through HTTP transport that can make the next
download URL expire (by asking the fake's own media store whether the URL is still valid 5 minutes and a
second from now, which drops it, as Meta's CDN does) or answer the next media lookup with a 5xx, as Meta
sometimes does; the fake's own faults cover sends and uploads only.

Tests reach everything through the `ocr_world` fixture and import nothing from here (with
`--import-mode=importlib` several projects' `tests` folders share a session).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from nagrik_contracts import Envelope
from nagrik_contracts.ocr import ReadDocument
from nagrik_contracts.topics import OCR_REQUESTS, OCR_RESULTS
from nagrik_dev.embedded import free_port
from nagrik_dev.recorder import TopicRecorder
from nagrik_dev.serving import serving as serve_asgi
from nagrik_fake_whatsapp.app import create_app
from nagrik_fake_whatsapp.fake_whatsapp import FakeWhatsApp
from nagrik_fake_whatsapp.settings import FakeWhatsAppSettings
from nagrik_kit import DEVELOPMENT_SECRET, Service
from nagrik_ocr.main import build
from nagrik_ocr.media_api import MediaApi
from nagrik_ocr.settings import Settings
from nagrik_ocr.vault import Vault

MAX_IMAGE_BYTES = 200_000
"""Lowered for the tests, so an oversize photo is small to make."""
URL_TTL_SECONDS = 300.0


@dataclass
class MetaNetwork(httpx.AsyncBaseTransport):
    fake: FakeWhatsApp
    expire_next_downloads: int = 0
    fail_next_lookups: int = 0
    calls: list[str] = field(default_factory=list)
    """`lookup <media id>` / `download` per request, in order."""

    def __post_init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/_fake/media/download/"):
            self.calls.append("download")
            if self.expire_next_downloads:
                self.expire_next_downloads -= 1
                self.fake.media.resolve_download_token(path.rsplit("/", 1)[-1], now=time.time() + URL_TTL_SECONDS + 1)
        else:
            self.calls.append(f"lookup {path.rsplit('/', 1)[-1]}")
            if self.fail_next_lookups:
                self.fail_next_lookups -= 1
                return httpx.Response(503, text="Service Unavailable")
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass
class OcrWorld:
    service: Service
    fake: httpx.AsyncClient  # the fake's control endpoints
    network: MetaNetwork
    producer: AIOKafkaProducer
    recorder: TopicRecorder
    vault: Vault

    max_image_bytes = MAX_IMAGE_BYTES

    async def upload(self, content: bytes, mime_type: str, filename: str = "card.png") -> str:
        """A citizen sends this file; returns Meta's media id."""
        answer = await self.fake.post("/_fake/citizen-media", data={"mime_type": mime_type},
                                      files={"file": (filename, content, mime_type)})
        assert answer.status_code == 200, answer.text
        return answer.json()["id"]

    @staticmethod
    def command(media_id: str, mime_type: str = "image/png", *, citizen: str | None = None) -> ReadDocument:
        return ReadDocument(request_id=f"req-{uuid.uuid4().hex}", citizen_id=citizen or "9198" + str(uuid.uuid4().int)[:8],
                            language="en", media_id=media_id, mime_type=mime_type, document_type="aadhaar_card")

    @staticmethod
    def envelope(command: ReadDocument) -> Envelope:
        return Envelope.wrap(command, producer="conversation", correlation_id=f"test-{command.request_id}")

    async def publish(self, envelope: Envelope) -> None:
        await self.producer.send_and_wait(OCR_REQUESTS.name, envelope.model_dump_json().encode(),
                                          key=OCR_REQUESTS.key_of(envelope.payload))

    async def ask(self, command: ReadDocument, *, timeout: float = 60.0) -> dict:
        """Publish the command and return its one result (the whole envelope); fails on zero or several."""
        await self.publish(self.envelope(command))
        return await self.result_of(command, timeout=timeout)

    async def result_of(self, command: ReadDocument, *, timeout: float = 60.0, settle: float = 1.0) -> dict:
        results = await self.recorder.wait_for(OCR_RESULTS.name, lambda e: _request_of(e) == command.request_id,
                                               timeout=timeout, settle=settle)
        assert len(results) == 1, results
        return results[0]

    async def row(self, command: ReadDocument):
        return await self.service.pool.fetchrow("SELECT * FROM documents WHERE request_id = $1", command.request_id)


def _request_of(envelope: dict) -> str | None:
    return (envelope.get("payload") or {}).get("request_id")


@pytest.fixture(scope="session")
async def ocr_world(infrastructure, recorder, producer) -> AsyncIterator[OcrWorld]:
    port = free_port()
    app = create_app(FakeWhatsAppSettings(access_token=DEVELOPMENT_SECRET, app_secret=DEVELOPMENT_SECRET,
                                          webhook_url="", port=port, media_url_ttl_seconds=URL_TTL_SECONDS))
    network = MetaNetwork(app.state.fake)
    settings = Settings(
        kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers, database_url=infrastructure.database_url,
        whatsapp_api_base_url=f"http://127.0.0.1:{port}", max_image_bytes=MAX_IMAGE_BYTES,
        consumer_max_attempts=3, consumer_retry_backoff_seconds=0.05,
    )
    media_api = MediaApi(base_url=settings.whatsapp_api_base_url, version=settings.whatsapp_api_version,
                         access_token=settings.whatsapp_access_token, transport=network)
    service = build(settings, media_api=media_api)  # the real EasyOCR engine, loading while the service starts
    async with serve_asgi(app, port=port) as url:
        await service.start()
        try:
            async with httpx.AsyncClient(base_url=url, timeout=30) as fake:
                yield OcrWorld(service, fake, network, producer, recorder,
                               Vault(settings.document_encryption_key.get_secret_value()))
        finally:
            await service.stop()
