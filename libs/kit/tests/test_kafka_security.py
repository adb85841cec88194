"""Logging in to Kafka: from the environment, refused when half-configured, required in production."""

import pytest
from faststream.security import SASLScram512
from pydantic import ValidationError

from nagrik_kit import ServiceSettings
from nagrik_kit.kafka_security import KafkaSecurity


class Settings(ServiceSettings):
    service_name: str = "test"


def test_development_talks_plaintext_without_credentials():
    security = KafkaSecurity()
    assert security.client_options() == {"security_protocol": "PLAINTEXT"}
    assert security.faststream() is None


def test_scram_over_tls_passes_the_users_credentials_to_every_client(monkeypatch):
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "conversation")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "s3cret")
    security = KafkaSecurity()

    options = security.client_options()
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("conversation", "s3cret")
    assert options["ssl_context"] is not None
    broker_security = security.faststream()
    assert isinstance(broker_security, SASLScram512) and broker_security.use_ssl
    assert "s3cret" not in repr(security)


def test_sasl_without_a_password_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "conversation")
    with pytest.raises(ValidationError, match="KAFKA_SASL_PASSWORD"):
        KafkaSecurity()


def test_production_refuses_a_broker_connection_without_login(monkeypatch):
    with pytest.raises(ValidationError, match="PLAINTEXT"):
        Settings(environment="production")
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "test")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "s3cret")
    assert Settings(environment="production").environment == "production"
