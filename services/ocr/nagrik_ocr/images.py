"""Decoding what passed the media checks: a real decode with Pillow, and the picture the OCR engine reads.

- An image is `verify()`-ed (structure, checksums) and then fully `load()`-ed (every pixel decoded), so a
  file whose ends look right but whose middle is damaged is still refused as corrupt.
- More than `MAX_PIXELS` pixels is refused before decoding (a small PNG can expand to gigabytes).
- The engine gets the photo upright (EXIF orientation applied), in RGB, with its longer side at most
  `OCR_MAX_SIDE` pixels: card text stays legible and a 12-megapixel photo reads in seconds, not minutes.
- PDFs: nothing installed here rasterises a PDF page (no PDFium, Poppler or MuPDF). What a PDF usually holds
  when a citizen sends an ID card is a phone scan: one photo per page. `pypdf` (pure Python) parses the PDF,
  which is its decode check, and hands out the largest image embedded in its first page for OCR. A PDF with
  no embedded image (a born-digital one, an encrypted e-Aadhaar) has nothing to read: the service stores it
  and answers with no fields, and the citizen types the values.

CPU-bound; callers run these in a worker thread.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_PIXELS = 40_000_000
OCR_MAX_SIDE = 1600
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


class CorruptFile(Exception):
    """The file does not decode; the message is safe to log (it never quotes the content)."""


def decoded_image(content: bytes, mime_type: str) -> Image.Image:
    """The decoded photo, upright, RGB, at most OCR_MAX_SIDE on its longer side; raises CorruptFile."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format != _FORMATS.get(mime_type):
                    raise CorruptFile(f"declared {mime_type} but Pillow reads {probe.format}")
                if probe.width * probe.height > MAX_PIXELS:
                    raise CorruptFile(f"{probe.width}x{probe.height} pixels is more than {MAX_PIXELS}")
                probe.verify()
            image = Image.open(io.BytesIO(content))
            image.load()
    except CorruptFile:
        raise
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:
        raise CorruptFile(f"the image does not decode: {type(error).__name__}") from None
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
    return image


def pdf_first_page_image(content: bytes) -> Image.Image | None:
    """The largest photo embedded in the first page, prepared like `decoded_image`; None if there is none.
    Raises CorruptFile if the PDF does not parse."""
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            return None
        if not reader.pages:
            raise CorruptFile("the PDF has no pages")
        images = list(reader.pages[0].images)
    except CorruptFile:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CorruptFile(f"the PDF does not parse: {type(error).__name__}") from None
    best: Image.Image | None = None
    for embedded in images:
        try:
            picture = embedded.image
        except Exception:  # an embedded image pypdf cannot decode (JBIG2, say) is skipped, not fatal
            continue
        if picture is not None and picture.width * picture.height <= MAX_PIXELS and (
            best is None or picture.width * picture.height > best.width * best.height
        ):
            best = picture
    if best is None:
        return None
    best = best.convert("RGB")
    best.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
    return best
