"""Registers the gateway fixtures for every test module here."""

from .gateway_harness import gateway  # noqa: F401
