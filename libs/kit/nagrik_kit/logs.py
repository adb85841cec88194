"""JSON logs, one object per line, with phone and Aadhaar numbers masked.

Masking runs on the finished line, so it also covers exception texts and extra fields: any run of
10–13 digits (optionally grouped by spaces or dashes, as Aadhaar numbers are printed) keeps only
its last four digits. A phone number and an unformatted Aadhaar number look alike; both are masked.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

_LONG_NUMBER = re.compile(r"(?<![\w.])\+?\d(?:[ -]?\d){9,12}(?![\w.])")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "color_message"}


def mask_numbers(text: str) -> str:
    def mask(match: re.Match[str]) -> str:
        value = match.group(0)
        digits_seen = 0
        masked = []
        total = sum(ch.isdigit() for ch in value)
        for ch in value:
            if ch.isdigit():
                digits_seen += 1
                masked.append(ch if digits_seen > total - 4 else "X")
            else:
                masked.append(ch)
        return "".join(masked)

    return _LONG_NUMBER.sub(mask, text)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return mask_numbers(json.dumps(line, ensure_ascii=False, default=str))


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    adopt_library_loggers()


def adopt_library_loggers(prefix: str = "faststream") -> None:
    """Libraries that install their own console handlers (FastStream does, colourised, at broker
    start) would bypass the JSON format and the masking: send their records to the root handler."""
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if name.startswith(prefix) and isinstance(logger, logging.Logger):
            logger.handlers.clear()
            logger.propagate = True
