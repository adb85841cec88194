"""Nagrik's payments service: orders at the gateway, UPI links, confirmed captures and receipts."""
