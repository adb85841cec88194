"""Gateway throughput against its ceiling, measured in the same run on the same machine.

Starts the embedded broker, the gateway (`python -m nagrik_gateway`, as `nagrik up` runs it) and a
bare FastAPI endpoint that reads the body and answers 200, each behind uvicorn in its own process.
Both get the same load: C keep-alive connections on loopback sending signed, Meta-encoded webhooks
of one text message each, different citizens, for a fixed time, in alternating rounds so that other
load on the machine hits both. Prints requests/s, p50 and p99 of each and the ratio gateway / bare
against the goal. Exits non-zero on errors (a non-200 answer, a broken connection, or a 200 whose
event is not in Kafka), never because of the ratio.

The load generator writes prepared HTTP/1.1 requests on raw asyncio streams. An httpx AsyncClient
on this machine managed only ~300 requests/s against either server: it would have measured itself,
not the servers (both ratios came out ~1.0).

    .venv/bin/python bench/gateway_throughput.py [--seconds 10] [--connections 32] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response

GOAL = 0.75
WARM_UP_REQUESTS = 2_000
PATH = "/webhooks/whatsapp"
SECRET = "bench-app-secret"
PHONE_NUMBER_ID = "106540352242922"


# ---------------------------------------------------------------- the ceiling: a bare endpoint


def serve_bare(port: int) -> None:
    """The ceiling: FastAPI + uvicorn with the gateway's uvicorn options, reading the body, answering 200."""
    app = FastAPI()

    @app.post(PATH)
    async def receive(request: Request) -> Response:
        await request.body()
        return Response("ok", media_type="text/plain")

    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


# ---------------------------------------------------------------- load


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[q - 1] * 1000 if len(self.latencies) > 1 else 0.0


def webhook_requests(count: int, port: int) -> list[bytes]:
    """`count` distinct signed webhooks as raw HTTP/1.1 requests, built before the clock starts."""
    from nagrik_fake_whatsapp.webhooks import encode_like_meta, message_webhook, sign, text_message

    requests = []
    for n in range(count):
        citizen = f"9198{n % 100_000_000:08d}"
        payload = message_webhook(phone_number_id=PHONE_NUMBER_ID, display_phone_number="911140000000",
                                  waba_id="102290129340398", wa_id=citizen, profile_name="Asha Devi",
                                  messages=[text_message(wa_id=citizen, body="नमस्ते, मुझे जन्म प्रमाण पत्र चाहिए")])
        body = encode_like_meta(payload)
        head = (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: facebookexternalua\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"X-Hub-Signature-256: {sign(body, SECRET)}\r\n\r\n")
        requests.append(head.encode() + body)
    return requests


async def drive(name: str, port: int, requests: list[bytes], *, connections: int, seconds: float) -> Result:
    """Keep `connections` connections busy, one request in flight on each, for `seconds`.

    Past the end of `requests` it starts over: to the gateway that is Meta redelivering a webhook,
    which it must publish again with the same event id.
    """
    result = Result(name)
    next_request = itertools.cycle(requests)
    stop_at = time.perf_counter() + seconds

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop_at:
                request = next(next_request)
                started = time.perf_counter()
                writer.write(request)
                status = await _read_response(reader)
                if status != 200:
                    result.errors.append(f"HTTP {status}")
                    return
                result.latencies.append(time.perf_counter() - started)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            result.errors.append(f"{type(error).__name__}: {error}")
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    result.seconds = time.perf_counter() - started
    return result


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in lines[1:] if line.lower().startswith(b"content-length:")),
                  None)
    if length is None:
        raise ValueError("response without Content-Length")
    await reader.readexactly(length)
    return status


