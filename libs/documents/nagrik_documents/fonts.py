"""The one font documents use: Noto Sans Devanagari from its PyPI wheel, which also covers Latin, digits and ₹.

The wheel ships a variable font. fpdf2's own `variations=` support is not used: it embeds the bold outlines but
lets HarfBuzz shape with the regular advances, so bold text comes out cramped. Instead static instances (regular
and bold) are built once per process, about half a second each, into a private temporary directory; fpdf2 and
HarfBuzz both read those files, and PDFs embed plain static TrueType fonts that every viewer understands.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
import threading
import unicodedata
from pathlib import Path

import fontpkg
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fpdf import FPDF

FONT_FAMILY = "Noto Sans Devanagari"
PDF_FONT_NAME = "NotoSansDevanagari"
REGULAR = 400
BOLD = 700
# Characters that are layout, not glyphs: multi_cell turns them into line breaks.
_LAYOUT_CHARACTERS = frozenset("\r\n")

_instance_lock = threading.Lock()
_instances: dict[tuple[Path, int], Path] = {}
_directory: Path | None = None


class UnsupportedCharacterError(ValueError):
    """Text holds characters the document font cannot draw; fpdf2 would silently drop them."""


def font_file(weight: int = REGULAR) -> Path:
    """Path of a static TrueType file of the document font at `weight` (REGULAR or BOLD)."""
    source = _variable_source()
    if source is None:
        return fontpkg.path(FONT_FAMILY, weight=weight)
    return _static_instance(source, weight)


def prepare_fonts() -> None:
    """Build the font instances now (e.g. at service start-up) instead of during the first render."""
    font_file(REGULAR)
    font_file(BOLD)


def register_fonts(pdf: FPDF) -> None:
    """Make the document font available as PDF_FONT_NAME ("" and "B") and turn HarfBuzz shaping on."""
    pdf.add_font(PDF_FONT_NAME, "", font_file(REGULAR))
    pdf.add_font(PDF_FONT_NAME, "B", font_file(BOLD))
    # Without shaping, conjuncts (क्ष, त्र, प्र) fall apart and the ि matra lands after its consonant.
    pdf.set_text_shaping(True)


def unsupported_characters(text: str) -> str:
    """The distinct characters of `text` (in order of appearance) that the font has no glyph for."""
    cmap = _cmap()
    missing: dict[str, None] = {}
    for char in text:
        if char in _LAYOUT_CHARACTERS or ord(char) in cmap:
            continue
        # A precomposed letter (ō) still renders when its base and combining mark both exist: HarfBuzz
        # decomposes it and positions the mark.
        decomposed = unicodedata.normalize("NFD", char)
        if decomposed != char and all(ord(part) in cmap for part in decomposed):
            continue
        missing[char] = None
    return "".join(missing)


def check_renderable(text: str) -> str:
    """Return `text` unchanged, or raise UnsupportedCharacterError naming what cannot be drawn."""
    missing = unsupported_characters(text)
    if missing:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in missing)
        raise UnsupportedCharacterError(f"the document font cannot draw {names} in {text!r}")
    return text


@functools.cache
def _variable_source() -> Path | None:
    """The variable font file of the family's normal style, or None when the package ships static files."""
    family = fontpkg.family(FONT_FAMILY)
    variable = [f for f in family.files if f.style == "normal" and f.variable]
    return variable[0].path if variable else None


@functools.cache
def _cmap() -> frozenset[int]:
    return frozenset(TTFont(font_file(REGULAR), lazy=True).getBestCmap())


def _static_instance(source: Path, weight: int) -> Path:
    # Re-checked on every call: a long-running service can outlive a temp cleaner that deletes the files.
    with _instance_lock:
        built = _instances.get((source, weight))
        if built is None or not built.exists():
            built = _instances[(source, weight)] = _build_static_instance(source, weight)
        return built


def _build_static_instance(source: Path, weight: int) -> Path:
    font = TTFont(source)
    # Axes not named here (wdth) are pinned at their defaults, so the result has no variations left.
    instancer.instantiateVariableFont(font, {"wght": weight}, inplace=True, static=True, updateFontNames=True)
    global _directory
    if _directory is None or not _directory.is_dir():
        _directory = Path(tempfile.mkdtemp(prefix="nagrik-documents-fonts-"))
        atexit.register(shutil.rmtree, _directory, ignore_errors=True)
    target = _directory / f"{source.stem.split('[')[0]}-wght{weight}.ttf"
    font.save(target)
    return target
