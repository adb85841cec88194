"""Terminal chat: talk to the bot as a citizen through the fake WhatsApp.

    python -m nagrik_fake_whatsapp.chat --as 919812345678 [--fake-url http://127.0.0.1:8090] [--name Asha]

Works interactively and from a pipe: `printf 'Hi\\n1\\n' | python -m nagrik_fake_whatsapp.chat --as 91...`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

import httpx

from .chat_rendering import RenderedMessage, render_outbound, reply_for_input
from .media_rules import mime_type_for
from .templates import TemplateCatalog

HELP = """Type a message and press Enter. Reply with a number to pick a button or list row.
  /image PATH [caption]    send a photo        /doc PATH [caption]   send a document
  /location LAT LON [name] share a location    /raw JSON             send any Meta message item
  /help                    this text           /quit                 leave"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nagrik-chat", description="Chat with the Nagrik bot as a citizen.")
    parser.add_argument("--as", dest="wa_id", required=True, help="the citizen's WhatsApp id, e.g. 919812345678")
    parser.add_argument("--fake-url", default="http://127.0.0.1:8090", help="base URL of the fake WhatsApp")
    parser.add_argument("--name", default=None, help="WhatsApp profile name")
    parser.add_argument("--wait", type=float, default=20.0, help="piped input: longest wait for replies per line (s)")
    parser.add_argument("--quiet", type=float, default=1.5, help="piped input: replies are over after this silence (s)")
    parser.add_argument("--poll", type=float, default=0.2, help="transcript polling interval (s)")
    return parser.parse_args(argv)


class ChatSession:
    def __init__(
        self, client: httpx.AsyncClient, *, wa_id: str, name: str | None, out: TextIO, templates: TemplateCatalog,
        echo: bool = False,
    ):
        self._client = client
        self._echo = echo  # piped input is invisible, so the transcript shows what was "typed"
        self._wa_id = wa_id
        self._name = name
        self._out = out
        self._templates = templates
        self._last_seq = 0
        self.last_with_choices: RenderedMessage | None = None
        self._replies_since_send = 0
        self._last_reply_at = 0.0
        self._awaiting_replies = False

    async def start(self) -> None:
        """Skip history: only replies to what is typed now are shown."""
        entries = await self._fetch_entries()
        self._last_seq = max((entry["seq"] for entry in entries), default=0)

    async def _fetch_entries(self) -> list[dict]:
        response = await self._client.get(f"/_fake/transcripts/{self._wa_id}", params={"after": self._last_seq})
        response.raise_for_status()
        return response.json()["entries"]

    async def poll_once(self) -> None:
        for entry in await self._fetch_entries():
            self._last_seq = max(self._last_seq, entry["seq"])
            if entry["direction"] != "out":
                continue
            rendered = render_outbound(entry["body"], wamid=entry["wamid"], templates=self._templates)
            if rendered.choices:
                self.last_with_choices = rendered
            self._print_bot(rendered.text)
            self._replies_since_send += 1
            self._last_reply_at = time.monotonic()

    def _print_bot(self, text: str) -> None:
        lines = text.split("\n")
        self._out.write("bot> " + lines[0] + "\n" + "".join(f"     {line}\n" for line in lines[1:]))
        self._out.flush()

    def say(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    async def send(self, message: dict) -> None:
        payload: dict = {"from": self._wa_id, "message": message}
        if self._name:
            payload["profile_name"] = self._name
        response = await self._client.post("/_fake/inbound", json=payload)
        response.raise_for_status()
        status = response.json()["webhook_status"]
        self._replies_since_send = 0
        self._awaiting_replies = True
        if status != 200:
            print(f"(gateway answered {status}; the fake keeps retrying)", file=sys.stderr)

    async def upload(self, path: Path) -> dict:
        mime_type = mime_type_for(path.name)
        files = {"file": (path.name, path.read_bytes(), mime_type)}
        response = await self._client.post("/_fake/citizen-media", files=files, data={"mime_type": mime_type})
        response.raise_for_status()
        return response.json()

    async def handle_line(self, line: str) -> bool:
        """Send what the citizen typed; False when the citizen leaves."""
        text = line.rstrip("\r\n")
        if not text.strip():
            return True
        message = None if text.startswith("/") else reply_for_input(text, self.last_with_choices)
        if self._echo:
            chosen = f" → {_choice_title(message)}" if message and message["type"] != "text" else ""
            self.say(f"you> {text}{chosen}")
        if message is None:
            return await self._command(text)
        await self.send(message)
        return True

    async def _command(self, text: str) -> bool:
        name, _, rest = text.partition(" ")
        try:
            if name in {"/quit", "/exit"}:
                return False
            if name == "/help":
                self.say(HELP)
            elif name in {"/image", "/doc"}:
                await self._send_file("image" if name == "/image" else "document", rest)
            elif name == "/location":
                parts = rest.split(maxsplit=2)
                location = {"latitude": float(parts[0]), "longitude": float(parts[1])}
                if len(parts) > 2:
                    location["name"] = parts[2]
                await self.send({"type": "location", "location": location})
            elif name == "/raw":
                await self.send(json.loads(rest))
            else:
                self.say(f"unknown command {name}; /help lists them")
        except (ValueError, IndexError, OSError) as error:
            self.say(f"could not do that: {error}")
        return True

    async def _send_file(self, kind: str, rest: str) -> None:
        path_text, _, caption = rest.strip().partition(" ")
        path = Path(path_text).expanduser()
        media = await self.upload(path)
        content = {"id": media["id"], "mime_type": media["mime_type"], "sha256": media["sha256"]}
        if kind == "document":
            content["filename"] = path.name
        if caption.strip():
            content["caption"] = caption.strip()
        await self.send({"type": kind, kind: content})

    async def wait_for_replies(self, *, wait: float, quiet: float, poll: float) -> None:
        """Until at least one reply came and then nothing for `quiet` seconds, or `wait` passed."""
        if not self._awaiting_replies:
            return
        self._awaiting_replies = False
        started = time.monotonic()
        while time.monotonic() - started < wait:
            await self.poll_once()
            if self._replies_since_send and time.monotonic() - self._last_reply_at >= quiet:
                return
            await asyncio.sleep(poll)


def _choice_title(message: dict) -> str:
    if message["type"] == "button":
        return message["button"]["text"]
    interactive = message["interactive"]
    return interactive[interactive["type"]]["title"]


def _read_lines_into(queue: asyncio.Queue, loop: asyncio.AbstractEventLoop, stream: TextIO) -> None:
    # A daemon thread, so that a blocked readline never keeps the process alive after /quit or Ctrl-C.
    def pump() -> None:
        for line in stream:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=pump, name="chat-stdin", daemon=True).start()


