"""The page every document is printed on: border, bilingual letterhead and footer, rows, paragraphs, QR code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO

import segno
from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from .bilingual import BilingualText, DetailRow, Issuer
from .fonts import PDF_FONT_NAME, check_renderable, register_fonts

NAVY = (20, 45, 95)
SAFFRON = (255, 153, 51)
GREEN = (19, 136, 8)
INK = (25, 25, 25)
MUTED = (95, 95, 95)
RULE = (190, 196, 206)
ROW_FILL = (243, 245, 249)

MARGIN = 18.0
BORDER_INSET = 8.0
FOOTER_HEIGHT = 24.0
QR_SIZE = 36.0
# segno pixels per QR module: the PNG stays small and every module is a whole number of pixels.
_QR_PIXELS_PER_MODULE = 8


class DocumentPdf(FPDF):
    """An A4 page in the Nagrik house style; every text written is checked against the font's coverage."""

    def __init__(self, *, issuer: Issuer, footer_text: BilingualText, title: str, created_at: datetime) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.issuer = issuer
        self.footer_text = footer_text
        register_fonts(self)
        self._default_cell_margin = self.c_margin
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER_HEIGHT + 6)
        # A fixed creation date makes the same data render to the same bytes (and the same file /ID).
        self.set_creation_date(created_at)
        self.set_title(title)
        self.set_author(issuer.department.en)
        self.set_creator("Nagrik")
        self.set_lang("hi-IN")
        self.add_page()

    def normalize_text(self, text: str) -> str:
        # fpdf2 calls this for every cell, multi_cell and table cell: the one place to refuse what it would drop.
        return super().normalize_text(check_renderable(text))

    def header(self) -> None:
        self.set_draw_color(*NAVY)
        self.set_line_width(0.7)
        self.rect(BORDER_INSET, BORDER_INSET, self.w - 2 * BORDER_INSET, self.h - 2 * BORDER_INSET)
        self.set_line_width(0.2)
        inner = BORDER_INSET + 1.5
        self.rect(inner, inner, self.w - 2 * inner, self.h - 2 * inner)
        self.set_y(MARGIN)

    def footer(self) -> None:
        self.set_y(-FOOTER_HEIGHT)
        self._rule(RULE, 0.2)
        self.ln(1.5)
        self._centered(self.footer_text.hi, size=8.5, color=MUTED, line_height=4.6)
        self._centered(self.footer_text.en, size=8, color=MUTED, line_height=4.4)

    def letterhead(self) -> None:
        self._centered(self.issuer.government.hi, size=16, bold=True, color=NAVY, line_height=8)
        self._centered(self.issuer.government.en, size=12.5, bold=True, color=NAVY, line_height=6.5)
        self.ln(1)
        self._centered(self.issuer.department.hi, size=12, color=INK, line_height=6.5)
        self._centered(self.issuer.department.en, size=10.5, color=INK, line_height=5.5)
        self.ln(2.5)
        # A thin tricolour band under the letterhead.
        self._rule(SAFFRON, 0.9)
        self.ln(1.3)
        self._rule(GREEN, 0.9)
        self.ln(5)

    def document_title(self, title: BilingualText) -> None:
        self._centered(title.hi, size=20, bold=True, color=NAVY, line_height=10)
        self._centered(title.en.upper(), size=14, bold=True, color=NAVY, line_height=7.5)
        self.ln(5)

    def reference_line(self, left: tuple[BilingualText, str], right: tuple[BilingualText, str] | None = None) -> None:
        """References (number, date): the left pair flush left, the right one flush right, or below when both
        do not fit on one line."""
        y = self.get_y()
        self._reference(left, x=self.l_margin)
        if right is not None:
            right_width = self._reference_width(right)
            if self._reference_width(left) + right_width + 6 > self.epw:
                y += 6.5
            self.set_y(y)
            self._reference(right, x=self.w - self.r_margin - right_width)
        self.set_xy(self.l_margin, y + 6.5)

    def detail_rows(self, rows: Sequence[DetailRow], heading: BilingualText | None = None) -> None:
        """A two-column table: the label in Hindi over English, then the value as given."""
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.set_text_color(*INK)
        self.set_font(PDF_FONT_NAME, "", 10.5)
        heading_style = FontFace(family=PDF_FONT_NAME, emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY)
        label_style = FontFace(family=PDF_FONT_NAME, color=MUTED, size_pt=9.5)
        value_style = FontFace(family=PDF_FONT_NAME, emphasis="BOLD", color=INK, size_pt=11)
        with self.table(
            col_widths=(38, 62),
            first_row_as_headings=heading is not None,
            headings_style=heading_style,
            line_height=4.9,
            padding=(1.2, 2.5),
            cell_fill_color=ROW_FILL,
            cell_fill_mode=TableCellFillMode.ROWS,
            v_align="MIDDLE",
            text_align="LEFT",
        ) as table:
            if heading is not None:
                table.row().cell(f"{heading.hi} / {heading.en}", colspan=2, style=heading_style)
            for row in rows:
                cells = table.row()
                cells.cell(f"{row.label.hi}\n{row.label.en}", style=label_style)
                cells.cell(row.value, style=value_style)
        self.ln(5)

    def paragraph(self, text: str, *, size: float = 11, line_height: float = 6.2) -> None:
        self.set_font(PDF_FONT_NAME, "", size)
        self.set_text_color(*INK)
        self.multi_cell(0, line_height, text, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2.5)

    def verification_block(self, url: str, caption: BilingualText) -> None:
        """The QR code for `url` with a caption beside it and the URL printed (and linked) beneath.

        It sits at the foot of the page, where a printed certificate's seal would be, and moves to a new page
        only when the content above leaves no room.
        """
        block_height = QR_SIZE + 8
        if self.get_y() + block_height > self.page_break_trigger:
            self.add_page()
        top = self.page_break_trigger - block_height
        self.image(qr_png(url), x=self.l_margin, y=top, w=QR_SIZE, h=QR_SIZE, link=url)
        text_x = self.l_margin + QR_SIZE + 5
        text_width = self.epw - QR_SIZE - 5
        self.set_xy(text_x, top + 10)
        self.set_font(PDF_FONT_NAME, "B", 10.5)
        self.set_text_color(*NAVY)
        self.multi_cell(text_width, 5.8, caption.hi, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font(PDF_FONT_NAME, "", 9.5)
        self.multi_cell(text_width, 5.2, caption.en, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_xy(self.l_margin, top + QR_SIZE + 1)
        self.set_font(PDF_FONT_NAME, "", 8.5)
        self.set_text_color(*INK)
        self.multi_cell(0, 4.5, url, link=url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def to_bytes(self) -> bytes:
        return bytes(self.output())

    def _reference(self, pair: tuple[BilingualText, str], *, x: float) -> None:
        label, value = pair
        # No cell padding here, so the pair lines up exactly with the table's edges below it.
        self.c_margin = 0
        self.set_x(x)
        self.set_font(PDF_FONT_NAME, "", 9.5)
        self.set_text_color(*MUTED)
        self.cell(text=f"{label.hi} / {label.en}: ", h=6.5)
        self.set_font(PDF_FONT_NAME, "B", 10.5)
        self.set_text_color(*INK)
        self.cell(text=value, h=6.5)
        self.c_margin = self._default_cell_margin

    def _reference_width(self, pair: tuple[BilingualText, str]) -> float:
        label, value = pair
        self.set_font(PDF_FONT_NAME, "", 9.5)
        width = self.get_string_width(f"{label.hi} / {label.en}: ")
        self.set_font(PDF_FONT_NAME, "B", 10.5)
        return width + self.get_string_width(value)

    def _centered(
        self, text: str, *, size: float, line_height: float, color: tuple[int, int, int], bold: bool = False
    ) -> None:
        self.set_font(PDF_FONT_NAME, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, line_height, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _rule(self, color: tuple[int, int, int], width: float) -> None:
        self.set_draw_color(*color)
        self.set_line_width(width)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())


def qr_png(url: str) -> BytesIO:
    """The QR code for `url` as a PNG (segno writes PNG itself); a 4-module quiet zone keeps it scannable."""
    png = BytesIO()
    segno.make(url, error="m", micro=False).save(png, kind="png", scale=_QR_PIXELS_PER_MODULE, border=4)
    png.seek(0)
    return png
