"""The whole stack as real processes, and citizens who talk to it through the fake WhatsApp API."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nagrik_dev.stack import Ports, Stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="nagrik-e2e-") as directory:
        running = Stack(Path(directory), ports=Ports.free())
        running.start(timeout=180)
        yield running
        running.stop()


class Citizen:
    """A person on WhatsApp: sends messages as Meta would deliver them and reads the bot's replies."""

    def __init__(self, stack: Stack, wa_id: str, name: str) -> None:
        self.wa_id = wa_id
        self.name = name
        self.http = httpx.Client(base_url=stack.fake_whatsapp_url, timeout=10)
        self.seen = 0
        self.last_interactive: dict | None = None

    def send(self, message: dict) -> None:
        answer = self.http.post("/_fake/inbound", json={"from": self.wa_id, "profile_name": self.name,
                                                          "message": message})
        answer.raise_for_status()
        assert answer.json()["webhook_status"] == 200, answer.json()

    def say(self, text: str) -> None:
        self.send({"type": "text", "text": {"body": text}})

    def choose(self, title: str) -> None:
        """Tap the button or list row titled `title` in the bot's latest interactive message."""
        message = self.last_interactive
        assert message is not None, "the bot has not offered any choices"
        interactive = message["body"]["interactive"]
        if interactive["type"] == "button":
            options = {b["reply"]["title"]: b["reply"] for b in interactive["action"]["buttons"]}
            reply = {"type": "button_reply", "button_reply": options[title]}
        else:
            options = {r["title"]: r for s in interactive["action"]["sections"] for r in s["rows"]}
            row = options[title]
            reply = {"type": "list_reply", "list_reply": {k: row[k] for k in ("id", "title", "description") if k in row}}
        self.send({"type": "interactive", "interactive": reply, "context": {"id": message["wamid"]}})

    def replies(self, count: int, timeout: float = 30.0) -> list[dict]:
        """The next `count` messages the bot sent, in order (outbound transcript entries)."""
        deadline = time.monotonic() + timeout
        found: list[dict] = []
        while time.monotonic() < deadline:
            entries = self.http.get(f"/_fake/transcripts/{self.wa_id}", params={"after": self.seen}).json()["entries"]
            for entry in entries:
                self.seen = max(self.seen, entry["seq"])
                if entry["direction"] == "out":
                    found.append(entry)
                    if entry["type"] == "interactive":
                        self.last_interactive = entry
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"expected {count} replies within {timeout} s, got {len(found)}: {found}")


@pytest.fixture
def citizen_factory(stack: Stack):
    def make(wa_id: str, name: str = "Citizen") -> Citizen:
        return Citizen(stack, wa_id, name)

    return make
