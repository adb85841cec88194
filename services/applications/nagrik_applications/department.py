"""A department officer's command line: list applications awaiting review, approve or reject one.

    python -m nagrik_applications.department list --department revenue
    python -m nagrik_applications.department approve --department revenue --application DL-INC-2026-000001 \
        --officer "Tehsildar Sharma"
    python -m nagrik_applications.department reject --department revenue --application ... --reason "..."

Stands in for a department's own system: it reads `dept.<code>.applications.v1` (and nothing else, as a
department's Kafka user may), publishes `DecisionMade`, and waits for the applications service's answer on
the same department topic: `DecisionRecorded`, or `DecisionRefused` with the reason (exit code 1).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from aiokafka import AIOKafkaProducer
from pydantic_settings import BaseSettings, SettingsConfigDict

from nagrik_contracts import Envelope
from nagrik_contracts.applications import ApplicationForReview, DecisionMade, DecisionRecorded, DecisionRefused
from nagrik_contracts.topics import APPLICATION_DECISIONS, department_topic
from nagrik_kit.broker import read_from_start
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


async def read_desk(bootstrap: str, department: str) -> list[Envelope]:
    """Everything on the department's own topic, from the start. No consumer group and no other topic:
    a department's Kafka user may read its own topic only."""
    return [Envelope.model_validate_json(record.value)
            async for record in read_from_start(bootstrap, (department_topic(department),))]


async def read_pending(bootstrap: str, department: str) -> list[ApplicationForReview]:
    desk = await read_desk(bootstrap, department)
    decided = {e.payload["application_id"] for e in desk if e.event_type == DecisionRecorded.event_type}
    return pending([e.open(ApplicationForReview) for e in desk if e.event_type == ApplicationForReview.event_type],
                   decided)


async def outcome_of(bootstrap: str, department: str, decision: Envelope, *,
                     wait_seconds: float = 30.0) -> DecisionRecorded | DecisionRefused | None:
    """What the applications service made of a decision, told on the department's topic; None if it has not
    answered within `wait_seconds` (it will, once it runs: the decision waits on the topic)."""
    deadline = asyncio.get_running_loop().time() + wait_seconds
    while True:
        for envelope in await read_desk(bootstrap, department):
            if envelope.causation_id == decision.event_id and envelope.event_type in OUTCOMES:
                return envelope.open(OUTCOMES[envelope.event_type])
        if asyncio.get_running_loop().time() > deadline:
            return None
        await asyncio.sleep(1.0)


OUTCOMES = {DecisionRecorded.event_type: DecisionRecorded, DecisionRefused.event_type: DecisionRefused}


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
    return asyncio.run(decide(bootstrap, decision))


async def decide(bootstrap: str, decision: DecisionMade) -> int:
    """Publish the decision and report what became of it: 0 recorded, 1 refused (with the reason), 2 no answer."""
    envelope = await publish_decision(bootstrap, decision)
    outcome = await outcome_of(bootstrap, decision.department_id, envelope)
    if isinstance(outcome, DecisionRecorded):
        print(json.dumps({"recorded": decision.decision, "application_id": outcome.application_id,
                          "status": outcome.status}))
        return 0
    if isinstance(outcome, DecisionRefused):
        print(f"refused: {outcome.reason}", file=sys.stderr)
        return 1
    print(f"published as {envelope.event_id}; the applications service has not answered yet", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
