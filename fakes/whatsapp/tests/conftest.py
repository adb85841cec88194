"""Registers the harness fixtures for every test module here."""

from fake_whatsapp_harness import harness, settings_overrides  # noqa: F401
