"""How bot messages read in the terminal chat, and what typing a number sends back."""

from nagrik_fake_whatsapp.chat_rendering import media_line, render_outbound, reply_for_input
from nagrik_fake_whatsapp.templates import TemplateCatalog

WAMID = "wamid.BOT1"


def send(message_type: str, content: dict) -> dict:
    return {"messaging_product": "whatsapp", "to": "919812345678", "type": message_type, message_type: content}


BUTTONS = send(
    "interactive",
    {
        "type": "button",
        "body": {"text": "Choose a language / भाषा चुनें"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "lang_en", "title": "English"}},
                {"type": "reply", "reply": {"id": "lang_hi", "title": "हिंदी"}},
            ]
        },
    },
)

LIST = send(
    "interactive",
    {
        "type": "list",
        "header": {"type": "text", "text": "Nagrik services"},
        "body": {"text": "What do you need?"},
        "footer": {"text": "Delhi"},
        "action": {
            "button": "Services",
            "sections": [
                {"title": "Certificates", "rows": [
                    {"id": "birth", "title": "Birth certificate", "description": "New or copy"},
                    {"id": "income", "title": "Income certificate"},
                ]},
                {"title": "Licences", "rows": [{"id": "shop", "title": "Shop licence", "description": "Shops Act"}]},
            ],
        },
    },
)


def test_text_is_shown_as_is():
    assert render_outbound(send("text", {"body": "नमस्ते!\nWelcome"}), wamid=WAMID).text == "नमस्ते!\nWelcome"


def test_buttons_become_numbered_choices_on_one_line():
    rendered = render_outbound(BUTTONS, wamid=WAMID)

    assert rendered.text == "Choose a language / भाषा चुनें\n1. English  2. हिंदी"
    assert [choice.label for choice in rendered.choices] == ["English", "हिंदी"]


def test_number_after_buttons_sends_a_button_reply_to_that_message():
    rendered = render_outbound(BUTTONS, wamid=WAMID)

    assert reply_for_input("2", rendered) == {
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": "lang_hi", "title": "हिंदी"}},
        "context": {"id": WAMID},
    }


def test_list_shows_header_body_button_label_and_numbered_rows_across_sections():
    rendered = render_outbound(LIST, wamid=WAMID)

    assert rendered.text.split("\n") == [
        "Nagrik services",
        "What do you need?",
        "_Delhi_",
        "[Services]",
        "Certificates:",
        "  1. Birth certificate — New or copy",
        "  2. Income certificate",
        "Licences:",
        "  3. Shop licence — Shops Act",
    ]


def test_number_after_a_list_sends_a_list_reply():
    rendered = render_outbound(LIST, wamid=WAMID)

    assert reply_for_input(" 3 ", rendered) == {
        "type": "interactive",
        "interactive": {"type": "list_reply", "list_reply": {"id": "shop", "title": "Shop licence", "description": "Shops Act"}},
        "context": {"id": WAMID},
    }
    reply = reply_for_input("2", rendered)
    assert reply["interactive"]["list_reply"] == {"id": "income", "title": "Income certificate"}


def test_devanagari_digits_pick_a_choice_too():
    assert reply_for_input("२", render_outbound(BUTTONS, wamid=WAMID))["interactive"]["button_reply"]["id"] == "lang_hi"


def test_out_of_range_numbers_and_words_are_sent_as_text():
    rendered = render_outbound(BUTTONS, wamid=WAMID)

    assert reply_for_input("3", rendered) == {"type": "text", "text": {"body": "3"}}
    assert reply_for_input("0", rendered) == {"type": "text", "text": {"body": "0"}}
    assert reply_for_input("English", rendered) == {"type": "text", "text": {"body": "English"}}
    assert reply_for_input("1", None) == {"type": "text", "text": {"body": "1"}}


def test_documents_and_images_render_as_bracketed_lines():
    document = send("document", {"id": "1", "filename": "certificate.pdf", "caption": "आपका प्रमाणपत्र"})
    linked = send("document", {"link": "https://x.example/files/receipt.pdf"})

    assert render_outbound(document, wamid=WAMID).text == "[document: certificate.pdf — आपका प्रमाणपत्र]"
    assert render_outbound(linked, wamid=WAMID).text == "[document: receipt.pdf]"
    assert render_outbound(send("image", {"id": "2", "caption": "QR"}), wamid=WAMID).text == "[image — QR]"
    assert media_line("image", {"id": "2"}) == "[image]"


def test_template_renders_its_text_with_parameters_and_quick_replies():
    body = send(
        "template",
        {
            "name": "session_reopen",
            "language": {"code": "hi"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "आशा"}]},
                {"type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [{"type": "payload", "payload": "resume"}]},
            ],
        },
    )

    rendered = render_outbound(body, wamid=WAMID, templates=TemplateCatalog.load())

    lines = rendered.text.split("\n")
    assert lines[0] == "(template session_reopen, hi)"
    assert lines[1].startswith("नमस्ते आशा!")
    assert lines[2] == "1. जारी रखें"
    assert reply_for_input("1", rendered) == {
        "type": "button",
        "button": {"payload": "resume", "text": "जारी रखें"},
        "context": {"id": WAMID},
    }


def test_template_with_document_header_shows_the_document():
    body = send(
        "template",
        {
            "name": "certificate_ready",
            "language": {"code": "en"},
            "components": [
                {"type": "header", "parameters": [{"type": "document", "document": {"id": "9", "filename": "birth.pdf"}}]},
                {"type": "body", "parameters": [{"type": "text", "text": "Birth certificate"}, {"type": "text", "text": "DL-1"}]},
            ],
        },
    )

    text = render_outbound(body, wamid=WAMID, templates=TemplateCatalog.load()).text

    assert text.split("\n")[1:] == [
        "[document: birth.pdf]",
        "Your Birth certificate for application DL-1 is ready. The signed certificate is attached.",
    ]


def test_unknown_template_shows_name_and_parameters():
    body = send("template", {"name": "mystery", "language": {"code": "en"}, "components": [
        {"type": "body", "parameters": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}]})

    assert render_outbound(body, wamid=WAMID, templates=TemplateCatalog.load()).text == "(template mystery, en)\na | b"
