"""The whole stack as real processes, and the people around it: citizens who talk to it through the fake
WhatsApp API, a department officer with the department CLI, and a look into PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from nagrik_catalog import load_catalog
from nagrik_conversation.texts import load_texts
from nagrik_dev.stack import Ports, Stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="nagrik-e2e-") as directory:
        running = Stack(Path(directory), ports=Ports.free())
        running.start(timeout=180)
        yield running
        running.stop()


def text_of(reply: dict) -> str:
    """What the citizen reads in a message: its text, an interactive body, or a document's caption."""
    body = reply["body"]
    kind = reply["type"]
    if kind == "text":
        return body["text"]["body"]
    if kind == "interactive":
        return body["interactive"].get("body", {}).get("text", "")
    if kind == "template":
        return " ".join(str(p.get("text", "")) for c in body["template"].get("components", [])
                        for p in c.get("parameters", []))
    return body.get(kind, {}).get("caption", "")


class Citizen:
    """A person on WhatsApp: sends messages as Meta would deliver them and reads the bot's replies."""

    text_of = staticmethod(text_of)

    def __init__(self, stack: Stack, wa_id: str, name: str) -> None:
        self.wa_id = wa_id
        self.name = name
        self.http = httpx.Client(base_url=stack.fake_whatsapp_url, timeout=10)
        self.seen = 0
        self.pending: list[dict] = []
        """Received, not yet returned by `replies()` or `wait_for()`."""
        self.passed_over: list[dict] = []
        """Passed over by `wait_for()` on the way to its match: still claimable by a later `wait_for()`."""
        self.last_interactive: dict | None = None

    def send(self, message: dict) -> None:
        answer = self.http.post("/_fake/inbound", json={"from": self.wa_id, "profile_name": self.name,
                                                          "message": message})
        answer.raise_for_status()
        assert answer.json()["webhook_status"] == 200, answer.json()

    def say(self, text: str) -> None:
        self.send({"type": "text", "text": {"body": text}})

    def send_file(self, content: bytes, mime_type: str, *, kind: str = "image", filename: str | None = None) -> None:
        """Attach a photo or a document: uploaded to WhatsApp first, then sent by its media id."""
        uploaded = self.http.post("/_fake/citizen-media", files={"file": (filename or "upload", content, mime_type)},
                                  data={"mime_type": mime_type})
        uploaded.raise_for_status()
        media = uploaded.json()
        if kind == "document":
            media["filename"] = filename or "document"
        self.send({"type": kind, kind: media})

    def choose(self, title: str) -> None:
        """Tap the button or list row titled `title` in the bot's latest interactive message."""
        message = self.last_interactive
        assert message is not None, "the bot has not offered any choices"
        interactive = message["body"]["interactive"]
        if interactive["type"] == "button":
            options = {b["reply"]["title"]: b["reply"] for b in interactive["action"]["buttons"]}
            assert title in options, f"{title!r} is not among {list(options)}"
            reply = {"type": "button_reply", "button_reply": options[title]}
        else:
            options = {r["title"]: r for s in interactive["action"]["sections"] for r in s["rows"]}
            assert title in options, f"{title!r} is not among {list(options)}"
            row = options[title]
            reply = {"type": "list_reply", "list_reply": {k: row[k] for k in ("id", "title", "description") if k in row}}
        self.send({"type": "interactive", "interactive": reply, "context": {"id": message["wamid"]}})

    def _fetch(self) -> None:
        entries = self.http.get(f"/_fake/transcripts/{self.wa_id}", params={"after": self.seen}).json()["entries"]
        for entry in entries:
            self.seen = max(self.seen, entry["seq"])
            if entry["direction"] == "out":
                self.pending.append(entry)

    def _take(self, index: int) -> dict:
        entry = self.pending.pop(index)
        if entry["type"] == "interactive":
            self.last_interactive = entry
        return entry

    def replies(self, count: int, timeout: float = 30.0) -> list[dict]:
        """The next `count` messages the bot sent, in order (outbound transcript entries); any that
        arrived beyond them wait for the next call."""
        deadline = time.monotonic() + timeout
        while len(self.pending) < count and time.monotonic() < deadline:
            self._fetch()
            if len(self.pending) < count:
                time.sleep(0.2)
        if len(self.pending) < count:
            raise AssertionError(f"expected {count} replies within {timeout:.0f} s, got "
                                 f"{[text_of(r) for r in self.pending]}")
        return [self._take(0) for _ in range(count)]

    def wait_for(self, wanted: str | Callable[[dict], bool], timeout: float = 60.0) -> tuple[list[dict], dict]:
        """The first reply not yet claimed that matches (a text it contains, or a predicate): the replies
        passed over on the way, and the match. Updates from different services interleave in no fixed
        order, so the replies passed over stay claimable by later calls; `replies()` goes on after the match."""
        matches = (lambda reply: wanted in text_of(reply)) if isinstance(wanted, str) else wanted
        deadline = time.monotonic() + timeout
        while True:
            for index, reply in enumerate(self.passed_over):
                if matches(reply):
                    return [], self.passed_over.pop(index)
            for index, reply in enumerate(self.pending):
                if matches(reply):
                    before = [self._take(0) for _ in range(index)]
                    self.passed_over += before
                    return before, self._take(0)
            if time.monotonic() > deadline:
                unclaimed = self.passed_over + self.pending
                raise AssertionError(f"no reply matching {wanted!r} among {[text_of(r) for r in unclaimed]}")
            time.sleep(0.2)
            self._fetch()

    def everything_received(self) -> list[dict]:
        """The whole transcript of what the bot sent this citizen so far."""
        entries = self.http.get(f"/_fake/transcripts/{self.wa_id}").json()["entries"]
        return [entry for entry in entries if entry["direction"] == "out"]


