from fontTools.ttLib import TTFont
from fpdf import FPDF
from nagrik_documents import unsupported_characters
from nagrik_documents.fonts import BOLD, REGULAR, font_file, register_fonts


def test_one_font_covers_devanagari_latin_digits_and_the_rupee_sign():
    text = "प्रमाण पत्र क्षेत्र आय निवास ज़िला ॐ । ॥ ABCxyz 0123456789 ₹ @/:?=&%-_.,()'\"“”–—•"

    assert unsupported_characters(text) == ""


def test_precomposed_latin_letters_count_as_drawable_through_their_parts():
    assert unsupported_characters("Rōhan Dé Zoë") == ""


def test_symbols_outside_the_font_are_reported_once_each():
    assert unsupported_characters("½ + ½ ± 1") == "½±"


def test_regular_and_bold_are_static_instances_of_the_packaged_font():
    regular, bold = TTFont(font_file(REGULAR)), TTFont(font_file(BOLD))

    assert "fvar" not in regular and "fvar" not in bold
    assert regular["OS/2"].usWeightClass == 400 and bold["OS/2"].usWeightClass == 700
    # Bold glyphs are wider: HarfBuzz must shape with these advances, not the regular ones.
    assert bold["hmtx"]["uni0915"][0] > regular["hmtx"]["uni0915"][0]


def test_a_deleted_instance_is_rebuilt():
    path = font_file(BOLD)
    path.unlink()

    assert font_file(BOLD).exists()


def test_registering_turns_text_shaping_on():
    pdf = FPDF()
    register_fonts(pdf)

    assert pdf.text_shaping is not None
