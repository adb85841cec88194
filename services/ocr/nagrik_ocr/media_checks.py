"""Accept or refuse an uploaded ID proof before OCR, with a reason the citizen can be told. Pure: no I/O.

Only JPEG and PNG photos and PDF documents are ID proofs. The declared type and size (from WhatsApp's media
metadata) are checked before downloading (`check_declared`); the bytes afterwards (`check_media`): content
that is no JPEG, PNG or PDF at all (a text file sent as a photo) is the wrong type; otherwise the magic number
must match the declared type, and the file must end properly (JPEG end-of-image marker, PNG IEND chunk, PDF
`%%EOF`), which catches truncated downloads and renamed files without an image library.

Known limit: a JPEG with data appended after its end marker (a phone's "motion photo" sent as a document)
is refused as corrupt; photos sent as WhatsApp images are re-encoded and never carry such a trailer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RejectReason = Literal["wrong_type", "oversize", "corrupt"]
MediaKind = Literal["image", "document"]

MIB = 1024 * 1024
TAIL_BYTES = 1024
"""How many trailing bytes callers should pass: PDF readers look for `%%EOF` within the last 1024 bytes."""
HEAD_BYTES = 1024
"""How many leading bytes callers should pass: PDF readers accept `%PDF-` within the first 1024 bytes."""

_JPEG_START = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"
_PNG_START = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"  # the IEND chunk's type and its fixed CRC
_PDF_START = b"%PDF-"
_PDF_END = b"%%EOF"

_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}
_KINDS: dict[str, MediaKind] = {"image/jpeg": "image", "image/png": "image", "application/pdf": "document"}


@dataclass(frozen=True)
class MediaLimits:
    """Largest accepted files. WhatsApp's limits (PROTOCOLS.md §2) are "5 MB" and "100 MB" without saying
    which megabyte; we take the larger binary one so that we never refuse a file WhatsApp delivered."""

    image_bytes: int = 5 * MIB
    document_bytes: int = 100 * MIB

    def for_kind(self, kind: MediaKind) -> int:
        return self.image_bytes if kind == "image" else self.document_bytes


@dataclass(frozen=True)
class MediaVerdict:
    reason: RejectReason | None = None
    """What to tell the citizen; None when accepted."""
    detail: str = ""
    """For logs and dead letters; never contains the file's content."""

    @property
    def accepted(self) -> bool:
        return self.reason is None


ACCEPTED = MediaVerdict()


def normalise_mime_type(mime_type: str) -> str:
    """`Image/JPG; charset=binary` → `image/jpeg`."""
    bare = mime_type.split(";", 1)[0].strip().lower()
    return _ALIASES.get(bare, bare)


def check_declared(mime_type: str, size: int | str, limits: MediaLimits = MediaLimits()) -> MediaVerdict:
    """Decide on what WhatsApp declares (its `file_size` may come as a string), before downloading."""
    kind = _KINDS.get(normalise_mime_type(mime_type))
    if kind is None:
        return MediaVerdict("wrong_type", "only JPEG or PNG photos and PDF documents are accepted")
    try:
        size = int(size)
    except ValueError:
        return MediaVerdict("corrupt", "declared size is not a number")
    if size <= 0:
        return MediaVerdict("corrupt", "empty file")
    if size > limits.for_kind(kind):
        return MediaVerdict("oversize", f"{size} bytes is over the {kind} limit of {limits.for_kind(kind)}")
    return ACCEPTED


def sniff_type(head: bytes) -> str | None:
    """The accepted type that the content's first bytes announce, or None if they announce none."""
    if head.startswith(_JPEG_START):
        return "image/jpeg"
    if head.startswith(_PNG_START):
        return "image/png"
    return "application/pdf" if _PDF_START in head[:HEAD_BYTES] else None


def _content_problem(mime_type: str, head: bytes, tail: bytes) -> str | None:
    # Only the last bytes count: an EXIF thumbnail near the start of a JPEG has an end marker of its own.
    tail = tail[-TAIL_BYTES:]
    if mime_type == "image/jpeg":
        if not head.startswith(_JPEG_START):
            return "declared JPEG but the content is not JPEG"
        # Entropy-coded JPEG data escapes every 0xFF byte, so FF D9 near the end can only be the end marker.
        return None if _JPEG_END in tail else "JPEG without its end-of-image marker (truncated)"
    if mime_type == "image/png":
        if not head.startswith(_PNG_START):
            return "declared PNG but the content is not PNG"
        return None if _PNG_END in tail else "PNG without its IEND chunk (truncated)"
    if _PDF_START not in head[:HEAD_BYTES]:
        return "declared PDF but the content is not PDF"
    return None if _PDF_END in tail else "PDF without %%EOF (truncated)"


def check_media(
    *, mime_type: str, size: int | str, head: bytes, tail: bytes, limits: MediaLimits = MediaLimits()
) -> MediaVerdict:
    """Decide on a downloaded file from its declared type and size, its first and its last bytes.

    Pass at least `HEAD_BYTES` / `TAIL_BYTES` of each (the whole file's bytes for both is fine).
    """
    declared = check_declared(mime_type, size, limits)
    if not declared.accepted:
        return declared
    if sniff_type(head) is None:
        return MediaVerdict("wrong_type", "the content is not a JPEG, PNG or PDF file")
    problem = _content_problem(normalise_mime_type(mime_type), head, tail)
    return MediaVerdict("corrupt", problem) if problem else ACCEPTED


def check_file(mime_type: str, content: bytes, limits: MediaLimits = MediaLimits()) -> MediaVerdict:
    """`check_media` for a file held whole in memory; its size is its length."""
    return check_media(mime_type=mime_type, size=len(content), head=content, tail=content[-TAIL_BYTES:], limits=limits)
