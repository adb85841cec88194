"""The Graph API endpoints the Nagrik adapters call: send messages, upload / look up / download media."""

from __future__ import annotations

import json
import re
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from .dependencies import AccessToken, FakeDep
from .graph_errors import GraphApiError, invalid_parameter, unknown_object

router = APIRouter()

_VERSION = re.compile(r"^v\d+\.\d+$")


def _check_path(version: str, fake: FakeDep, phone_number_id: str | None = None) -> None:
    if not _VERSION.match(version):
        raise GraphApiError(2500, f"Unknown path components: /{version}", message=f"Unknown path components: /{version}")
    if phone_number_id is not None and phone_number_id != fake.settings.phone_number_id:
        raise unknown_object(phone_number_id, method="post")


@router.post("/{version}/{phone_number_id}/messages", dependencies=[AccessToken])
async def send_message(version: str, phone_number_id: str, request: Request, fake: FakeDep) -> dict:
    _check_path(version, fake, phone_number_id)
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise invalid_parameter("The request body is not valid JSON.") from None
    return await fake.send_message(body)


@router.post("/{version}/{phone_number_id}/media", dependencies=[AccessToken])
async def upload_media(
    version: str,
    phone_number_id: str,
    fake: FakeDep,
    file: Annotated[UploadFile | None, File()] = None,
    messaging_product: Annotated[str | None, Form()] = None,
    type: Annotated[str | None, Form()] = None,  # noqa: A002 - Meta's form field is literally "type"
) -> dict:
    _check_path(version, fake, phone_number_id)
    if messaging_product != "whatsapp":
        raise invalid_parameter("Param messaging_product is required and must be 'whatsapp'.")
    if file is None:
        raise invalid_parameter("Param file is required.")
    mime_type = type or file.content_type or ""
    media = await fake.upload_media(await file.read(), mime_type, file.filename)
    return {"id": media.id}


@router.get("/{version}/{media_id}", dependencies=[AccessToken])
async def get_media_url(version: str, media_id: str, fake: FakeDep) -> dict:
    _check_path(version, fake)
    return fake.media_info(media_id)


@router.delete("/{version}/{media_id}", dependencies=[AccessToken])
async def delete_media(version: str, media_id: str, fake: FakeDep) -> dict:
    _check_path(version, fake)
    return fake.delete_media(media_id)


@router.get("/_fake/media/download/{token}", dependencies=[AccessToken])
async def download_media(token: str, fake: FakeDep) -> Response:
    """Stands in for Meta's lookaside CDN URL: Bearer required, gone after the URL's TTL."""
    media = fake.media.resolve_download_token(token)
    if media is None:
        return Response(status_code=404, content=b"URL expired or unknown", media_type="text/plain")
    return Response(content=media.content, media_type=media.mime_type)
