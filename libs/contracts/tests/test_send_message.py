"""`SendMessage` and its content models enforce every limit of PROTOCOLS.md §3.

Each limit is checked exactly at the limit (accepted) and one past it (rejected). Limits count
characters (code points), so Devanagari strings are accepted up to the same length as ASCII ones
even though they take three bytes per code point in UTF-8.
"""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from nagrik_contracts.outbound import (
    Button,
    Buttons,
    Document,
    Image,
    List,
    Row,
    Section,
    SendMessage,
    Template,
    Text,
)

# 14 code points, 38 UTF-8 bytes ("income certificate").
AAY_PRAMAN_PATRA = "आय प्रमाण पत्र"


def devanagari(length: int) -> str:
    """'आय प्रमाण पत्र' padded with 'क' to exactly `length` code points."""
    text = AAY_PRAMAN_PATRA + "क" * (length - len(AAY_PRAMAN_PATRA))
    assert len(text) == length
    return text


def rows(count: int, prefix: str = "r") -> list[Row]:
    return [Row(id=f"{prefix}{i}", title=f"Row {i}") for i in range(count)]


def a_list(**overrides) -> List:
    fields = {"body": "Choose a service", "button": "Services", "sections": [Section(rows=rows(1))]}
    fields.update(overrides)
    return List(**fields)


def some_buttons(**overrides) -> Buttons:
    fields = {"body": "Continue?", "buttons": [Button(id="yes", title="Yes"), Button(id="no", title="No")]}
    fields.update(overrides)
    return Buttons(**fields)


