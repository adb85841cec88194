"""The Cloud API media client against a scripted Meta (httpx.MockTransport): what it asks, what it refuses,
and that it never holds more than the limit, whatever Meta declares."""

from __future__ import annotations

import base64
import hashlib
import json

import httpx
import pytest
from pydantic import SecretStr

from nagrik_ocr.media_api import Media, MediaApi, MediaApiError, MediaUnavailable
from nagrik_ocr.media_checks import MediaLimits, MediaVerdict

TOKEN = "test-token"
CONTENT = b"\x89PNG\r\n\x1a\n" + b"\x00" * 1000 + b"IEND\xaeB`\x82"
LIMITS = MediaLimits(image_bytes=10_000, document_bytes=20_000)


def meta(*, mime_type="image/png", file_size: int | str = len(CONTENT), sha256: str | None = "b64", content=CONTENT,
         lookup_status=200, download_statuses=(200,), chunks: int = 1):
    """A handler playing Meta; records every request it got."""
    seen: list[httpx.Request] = []
    downloads = iter(download_statuses)

    def digest() -> str | None:
        raw = hashlib.sha256(content).digest()
        return {"b64": base64.b64encode(raw).decode(), "hex": raw.hex(), None: None}.get(sha256, sha256)

    async def stream(body: bytes):
        step = max(1, len(body) // chunks)
        for i in range(0, len(body), step):
            yield body[i : i + step]

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        if request.url.path.startswith("/cdn/"):
            status = next(downloads)
            if status != 200:
                return httpx.Response(status, text="URL expired")
            return httpx.Response(200, content=stream(content))
        if lookup_status != 200:
            return httpx.Response(lookup_status, json={"error": {"code": 100 if lookup_status == 400 else 1,
                                                                 "message": "Unsupported get request."}})
        body = {"messaging_product": "whatsapp", "url": f"https://cdn.test/cdn/{len(seen)}", "mime_type": mime_type,
                "file_size": file_size, "id": "123"}
        if digest():
            body["sha256"] = digest()
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"content-type": "application/json"})

    return handle, seen


def api(handler) -> MediaApi:
    return MediaApi(base_url="https://graph.test/", version="v21.0", access_token=SecretStr(TOKEN),
                    transport=httpx.MockTransport(handler))


@pytest.mark.parametrize("sha256", ["b64", "hex", None])
async def test_media_is_looked_up_then_downloaded_with_the_bearer_token(sha256):
    handler, seen = meta(sha256=sha256, chunks=7)

    media = await api(handler).fetch("123", LIMITS)

    assert media == Media(content=CONTENT, mime_type="image/png", sha256=hashlib.sha256(CONTENT).hexdigest())
    assert [str(r.url) for r in seen] == ["https://graph.test/v21.0/123", "https://cdn.test/cdn/1"]


async def test_a_declared_type_or_size_we_refuse_is_not_downloaded():
    for declared, reason in [({"mime_type": "video/mp4"}, "wrong_type"), ({"file_size": "20000"}, "oversize")]:
        handler, seen = meta(**declared)
        verdict = await api(handler).fetch("123", LIMITS)
        assert isinstance(verdict, MediaVerdict) and verdict.reason == reason
        assert len(seen) == 1


async def test_a_download_larger_than_declared_is_abandoned_at_the_limit():
    big = b"\x89PNG" + b"\x00" * 50_000
    handler, seen = meta(content=big, file_size=100, chunks=50)

    verdict = await api(handler).fetch("123", LIMITS)

    assert isinstance(verdict, MediaVerdict) and verdict.reason == "oversize"


async def test_a_download_that_does_not_match_metas_sha256_is_corrupt():
    handler, _ = meta(sha256=base64.b64encode(hashlib.sha256(b"something else").digest()).decode())

    verdict = await api(handler).fetch("123", LIMITS)

    assert isinstance(verdict, MediaVerdict) and verdict.reason == "corrupt"


async def test_an_expired_url_is_replaced_once():
    handler, seen = meta(download_statuses=(404, 200))
    assert isinstance(await api(handler).fetch("123", LIMITS), Media)
    assert [r.url.path for r in seen] == ["/v21.0/123", "/cdn/1", "/v21.0/123", "/cdn/3"]

    handler, seen = meta(download_statuses=(404, 404))
    with pytest.raises(MediaUnavailable):
        await api(handler).fetch("123", LIMITS)
    assert len(seen) == 4


@pytest.mark.parametrize("status", [400, 404])
async def test_media_meta_does_not_know_is_unavailable(status):
    handler, _ = meta(lookup_status=status)
    with pytest.raises(MediaUnavailable):
        await api(handler).fetch("123", LIMITS)


@pytest.mark.parametrize("status", [500, 503, 401])
async def test_meta_failing_or_refusing_the_token_is_an_error_to_retry(status):
    handler, _ = meta(lookup_status=status)
    with pytest.raises(MediaApiError):
        await api(handler).fetch("123", LIMITS)


async def test_a_failing_download_or_no_answer_is_an_error_to_retry():
    handler, _ = meta(download_statuses=(502,))
    with pytest.raises(MediaApiError):
        await api(handler).fetch("123", LIMITS)

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    with pytest.raises(MediaApiError):
        await api(timeout).fetch("123", LIMITS)
