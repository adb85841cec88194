"""Nagrik's contracts: the envelope, events, commands and topics. No I/O."""

from .envelope import Envelope, Payload
from .topics import ALL as ALL_TOPICS
from .topics import PAYLOADS, Topic

__all__ = ["ALL_TOPICS", "PAYLOADS", "Envelope", "Payload", "Topic"]