def error_locations(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[tuple]:
    return [error["loc"] for error in excinfo.value.errors()]


# --- text -------------------------------------------------------------------------------------


def test_text_body_of_4096_characters_is_accepted():
    assert len(Text(body="x" * 4096).body) == 4096


def test_text_body_of_4097_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        Text(body="x" * 4097)
    assert error_locations(excinfo) == [("body",)]


def test_text_body_limit_counts_devanagari_code_points_not_bytes():
    body = devanagari(4096)
    assert len(body.encode()) > 4096
    assert Text(body=body).body == body
    with pytest.raises(ValidationError):
        Text(body=devanagari(4097))


def test_empty_text_body_is_rejected():
    with pytest.raises(ValidationError):
        Text(body="")


def test_text_preview_url_defaults_to_false():
    assert Text(body="hi").preview_url is False


# --- list: row titles -------------------------------------------------------------------------


def test_row_title_of_24_characters_is_accepted():
    assert Row(id="r", title="x" * 24).title == "x" * 24


def test_row_title_of_25_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        Row(id="r", title="x" * 25)
    assert error_locations(excinfo) == [("title",)]


def test_devanagari_row_title_of_24_code_points_is_accepted():
    title = devanagari(24)
    assert len(title.encode("utf-8")) > 24  # the limit is not in bytes
    row = Row(id="income-certificate", title=title)
    assert row.title == title
    # ...and inside a whole message.
    message = SendMessage(
        citizen_id="919876543210",
        language="hi",
        content=a_list(sections=[Section(rows=[row])]),
    )
    assert message.content.sections[0].rows[0].title == title


def test_devanagari_row_title_of_25_code_points_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        Row(id="income-certificate", title=devanagari(25))
    assert error_locations(excinfo) == [("title",)]


def test_empty_row_title_is_rejected():
    with pytest.raises(ValidationError):
        Row(id="r", title="")


# --- list: row ids and descriptions -----------------------------------------------------------


def test_row_id_of_200_characters_is_accepted():
    assert Row(id="i" * 200, title="t").id == "i" * 200


def test_row_id_of_201_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        Row(id="i" * 201, title="t")
    assert error_locations(excinfo) == [("id",)]


def test_row_description_of_72_characters_is_accepted():
    assert Row(id="r", title="t", description="d" * 72).description == "d" * 72


def test_row_description_of_73_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        Row(id="r", title="t", description="d" * 73)
    assert error_locations(excinfo)[0][0] == "description"


def test_devanagari_row_description_of_72_accepted_73_rejected():
    assert Row(id="r", title="t", description=devanagari(72)).description == devanagari(72)
    with pytest.raises(ValidationError):
        Row(id="r", title="t", description=devanagari(73))


# --- list: sections ---------------------------------------------------------------------------


def test_section_title_of_24_characters_is_accepted():
    assert Section(title="s" * 24, rows=rows(1)).title == "s" * 24


def test_section_title_of_25_characters_is_rejected():
    with pytest.raises(ValidationError):
        Section(title="s" * 25, rows=rows(1))


def test_ten_rows_across_several_sections_are_accepted():
    sections = [
        Section(title="Certificates", rows=rows(4, "c")),
        Section(title="Pensions", rows=rows(3, "p")),
        Section(title="Ration", rows=rows(3, "r")),
    ]
    listing = a_list(sections=sections)
    assert sum(len(section.rows) for section in listing.sections) == 10


def test_ten_rows_across_ten_sections_are_accepted():
    sections = [Section(title=f"Section {i}", rows=[Row(id=f"r{i}", title="t")]) for i in range(10)]
    assert len(a_list(sections=sections).sections) == 10


def test_eleven_rows_across_several_sections_are_rejected():
    sections = [
        Section(title="Certificates", rows=rows(4, "c")),
        Section(title="Pensions", rows=rows(4, "p")),
        Section(title="Ration", rows=rows(3, "r")),
    ]
    with pytest.raises(ValidationError, match="at most 10 rows"):
        a_list(sections=sections)


def test_eleven_rows_in_one_section_are_rejected():
    with pytest.raises(ValidationError):
        Section(rows=rows(11))


def test_more_than_ten_sections_are_rejected():
    sections = [{"title": f"Section {i}", "rows": [{"id": f"r{i}", "title": "t"}]} for i in range(11)]
    with pytest.raises(ValidationError) as excinfo:
        List(body="b", button="Services", sections=sections)
    assert ("sections",) in error_locations(excinfo)


def test_list_without_sections_is_rejected():
    with pytest.raises(ValidationError):
        a_list(sections=[])


def test_section_without_rows_is_rejected():
    with pytest.raises(ValidationError):
        Section(title="Empty", rows=[])


def test_duplicate_row_ids_across_sections_are_rejected():
    sections = [
        Section(title="Certificates", rows=[Row(id="same", title="Income")]),
        Section(title="Pensions", rows=[Row(id="same", title="Old age")]),
    ]
    with pytest.raises(ValidationError, match="row ids must be unique"):
        a_list(sections=sections)


def test_duplicate_row_ids_within_a_section_are_rejected():
    section = Section(rows=[Row(id="same", title="Income"), Row(id="same", title="Caste")])
    with pytest.raises(ValidationError, match="row ids must be unique"):
        a_list(sections=[section])


def test_several_sections_all_need_titles():
    sections = [Section(title="Certificates", rows=rows(1, "c")), Section(rows=rows(1, "p"))]
    with pytest.raises(ValidationError, match="title"):
        a_list(sections=sections)


# --- list: body, header, footer, button label -------------------------------------------------


def test_list_body_of_4096_characters_is_accepted():
    assert len(a_list(body="b" * 4096).body) == 4096


def test_list_body_of_4097_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        a_list(body="b" * 4097)
    assert error_locations(excinfo) == [("body",)]


@pytest.mark.parametrize("part", ["header", "footer"])
def test_list_header_and_footer_of_60_characters_are_accepted(part):
    assert getattr(a_list(**{part: "h" * 60}), part) == "h" * 60


@pytest.mark.parametrize("part", ["header", "footer"])
def test_list_header_and_footer_of_61_characters_are_rejected(part):
    with pytest.raises(ValidationError) as excinfo:
        a_list(**{part: "h" * 61})
    assert error_locations(excinfo)[0][0] == part


def test_list_button_label_of_20_characters_is_accepted():
    assert a_list(button="b" * 20).button == "b" * 20


def test_list_button_label_of_21_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        a_list(button="b" * 21)
    assert error_locations(excinfo) == [("button",)]


def test_devanagari_list_button_label_of_20_accepted_21_rejected():
    assert a_list(button=devanagari(20)).button == devanagari(20)
    with pytest.raises(ValidationError):
        a_list(button=devanagari(21))


# --- reply buttons ----------------------------------------------------------------------------


def test_three_buttons_are_accepted():
    buttons = [Button(id=f"b{i}", title=f"Option {i}") for i in range(3)]
    assert len(some_buttons(buttons=buttons).buttons) == 3


def test_four_buttons_are_rejected():
    buttons = [Button(id=f"b{i}", title=f"Option {i}") for i in range(4)]
    with pytest.raises(ValidationError) as excinfo:
        some_buttons(buttons=buttons)
    assert error_locations(excinfo) == [("buttons",)]


def test_no_buttons_are_rejected():
    with pytest.raises(ValidationError):
        some_buttons(buttons=[])


def test_duplicate_button_titles_are_rejected():
    buttons = [Button(id="a", title="हाँ"), Button(id="b", title="हाँ")]
    with pytest.raises(ValidationError, match="button titles must be unique"):
        some_buttons(buttons=buttons)


def test_duplicate_button_ids_are_rejected():
    buttons = [Button(id="same", title="Yes"), Button(id="same", title="No")]
    with pytest.raises(ValidationError, match="button ids must be unique"):
        some_buttons(buttons=buttons)


def test_button_title_of_20_characters_is_accepted():
    assert Button(id="b", title="t" * 20).title == "t" * 20


def test_button_title_of_21_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        Button(id="b", title="t" * 21)
    assert error_locations(excinfo) == [("title",)]


def test_devanagari_button_title_of_20_accepted_21_rejected():
    assert Button(id="b", title=devanagari(20)).title == devanagari(20)
    with pytest.raises(ValidationError):
        Button(id="b", title=devanagari(21))


def test_button_id_of_256_accepted_257_rejected():
    assert Button(id="i" * 256, title="t").id == "i" * 256
    with pytest.raises(ValidationError):
        Button(id="i" * 257, title="t")


def test_buttons_body_of_1024_characters_is_accepted():
    assert len(some_buttons(body="b" * 1024).body) == 1024


def test_buttons_body_of_1025_characters_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        some_buttons(body="b" * 1025)
    assert error_locations(excinfo) == [("body",)]


@pytest.mark.parametrize("part", ["header", "footer"])
def test_buttons_header_and_footer_of_60_accepted_61_rejected(part):
    assert getattr(some_buttons(**{part: "h" * 60}), part) == "h" * 60
    with pytest.raises(ValidationError):
        some_buttons(**{part: "h" * 61})


# --- media ------------------------------------------------------------------------------------


def test_document_with_media_id_only_is_accepted():
    document = Document(media_id="1234", filename="certificate.pdf")
    assert (document.media_id, document.link) == ("1234", None)


def test_document_with_link_only_is_accepted():
    document = Document(link="https://example.org/c.pdf", filename="certificate.pdf")
    assert (document.media_id, document.link) == (None, "https://example.org/c.pdf")


def test_document_with_both_media_id_and_link_is_rejected():
    with pytest.raises(ValidationError, match="exactly one of media_id or link"):
        Document(media_id="1234", link="https://example.org/c.pdf", filename="c.pdf")


def test_document_with_neither_media_id_nor_link_is_rejected():
    with pytest.raises(ValidationError, match="exactly one of media_id or link"):
        Document(filename="c.pdf")


def test_document_needs_a_filename():
    with pytest.raises(ValidationError):
        Document(media_id="1234")


def test_image_with_exactly_one_source_is_accepted():
    assert Image(media_id="1234").media_id == "1234"
    assert Image(link="https://example.org/i.jpg").link == "https://example.org/i.jpg"


def test_image_with_both_sources_is_rejected():
    with pytest.raises(ValidationError, match="exactly one of media_id or link"):
        Image(media_id="1234", link="https://example.org/i.jpg")


def test_image_with_no_source_is_rejected():
    with pytest.raises(ValidationError, match="exactly one of media_id or link"):
        Image()


def test_template_header_document_also_needs_exactly_one_source():
    with pytest.raises(ValidationError, match="exactly one of media_id or link"):
        Template(name="certificate_ready", language="hi", header_document={"filename": "c.pdf"})


# --- template and language --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["hi", "en"])
def test_template_language_hi_and_en_are_accepted(language):
    assert Template(name="certificate_ready", language=language).language == language


@pytest.mark.parametrize("language", ["fr", "hi_IN", "en_US", "HI", "", "mr"])
def test_template_other_languages_are_rejected(language):
    with pytest.raises(ValidationError):
        Template(name="certificate_ready", language=language)


@pytest.mark.parametrize("language", ["fr", "en_US", "mr"])
def test_send_message_other_languages_are_rejected(language):
    with pytest.raises(ValidationError):
        SendMessage(citizen_id="919876543210", language=language, content=Text(body="hi"))


def test_send_message_fallback_template_language_is_checked():
    with pytest.raises(ValidationError):
        SendMessage(
            citizen_id="919876543210",
            language="hi",
            content=Text(body="hi"),
            fallback={"name": "generic", "language": "ta"},
        )


def test_send_message_needs_a_citizen_id():
    with pytest.raises(ValidationError):
        SendMessage(citizen_id="", language="hi", content=Text(body="hi"))


@pytest.mark.parametrize("model", [Text, Row, Section, List, Button, Buttons, Document, Image, Template])
def test_content_parts_reject_unknown_fields(model):
    with pytest.raises(ValidationError) as excinfo:
        model.model_validate({"unexpected": 1})
    assert any(error["type"] == "extra_forbidden" for error in excinfo.value.errors())


def test_send_message_rejects_unknown_fields():
    with pytest.raises(ValidationError) as excinfo:
        SendMessage.model_validate(
            {"citizen_id": "1", "language": "hi", "content": {"type": "text", "body": "x"}, "priority": 1}
        )
    assert [error["type"] for error in excinfo.value.errors()] == ["extra_forbidden"]


# --- the discriminated `content` union --------------------------------------------------------

CONTENT_DICTS = {
    Text: {"type": "text", "body": "नमस्ते"},
    List: {
        "type": "list",
        "header": "सेवाएँ",
        "body": "कौन सी सेवा चाहिए?",
        "footer": "Nagrik",
        "button": "सेवाएँ देखें",
        "sections": [
            {"title": "प्रमाण पत्र", "rows": [{"id": "income", "title": AAY_PRAMAN_PATRA, "description": "d"}]},
            {"title": "पेंशन", "rows": [{"id": "old-age", "title": "वृद्धावस्था पेंशन"}]},
        ],
    },
    Buttons: {
        "type": "buttons",
        "body": "जारी रखें?",
        "buttons": [{"id": "y", "title": "हाँ"}, {"id": "n", "title": "नहीं"}],
    },
    Document: {"type": "document", "media_id": "555", "filename": "certificate.pdf", "caption": "आपका प्रमाण पत्र"},
    Image: {"type": "image", "link": "https://example.org/qr.png"},
    Template: {
        "type": "template",
        "name": "certificate_ready",
        "language": "hi",
        "body_parameters": ["राम"],
        "header_document": {"media_id": "555", "filename": "certificate.pdf"},
    },
}


@pytest.mark.parametrize("model", list(CONTENT_DICTS), ids=lambda model: model.__name__)
def test_content_union_parses_each_type_from_a_json_dict(model):
    data = {"citizen_id": "919876543210", "language": "hi", "content": CONTENT_DICTS[model]}
    from_dict = SendMessage.model_validate(data)
    from_json = SendMessage.model_validate_json(json.dumps(data, ensure_ascii=False))
    assert type(from_dict.content) is model
    assert from_json == from_dict
    assert from_dict.content.model_dump(mode="json", exclude_unset=True) == CONTENT_DICTS[model]


def test_content_union_parses_a_list_with_its_rows():
    message = SendMessage.model_validate(
        {"citizen_id": "919876543210", "language": "hi", "content": CONTENT_DICTS[List]}
    )
    assert isinstance(message.content, List)
    assert [row.id for section in message.content.sections for row in section.rows] == ["income", "old-age"]
    assert message.content.sections[0].rows[0].title == AAY_PRAMAN_PATRA


def test_content_union_enforces_limits_when_parsing_json():
    content = json.loads(json.dumps(CONTENT_DICTS[List]))
    content["sections"][0]["rows"][0]["title"] = devanagari(25)
    with pytest.raises(ValidationError) as excinfo:
        SendMessage.model_validate({"citizen_id": "1", "language": "hi", "content": content})
    assert excinfo.value.errors()[0]["loc"] == ("content", "list", "sections", 0, "rows", 0, "title")

    content["sections"][0]["rows"][0]["title"] = devanagari(24)
    SendMessage.model_validate({"citizen_id": "1", "language": "hi", "content": content})


def test_content_union_validates_only_against_the_named_type():
    # A valid text body, but tagged as buttons: must fail as buttons, not fall back to text.
    with pytest.raises(ValidationError) as excinfo:
        SendMessage.model_validate({"citizen_id": "1", "language": "hi", "content": {"type": "buttons", "body": "x"}})
    assert all(error["loc"][:2] == ("content", "buttons") for error in excinfo.value.errors())


@pytest.mark.parametrize("tag", ["interactive", "button", "audio", "TEXT"])
def test_content_union_rejects_an_unknown_type(tag):
    with pytest.raises(ValidationError) as excinfo:
        SendMessage.model_validate({"citizen_id": "1", "language": "hi", "content": {"type": tag, "body": "x"}})
    assert excinfo.value.errors()[0]["type"] == "union_tag_invalid"


def test_content_union_requires_the_type_tag():
    with pytest.raises(ValidationError) as excinfo:
        SendMessage.model_validate({"citizen_id": "1", "language": "hi", "content": {"body": "x"}})
    assert excinfo.value.errors()[0]["type"] == "union_tag_not_found"


def test_content_models_are_frozen():
    text = Text(body="x")
    with pytest.raises(ValidationError):
        text.body = "y"
