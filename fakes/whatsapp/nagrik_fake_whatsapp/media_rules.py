"""Which media the Cloud API accepts (PROTOCOLS.md §2) and how a send request refers to media."""

from __future__ import annotations

import re
from collections.abc import Callable

from .graph_errors import GraphApiError, invalid_parameter, invalid_value

MB = 1024 * 1024

# MIME type -> the largest upload Meta accepts for it.
UPLOAD_LIMITS: dict[str, int] = {
    "image/jpeg": 5 * MB,
    "image/png": 5 * MB,
    "image/webp": 500 * 1024,  # stickers
    "application/pdf": 100 * MB,
    "application/msword": 100 * MB,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 * MB,
    "application/vnd.ms-excel": 100 * MB,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 * MB,
    "application/vnd.ms-powerpoint": 100 * MB,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * MB,
    "text/plain": 100 * MB,
    "audio/aac": 16 * MB,
    "audio/amr": 16 * MB,
    "audio/mpeg": 16 * MB,
    "audio/mp4": 16 * MB,
    "audio/ogg": 16 * MB,
    "video/mp4": 16 * MB,
    "video/3gpp": 16 * MB,
}

# Extension -> MIME type for files a citizen sends from the chat; explicit because the platform's
# mimetypes table often lacks the Office formats.
MIME_BY_EXTENSION: dict[str, str] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".txt": "text/plain",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".amr": "audio/amr",
    ".mp4": "video/mp4",
    ".3gp": "video/3gpp",
}


def mime_type_for(filename: str) -> str:
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return MIME_BY_EXTENSION.get(suffix, "application/octet-stream")


# Citizens' phones can send any document type; the fake only bounds the size.
CITIZEN_MEDIA_LIMIT = 100 * MB

MAX_CAPTION = 1024


def check_upload(mime_type: str, size: int) -> None:
    """Raise error 131053 unless Meta would accept an upload of this type and size."""
    base_type = mime_type.split(";")[0].strip().lower()
    limit = UPLOAD_LIMITS.get(base_type)
    if limit is None:
        raise GraphApiError(131053, f"Param file must be a file with one of the following types: {', '.join(UPLOAD_LIMITS)}. Received file of type '{mime_type}'.")
    if size == 0:
        raise GraphApiError(131053, "Uploaded file is empty.")
    if size > limit:
        raise GraphApiError(131053, f"File of type {base_type} is {size} bytes; the limit is {limit} bytes.")


def check_media_reference(media: object, where: str, media_exists: Callable[[str], bool]) -> None:
    """A media object must carry exactly one of `id` (uploaded before) and `link` (an http(s) URL)."""
    if not isinstance(media, dict):
        raise invalid_parameter(f"Param {where} must be a JSON object.")
    has_id, has_link = "id" in media, "link" in media
    if has_id == has_link:
        raise invalid_parameter(f"Param {where}: exactly one of 'id' and 'link' is required.")
    if has_id and (not isinstance(media["id"], str) or not media_exists(media["id"])):
        raise invalid_parameter(f"Param {where}['id'] ({media['id']!r}) is not a valid uploaded media id.")
    if has_link and (not isinstance(media["link"], str) or not re.match(r"^https?://", media["link"])):
        raise invalid_parameter(f"Param {where}['link'] must be an http(s) URL.")
    caption = media.get("caption")
    if caption is not None and (not isinstance(caption, str) or len(caption) > MAX_CAPTION):
        raise invalid_value(f"Param {where}['caption'] must be a string of at most {MAX_CAPTION} characters.")
    filename = media.get("filename")
    if filename is not None and not isinstance(filename, str):
        raise invalid_parameter(f"Param {where}['filename'] must be a string.")
