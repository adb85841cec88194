"""A department officer's command line: list applications awaiting review, approve or reject one.

    python -m nagrik_applications.department list --department revenue
    python -m nagrik_applications.department approve --department revenue --application DL-INC-2026-000001 \
        --officer "Tehsildar Sharma"
    python -m nagrik_applications.department reject --department revenue --application ... --reason "..."

Stands in for a department's own system: it reads `dept.<code>.applications.v1` and publishes
`DecisionMade`; the applications service validates every decision.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pydantic_settings import BaseSettings, SettingsConfigDict

from nagrik_contracts import Envelope
from nagrik_contracts.applications import ApplicationForReview, DecisionMade
from nagrik_contracts.topics import APPLICATION_DECISIONS, department_topic
from nagrik_kit.kafka_security import client_options


class CliSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"


def pending(reviews: list[ApplicationForReview], decided: set[str]) -> list[ApplicationForReview]:
    """Applications sent for review and not yet decided, oldest first, each once."""
    seen: dict[str, ApplicationForReview] = {}
    for review in reviews:
        if review.application_id not in decided:
            seen.setdefault(review.application_id, review)
    return sorted(seen.values(), key=lambda r: r.submitted_at)


async def read_pending(bootstrap: str, department: str, *, idle_seconds: float = 2.0) -> list[ApplicationForReview]:
    """Read the department topic and the decisions from the beginning, without committing offsets."""
    topic = department_topic(department)
    consumer = AIOKafkaConsumer(topic.name, APPLICATION_DECISIONS.name, bootstrap_servers=bootstrap,
                                group_id=f"department-cli-{uuid.uuid4()}", auto_offset_reset="earliest",
                                enable_auto_commit=False, **client_options())
    reviews: list[ApplicationForReview] = []
    decided: set[str] = set()
    await consumer.start()
    try:
        while batch := await consumer.getmany(timeout_ms=int(idle_seconds * 1000)):
            for records in batch.values():
                for record in records:
                    envelope = Envelope.model_validate_json(record.value)
                    if envelope.event_type == ApplicationForReview.event_type:
                        reviews.append(envelope.open(ApplicationForReview))
                    elif envelope.event_type == DecisionMade.event_type:
                        made = envelope.open(DecisionMade)
                        if made.department_id == department:
                            decided.add(made.application_id)
    finally:
        await consumer.stop()
    return pending(reviews, decided)


async def publish_decision(bootstrap: str, decision: DecisionMade) -> Envelope:
    envelope = Envelope.wrap(decision, producer=f"dept-{decision.department_id}",
                             correlation_id=decision.application_id)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_options())
    await producer.start()
    try:
        await producer.send_and_wait(APPLICATION_DECISIONS.name, envelope.model_dump_json().encode(),
                                     key=APPLICATION_DECISIONS.key_of(decision))
    finally:
        await producer.stop()
    return envelope


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nagrik_applications.department", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["list", "approve", "reject"])
    parser.add_argument("--department", required=True)
    parser.add_argument("--application")
    parser.add_argument("--reason")
    parser.add_argument("--officer", default="department officer")
    args = parser.parse_args(argv)
    bootstrap = CliSettings().kafka_bootstrap_servers
    if args.action == "list":
        for review in asyncio.run(read_pending(bootstrap, args.department)):
            print(f"{review.application_id}\t{review.service_id}\t{review.submitted_at}")
        return 0
    if not args.application:
        parser.error(f"{args.action} needs --application")
    if args.action == "reject" and not args.reason:
        parser.error("reject needs --reason: the citizen is told why")
    decision = DecisionMade(application_id=args.application, department_id=args.department,
                            decision="approved" if args.action == "approve" else "rejected",
                            reason=args.reason, decided_by=args.officer)
    envelope = asyncio.run(publish_decision(bootstrap, decision))
    print(json.dumps({"published": str(envelope.event_id), "decision": decision.decision,
                      "application_id": decision.application_id}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