# ---------------------------------------------------------------- processes


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, env={**os.environ, **env}, stdout=open(log, "ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code in (200, 405):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def events_in_kafka(bootstrap_servers: str) -> int:
    """How many events the gateway put on wa.inbound (read to the end: Tansu's end offsets are unreliable)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from nagrik_contracts.topics import WA_INBOUND

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False, fetch_max_wait_ms=200)
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [TopicPartition(WA_INBOUND.name, p) for p in consumer.partitions_for_topic(WA_INBOUND.name) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        count = 0
        while batches := await consumer.getmany(timeout_ms=1000, max_records=10_000):
            count += sum(len(records) for records in batches.values())
        return count
    finally:
        await consumer.stop()


# ---------------------------------------------------------------- main


def report(result: Result) -> str:
    return (f"  {result.name:<8} {result.rate:9.0f} req/s   p50 {result.percentile(50):6.1f} ms   "
            f"p99 {result.percentile(99):6.1f} ms   ({len(result.latencies)} requests in {result.seconds:.1f} s)")


def merge(name: str, results: list[Result]) -> Result:
    return Result(name, sum(r.seconds for r in results), [x for r in results for x in r.latencies],
                  [e for r in results for e in r.errors])


async def measure(args: argparse.Namespace, ports: dict[str, int]) -> tuple[Result, Result, Result]:
    per_round = int(args.requests)
    rounds: dict[str, list[Result]] = {"bare": [], "gateway": []}
    # Warm both up (connections, imports, the producer's metadata), then alternate so drift hits both.
    warm_ups = [await drive(name, ports[name], webhook_requests(WARM_UP_REQUESTS, ports[name]),
                            connections=args.connections, seconds=2) for name in ("bare", "gateway")]
    for _ in range(args.rounds):
        for name in ("bare", "gateway"):
            requests = webhook_requests(per_round, ports[name])
            rounds[name].append(await drive(name, ports[name], requests, connections=args.connections,
                                            seconds=args.seconds))
    return merge("bare", rounds["bare"]), merge("gateway", rounds["gateway"]), warm_ups[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per target and round")
    parser.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per target")
    parser.add_argument("--requests", type=int, default=50_000,
                        help="distinct webhooks prepared per round (reused from the start when exhausted)")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return 0

    from nagrik_dev.embedded import EmbeddedKafka, free_port

    load_before = os.getloadavg()[0]  # other work on the machine skews both numbers: say so
    with tempfile.TemporaryDirectory(prefix="nagrik-bench-") as directory:
        logs = Path(directory)
        kafka = EmbeddedKafka(port=free_port(), log_path=logs / "kafka.log")
        ports = {"gateway": free_port(), "bare": free_port()}
        processes: list[subprocess.Popen] = []
        kafka.start()
        try:
            gateway = start([sys.executable, "-m", "nagrik_gateway"], {
                "KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers, "HTTP_PORT": str(ports["gateway"]),
                "WHATSAPP_APP_SECRET": SECRET, "LOG_LEVEL": "WARNING"}, logs / "gateway.log")
            processes.append(gateway)
            bare = start([sys.executable, __file__, "--serve-bare", str(ports["bare"])], {}, logs / "bare.log")
            processes.append(bare)
            wait_ready(f"http://127.0.0.1:{ports['gateway']}/readyz", gateway, logs / "gateway.log")
            wait_ready(f"http://127.0.0.1:{ports['bare']}{PATH}", bare, logs / "bare.log")

            bare_result, gateway_result, warm_up = asyncio.run(measure(args, ports))
            published = asyncio.run(events_in_kafka(kafka.bootstrap_servers))
        finally:
            for process in processes:
                stop(process)
            kafka.stop()

    ratio = gateway_result.rate / bare_result.rate if bare_result.rate else 0.0
    print(f"gateway throughput, {args.connections} connections, {args.rounds} x {args.seconds:.0f} s each, "
          f"1-message signed webhooks, {os.cpu_count()} CPUs, load average before the run {load_before:.2f}")
    print(report(bare_result))
    print(report(gateway_result))
    print(f"  ratio gateway/bare: {ratio:.2f} (goal >= {GOAL:.2f}: {'met' if ratio >= GOAL else 'NOT met'})")

    errors = bare_result.errors + gateway_result.errors + warm_up.errors
    acknowledged = len(gateway_result.latencies) + len(warm_up.latencies)
    if published < acknowledged:
        errors.append(f"only {published} events in Kafka for {acknowledged} acknowledged webhooks (warm-up included)")
    if errors:
        print(f"ERRORS ({len(errors)}): " + "; ".join(sorted(set(errors))[:10]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
