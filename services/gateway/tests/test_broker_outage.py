"""Broker down: Meta is told to retry (5xx), and its retry after the broker is back publishes once."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from nagrik_dev.embedded import EmbeddedKafka, free_port
from nagrik_fake_whatsapp import webhooks as meta
from nagrik_gateway.settings import Settings

from .gateway_harness import PHONE_NUMBER_ID, in_kafka, new_citizen, post_webhook, serving

PUBLISH_TIMEOUT = 1.0


def webhook(citizen: str, body: str) -> dict:
    return meta.message_webhook(phone_number_id=PHONE_NUMBER_ID, display_phone_number="911140000000", waba_id="1",
                                wa_id=citizen, profile_name="Asha",
                                messages=[meta.text_message(wa_id=citizen, body=body)])


async def test_webhook_refused_while_broker_is_down_is_published_once_when_meta_retries():
    with tempfile.TemporaryDirectory(prefix="nagrik-gateway-outage-") as directory:
        port = free_port()
        kafka = EmbeddedKafka(port=port, log_path=Path(directory) / "kafka-1.log")
        kafka.start()
        settings = Settings(kafka_bootstrap_servers=kafka.bootstrap_servers, kafka_request_timeout_ms=int(PUBLISH_TIMEOUT * 1000))
        try:
            async with serving(settings) as gateway:
                citizen = new_citizen()
                assert (await post_webhook(gateway, webhook(citizen, "before"))).status_code == 200

                await asyncio.to_thread(kafka.stop)
                during = webhook(citizen, "during the outage")
                started = time.monotonic()
                refused = await post_webhook(gateway, during)
                assert refused.status_code == 503
                assert time.monotonic() - started < PUBLISH_TIMEOUT + 3  # Meta's own timeout is not reached

                # The broker comes back empty (it keeps everything in memory) on the same address.
                kafka = EmbeddedKafka(port=port, log_path=Path(directory) / "kafka-2.log")
                await asyncio.to_thread(kafka.start)
                statuses = []
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:  # Meta's retries, with a much shorter backoff
                    statuses.append((await post_webhook(gateway, during)).status_code)
                    if statuses[-1] == 200:
                        break
                    await asyncio.sleep(0.5)
                assert statuses[-1] == 200, statuses
                assert set(statuses[:-1]) <= {503}

                await asyncio.sleep(PUBLISH_TIMEOUT + 1)  # anything left over from a refused attempt would land now
                records = await in_kafka(kafka.bootstrap_servers, message_ids={during["entry"][0]["changes"][0]
                                                                               ["value"]["messages"][0]["id"]})
                assert [(r.key, r.envelope["payload"]["text"]) for r in records] == [(citizen, "during the outage")]
        finally:
            await asyncio.to_thread(kafka.stop)
