"""Kafka in, one result out: a `ReadDocument` becomes exactly one `DocumentRead` or `DocumentRejected`.

The steps, each refusing with a reason the citizen can be told:
1. Meta's metadata: type and declared size judged before downloading (wrong_type / oversize / corrupt);
   media Meta no longer has → unavailable (media_api.py);
2. the streamed download within the limit (oversize), its sha256 (corrupt);
3. the bytes' type and ends (`media_checks.check_file`: wrong_type / corrupt), a real decode (corrupt);
4. OCR and field extraction; a photo with no field we can vouch for → unreadable. A PDF is always read:
   the fields of its embedded scan if it has one, otherwise none (the citizen types them; images.py).

Exactly once: the request's row (`documents.request_id` is unique) and its result in the outbox commit in the
kit's transaction together with the inbox row. A redelivered event is dropped by the inbox; the same request
sent again as a new event finds its row and is skipped. Meta's 5xx and timeouts raise, so the kit retries and
finally dead-letters (replayable once Meta is back); nothing is recorded for them. So does an error of the OCR
engine itself: it says nothing about the citizen's photo, so it is not turned into a rejection.

Privacy: only the originals of documents we read are kept, encrypted (vault.py); rejected requests are
recorded without their bytes. OCR text is never logged, and no field carries a full Aadhaar number
(ExtractedField refuses one).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from nagrik_contracts import Envelope
from nagrik_contracts.ocr import DocumentRead, DocumentRejected, ExtractedField, ReadDocument
from nagrik_contracts.topics import OCR_RESULTS
from nagrik_kit import Transaction

from . import repository
from .engine import OcrEngine
from .extraction import Extraction, extract
from .images import CorruptFile, decoded_image, pdf_first_page_image
from .media_api import Media, MediaApi, MediaUnavailable
from .media_checks import MediaLimits, MediaVerdict, check_file
from .metrics import Metrics
from .vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rejection:
    reason: str
    detail: str
    media: Media | None = None


@dataclass(frozen=True)
class Reading:
    media: Media
    extraction: Extraction


@dataclass
class Ocr:
    media_api: MediaApi
    engine: OcrEngine
    vault: Vault
    limits: MediaLimits
    metrics: Metrics | None = None

    async def on_read_document(self, envelope: Envelope, tx: Transaction) -> None:
        command = envelope.open(ReadDocument)
        if await repository.answered(tx.conn, command.request_id):
            log.info("request already answered; skipped", extra={"request_id": command.request_id})
            return
        outcome = await self.read(command)
        if isinstance(outcome, Rejection):
            media = outcome.media
            await repository.add_rejected(
                tx.conn, command, reason=outcome.reason, detail=outcome.detail,
                mime_type=media.mime_type if media else None, size_bytes=len(media.content) if media else None,
                sha256=media.sha256 if media else None,
            )
            await tx.emit(OCR_RESULTS, DocumentRejected(
                request_id=command.request_id, citizen_id=command.citizen_id, language=command.language,
                reason=outcome.reason, detail=outcome.detail,
            ))
            log.info("document rejected", extra={"request_id": command.request_id, "reason": outcome.reason,
                                                 "detail": outcome.detail})
            self._count(outcome.reason)
            return
        media, extraction = outcome.media, outcome.extraction
        sealed = self.vault.seal(media.content, request_id=command.request_id, citizen_id=command.citizen_id)
        document_id = await repository.add_read(
            tx.conn, command, mime_type=media.mime_type, size_bytes=len(media.content), sha256=media.sha256,
            ciphertext=sealed, field_names=[field.name for field in extraction.fields],
        )
        await tx.emit(OCR_RESULTS, DocumentRead(
            request_id=command.request_id, citizen_id=command.citizen_id, language=command.language,
            document_id=str(document_id),
            fields=[ExtractedField(name=f.name, value=f.value, confidence=round(f.confidence, 4))
                    for f in extraction.fields],
            unreadable=list(extraction.unreadable),
        ))
        log.info("document read", extra={"request_id": command.request_id, "document_id": str(document_id),
                                         "fields": [f.name for f in extraction.fields],
                                         "unreadable": list(extraction.unreadable)})
        self._count("read")

    async def read(self, command: ReadDocument) -> Reading | Rejection:
        try:
            fetched = await self.media_api.fetch(command.media_id, self.limits)
        except MediaUnavailable as error:
            return Rejection("unavailable", str(error))
        if isinstance(fetched, MediaVerdict):
            return Rejection(str(fetched.reason), fetched.detail)
        verdict = check_file(fetched.mime_type, fetched.content, self.limits)
        if not verdict.accepted:
            return Rejection(str(verdict.reason), verdict.detail, fetched)
        is_pdf = fetched.mime_type == "application/pdf"
        try:
            if is_pdf:
                picture = await asyncio.to_thread(pdf_first_page_image, fetched.content)
            else:
                picture = await asyncio.to_thread(decoded_image, fetched.content, fetched.mime_type)
        except CorruptFile as error:
            return Rejection("corrupt", str(error), fetched)
        extraction = Extraction(fields=())
        if picture is not None:
            started = time.perf_counter()
            extraction = extract(await self.engine.read(picture))
            if self.metrics:
                self.metrics.read_seconds.observe(time.perf_counter() - started)
        if not extraction.fields and not is_pdf:
            seen = f" (seen but not readable: {', '.join(extraction.unreadable)})" if extraction.unreadable else ""
            return Rejection("unreadable", f"no field could be read{seen}", fetched)
        return Reading(fetched, extraction)

    def _count(self, outcome: str) -> None:
        if self.metrics:
            self.metrics.results.labels(outcome).inc()
