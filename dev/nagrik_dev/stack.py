"""The whole stack on one machine: broker, database, every service as its own process, and the
local fake of the WhatsApp Cloud API. Used by `nagrik up` and by the end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field, fields
from pathlib import Path

import httpx

from nagrik_kit.settings import DEVELOPMENT_SECRET as DEV_SECRET  # production refuses it

from .embedded import free_port
from .infrastructure import Infrastructure, provide


@dataclass(frozen=True)
class Process:
    name: str
    module: str
    port: int
    ready_path: str = "/readyz"


@dataclass(frozen=True)
class Ports:
    gateway: int = 8000
    conversation: int = 8001
    notifications: int = 8002
    applications: int = 8003
    ocr: int = 8004
    payments: int = 8005
    analytics: int = 8006
    fake_whatsapp: int = 8090
    fake_payment_gateway: int = 8091
    kafka: int = 9092
    postgres: int = 54329

    @classmethod
    def free(cls) -> Ports:
        return cls(*(free_port() for _ in fields(cls)))


@dataclass
class Stack:
    data_dir: Path
    ports: Ports = field(default_factory=Ports)
    infrastructure: Infrastructure | None = None
    _children: dict[str, subprocess.Popen] = field(default_factory=dict)
    _exit: ExitStack = field(default_factory=ExitStack)

    @property
    def processes(self) -> list[Process]:
        p = self.ports
        return [
            Process("fake-whatsapp", "nagrik_fake_whatsapp", p.fake_whatsapp, "/_fake/health"),
            Process("fake-payment-gateway", "nagrik_fake_payment_gateway", p.fake_payment_gateway, "/_fake/health"),
            Process("gateway", "nagrik_gateway", p.gateway),
            Process("conversation", "nagrik_conversation", p.conversation),
            Process("notifications", "nagrik_notifications", p.notifications),
            Process("applications", "nagrik_applications", p.applications),
            Process("ocr", "nagrik_ocr", p.ocr),
            Process("payments", "nagrik_payments", p.payments),
            Process("analytics", "nagrik_analytics", p.analytics),
        ]

    @property
    def fake_whatsapp_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.fake_whatsapp}"

    def environment(self) -> dict[str, str]:
        infra = self.infrastructure
        p = self.ports
        return {
            "KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap_servers,
            "DATABASE_URL": infra.database_url,
            "WHATSAPP_APP_SECRET": DEV_SECRET,
            "WHATSAPP_VERIFY_TOKEN": DEV_SECRET,
            "WHATSAPP_ACCESS_TOKEN": DEV_SECRET,
            "WHATSAPP_API_BASE_URL": self.fake_whatsapp_url,
            "FAKE_WHATSAPP_APP_SECRET": DEV_SECRET,
            "FAKE_WHATSAPP_ACCESS_TOKEN": DEV_SECRET,
            "FAKE_WHATSAPP_VERIFY_TOKEN": DEV_SECRET,
            "FAKE_WHATSAPP_WEBHOOK_URL": f"http://127.0.0.1:{p.gateway}/webhooks/whatsapp",
            "FAKE_WHATSAPP_PUBLIC_URL": self.fake_whatsapp_url,
            "FAKE_WHATSAPP_PORT": str(p.fake_whatsapp),
            "PAYMENT_GATEWAY_BASE_URL": f"http://127.0.0.1:{p.fake_payment_gateway}",
            "FAKE_PAYMENT_GATEWAY_KEY_ID": "rzp_test_nagrik",
            "FAKE_PAYMENT_GATEWAY_KEY_SECRET": DEV_SECRET,
            "FAKE_PAYMENT_GATEWAY_WEBHOOK_SECRET": DEV_SECRET,
            "FAKE_PAYMENT_GATEWAY_WEBHOOK_URL": f"http://127.0.0.1:{p.gateway}/webhooks/payments",
            "FAKE_PAYMENT_GATEWAY_PUBLIC_URL": f"http://127.0.0.1:{p.fake_payment_gateway}",
            "FAKE_PAYMENT_GATEWAY_PORT": str(p.fake_payment_gateway),
        }

    def start(self, *, timeout: float = 120.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        logs = self.data_dir / "logs"
        logs.mkdir(exist_ok=True)
        try:
            self.infrastructure = self._exit.enter_context(
                provide(data_dir=self.data_dir, kafka_port=self.ports.kafka, postgres_port=self.ports.postgres)
            )
            base = {**os.environ, **self.environment(), "PYTHONUNBUFFERED": "1"}
            for process in self.processes:
                # Each service's own address, for the links it hands out (certificates, receipts).
                own = f"http://127.0.0.1:{process.port}"
                env = {**base, "HTTP_PORT": str(process.port), "PUBLIC_BASE_URL": own}
                self._children[process.name] = subprocess.Popen(
                    [sys.executable, "-m", process.module],
                    env=env,
                    stdout=open(logs / f"{process.name}.log", "ab"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C goes to us; we stop the children in order
                )
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(self.processes)
        with httpx.Client(timeout=2.0) as client:
            while waiting:
                process = waiting[0]
                child = self._children[process.name]
                if child.poll() is not None:
                    raise RuntimeError(f"{process.name} exited with code {child.returncode}: {self.log_tail(process.name)}")
                try:
                    if client.get(f"http://127.0.0.1:{process.port}{process.ready_path}").status_code == 200:
                        waiting.pop(0)
                        continue
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{process.name} not ready after {timeout:.0f} s: {self.log_tail(process.name)}")
                time.sleep(0.2)

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.data_dir / "logs" / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def dead(self) -> list[str]:
        return [name for name, child in self._children.items() if child.poll() is not None]

    def stop(self) -> None:
        """Services first (they drain and commit), then the broker and the database."""
        for child in reversed(list(self._children.values())):
            if child.poll() is None:
                child.terminate()
        for child in self._children.values():
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self._children.clear()
        self._exit.close()

    def describe(self) -> str:
        infra = self.infrastructure
        rows = [
            ("kafka broker", infra.kafka_bootstrap_servers, infra.source),
            ("postgresql", infra.database_url, infra.source),
            *[(p.name, f"http://127.0.0.1:{p.port}", f"logs: {self.data_dir / 'logs' / (p.name + '.log')}")
              for p in self.processes],
        ]
        width = max(len(r[0]) for r in rows)
        return "\n".join(f"  {name.ljust(width)}  {where}  ({note})" for name, where, note in rows)
