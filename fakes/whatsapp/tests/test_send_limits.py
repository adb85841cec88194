"""Every documented send limit: accepted at exactly the limit, rejected one past it, with Meta's error code."""

import copy

import pytest
import pytest_asyncio
from fake_whatsapp_harness import CITIZEN, text_body

pytestmark = pytest.mark.asyncio

DEVANAGARI_24 = "जन्म प्रमाणपत्र के लिए आवेदन"[:24]


def list_body(**interactive_overrides) -> dict:
    interactive = {
        "type": "list",
        "header": {"type": "text", "text": "Services"},
        "body": {"text": "Choose a service"},
        "footer": {"text": "Nagrik"},
        "action": {
            "button": "Services",
            "sections": [{"title": "Certificates", "rows": [{"id": "birth", "title": "Birth", "description": "New"}]}],
        },
    }
    interactive.update(interactive_overrides)
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": CITIZEN, "type": "interactive", "interactive": interactive}


def buttons_body(buttons: list[tuple[str, str]], body_text: str = "Choose a language") -> dict:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": CITIZEN,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": body_text},
            "action": {"buttons": [{"type": "reply", "reply": {"id": i, "title": t}} for i, t in buttons]},
        },
    }


def rows(count: int, prefix: str = "r") -> list[dict]:
    return [{"id": f"{prefix}{n}", "title": f"Row {n}"} for n in range(count)]


def with_row(**row) -> dict:
    body = list_body()
    body["interactive"]["action"]["sections"][0]["rows"] = [{"id": "x", "title": "t", **row}]
    return body


def with_sections(sections: list[dict]) -> dict:
    body = list_body()
    body["interactive"]["action"]["sections"] = sections
    return body


@pytest_asyncio.fixture
async def open_window(harness):
    await harness.citizen_says("Hi")
    return harness


