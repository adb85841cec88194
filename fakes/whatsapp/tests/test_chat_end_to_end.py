"""The chat CLI driven through a pipe against the real fake (uvicorn) and a tiny bot behind the webhook."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from fastapi import BackgroundTasks, FastAPI, Request, Response

from nagrik_fake_whatsapp.app import create_app
from nagrik_fake_whatsapp.settings import FakeWhatsAppSettings
from nagrik_fake_whatsapp.webhooks import sign

TOKEN = "e2e-token"
SECRET = "e2e-secret"
CITIZEN = "919812345678"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(app: FastAPI, port: int) -> Iterator[None]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def echo_bot(graph_url: str) -> FastAPI:
    """Verifies the signature, then answers like a minimal Nagrik: language buttons, a service list, a text."""
    app = FastAPI()

    async def reply(interactive_or_text: dict) -> None:
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": CITIZEN, **interactive_or_text}
        async with httpx.AsyncClient() as client:
            response = await client.post(graph_url, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            response.raise_for_status()

    @app.post("/webhooks/whatsapp")
    async def webhook(request: Request, background: BackgroundTasks) -> Response:
        raw = await request.body()
        if request.headers.get("x-hub-signature-256") != sign(raw, SECRET):
            return Response(status_code=403)
        value = (await request.json())["entry"][0]["changes"][0]["value"]
        for message in value.get("messages", []):
            if message["type"] == "text":
                background.add_task(reply, {"type": "interactive", "interactive": {
                    "type": "button", "body": {"text": "भाषा चुनें / Choose a language"},
                    "action": {"buttons": [{"type": "reply", "reply": {"id": "en", "title": "English"}},
                                           {"type": "reply", "reply": {"id": "hi", "title": "हिंदी"}}]}}})
            elif message["type"] == "interactive" and message["interactive"]["type"] == "button_reply":
                background.add_task(reply, {"type": "interactive", "interactive": {
                    "type": "list", "body": {"text": "सेवा चुनें"},
                    "action": {"button": "सेवाएँ", "sections": [{"title": "प्रमाणपत्र", "rows": [
                        {"id": "birth", "title": "जन्म प्रमाणपत्र", "description": "नया आवेदन"},
                        {"id": "income", "title": "आय प्रमाणपत्र"}]}]}}})
            elif message["type"] == "interactive":
                chosen = message["interactive"]["list_reply"]
                background.add_task(reply, {"type": "text", "text": {"body": f"आपने चुना: {chosen['title']} ({chosen['id']}) re {message['context']['id'][:10]}"}})
        return Response(status_code=200)

    return app


@pytest.fixture
def running_fake() -> Iterator[str]:
    fake_port, bot_port = free_port(), free_port()
    fake_url = f"http://127.0.0.1:{fake_port}"
    settings = FakeWhatsAppSettings(
        access_token=TOKEN, app_secret=SECRET, public_url=fake_url,
        webhook_url=f"http://127.0.0.1:{bot_port}/webhooks/whatsapp", status_delay_seconds=0.0,
    )
    bot = echo_bot(f"{fake_url}/v21.0/{settings.phone_number_id}/messages")
    with serve(create_app(settings), fake_port), serve(bot, bot_port):
        yield fake_url


def test_piped_chat_renders_choices_and_maps_numbers_to_replies(running_fake):
    completed = subprocess.run(
        [sys.executable, "-m", "nagrik_fake_whatsapp.chat", "--as", CITIZEN, "--fake-url", running_fake,
         "--name", "Asha", "--quiet", "0.5", "--wait", "10"],
        input="Hi\n2\n1\n".encode(),
        capture_output=True,
        timeout=60,
        env={"PYTHONIOENCODING": "ascii", "PATH": ""},  # the chat must still print UTF-8
    )

    out = completed.stdout.decode("utf-8")
    assert completed.returncode == 0, completed.stderr.decode()
    assert "you> Hi" in out
    assert "bot> भाषा चुनें / Choose a language\n     1. English  2. हिंदी" in out
    assert "[सेवाएँ]" in out and "  1. जन्म प्रमाणपत्र — नया आवेदन" in out and "  2. आय प्रमाणपत्र" in out
    assert "bot> आपने चुना: जन्म प्रमाणपत्र (birth) re wamid.HBgM" in out

    transcript = httpx.get(f"{running_fake}/_fake/transcripts/{CITIZEN}").json()["entries"]
    button_reply = transcript[2]["body"]
    assert button_reply["interactive"]["button_reply"] == {"id": "hi", "title": "हिंदी"}
    assert button_reply["context"]["id"] == transcript[1]["wamid"]
