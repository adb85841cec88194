"""The Cloud API client: Meta's exact JSON for every content type (PROTOCOLS.md §3), and its errors as types."""

from __future__ import annotations

import json

import httpx
import pytest
from pydantic import SecretStr

from nagrik_contracts.outbound import Button, Buttons, Document, Image, List, Row, Section, Template, Text
from nagrik_fake_whatsapp.send_validation import check_send_request
from nagrik_fake_whatsapp.templates import TemplateCatalog
from nagrik_notifications.cloud_api import (
    CloudApi,
    Rejected,
    Throttled,
    TokenExpired,
    Transient,
    Undeliverable,
    WindowClosed,
    error_for,
    message_body,
)

TO = "919812345678"
ENVELOPE = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO}


def test_text():
    assert message_body(TO, Text(body="नमस्ते! आपका स्वागत है")) == {
        **ENVELOPE, "type": "text", "text": {"body": "नमस्ते! आपका स्वागत है", "preview_url": False},
    }


def test_text_replying_to_the_citizens_message_carries_the_context():
    assert message_body(TO, Text(body="OK", preview_url=True), reply_to="wamid.ABC=") == {
        **ENVELOPE, "context": {"message_id": "wamid.ABC="}, "type": "text",
        "text": {"body": "OK", "preview_url": True},
    }


def test_list_with_header_footer_and_sections():
    content = List(
        header="विभाग", body="अपना विभाग चुनें", footer="नागरिक सेवा", button="विभाग देखें",
        sections=[
            Section(title="राजस्व", rows=[Row(id="dept:rev", title="राजस्व विभाग", description="प्रमाणपत्र")]),
            Section(title="परिवहन", rows=[Row(id="dept:tr", title="परिवहन विभाग")]),
        ],
    )
    assert message_body(TO, content) == {
        **ENVELOPE,
        "type": "interactive",
        "interactive": {
            "type": "list",
            "header": {"type": "text", "text": "विभाग"},
            "body": {"text": "अपना विभाग चुनें"},
            "footer": {"text": "नागरिक सेवा"},
            "action": {
                "button": "विभाग देखें",
                "sections": [
                    {"title": "राजस्व",
                     "rows": [{"id": "dept:rev", "title": "राजस्व विभाग", "description": "प्रमाणपत्र"}]},
                    {"title": "परिवहन", "rows": [{"id": "dept:tr", "title": "परिवहन विभाग"}]},
                ],
            },
        },
    }


def test_list_of_one_untitled_section_has_only_what_was_given():
    content = List(body="Pick one", button="Services", sections=[Section(rows=[Row(id="s1", title="Income")])])
    assert message_body(TO, content)["interactive"] == {
        "type": "list", "body": {"text": "Pick one"},
        "action": {"button": "Services", "sections": [{"rows": [{"id": "s1", "title": "Income"}]}]},
    }


def test_reply_buttons():
    content = Buttons(body="Choose your language", buttons=[Button(id="lang:en", title="English"),
                                                            Button(id="lang:hi", title="हिंदी")])
    assert message_body(TO, content) == {
        **ENVELOPE,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "Choose your language"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "lang:en", "title": "English"}},
                {"type": "reply", "reply": {"id": "lang:hi", "title": "हिंदी"}},
            ]},
        },
    }


def test_reply_buttons_with_header_and_footer():
    content = Buttons(header="Fee", body="Pay ₹50?", footer="Nagrik", buttons=[Button(id="pay", title="Pay")])
    interactive = message_body(TO, content)["interactive"]
    assert interactive["header"] == {"type": "text", "text": "Fee"}
    assert interactive["footer"] == {"text": "Nagrik"}


def test_document_by_media_id():
    content = Document(media_id="1234567890", filename="certificate.pdf", caption="आपका प्रमाणपत्र")
    assert message_body(TO, content) == {
        **ENVELOPE, "type": "document",
        "document": {"id": "1234567890", "filename": "certificate.pdf", "caption": "आपका प्रमाणपत्र"},
    }


def test_document_by_link_without_caption():
    content = Document(link="https://files.example.gov.in/receipt.pdf", filename="receipt.pdf")
    assert message_body(TO, content)["document"] == {
        "link": "https://files.example.gov.in/receipt.pdf", "filename": "receipt.pdf",
    }


def test_image():
    assert message_body(TO, Image(media_id="987", caption="QR")) == {
        **ENVELOPE, "type": "image", "image": {"id": "987", "caption": "QR"},
    }
    assert message_body(TO, Image(link="https://x.example/qr.png"))["image"] == {"link": "https://x.example/qr.png"}


