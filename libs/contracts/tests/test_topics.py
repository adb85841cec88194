"""The topic registry: versioned unique names, one topic per payload, keys that exist and are set."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from nagrik_contracts import ALL_TOPICS, PAYLOADS, Topic
from nagrik_contracts.deadletters import DeadLettered
from nagrik_contracts.envelope import Payload
from nagrik_contracts.topics import DEPARTMENT_PAYLOADS, WA_INBOUND, by_name, department_topic
from nagrik_contracts.whatsapp import MessageReceived

PAYLOAD_TYPES = [payload for topic in ALL_TOPICS for payload in topic.payloads] + list(DEPARTMENT_PAYLOADS)


def topic_id(topic: Topic) -> str:
    return topic.name


def all_payload_subclasses(base: type = Payload) -> set[type[Payload]]:
    found = set()
    for subclass in base.__subclasses__():
        found.add(subclass)
        found |= all_payload_subclasses(subclass)
    return found


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=topic_id)
def test_topic_name_ends_with_a_version(topic):
    assert re.fullmatch(r"[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*\.v[1-9][0-9]*", topic.name), topic.name


def test_topic_names_are_unique():
    duplicates = [name for name, count in Counter(topic.name for topic in ALL_TOPICS).items() if count > 1]
    assert duplicates == []


def test_every_payload_type_is_in_exactly_one_topic():
    counts = Counter(PAYLOAD_TYPES)
    assert {payload.__name__: count for payload, count in counts.items() if count != 1} == {}


def test_event_types_and_versions_are_unique():
    keys = Counter((payload.event_type, payload.schema_version) for payload in PAYLOAD_TYPES)
    assert [key for key, count in keys.items() if count > 1] == []
    assert len(PAYLOADS) == len(PAYLOAD_TYPES)


def test_payloads_registry_maps_each_type_and_version_to_its_model():
    assert set(PAYLOADS.values()) == set(PAYLOAD_TYPES)
    for (event_type, version), model in PAYLOADS.items():
        assert (model.event_type, model.schema_version) == (event_type, version)


def test_every_payload_class_of_the_package_is_in_a_topic():
    defined = {cls for cls in all_payload_subclasses() if cls.__module__.startswith("nagrik_contracts.")}
    assert defined - set(PAYLOAD_TYPES) == set()


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=topic_id)
def test_topic_key_field_exists_on_every_payload_it_carries(topic):
    assert topic.payloads, f"{topic.name} carries nothing"
    missing = [payload.__name__ for payload in topic.payloads if topic.key not in payload.model_fields]
    assert missing == [], f"{topic.name} is keyed by {topic.key!r}, which {missing} lack"


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=topic_id)
def test_topic_key_field_is_required_so_no_message_is_keyed_b_none(topic):
    optional = [payload.__name__ for payload in topic.payloads if not payload.model_fields[topic.key].is_required()]
    assert optional == []


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=topic_id)
def test_topic_metadata_is_sensible(topic):
    assert topic.owner
    assert topic.description
    assert topic.partitions >= 1


def test_key_of_returns_the_citizen_id_bytes_for_a_message_received():
    message = MessageReceived(
        citizen_id="919876543210",
        message_id="wamid.1",
        phone_number_id="106540352242922",
        sent_at=datetime(2025, 3, 14, 9, 26, tzinfo=UTC),
        type="text",
        text="नमस्ते",
    )
    assert by_name("wa.inbound.v1") is WA_INBOUND
    assert WA_INBOUND.key_of(message) == b"919876543210"


def test_key_of_dead_letters_is_the_consumer_group():
    dead = DeadLettered(
        consumer="conversation",
        source_topic="wa.inbound.v1",
        source_partition=0,
        source_offset=7,
        error="KeyError: 'x'",
        attempts=3,
        original="{}",
    )
    assert by_name("deadletters.v1").key_of(dead) == b"conversation"


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=topic_id)
def test_by_name_finds_every_topic(topic):
    assert by_name(topic.name) is topic


def test_by_name_rejects_an_unknown_topic():
    with pytest.raises(KeyError, match="wa.inbound.v2"):
        by_name("wa.inbound.v2")


def test_topics_are_immutable():
    with pytest.raises(AttributeError):
        WA_INBOUND.name = "other.v1"


def test_each_department_gets_its_own_topic_keyed_by_application():
    topic = department_topic("revenue")
    assert topic.name == "dept.revenue.applications.v1" and topic.key == "application_id"
    with pytest.raises(ValueError):
        department_topic("Revenue; DROP")
