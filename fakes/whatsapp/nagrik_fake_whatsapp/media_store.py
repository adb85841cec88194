"""Uploaded and citizen-sent media, and the short-lived download URLs Meta hands out for them."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredMedia:
    id: str
    content: bytes
    mime_type: str
    filename: str | None

    @property
    def sha256(self) -> str:
        # Meta reports the digest base64-encoded, not hex.
        return base64.b64encode(hashlib.sha256(self.content).digest()).decode()

    @property
    def file_size(self) -> int:
        return len(self.content)


def _new_media_id() -> str:
    # Meta's media ids are 15-16 digit numbers sent as strings.
    return str(secrets.randbelow(9 * 10**15) + 10**15)


class MediaStore:
    def __init__(self, url_ttl_seconds: float) -> None:
        self._url_ttl_seconds = url_ttl_seconds
        self._media: dict[str, StoredMedia] = {}
        self._download_tokens: dict[str, tuple[str, float]] = {}  # token -> (media id, expires at)

    def add(self, content: bytes, mime_type: str, filename: str | None = None) -> StoredMedia:
        media = StoredMedia(id=_new_media_id(), content=content, mime_type=mime_type, filename=filename)
        self._media[media.id] = media
        return media

    def get(self, media_id: str) -> StoredMedia | None:
        return self._media.get(media_id)

    def exists(self, media_id: str) -> bool:
        return media_id in self._media

    def delete(self, media_id: str) -> bool:
        return self._media.pop(media_id, None) is not None

    def issue_download_token(self, media_id: str, now: float | None = None) -> str:
        """Every lookup yields a fresh URL, like Meta's; old ones stay valid until they expire."""
        token = secrets.token_urlsafe(24)
        issued = time.time() if now is None else now
        self._download_tokens[token] = (media_id, issued + self._url_ttl_seconds)
        return token

    def resolve_download_token(self, token: str, now: float | None = None) -> StoredMedia | None:
        found = self._download_tokens.get(token)
        current = time.time() if now is None else now
        if found is None or current >= found[1]:
            self._download_tokens.pop(token, None)
            return None
        return self._media.get(found[0])

    def clear(self) -> None:
        self._media.clear()
        self._download_tokens.clear()
