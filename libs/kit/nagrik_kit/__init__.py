"""Nagrik's shared runtime kit: what every service needs once, written once."""

from .consumer import PoisonMessage, Transaction
from .service import Service
from .settings import DEVELOPMENT_SECRET, ServiceSettings

__all__ = ["DEVELOPMENT_SECRET", "PoisonMessage", "Service", "ServiceSettings", "Transaction"]