async def assert_rejected(harness, body: dict, code: int) -> dict:
    response = await harness.send(body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    assert error["type"] == "OAuthException"
    assert error["error_data"]["messaging_product"] == "whatsapp" and error["error_data"]["details"]
    assert error["fbtrace_id"] and error["message"]
    return error


async def assert_accepted(harness, body: dict) -> None:
    response = await harness.send(body)
    assert response.status_code == 200, response.text
    assert response.json()["messages"][0]["id"].startswith("wamid.")


async def test_text_body_at_4096_accepted_and_4097_rejected(open_window):
    await assert_accepted(open_window, text_body("क" * 4096))
    await assert_rejected(open_window, text_body("क" * 4097), 100)


async def test_success_response_has_metas_shape(open_window):
    response = await open_window.send(text_body(to="+91 98123-45678"))

    body = response.json()
    assert body["messaging_product"] == "whatsapp"
    assert body["contacts"] == [{"input": "+91 98123-45678", "wa_id": CITIZEN}]
    assert len(body["messages"]) == 1


@pytest.mark.parametrize(
    "change, code",
    [
        ({"messaging_product": "telegram"}, 100),
        ({"recipient_type": "group"}, 100),
        ({"to": ""}, 100),
        ({"to": "not-a-number"}, 100),
        ({"type": "carousel"}, 100),
        ({"text": {"body": ""}}, 100),
        ({"text": "Hello"}, 100),
        ({"context": {"message_id": 5}}, 100),
    ],
)
async def test_malformed_requests_are_rejected(open_window, change, code):
    await assert_rejected(open_window, {**text_body(), **change}, code)


async def test_list_with_ten_rows_across_sections_accepted(open_window):
    await assert_accepted(
        open_window, with_sections([{"title": "A", "rows": rows(4, "a")}, {"title": "B", "rows": rows(6, "b")}])
    )


async def test_list_with_eleven_rows_rejected(open_window):
    await assert_rejected(
        open_window, with_sections([{"title": "A", "rows": rows(5, "a")}, {"title": "B", "rows": rows(6, "b")}]), 131009
    )


async def test_list_with_eleven_sections_rejected(open_window):
    await assert_rejected(open_window, with_sections([{"title": f"S{n}", "rows": rows(1, f"s{n}")} for n in range(11)]), 131009)


async def test_list_row_ids_must_be_unique_across_sections(open_window):
    await assert_rejected(
        open_window, with_sections([{"title": "A", "rows": rows(1)}, {"title": "B", "rows": rows(1)}]), 131009
    )


async def test_section_title_required_when_several_sections(open_window):
    await assert_rejected(open_window, with_sections([{"rows": rows(1, "a")}, {"title": "B", "rows": rows(1, "b")}]), 100)


@pytest.mark.parametrize(
    "field, limit",
    [("title", 24), ("description", 72), ("id", 200)],
)
async def test_row_field_limits(open_window, field, limit):
    await assert_accepted(open_window, with_row(**{field: "x" * limit}))
    await assert_rejected(open_window, with_row(**{field: "x" * (limit + 1)}), 131009)


async def test_row_title_of_24_devanagari_characters_accepted(open_window):
    assert len(DEVANAGARI_24) == 24 and len(DEVANAGARI_24.encode()) > 24
    await assert_accepted(open_window, with_row(title=DEVANAGARI_24))
    await assert_rejected(open_window, with_row(title=DEVANAGARI_24 + "क"), 131009)


async def test_section_title_limit(open_window):
    await assert_accepted(open_window, with_sections([{"title": "x" * 24, "rows": rows(1)}]))
    await assert_rejected(open_window, with_sections([{"title": "x" * 25, "rows": rows(1)}]), 131009)


@pytest.mark.parametrize(
    "path, limit",
    [
        (("action", "button"), 20),
        (("header", "text"), 60),
        (("footer", "text"), 60),
        (("body", "text"), 4096),
    ],
)
async def test_list_text_limits(open_window, path, limit):
    def body_with(length: int) -> dict:
        body = list_body()
        body["interactive"][path[0]][path[1]] = "ह" * length
        return body

    await assert_accepted(open_window, body_with(limit))
    await assert_rejected(open_window, body_with(limit + 1), 131009)


async def test_one_to_three_buttons_accepted_four_rejected(open_window):
    for count in (1, 2, 3):
        await assert_accepted(open_window, buttons_body([(f"b{n}", f"B{n}") for n in range(count)]))
    await assert_rejected(open_window, buttons_body([(f"b{n}", f"B{n}") for n in range(4)]), 131009)
    await assert_rejected(open_window, buttons_body([]), 100)


async def test_button_title_limit_and_uniqueness(open_window):
    await assert_accepted(open_window, buttons_body([("en", "English"), ("hi", "ह" * 20)]))
    await assert_rejected(open_window, buttons_body([("en", "ह" * 21)]), 131009)
    await assert_rejected(open_window, buttons_body([("a", "Same"), ("b", "Same")]), 131009)


async def test_button_id_limit(open_window):
    await assert_accepted(open_window, buttons_body([("i" * 256, "OK")]))
    await assert_rejected(open_window, buttons_body([("i" * 257, "OK")]), 131009)


async def test_button_body_limit(open_window):
    await assert_accepted(open_window, buttons_body([("a", "A")], body_text="ब" * 1024))
    await assert_rejected(open_window, buttons_body([("a", "A")], body_text="ब" * 1025), 131009)


async def test_media_sends_need_exactly_one_of_id_and_link(open_window):
    uploaded = await open_window.client.post(
        "/v21.0/100000000000001/media",
        headers={"Authorization": "Bearer test-access-token"},
        data={"messaging_product": "whatsapp", "type": "application/pdf"},
        files={"file": ("c.pdf", b"%PDF-1.4 test", "application/pdf")},
    )
    media_id = uploaded.json()["id"]
    base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": CITIZEN, "type": "document"}

    await assert_accepted(open_window, {**base, "document": {"id": media_id, "filename": "c.pdf", "caption": "Your certificate"}})
    await assert_accepted(open_window, {**base, "document": {"link": "https://example.org/c.pdf", "filename": "c.pdf"}})
    await assert_rejected(open_window, {**base, "document": {"filename": "c.pdf"}}, 100)
    await assert_rejected(open_window, {**base, "document": {"id": "999", "filename": "c.pdf"}}, 100)
    image = copy.deepcopy(base) | {"type": "image", "image": {"link": "ftp://x/y.png"}}
    await assert_rejected(open_window, image, 100)