@pytest.fixture
def citizen_factory(stack: Stack):
    def make(wa_id: str, name: str = "Citizen") -> Citizen:
        return Citizen(stack, wa_id, name)

    return make


class Department:
    """An officer at a department, acting through `python -m nagrik_applications.department` (over Kafka)."""

    def __init__(self, stack: Stack) -> None:
        self.environment = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": stack.infrastructure.kafka_bootstrap_servers}

    def run(self, *arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "nagrik_applications.department", *arguments],
                              env=self.environment, capture_output=True, text=True, timeout=90)

    def decide(self, action: str, department_id: str, application_id: str, **options: str) -> dict:
        """Approve or reject; returns what the applications service recorded (it answers on the department's
        own topic)."""
        extra = [item for key, value in options.items() for item in (f"--{key}", value)]
        done = self.run(action, "--department", department_id, "--application", application_id, *extra)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


@pytest.fixture(scope="session")
def department(stack: Stack) -> Department:
    return Department(stack)


class PaymentPage:
    """What a citizen does on the gateway's page behind a payment link (the fake's `/_fake/pay`)."""

    def __init__(self, stack: Stack) -> None:
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{stack.ports.fake_payment_gateway}", timeout=30)

    def pay(self, payment_link: str, **choices: object) -> dict:
        link_id = payment_link.rstrip("/").rsplit("/", 1)[-1]
        answer = self.http.post("/_fake/pay", json={"payment_link_id": link_id, **choices})
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture(scope="session")
def payment_page(stack: Stack) -> PaymentPage:
    return PaymentPage(stack)


@pytest.fixture(scope="session")
def database(stack: Stack) -> Callable[..., list[dict]]:
    """Rows of a query against the stack's PostgreSQL (each service's tables live in its own schema)."""

    async def fetch(query: str, *arguments: object) -> list[dict]:
        connection = await asyncpg.connect(stack.infrastructure.database_url)
        try:
            return [dict(row) for row in await connection.fetch(query, *arguments)]
        finally:
            await connection.close()

    return lambda query, *arguments: asyncio.run(fetch(query, *arguments))


def eventually(check: Callable[[], object], timeout: float = 30.0) -> object:
    """The first truthy result of `check`, polled until `timeout` (for projections that follow events)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.3)


@pytest.fixture(scope="session")
def until():
    return eventually


QUESTION = re.compile(r"\(\d+/\d+\)")
"""How every question of a form begins: its number and the number of questions."""


class Applicant:
    """Drives a citizen through the chat up to a submitted application, answering whatever is asked.

    Questions are recognised by their field's label, so the same code works whichever fields OCR filled.
    Button titles come from the conversation's own texts: they are what the citizen taps, not what is tested.
    """

    def __init__(self, citizen: Citizen, service_id: str, language: str) -> None:
        self.citizen = citizen
        self.catalog = load_catalog()
        self.service = self.catalog.service(service_id)
        self.language = language
        self.texts = load_texts()

    def title(self, key: str) -> str:
        return self.texts.get(key, self.language)

    def open_service(self) -> None:
        """Hi → language → the service's department → the service → Apply."""
        citizen, language = self.citizen, self.language
        citizen.say("नमस्ते" if language == "hi" else "Hi")
        citizen.replies(1)
        citizen.choose("हिंदी" if language == "hi" else "English")
        citizen.replies(2)
        citizen.choose(self.catalog.department(self.service.department).list_title(language))
        citizen.replies(1)
        citizen.choose(self.service.list_title(language))
        citizen.replies(2)
        citizen.choose(self.title("apply_button"))

    def answer_questions(self, answers: dict[str, str]) -> list[dict]:
        """Answer each question by field id (a choice by its option id) until the summary; returns
        the summary and the confirmation question."""
        labels = {field.label.get(self.language): field for field in self.service.fields}
        while True:
            [question] = self.citizen.replies(1)
            text = text_of(question)
            if not QUESTION.match(text):  # not "(3/9) Please send: …": the summary of the answers
                [confirm] = self.citizen.replies(1)
                assert self.title("submit_button") in str(confirm["body"]), f"expected the summary, got {text!r}"
                return [question, confirm]
            field = labels[max((label for label in labels if label in text), key=len)]
            value = answers[field.id]
            if field.options:
                [option] = [o for o in field.options if o.id == value]
                self.citizen.choose(option.label.get(self.language))
            else:
                self.citizen.say(value)


@pytest.fixture
def applicant(citizen_factory):
    def make(wa_id: str, service_id: str, language: str, name: str = "Citizen") -> Applicant:
        return Applicant(citizen_factory(wa_id, name), service_id, language)

    return make
