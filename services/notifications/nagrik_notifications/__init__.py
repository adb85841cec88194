"""Sends citizens the messages other services ask for, through the WhatsApp Cloud API."""
