"""A local fake of the WhatsApp Cloud API and a terminal chat that talks to it as a citizen."""