def test_template_with_body_parameters_and_a_document_header():
    content = Template(
        name="certificate_ready", language="hi", body_parameters=["आय प्रमाणपत्र", "A-2025-1"],
        header_document=Document(media_id="555", filename="income.pdf", caption="ignored in templates"),
    )
    assert message_body(TO, content) == {
        **ENVELOPE,
        "type": "template",
        "template": {
            "name": "certificate_ready",
            "language": {"code": "hi"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "आय प्रमाणपत्र"},
                                                {"type": "text", "text": "A-2025-1"}]},
                {"type": "header", "parameters": [{"type": "document",
                                                   "document": {"id": "555", "filename": "income.pdf"}}]},
            ],
        },
    }


def test_template_without_parameters_has_no_components():
    assert message_body(TO, Template(name="hello_world", language="en"))["template"] == {
        "name": "hello_world", "language": {"code": "en"},
    }


# ---------------------------------------------------------------- errors


def graph_error(code: int) -> bytes:
    return json.dumps({"error": {"message": f"(#{code}) x", "type": "OAuthException", "code": code,
                                 "error_data": {"messaging_product": "whatsapp", "details": "why"},
                                 "fbtrace_id": "Abc"}}).encode()


@pytest.mark.parametrize(
    "code, http_status, kind",
    [
        (131047, 400, WindowClosed),
        (130429, 429, Throttled), (131048, 429, Throttled), (131056, 429, Throttled), (4, 429, Throttled),
        (80007, 429, Throttled),
        (131026, 400, Undeliverable),
        (131000, 500, Transient), (131016, 503, Transient), (131053, 400, Transient),
        (100, 400, Rejected), (131008, 400, Rejected), (131009, 400, Rejected), (132000, 400, Rejected),
        (132001, 400, Rejected), (132016, 400, Rejected),
        (190, 401, TokenExpired),
        (131021, 400, Rejected),  # not in the table: a 4xx is an operator's problem, not a retry
        (999999, 503, Transient),
    ],
)
def test_meta_error_codes_map_to_what_they_mean_for_us(code, http_status, kind):
    error = error_for(http_status, graph_error(code))
    assert type(error) is kind
    assert error.code == code and error.http_status == http_status and error.details == "why"
    assert error.fbtrace_id == "Abc"


@pytest.mark.parametrize("status, kind", [(502, Transient), (429, Throttled), (401, TokenExpired), (404, Rejected)])
def test_answers_without_a_graph_error_map_by_http_status(status, kind):
    assert type(error_for(status, b"upstream connect error")) is kind


# ---------------------------------------------------------------- the HTTP call


def client(handler) -> CloudApi:
    return CloudApi(base_url="https://graph.example/", version="v21.0", access_token=SecretStr("tok-123"),
                    phone_number_id="1111", transport=httpx.MockTransport(handler))


async def test_send_posts_to_the_numbers_messages_endpoint_with_the_bearer_token():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"messaging_product": "whatsapp", "contacts": [{"input": TO, "wa_id": TO}],
                                         "messages": [{"id": "wamid.HBgM="}]})

    api = client(handler)
    accepted = await api.send(TO, Text(body="hi"), phone_number_id="2222")
    await api.aclose()
    assert accepted.wamid == "wamid.HBgM=" and accepted.wa_id == TO
    [request] = seen
    assert str(request.url) == "https://graph.example/v21.0/2222/messages"
    assert request.headers["Authorization"] == "Bearer tok-123"
    assert json.loads(request.content) == message_body(TO, Text(body="hi"))


async def test_a_refusal_raises_the_typed_error():
    api = client(lambda request: httpx.Response(400, content=graph_error(131047)))
    with pytest.raises(WindowClosed):
        await api.send(TO, Text(body="hi"))
    await api.aclose()


async def test_no_answer_is_transient():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    api = client(handler)
    with pytest.raises(Transient):
        await api.send(TO, Text(body="hi"))
    await api.aclose()


# ---------------------------------------------------------------- against the fake's copy of Meta's checks


@pytest.mark.parametrize(
    "content",
    [
        Text(body="नमस्ते"),
        List(header="विभाग", body="चुनें", footer="नागरिक", button="देखें",
             sections=[Section(title="A", rows=[Row(id="a", title="एक", description="d")]),
                       Section(title="B", rows=[Row(id="b", title="दो")])]),
        Buttons(header="H", body="Choose", footer="F",
                buttons=[Button(id="1", title="One"), Button(id="2", title="Two")]),
        Document(media_id="m1", filename="c.pdf", caption="c"),
        Document(link="https://files.example/c.pdf", filename="c.pdf"),
        Image(media_id="m2", caption="i"),
        Template(name="session_reopen", language="hi", body_parameters=["आशा"]),
        Template(name="certificate_ready", language="en", body_parameters=["Income certificate", "A-1"],
                 header_document=Document(media_id="m3", filename="income.pdf")),
    ],
    ids=lambda content: content.type,
)
def test_every_body_passes_the_checks_meta_runs(content):
    check_send_request(message_body(TO, content, reply_to="wamid.X"), catalog=TemplateCatalog.load(),
                       media_exists=lambda media_id: True)
