"""Logs never carry a full phone or Aadhaar number, wherever the number appears."""

import json
import logging

from nagrik_kit.logs import JsonFormatter, mask_numbers


def test_aadhaar_keeps_only_its_last_four_digits_grouped_or_not():
    assert mask_numbers("aadhaar 2345 6789 0123 read") == "aadhaar XXXX XXXX 0123 read"
    assert mask_numbers("aadhaar 234567890123") == "aadhaar XXXXXXXX0123"


def test_phone_numbers_are_masked_in_every_form():
    assert mask_numbers("from 919812345678") == "from XXXXXXXX5678"
    assert mask_numbers("+91 98123 45678") == "+XX XXXXX X5678"
    assert mask_numbers("call 9812345678") == "call XXXXXX5678"


def test_short_numbers_ids_and_times_are_left_alone():
    text = "order 12345, pin 110001, at 2026-11-22T05:16:12, wamid.HBgM"
    assert mask_numbers(text) == text


def test_a_log_line_masks_message_extras_and_tracebacks():
    formatter = JsonFormatter("test")
    try:
        raise ValueError("bad aadhaar 2345 6789 0123")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "citizen %s failed", ("919812345678",), None)
        import sys

        record.exc_info = sys.exc_info()
    record.citizen = "919812345678"
    line = formatter.format(record)
    assert "919812345678" not in line and "2345 6789 0123" not in line
    parsed = json.loads(line)
    assert parsed["msg"] == "citizen XXXXXXXX5678 failed" and parsed["citizen"] == "XXXXXXXX5678"
