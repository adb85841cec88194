"""`/_fake/*`: endpoints for the chat CLI and tests (no auth; they do not exist at Meta)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, HTTPException, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from .dependencies import FakeDep
from .faults import Fault
from .media_rules import mime_type_for

router = APIRouter(prefix="/_fake", tags=["fake controls"])


class InboundRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from", min_length=1, description="The citizen's wa_id")
    profile_name: str | None = Field(None, description="WhatsApp profile name; remembered per wa_id")
    message: dict = Field(description="A Meta messages[] item without from/id/timestamp")


class FaultRequest(BaseModel):
    code: int = Field(description="Meta error code (130429, 131000, 131026, ...) or a bare HTTP status 500-599")
    times: int = Field(1, ge=1)
    to: str | None = Field(None, description="Only sends to this wa_id")
    on: Literal["messages", "media"] = "messages"
    delay_seconds: float = Field(0.0, ge=0, description="Answer this late")


class LastInboundRequest(BaseModel):
    wa_id: str
    seconds_ago: float


class VerifyWebhookRequest(BaseModel):
    verify_token: str | None = None


@router.get("/health")
async def health(fake: FakeDep) -> dict:
    settings = fake.settings
    return {
        "status": "ok",
        "graph_base_url": f"{settings.own_url}/{settings.api_version}",
        "phone_number_id": settings.phone_number_id,
        "display_phone_number": settings.display_phone_number,
        "waba_id": settings.waba_id,
        "webhook_url": settings.webhook_url,
    }


@router.post("/inbound")
async def inbound(request: InboundRequest, fake: FakeDep) -> dict:
    message_type = request.message.get("type")
    if not isinstance(message_type, str) or not message_type:
        raise HTTPException(422, "message.type is required")
    if message_type != "unsupported" and not isinstance(request.message.get(message_type), dict):
        raise HTTPException(422, f"message.{message_type} (an object) is required for type {message_type}")
    wamid, webhook_status = await fake.receive_inbound(request.from_, dict(request.message), request.profile_name)
    return {"wamid": wamid, "webhook_status": webhook_status}


@router.post("/citizen-media")
async def citizen_media(
    fake: FakeDep,
    file: Annotated[UploadFile, File()],
    mime_type: Annotated[str | None, Form()] = None,
) -> dict:
    # An explicit mime_type wins, then the part's own Content-Type, then the file extension.
    declared = file.content_type if file.content_type != "application/octet-stream" else None
    resolved = mime_type or declared or mime_type_for(file.filename or "")
    try:
        media = fake.add_citizen_media(await file.read(), resolved, file.filename)
    except ValueError as error:
        raise HTTPException(413, str(error)) from None
    return {"id": media.id, "mime_type": media.mime_type, "sha256": media.sha256}


@router.get("/transcripts/{wa_id}")
async def transcript(wa_id: str, fake: FakeDep, after: int = 0) -> dict:
    return {"entries": [entry.to_json() for entry in fake.transcripts.after(wa_id, after)]}


@router.post("/faults")
async def add_fault(request: FaultRequest, fake: FakeDep) -> dict:
    fake.faults.add(Fault(**request.model_dump()))
    return {"pending": [vars(fault) for fault in fake.faults.pending()]}


@router.get("/faults")
async def list_faults(fake: FakeDep) -> dict:
    return {"pending": [vars(fault) for fault in fake.faults.pending()]}


@router.post("/last-inbound")
async def last_inbound(request: LastInboundRequest, fake: FakeDep) -> dict:
    fake.move_last_inbound(request.wa_id, request.seconds_ago)
    return {"wa_id": request.wa_id, "within_window": fake.transcripts.within_customer_service_window(request.wa_id)}


@router.post("/verify-webhook")
async def verify_webhook(request: VerifyWebhookRequest, fake: FakeDep) -> dict:
    return await fake.verify_webhook(request.verify_token)


@router.get("/templates")
async def templates(fake: FakeDep) -> dict:
    return {"names": fake.templates.names()}


@router.post("/reset")
async def reset(fake: FakeDep) -> dict:
    await fake.reset()
    return {"reset": True}
