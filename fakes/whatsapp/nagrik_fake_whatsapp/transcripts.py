"""Per-citizen conversation record and the 24-hour customer-service window."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Literal

CUSTOMER_SERVICE_WINDOW_SECONDS = 24 * 60 * 60

Direction = Literal["in", "out"]
# A status only moves forward, as on a phone: a late `delivered` never hides a `read`.
_STATUS_RANK = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}


@dataclass
class TranscriptEntry:
    seq: int
    direction: Direction
    wamid: str
    timestamp: str
    type: str
    body: dict  # the raw inbound `messages[]` item, or the raw outbound request body
    status: str | None  # None for inbound entries

    def to_json(self) -> dict:
        return asdict(self)


class Transcripts:
    def __init__(self) -> None:
        self._entries: dict[str, list[TranscriptEntry]] = {}
        self._by_wamid: dict[str, TranscriptEntry] = {}
        self._last_inbound_at: dict[str, float] = {}

    def record(
        self, wa_id: str, *, direction: Direction, wamid: str, timestamp: str, message_type: str, body: dict,
        status: str | None,
    ) -> TranscriptEntry:
        entries = self._entries.setdefault(wa_id, [])
        entry = TranscriptEntry(
            seq=len(entries) + 1, direction=direction, wamid=wamid, timestamp=timestamp, type=message_type,
            body=body, status=status,
        )
        entries.append(entry)
        self._by_wamid[wamid] = entry
        if direction == "in":
            self._last_inbound_at[wa_id] = float(timestamp)
        return entry

    def after(self, wa_id: str, seq: int = 0) -> list[TranscriptEntry]:
        return [entry for entry in self._entries.get(wa_id, []) if entry.seq > seq]

    def advance_status(self, wamid: str, status: str) -> None:
        entry = self._by_wamid.get(wamid)
        if entry is not None and _STATUS_RANK[status] > _STATUS_RANK.get(entry.status or "accepted", 0):
            entry.status = status

    def set_last_inbound(self, wa_id: str, at: float) -> None:
        self._last_inbound_at[wa_id] = at

    def within_customer_service_window(self, wa_id: str, now: float | None = None) -> bool:
        last = self._last_inbound_at.get(wa_id)
        current = time.time() if now is None else now
        return last is not None and current - last < CUSTOMER_SERVICE_WINDOW_SECONDS

    def clear(self) -> None:
        self._entries.clear()
        self._by_wamid.clear()
        self._last_inbound_at.clear()
