"""What a citizen, a printer and a verifier get from a rendered certificate.

Hindi is checked through the PDF's own ToUnicode maps (what a viewer's copy-paste and a screen reader use): a
general-purpose extractor such as pypdf turns the consonant after a reordered ि matra into a stray character,
because fpdf2 puts the whole cluster's text on the matra glyph and leaves the consonant glyph unmapped. English
is checked with pypdf's extraction, which is independent of how the file was written.
"""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from nagrik_documents import (
    BilingualText,
    DetailRow,
    UnsupportedCharacterError,
    is_genuine,
    render_certificate,
)
from nagrik_documents.layout import qr_png
from PIL import Image

A4_POINTS = (595.28, 841.89)


def test_is_one_complete_a4_pdf(certificate_pdf):
    assert certificate_pdf.raw.startswith(b"%PDF-")
    assert certificate_pdf.raw.rstrip().endswith(b"%%EOF")
    [page] = certificate_pdf.reader.pages
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.1)


def test_all_text_is_set_in_embedded_noto_sans_devanagari(certificate_pdf):
    names = sorted(font.base_font.split("+")[-1] for font in certificate_pdf.fonts.values())

    assert names == ["NotoSansDevanagari", "NotoSansDevanagariBold"]
    for font in certificate_pdf.fonts.values():
        assert "glyf" in font.program
        assert "fvar" not in font.program, "embed static instances, not the variable font"
        assert 0x0915 in font.program.getBestCmap()


def test_english_text_is_extractable(certificate_pdf):
    for text in [
        "Government of National Capital Territory of Delhi",
        "Revenue Department, District South",
        "RESIDENCE CERTIFICATE",
        "Certificate No.: DL-RES-2025-000123",
        "Application No.: APP-2025-0042",
        "Date of issue: 05/03/2025",
        "Name of applicant",
        "Priya Sharma",
        "Rajesh Kumar Sharma",
        "This is to certify that Priya Sharma",
        "This certificate is digitally generated and does not require a signature.",
    ]:
        assert text in certificate_pdf.text


def test_hindi_text_reads_in_logical_order(certificate_pdf):
    lines = certificate_pdf.unicode_lines()

    for line in [
        "राष्ट्रीय राजधानी क्षेत्र दिल्ली सरकार",
        "राजस्व विभाग, ज़िला दक्षिण",
        "निवास प्रमाण पत्र",
        "आवेदक का विवरण / Applicant's particulars",
        "आवेदक का नाम",
        "प्रिया शर्मा / Priya Sharma",
        "मकान संख्या 12, ब्लॉक C, साकेत, नई दिल्ली - 110017",
        "क्षेत्र",
        "यह प्रमाण पत्र डिजिटल रूप से जनित है; इस पर हस्ताक्षर की आवश्यकता नहीं है।",
    ]:
        assert line in lines
    assert "प्रमाण पत्र संख्या / Certificate No.: " in lines
    assert any(line.startswith("प्रमाणित किया जाता है कि प्रिया शर्मा") for line in lines)


def test_conjuncts_are_single_shaped_glyphs(certificate_pdf):
    # Without shaping fpdf2 draws one glyph per character; HarfBuzz substitutes conjunct glyphs, which the
    # ToUnicode map then gives the text of the whole cluster.
    clusters = {text for font in certificate_pdf.fonts.values() for text in font.to_unicode.values()}

    assert {"क्ष", "त्र", "प्र"} <= clusters


def test_the_i_matra_is_drawn_before_its_consonant(certificate_pdf):
    # "नि" is stored न + ि but written ि न: the matra glyph (carrying the cluster's text) comes first, then न.
    seen = 0
    for font_name, codes in certificate_pdf.glyph_runs():
        font = certificate_pdf.fonts[font_name]
        na_glyph = font.program.getBestCmap()[ord("न")]
        for first, second in zip(codes, codes[1:], strict=False):
            if font.to_unicode.get(first) == "नि":
                assert font.code_to_glyph[second] == na_glyph
                assert font.code_to_glyph[first] != na_glyph
                seen += 1
    assert seen >= 2  # "निवास" in the title and in the details


def test_the_qr_image_is_the_generator_output_for_exactly_the_signed_url(certificate_pdf, certificate):
    [image] = certificate_pdf.images
    expected = Image.open(qr_png(certificate.verification_url))

    assert image.size == expected.size
    assert image.convert("L").tobytes() == expected.convert("L").tobytes()


def test_the_qr_code_decodes_to_a_genuine_verification_link(certificate_pdf, certificate, verification_secret):
    zxingcpp = pytest.importorskip("zxingcpp")
    [image] = certificate_pdf.images

    [code] = zxingcpp.read_barcodes(image.convert("L"))

    assert code.text == certificate.verification_url
    parts = urlsplit(code.text)
    document_id = unquote(parts.path.rsplit("/", 1)[-1])
    assert document_id == certificate.certificate_number
    assert is_genuine(document_id, parse_qs(parts.query)["sig"][0], verification_secret)


def test_the_url_is_printed_and_clickable(certificate_pdf, certificate):
    assert certificate.verification_url in certificate_pdf.text
    assert certificate.verification_url in certificate_pdf.unicode_lines()
    assert certificate.verification_url in certificate_pdf.links


def test_the_same_certificate_renders_to_the_same_bytes(make_certificate):
    assert render_certificate(make_certificate()) == render_certificate(make_certificate())


def test_latin_names_with_diacritics_render(make_certificate, pdf_reader):
    cert = make_certificate(details=(DetailRow(BilingualText("नाम", "Name"), "Rōhan Dé Souza"),))

    assert "Rōhan Dé Souza" in pdf_reader(render_certificate(cert)).unicode_lines()


def test_a_character_the_font_cannot_draw_is_refused_not_dropped(make_certificate):
    cert = make_certificate(details=(DetailRow(BilingualText("क्षेत्रफल", "Plot area"), "2½ acres"),))

    with pytest.raises(UnsupportedCharacterError, match="U\\+00BD"):
        render_certificate(cert)


def test_many_details_flow_onto_more_pages_with_the_qr_code_last(make_certificate, pdf_reader):
    rows = tuple(DetailRow(BilingualText(f"विवरण {i}", f"Detail {i}"), f"मान {i} / value {i}") for i in range(30))

    pdf = pdf_reader(render_certificate(make_certificate(details=rows)))

    pages = pdf.reader.pages
    assert len(pages) >= 2
    assert not pages[0].images and len(pages[-1].images) == 1
    assert pdf.text.count("This certificate is digitally generated") == len(pages)
    assert "मान 29 / value 29" in pdf.unicode_lines()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"details": ()}, ValueError),
        ({"certificate_number": " "}, ValueError),
        ({"verification_url": "verify.example/x"}, ValueError),
        ({"issued_on": "2025-03-05"}, TypeError),
    ],
)
def test_incomplete_certificate_data_is_refused(make_certificate, changes, error):
    with pytest.raises(error):
        make_certificate(**changes)


def test_bilingual_text_needs_both_languages():
    with pytest.raises(ValueError):
        BilingualText("निवास प्रमाण पत्र", "")


def test_the_pdf_says_what_it_is(certificate_pdf):
    metadata = certificate_pdf.reader.metadata

    assert metadata.title == "Residence Certificate DL-RES-2025-000123"
    assert metadata.author == "Revenue Department, District South"
    assert len(certificate_pdf.raw) < 200_000  # small enough to send over WhatsApp on a slow connection
