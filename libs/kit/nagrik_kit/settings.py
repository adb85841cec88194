"""Settings shared by every service, read from the environment (and nowhere else)."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .kafka_security import KafkaSecurity

DEVELOPMENT_SECRET = "dev-only-not-a-secret"
"""The value local stacks and tests use; refused when ENVIRONMENT=production."""


class ServiceSettings(BaseSettings):
    """Subclass per service: add its own fields, set `service_name` and `http_port` defaults."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    service_name: str
    environment: Literal["development", "production"] = "development"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_request_timeout_ms: int = 10_000
    """How long a produce may wait for Kafka's acknowledgement before it fails (and is dropped)."""
    database_url: str = "postgresql://postgres@127.0.0.1:54329/nagrik"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    consumer_max_attempts: int = 4
    consumer_retry_backoff_seconds: float = 0.2
    create_topics: bool = True
    """Create missing topics at start-up (the embedded broker needs it). Production sets CREATE_TOPICS=false:
    Strimzi's topic operator owns the topics there (deploy/k8s/strimzi/topics.yaml)."""
    topic_partitions: int | None = None
    """Override every topic's own partition count (contracts' `Topic.partitions`); unset, each keeps its own."""
    otel_exporter_otlp_endpoint: str | None = None

    @model_validator(mode="after")
    def _no_placeholder_secrets_in_production(self) -> ServiceSettings:
        if self.environment == "production":
            for name, value in self:
                if isinstance(value, SecretStr) and value.get_secret_value() in ("", DEVELOPMENT_SECRET):
                    raise ValueError(f"{name.upper()} must be set to a real secret in production")
            if KafkaSecurity().security_protocol == "PLAINTEXT":
                raise ValueError("KAFKA_SECURITY_PROTOCOL must not be PLAINTEXT in production: Kafka's ACLs per "
                                 "service and department apply only to clients that log in")
        return self
