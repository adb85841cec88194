"""What the fake does, independent of HTTP: accept sends, report statuses, take citizens' messages."""

from __future__ import annotations

import asyncio
import secrets
import time

import httpx

from .faults import FaultBook
from .graph_errors import ERROR_KINDS, GraphApiError, default_details, unknown_object
from .media_rules import CITIZEN_MEDIA_LIMIT, check_upload
from .media_store import MediaStore, StoredMedia
from .send_validation import check_send_request
from .settings import FakeWhatsAppSettings
from .templates import TemplateCatalog
from .transcripts import CUSTOMER_SERVICE_WINDOW_SECONDS, Transcripts
from .webhook_delivery import WebhookDelivery
from .webhooks import (
    complete_inbound_message,
    conversation_for,
    message_webhook,
    new_wamid,
    pricing_for,
    status_error,
    status_item,
    status_webhook,
    unix_timestamp,
    unsupported_message_errors,
)

_INBOUND_MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")


class BareHttpError(Exception):
    """An injected 5xx that comes from "the load balancer", with no Graph error body."""

    def __init__(self, status_code: int) -> None:
        super().__init__(status_code)
        self.status_code = status_code


class FakeWhatsApp:
    def __init__(self, settings: FakeWhatsAppSettings, *, webhook_transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings
        self.templates = TemplateCatalog.load(settings.templates_path)
        self.transcripts = Transcripts()
        self.media = MediaStore(settings.media_url_ttl_seconds)
        self.faults = FaultBook()
        self.webhooks = WebhookDelivery(settings, webhook_transport)
        self._profile_names: dict[str, str] = {}

    # ------------------------------------------------------------ outbound (Graph API)

    async def send_message(self, body: object) -> dict:
        """Validate and accept a send like Meta; raise GraphApiError / BareHttpError on refusal."""
        accepted = check_send_request(
            body, catalog=self.templates, media_exists=self.media.exists,
            business_number=self.settings.display_phone_number,
        )
        failure_code = await self._apply_fault(on="messages", to=accepted.wa_id)
        if failure_code is None and accepted.template is None:
            if not self.transcripts.within_customer_service_window(accepted.wa_id):
                if self.settings.window_error_delivery == "response":
                    raise GraphApiError(131047)
                failure_code = 131047

        wamid = new_wamid(accepted.wa_id)
        self.transcripts.record(
            accepted.wa_id, direction="out", wamid=wamid, timestamp=unix_timestamp(), message_type=accepted.type,
            body=body, status="accepted",
        )
        self.webhooks.spawn(self._report_statuses(accepted.wa_id, wamid, accepted.category, failure_code))
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": accepted.to, "wa_id": accepted.wa_id}],
            "messages": [{"id": wamid}],
        }

    async def _apply_fault(self, *, on: str, to: str | None = None) -> int | None:
        """Raise an injected failure, or return its code when Meta would accept and fail later."""
        fault = self.faults.take(on=on, to=to)
        if fault is None:
            return None
        if fault.delay_seconds:
            await asyncio.sleep(fault.delay_seconds)
        if fault.is_bare_http_error:
            raise BareHttpError(fault.code)
        kind = ERROR_KINDS.get(fault.code)
        if kind is not None and kind.delivery == "failed_status" and on == "messages":
            return fault.code
        raise GraphApiError(fault.code)

    async def _report_statuses(self, wa_id: str, wamid: str, category: str, failure_code: int | None) -> None:
        delay = self.settings.status_delay_seconds
        if failure_code is not None:
            await asyncio.sleep(delay)
            kind = ERROR_KINDS[failure_code]
            errors = [status_error(code=failure_code, title=kind.title, details=default_details(failure_code))]
            self.transcripts.advance_status(wamid, "failed")
            await self.webhooks.deliver_until_accepted(
                self._status_payload(status_item(wamid=wamid, status="failed", recipient_id=wa_id, errors=errors))
            )
            return
        conversation_id = secrets.token_hex(16)
        for status in ("sent", "delivered", "read"):
            await asyncio.sleep(delay)
            # Meta attaches conversation and pricing to sent/delivered only; expiry only to the first.
            expiry = unix_timestamp(time.time() + CUSTOMER_SERVICE_WINDOW_SECONDS) if status == "sent" else None
            billing = (
                {
                    "conversation": conversation_for(
                        conversation_id=conversation_id, category=category, expiration_timestamp=expiry
                    ),
                    "pricing": pricing_for(category),
                }
                if status != "read"
                else {}
            )
            self.transcripts.advance_status(wamid, status)
            item = status_item(wamid=wamid, status=status, recipient_id=wa_id, **billing)
            await self.webhooks.deliver_until_accepted(self._status_payload(item))

    def _status_payload(self, item: dict) -> dict:
        return status_webhook(
            phone_number_id=self.settings.phone_number_id,
            display_phone_number=self.settings.display_phone_number,
            waba_id=self.settings.waba_id,
            statuses=[item],
        )

    # ------------------------------------------------------------ media (Graph API)

    async def upload_media(self, content: bytes, mime_type: str, filename: str | None) -> StoredMedia:
        await self._apply_fault(on="media")
        check_upload(mime_type, len(content))
        return self.media.add(content, mime_type.split(";")[0].strip().lower(), filename)

    def media_info(self, media_id: str) -> dict:
        media = self.media.get(media_id)
        if media is None:
            raise unknown_object(media_id)
        token = self.media.issue_download_token(media_id)
        return {
            "messaging_product": "whatsapp",
            "url": f"{self.settings.own_url}/_fake/media/download/{token}",
            "mime_type": media.mime_type,
            "sha256": media.sha256,
            "file_size": media.file_size,
            "id": media.id,
        }

    def delete_media(self, media_id: str) -> dict:
        if not self.media.delete(media_id):
            raise unknown_object(media_id, method="delete")
        return {"success": True}

    def add_citizen_media(self, content: bytes, mime_type: str, filename: str | None) -> StoredMedia:
        if not content or len(content) > CITIZEN_MEDIA_LIMIT:
            raise ValueError(f"citizen media must be 1..{CITIZEN_MEDIA_LIMIT} bytes")
        return self.media.add(content, mime_type, filename)

    # ------------------------------------------------------------ inbound (citizen -> gateway)

    async def receive_inbound(self, wa_id: str, partial_message: dict, profile_name: str | None) -> tuple[str, int | None]:
        """Record a citizen's message and POST it, signed, to the gateway. Returns (wamid, first HTTP status)."""
        if profile_name:
            self._profile_names[wa_id] = profile_name
        message = complete_inbound_message(partial_message, wa_id=wa_id)
        self._fill_media_metadata(message)
        context = message.get("context")
        if isinstance(context, dict) and "id" in context:
            message["context"] = {"from": self.settings.display_phone_number, **context}
        if message["type"] == "unsupported" and "errors" not in message:
            message["errors"] = unsupported_message_errors()
        self.transcripts.record(
            wa_id, direction="in", wamid=message["id"], timestamp=message["timestamp"], message_type=message["type"],
            body=message, status=None,
        )
        payload = message_webhook(
            phone_number_id=self.settings.phone_number_id,
            display_phone_number=self.settings.display_phone_number,
            waba_id=self.settings.waba_id,
            wa_id=wa_id,
            profile_name=self._profile_names.get(wa_id, f"Citizen {wa_id[-4:]}"),
            messages=[message],
        )
        return message["id"], await self.webhooks.deliver(payload)

    def _fill_media_metadata(self, message: dict) -> None:
        """Let callers send just the media id; Meta always includes mime_type and sha256."""
        content = message.get(message["type"]) if message["type"] in _INBOUND_MEDIA_TYPES else None
        if not isinstance(content, dict):
            return
        media = self.media.get(str(content.get("id", "")))
        if media is not None:
            content.setdefault("mime_type", media.mime_type)
            content.setdefault("sha256", media.sha256)
            if message["type"] == "document" and media.filename:
                content.setdefault("filename", media.filename)

    # ------------------------------------------------------------ test controls

    def move_last_inbound(self, wa_id: str, seconds_ago: float) -> None:
        self.transcripts.set_last_inbound(wa_id, time.time() - seconds_ago)

    async def verify_webhook(self, verify_token: str | None) -> dict:
        """Do Meta's subscription handshake (GET with hub.* parameters) against the gateway."""
        challenge = str(secrets.randbelow(10**9))
        params = {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verify_token or self.settings.verify_token}
        try:
            response = await self.webhooks.get(params)
        except httpx.HTTPError as error:
            return {"status": None, "challenge": challenge, "verified": False, "error": repr(error)}
        verified = response.status_code == 200 and response.text == challenge
        return {"status": response.status_code, "challenge": challenge, "verified": verified}

    async def reset(self) -> None:
        await self.webhooks.cancel_pending()
        self.transcripts.clear()
        self.media.clear()
        self.faults.clear()
        self._profile_names.clear()

    async def aclose(self) -> None:
        await self.webhooks.aclose()
