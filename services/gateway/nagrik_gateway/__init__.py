"""The gateway: WhatsApp webhooks in, `wa.inbound` / `wa.status` events out, acknowledged only once Kafka has them."""
