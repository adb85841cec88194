"""Where the broker and the database come from: given URLs, testcontainers, or the embedded ones.

Used by the stack command and by the test fixture, so both get the same real parts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .embedded import EmbeddedKafka, EmbeddedPostgres, free_port

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Infrastructure:
    kafka_bootstrap_servers: str
    database_url: str
    source: str
    """'external', 'testcontainers' or 'embedded': what the URLs point at."""


def docker_available() -> bool:
    if not shutil.which("docker"):
        return False
    with contextlib.suppress(Exception):
        import docker  # testcontainers' dependency

        docker.from_env().ping()
        return True
    return False


@contextlib.contextmanager
def provide(*, data_dir: Path, kafka_port: int | None = None, postgres_port: int | None = None,
            allow_containers: bool = False) -> Iterator[Infrastructure]:
    """KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL from the environment win; each missing one is started."""
    kafka_url = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    database_url = os.environ.get("DATABASE_URL")
    with contextlib.ExitStack() as stack:
        sources = []
        if kafka_url:
            sources.append("external")
        elif allow_containers and docker_available():
            kafka_url = stack.enter_context(_kafka_container())
            sources.append("testcontainers")
        else:
            kafka = EmbeddedKafka(port=kafka_port or free_port(), log_path=data_dir / "kafka.log")
            data_dir.mkdir(parents=True, exist_ok=True)
            kafka.start()
            stack.callback(kafka.stop)
            kafka_url = kafka.bootstrap_servers
            sources.append("embedded")
        if database_url:
            sources.append("external")
        elif allow_containers and docker_available():
            database_url = stack.enter_context(_postgres_container())
            sources.append("testcontainers")
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the wheel warns about XDG_RUNTIME_DIR at import
                postgres = EmbeddedPostgres(data_dir / "postgres", port=postgres_port or free_port())
                postgres.start()
            stack.callback(postgres.stop)
            database_url = postgres.url
            sources.append("embedded")
        yield Infrastructure(kafka_url, database_url, "+".join(dict.fromkeys(sources)))


@contextlib.contextmanager
def _kafka_container() -> Iterator[str]:
    from testcontainers.kafka import KafkaContainer

    with KafkaContainer() as container:
        yield container.get_bootstrap_server()


@contextlib.contextmanager
def _postgres_container() -> Iterator[str]:
    from testcontainers.postgres import PostgresContainer

    with PostgresContainer("postgres:16-alpine", driver=None) as container:
        yield container.get_connection_url()
