"""The dialogue as a citizen experiences it, without broker or database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from nagrik_catalog import load_catalog
from nagrik_contracts.identifiers import verhoeff_check_digit
from nagrik_contracts.outbound import SendMessage
from nagrik_contracts.whatsapp import MessageReceived, Reply
from nagrik_conversation.dialogue import Dialogue, Session, paginate
from nagrik_conversation.texts import load_texts
from nagrik_conversation.understanding import load_vocabulary

CATALOG = load_catalog()


@pytest.fixture
def dialogue() -> Dialogue:
    return Dialogue(catalog=CATALOG, texts=load_texts(), vocabulary=load_vocabulary())


def text(body: str) -> MessageReceived:
    return MessageReceived(citizen_id="919812345678", message_id=f"wamid.{uuid.uuid4().hex}", phone_number_id="1",
                           sent_at=datetime.now(UTC), type="text", text=body)


def tap(row_id: str) -> MessageReceived:
    return MessageReceived(citizen_id="919812345678", message_id=f"wamid.{uuid.uuid4().hex}", phone_number_id="1",
                           sent_at=datetime.now(UTC), type="interactive",
                           reply=Reply(kind="list_reply", id=row_id, title="x"))


def walk(dialogue: Dialogue, session: Session, *messages: MessageReceived):
    turn = None
    for message in messages:
        turn = dialogue.respond(session, message)
        session = turn.session
    return turn


def every_row(menu) -> list:
    return [row for section in menu.sections for row in section.rows]


def test_greeting_offers_english_and_hindi_buttons(dialogue):
    turn = dialogue.respond(Session("919812345678"), text("hii"))
    [buttons] = turn.replies
    assert [(b.id, b.title) for b in buttons.buttons] == [("lang:en", "English"), ("lang:hi", "हिंदी")]
    assert turn.session.step == "choosing_language"
    assert [e.event_type for e in turn.events] == ["conversation.ConversationStarted"]


@pytest.mark.parametrize("language, choice", [("hi", "lang:hi"), ("en", "lang:en")])
def test_choosing_a_language_shows_departments_in_it(dialogue, language, choice):
    turn = walk(dialogue, Session("919812345678"), text("Hi"), tap(choice))
    confirmation, departments = turn.replies
    titles = [row.title for row in every_row(departments)]
    first = CATALOG.departments[0]
    assert first.list_title(language) in titles
    assert turn.session.language == language
    assert (language == "hi") == any("\u0900" <= ch <= "\u097f" for ch in departments.body + confirmation.body)


@pytest.mark.parametrize("typed, language", [("2", "hi"), ("हिंदी", "hi"), ("english", "en"), ("1", "en")])
def test_language_can_be_typed_instead_of_tapped(dialogue, typed, language):
    turn = walk(dialogue, Session("919812345678"), text("namaste"), text(typed))
    assert turn.session.language == language


def test_every_department_and_service_is_reachable_through_the_pages(dialogue):
    session = Session("919812345678", step="choosing_department", language="hi", known=True)
    department_ids, row_id = [], "depts:0"
    while row_id:
        [menu] = dialogue.respond(session, tap(row_id)).replies
        rows = every_row(menu)
        assert len(rows) <= 10
        department_ids += [r.id.removeprefix("dept:") for r in rows if r.id.startswith("dept:")]
        row_id = next((r.id for r in rows if r.id.startswith("depts:")), None)
    assert department_ids == [d.id for d in CATALOG.departments]

    for department in CATALOG.departments:
        seen, row_id = [], f"dept:{department.id}"
        while row_id:
            [menu] = dialogue.respond(session, tap(row_id)).replies
            rows = every_row(menu)
            seen += [r.id.removeprefix("svc:") for r in rows if r.id.startswith("svc:")]
            row_id = next((r.id for r in rows if r.id.startswith("svcs:")), None)
        assert seen == [s.id for s in CATALOG.services_of(department.id)]


def test_every_menu_is_a_message_meta_accepts(dialogue):
    """Building the SendMessage validates every Meta limit, in both languages."""
    for language in ("hi", "en"):
        session = Session("919812345678", step="choosing_service", language=language, known=True)
        for department in CATALOG.departments:
            for reply in dialogue.respond(session, tap(f"dept:{department.id}")).replies:
                SendMessage(citizen_id="919812345678", language=language, content=reply)


def test_choosing_a_service_summarises_it_in_the_citizens_language(dialogue):
    service = CATALOG.services_of(CATALOG.departments[0].id)[0]
    session = Session("919812345678", step="choosing_service", language="hi", known=True)
    turn = dialogue.respond(session, tap(f"svc:{service.id}"))
    summary, offer = turn.replies
    assert service.name.get("hi") in summary.body and "शुल्क" in summary.body
    assert [b.title for b in offer.buttons] == ["आवेदन करें", "मुख्य मेनू"]
    assert turn.events[0].service_id == service.id and turn.session.step == "service_chosen"


def test_unknown_input_is_answered_kindly_in_the_citizens_language(dialogue):
    english = Session("919812345678", step="choosing_department", language="en", known=True)
    assert "did not understand" in dialogue.respond(english, text("asdf qwer zxcv")).replies[0].body
    hindi = replace(english, language="hi")
    assert "समझ नहीं" in dialogue.respond(hindi, text("asdf qwer zxcv")).replies[0].body


def test_a_photo_before_it_is_asked_for_is_acknowledged(dialogue):
    photo = text("x").model_copy(update={"type": "image", "text": None})
    reply = dialogue.respond(Session("919812345678", language="en", known=True), photo).replies[0]
    assert "not expecting a file" in reply.body


def test_pages_hold_ten_rows_with_room_for_more():
    assert [len(p) for p in paginate(list(range(10)))] == [10]
    assert [len(p) for p in paginate(list(range(25)))] == [9, 9, 7]


VALID_AADHAAR = "23456789012" + verhoeff_check_digit("23456789012")


def typed_answer(field) -> str:
    """What a careful citizen would type for a field."""
    if field.options:
        return "1"
    return {"date": "15/08/1990", "phone": "9812345678", "aadhaar": VALID_AADHAAR, "pincode": "110001",
            "email": "asha@example.in", "number": str(int(field.validation.min if field.validation and
                                                             field.validation.min is not None else 1))}.get(
        field.type, "आशा देवी")


def fill(dialogue, service, language="hi"):
    session = Session("919812345678", step="service_chosen", language=language, service_id=service.id, known=True)
    turn = dialogue.respond(session, tap(f"apply:{service.id}"))
    for field in service.fields:
        assert turn.session.step == "filling_form"
        turn = dialogue.respond(turn.session, text(typed_answer(field)))
    return turn


def simple_service():
    return next(s for s in CATALOG.services_of("revenue") if any(f.type == "aadhaar" for f in s.fields)
                and not any(f.validation and f.validation.regex for f in s.fields))


def test_applying_asks_every_question_then_shows_the_answers_to_confirm(dialogue):
    service = simple_service()
    turn = fill(dialogue, service)
    summary, question = turn.replies
    assert turn.session.step == "confirming"
    assert all(f.label.get("hi") in summary.body for f in service.fields)
    assert VALID_AADHAAR[-4:] in summary.body and VALID_AADHAAR[:8] not in summary.body
    assert [b.id for b in question.buttons] == ["submit", "restart"]


def test_submitting_sends_one_application_command_with_masked_aadhaar(dialogue):
    service = simple_service()
    confirming = fill(dialogue, service).session
    turn = dialogue.respond(confirming, tap("submit"))
    [command] = turn.events
    assert command.event_type == "applications.SubmitApplication" and command.service_id == service.id
    assert VALID_AADHAAR not in str(command.answers) and f"XXXX XXXX {VALID_AADHAAR[-4:]}" in command.answers.values()
    again = dialogue.respond(turn.session, tap("submit"))
    assert again.events == [] and "पहले ही जमा" in again.replies[0].body


def test_a_wrong_answer_is_explained_and_the_question_asked_again(dialogue):
    service = simple_service()
    turn = dialogue.respond(Session("919812345678", step="service_chosen", language="en", service_id=service.id,
                                    known=True), tap(f"apply:{service.id}"))
    aadhaar_index = next(i for i, f in enumerate(service.fields) if f.type == "aadhaar")
    for field in service.fields[:aadhaar_index]:
        turn = dialogue.respond(turn.session, text(typed_answer(field)))
    wrong = VALID_AADHAAR[:-1] + str((int(VALID_AADHAAR[-1]) + 1) % 10)
    turn = dialogue.respond(turn.session, text(wrong))
    problem, question = turn.replies
    assert "not a valid Aadhaar" in problem.body and f"({aadhaar_index + 1}/" in question.body
    assert len(turn.session.answers) == aadhaar_index


def test_every_question_of_every_service_is_a_message_meta_accepts(dialogue):
    from nagrik_conversation import form

    for language in ("hi", "en"):
        for department in CATALOG.departments:
            for service in CATALOG.services_of(department.id):
                for index in range(len(service.fields)):
                    question = form.ask(service, index, language, load_texts())
                    SendMessage(citizen_id="919812345678", language=language, content=question)
