"""Every event adds to the daily tables; the kit's inbox keeps a redelivery from counting twice."""

from __future__ import annotations

from nagrik_contracts import Envelope
from nagrik_kit import Transaction

from .projection import increments_for
from .repository import add


async def on_event(envelope: Envelope, tx: Transaction) -> None:
    for increment in increments_for(envelope):
        await add(tx.conn, increment)
