"""Composition root of the payments service: two consumers, the reconciliation loop, the receipt route."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

from fastapi import HTTPException
from fastapi.responses import Response

from nagrik_contracts.topics import PAYMENT_COMMANDS, PAYMENT_GATEWAY
from nagrik_documents import BilingualText, Issuer, is_genuine
from nagrik_kit import Service

from .gateway_api import GatewayApi
from .handlers import Payments
from .metrics import Metrics
from .settings import Settings

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "sql"
_RECEIPT_NUMBER = re.compile(r"NGR-\d{4}-\d{8}")


async def reconcile_forever(service: Service, payments: Payments, settings: Settings) -> None:
    """Every `reconcile_interval_seconds`, re-query the orders still open (handlers.Payments.reconcile)."""
    while True:
        await asyncio.sleep(settings.reconcile_interval_seconds)
        try:
            captured = await payments.reconcile(
                service.pool, pending_after_seconds=settings.reconcile_pending_after_seconds,
                max_age_seconds=settings.reconcile_max_age_seconds)
            if captured:
                log.info("reconciliation captured payments", extra={"captured": captured})
        except Exception:  # the next round tries again; a gateway outage must not end the loop
            log.exception("reconciliation round failed")


def gateway_api_from(settings: Settings) -> GatewayApi:
    return GatewayApi(base_url=settings.payment_gateway_base_url, key_id=settings.payment_gateway_key_id,
                      key_secret=settings.payment_gateway_key_secret,
                      timeout_seconds=settings.payment_gateway_timeout_seconds)


def build(settings: Settings, *, gateway: GatewayApi | None = None) -> Service:
    gateway = gateway or gateway_api_from(settings)
    service = Service(settings, schema="payments", migrations=MIGRATIONS)
    payments = Payments(
        gateway=gateway, payee_vpa=settings.payee_vpa, payee_name=settings.payee_name,
        issuer=Issuer(BilingualText(settings.issuer_government_hi, settings.issuer_government_en),
                      BilingualText(settings.issuer_department_hi, settings.issuer_department_en)),
        producer=settings.service_name, callback_url=settings.payment_callback_url,
        receipts_base_url=settings.public_base_url,
        receipt_signing_key=settings.receipt_signing_key.get_secret_value().encode(),
        metrics=Metrics(service.registry),
    )
    service.background("payments-reconciliation", lambda: reconcile_forever(service, payments, settings))
    service.on_stop(gateway.aclose)
    service.consume(PAYMENT_COMMANDS, payments.on_request_payment)
    service.consume(PAYMENT_GATEWAY, payments.on_gateway_event, group=f"{settings.service_name}-gateway")

    @service.app.get("/receipts/{receipt_number}.pdf")
    async def receipt_pdf(receipt_number: str, sig: str = "") -> Response:
        signing_key = settings.receipt_signing_key.get_secret_value().encode()
        if not _RECEIPT_NUMBER.fullmatch(receipt_number) or not is_genuine(receipt_number, sig, signing_key):
            raise HTTPException(404)
        pdf = await service.pool.fetchval("SELECT pdf FROM receipts WHERE receipt_number = $1", receipt_number)
        if pdf is None:
            raise HTTPException(404)
        return Response(bytes(pdf), media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{receipt_number}.pdf"'})

    return service


def main() -> None:
    build(Settings()).run()