async def run_chat(options: argparse.Namespace, *, stdin: TextIO, stdout: TextIO) -> int:
    interactive = stdin.isatty()
    async with httpx.AsyncClient(base_url=options.fake_url, timeout=30.0) as client:
        session = ChatSession(
            client, wa_id=options.wa_id, name=options.name, out=stdout, templates=TemplateCatalog.load(),
            echo=not interactive,
        )
        try:
            await session.start()
        except httpx.HTTPError as error:
            print(f"cannot reach the fake WhatsApp at {options.fake_url}: {error}", file=sys.stderr)
            return 1
        session.say(f"Chatting as {options.wa_id} via {options.fake_url}\n{HELP}")
        lines: asyncio.Queue = asyncio.Queue()
        _read_lines_into(lines, asyncio.get_running_loop(), stdin)
        poller = asyncio.create_task(_poll_forever(session, options.poll)) if interactive else None
        try:
            while (line := await lines.get()) is not None:
                if not await session.handle_line(line):
                    break
                if not interactive:
                    await session.wait_for_replies(wait=options.wait, quiet=options.quiet, poll=options.poll)
        finally:
            if poller is not None:
                poller.cancel()
    return 0


async def _poll_forever(session: ChatSession, interval: float) -> None:
    while True:
        try:
            await session.poll_once()
        except httpx.HTTPError as error:
            print(f"(polling failed: {error})", file=sys.stderr)
        await asyncio.sleep(interval)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    for stream in (sys.stdout, sys.stdin):
        # Devanagari must come out as UTF-8 even under a C locale or on a pipe.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        return asyncio.run(run_chat(options, stdin=sys.stdin, stdout=sys.stdout))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
