"""Bearer auth on every Graph call, media upload / lookup / download, URL expiry."""

import asyncio
import base64
import hashlib

import pytest
from fake_whatsapp_harness import AUTH, CITIZEN, MEDIA_URL, MESSAGES_URL, text_body

pytestmark = pytest.mark.asyncio

PDF = b"%PDF-1.4\n% a tiny certificate\n"


async def upload(harness, content: bytes = PDF, mime_type: str = "application/pdf", filename: str = "c.pdf", headers=AUTH):
    return await harness.client.post(
        MEDIA_URL,
        headers=headers,
        data={"messaging_product": "whatsapp", "type": mime_type},
        files={"file": (filename, content, mime_type)},
    )


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="}, {"Authorization": "Bearer"}],
)
async def test_bad_or_missing_token_is_401_with_code_190(harness, headers):
    await harness.citizen_says("Hi")

    response = await harness.send(text_body(), headers=headers)

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == 190 and error["type"] == "OAuthException" and error["fbtrace_id"]


async def test_unknown_phone_number_id_is_code_100(harness):
    response = await harness.client.post("/v21.0/999/messages", headers=AUTH, json=text_body())

    assert response.status_code == 400 and response.json()["error"]["code"] == 100


async def test_media_upload_lookup_and_download(harness):
    media_id = (await upload(harness)).json()["id"]

    info = (await harness.client.get(f"/v21.0/{media_id}", headers=AUTH)).json()
    assert info["messaging_product"] == "whatsapp" and info["id"] == media_id
    assert info["mime_type"] == "application/pdf" and int(info["file_size"]) == len(PDF)
    assert info["sha256"] == base64.b64encode(hashlib.sha256(PDF).digest()).decode()
    assert info["url"].startswith("http://fake/_fake/media/download/")

    download = await harness.client.get(info["url"], headers=AUTH)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"].startswith("application/pdf")


async def test_download_without_bearer_is_refused(harness):
    media_id = (await upload(harness)).json()["id"]
    url = (await harness.client.get(f"/v21.0/{media_id}", headers=AUTH)).json()["url"]

    assert (await harness.client.get(url)).status_code == 401
    assert (await harness.client.get(url, headers={"Authorization": "Bearer wrong"})).status_code == 401


@pytest.mark.parametrize("settings_overrides", [{"media_url_ttl_seconds": 0.2}])
async def test_media_url_expires_and_a_fresh_lookup_works_again(harness):
    media_id = (await upload(harness)).json()["id"]
    url = (await harness.client.get(f"/v21.0/{media_id}", headers=AUTH)).json()["url"]
    assert (await harness.client.get(url, headers=AUTH)).status_code == 200

    await asyncio.sleep(0.3)

    assert (await harness.client.get(url, headers=AUTH)).status_code == 404
    fresh = (await harness.client.get(f"/v21.0/{media_id}", headers=AUTH)).json()["url"]
    assert fresh != url and (await harness.client.get(fresh, headers=AUTH)).status_code == 200


async def test_unknown_media_id_is_code_100(harness):
    response = await harness.client.get("/v21.0/123456789012345", headers=AUTH)

    assert response.status_code == 400 and response.json()["error"]["code"] == 100


async def test_media_lookup_needs_a_token(harness):
    media_id = (await upload(harness)).json()["id"]

    assert (await harness.client.get(f"/v21.0/{media_id}")).status_code == 401
    assert (await upload(harness, headers={})).status_code == 401


@pytest.mark.parametrize(
    "mime_type, size, accepted",
    [
        ("image/jpeg", 5 * 1024 * 1024, True),
        ("image/png", 5 * 1024 * 1024 + 1, False),
        ("image/gif", 10, False),
        ("application/pdf", 6 * 1024 * 1024, True),
        ("text/plain", 10, True),
        ("application/zip", 10, False),
        ("audio/ogg", 16 * 1024 * 1024 + 1, False),
        ("video/mp4", 16 * 1024 * 1024, True),
    ],
)
async def test_upload_limits_by_type(harness, mime_type, size, accepted):
    response = await upload(harness, content=b"x" * size, mime_type=mime_type, filename="f")

    if accepted:
        assert response.status_code == 200 and response.json()["id"].isdigit()
    else:
        assert response.status_code == 400 and response.json()["error"]["code"] == 131053


async def test_citizen_media_is_downloadable_through_the_graph_api(harness):
    stored = (
        await harness.client.post("/_fake/citizen-media", files={"file": ("aadhaar.jpg", b"\xff\xd8\xff jpeg", "image/jpeg")})
    ).json()
    assert stored["mime_type"] == "image/jpeg"

    sent = await harness.client.post(
        "/_fake/inbound", json={"from": CITIZEN, "message": {"type": "image", "image": {"id": stored["id"]}}}
    )
    assert sent.status_code == 200
    (message,) = harness.receiver.messages()
    assert message["image"] == {"id": stored["id"], "mime_type": "image/jpeg", "sha256": stored["sha256"]}

    url = (await harness.client.get(f"/v21.0/{stored['id']}", headers=AUTH)).json()["url"]
    assert (await harness.client.get(url, headers=AUTH)).content == b"\xff\xd8\xff jpeg"


async def test_sending_a_document_by_uploaded_id(harness):
    await harness.citizen_says("Hi")
    media_id = (await upload(harness)).json()["id"]
    body = {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": CITIZEN, "type": "document",
        "document": {"id": media_id, "filename": "certificate.pdf", "caption": "प्रमाणपत्र"},
    }

    assert (await harness.client.post(MESSAGES_URL, headers=AUTH, json=body)).status_code == 200
