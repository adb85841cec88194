"""Fetching a citizen's media from the WhatsApp Cloud API (PROTOCOLS.md §2), within our limits.

`GET /{version}/{media-id}` (Bearer) answers the media's `url`, `mime_type`, `sha256`, `file_size`. The
declared type and size are judged (`media_checks.check_declared`) before a byte is downloaded; the download
(the same Bearer) is streamed and abandoned as soon as it passes the limit, so at most the limit is ever
held in memory, whatever Meta declared or sent. The URL lives 5 minutes: on a 404 the metadata is fetched
again, once, for a fresh URL; a second 404 (or a media id Meta does not know) means the media is gone.

Outcomes, as the handler needs them:
- `Media`: the whole file, its sha256 checked when Meta gave one (Meta sends it base64; hex is accepted too);
- `MediaVerdict` (refused): wrong_type / oversize / corrupt, for the citizen;
- `MediaUnavailable`: gone at Meta: the citizen must send it again;
- `MediaApiError`: anything else (5xx, timeouts, a refused token): raised, so the kit's consumer retries and
  in the end dead-letters; the request can be replayed once Meta or the token is back.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

import httpx

from nagrik_kit.graph_api import GraphApi

from .media_checks import MediaLimits, MediaVerdict, check_declared, normalise_mime_type

_CHUNK_BYTES = 64 * 1024
_UNKNOWN_OBJECT = 100  # Meta's code for an id it does not know ("Unsupported get request")


class MediaApiError(Exception):
    """Meta did not answer usefully (5xx, timeout, refused token): worth retrying later."""


class MediaUnavailable(Exception):
    """Meta no longer has the media (unknown id, or its URL stayed 404 after a fresh one)."""


@dataclass(frozen=True)
class Media:
    content: bytes
    mime_type: str
    """Normalised (`image/jpeg`, `image/png`, `application/pdf`)."""
    sha256: str
    """Hex digest of `content`, computed here."""


@dataclass(frozen=True)
class _Info:
    url: str
    mime_type: str
    file_size: int | str
    sha256: str | None


def _digest_matches(declared: str, content_digest: bytes) -> bool:
    declared = declared.strip()
    if len(declared) == 64:
        try:
            return bytes.fromhex(declared) == content_digest
        except ValueError:
            pass
    try:
        return base64.b64decode(declared, validate=True) == content_digest
    except (binascii.Error, ValueError):
        return False


class MediaApi(GraphApi):
    """Media lookups and downloads as one WhatsApp Business Account. Tests point it at the fake."""

    async def fetch(self, media_id: str, limits: MediaLimits) -> Media | MediaVerdict:
        """The whole file, or why it is refused; raises MediaUnavailable or MediaApiError."""
        for attempt in (1, 2):
            info = await self._info(media_id)
            declared = check_declared(info.mime_type, info.file_size, limits)
            if not declared.accepted:
                return declared
            mime_type = normalise_mime_type(info.mime_type)
            limit = limits.for_kind("image" if mime_type.startswith("image/") else "document")
            downloaded = await self._download(info.url, limit)
            if downloaded is None:  # the URL expired (or was never valid): one fresh URL, then give up
                if attempt == 2:
                    raise MediaUnavailable("the media URL is gone even after fetching a new one")
                continue
            if isinstance(downloaded, MediaVerdict):
                return downloaded
            digest = hashlib.sha256(downloaded).digest()
            if info.sha256 and not _digest_matches(info.sha256, digest):
                return MediaVerdict("corrupt", "the download does not match the sha256 Meta declared")
            return Media(content=downloaded, mime_type=mime_type, sha256=digest.hex())
        raise AssertionError("unreachable")

    async def _info(self, media_id: str) -> _Info:
        try:
            response = await self.client().get(self.url(media_id), headers=self.headers())
        except httpx.HTTPError as error:
            raise MediaApiError(f"media lookup failed: {type(error).__name__}") from error
        if response.is_success:
            try:
                body = response.json()
                return _Info(url=body["url"], mime_type=str(body.get("mime_type") or ""),
                             file_size=body.get("file_size", 0), sha256=body.get("sha256") or None)
            except (ValueError, KeyError, TypeError) as error:
                raise MediaApiError("media lookup answered without a url") from error
        code = _graph_code(response.content)
        if response.status_code == 404 or (response.status_code == 400 and code == _UNKNOWN_OBJECT):
            raise MediaUnavailable(f"Meta does not know the media (HTTP {response.status_code}, code {code})")
        raise MediaApiError(f"media lookup refused: HTTP {response.status_code}, code {code}")

    async def _download(self, url: str, limit: int) -> bytes | MediaVerdict | None:
        """The bytes; a verdict when they pass `limit`; None on 404 (expired URL)."""
        try:
            async with self.client().stream("GET", url, headers=self.headers()) as response:
                if response.status_code == 404:
                    return None
                if not response.is_success:
                    raise MediaApiError(f"media download refused: HTTP {response.status_code}")
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > limit:
                    return MediaVerdict("oversize", f"{length} bytes is over the limit of {limit}")
                content = bytearray()
                async for chunk in response.aiter_bytes(_CHUNK_BYTES):
                    if len(content) + len(chunk) > limit:
                        return MediaVerdict("oversize", f"more than the limit of {limit} bytes")
                    content += chunk
                return bytes(content)
        except httpx.HTTPError as error:
            raise MediaApiError(f"media download failed: {type(error).__name__}") from error


def _graph_code(body: bytes) -> int | None:
    try:
        code = (json.loads(body).get("error") or {}).get("code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, int) else None
