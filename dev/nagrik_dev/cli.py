"""`nagrik`: run the stack, the tests, the terminal chat, and look at dead letters."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def up(args: argparse.Namespace) -> int:
    from .stack import Stack

    stack = Stack(ROOT / ".nagrik")
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    # Explicit handlers: a shell that starts `nagrik up` in the background makes it ignore SIGINT otherwise.
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    print("Starting the Nagrik stack (embedded broker and PostgreSQL unless KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL are set)...")
    try:
        stack.start()
        print("\nNagrik is running:\n" + stack.describe())
        print(
            "\nThe embedded broker keeps everything in memory: it is for development and demos, not for data that"
            "\nmust survive a restart.\n"
            f"\nChat as a citizen in another terminal:  ./nagrik chat --as 919812345678"
            "\nStop with Ctrl-C."
        )
        while not stopping:
            dead = stack.dead()
            if dead:
                for name in dead:
                    print(f"\n{name} stopped unexpectedly:\n{stack.log_tail(name)}", file=sys.stderr)
                return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping...")
        stack.stop()
        print("Stopped.")
    return 0


def test(args: argparse.Namespace) -> int:
    command = [sys.executable, "-m", "pytest", *args.pytest_args]
    result = subprocess.run(command, cwd=ROOT)
    return result.returncode


def chat(args: argparse.Namespace) -> int:
    from nagrik_fake_whatsapp.chat import main as chat_main

    url = args.fake_url or os.environ.get("NAGRIK_FAKE_WHATSAPP_URL", "http://127.0.0.1:8090")
    argv = ["--as", args.citizen, "--fake-url", url]
    if args.name:
        argv += ["--name", args.name]
    return chat_main(argv)


def deadletters(args: argparse.Namespace) -> int:
    import asyncio

    from nagrik_kit.deadletters import read_dead_letters, replay

    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    letters = asyncio.run(read_dead_letters(bootstrap))
    if args.action == "list":
        for envelope, letter in letters:
            print(f"{envelope.event_id}  {envelope.occurred_at:%Y-%m-%d %H:%M:%S}  {letter.consumer:<16} "
                  f"{letter.source_topic}[{letter.source_partition}]@{letter.source_offset}  "
                  f"attempts={letter.attempts}\n    {letter.error}")
        print(f"{len(letters)} dead letter(s)")
        return 0
    chosen = [letter for envelope, letter in letters if str(envelope.event_id) == args.id]
    if not chosen:
        print(f"no dead letter with id {args.id}", file=sys.stderr)
        return 1
    asyncio.run(replay(bootstrap, chosen[0]))
    print(f"replayed to {chosen[0].source_topic} for {chosen[0].consumer}")
    return 0


def sample_card(args: argparse.Namespace) -> int:
    from .cards import aadhaar_card

    Path(args.path).write_bytes(aadhaar_card(name=args.name, date_of_birth=args.born, gender=args.gender))
    print(f"wrote a specimen Aadhaar card for {args.name} to {args.path}; in the chat, send it with /image {args.path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nagrik", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="start broker, database, every service and the fake WhatsApp API").set_defaults(run=up)
    tests = commands.add_parser("test", help="run the whole test suite (extra arguments go to pytest)")
    tests.set_defaults(run=test)
    talk = commands.add_parser("chat", help="talk to the bot as a citizen, through the fake WhatsApp API")
    talk.add_argument("--as", dest="citizen", required=True, help="the citizen's WhatsApp id, e.g. 919812345678")
    talk.add_argument("--name", help="profile name shown to the bot")
    talk.add_argument("--fake-url", help="base URL of the fake WhatsApp Cloud API (default http://127.0.0.1:8090)")
    talk.set_defaults(run=chat)
    letters = commands.add_parser("deadletters", help="list dead letters, or replay one once its cause is fixed")
    letters.add_argument("action", choices=["list", "replay"])
    letters.add_argument("id", nargs="?", help="dead letter id (from `list`) to replay")
    letters.set_defaults(run=deadletters)
    card = commands.add_parser("sample-card", help="write a made-up Aadhaar card image to send in the chat")
    card.add_argument("path", help="where to write the PNG, e.g. aadhaar.png")
    card.add_argument("--name", default="Asha Verma")
    card.add_argument("--born", default="15/08/1990", help="date of birth, DD/MM/YYYY")
    card.add_argument("--gender", default="Female", choices=["Female", "Male", "Transgender"])
    card.set_defaults(run=sample_card)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.pytest_args = extra
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
