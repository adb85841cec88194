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
    if turn.session.step == "sending_document":
        turn = dialogue.respond(turn.session, tap("doc:skip"))
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
    turn = walk(dialogue, Session("919812345678", step="service_chosen", language="en", service_id=service.id,
                                  known=True), tap(f"apply:{service.id}"), tap("doc:skip"))
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


# -- the document step ---------------------------------------------------------------------------

from nagrik_contracts.ocr import DocumentRead, DocumentRejected, ExtractedField  # noqa: E402
from nagrik_contracts.whatsapp import Media  # noqa: E402
from nagrik_conversation.dialogue import document_to_read  # noqa: E402

INCOME = CATALOG.service("income_certificate")
MASKED = f"XXXX XXXX {VALID_AADHAAR[-4:]}"


def photo(kind: str = "image", mime_type: str = "image/jpeg") -> MessageReceived:
    return MessageReceived(citizen_id="919812345678", message_id=f"wamid.{uuid.uuid4().hex}", phone_number_id="1",
                           sent_at=datetime.now(UTC), type=kind,
                           media=Media(id=f"media-{uuid.uuid4().hex[:8]}", mime_type=mime_type))


def applied(dialogue, language="en", service=INCOME) -> Session:
    session = Session("919812345678", step="service_chosen", language=language, service_id=service.id, known=True)
    return dialogue.respond(session, tap(f"apply:{service.id}")).session


def read(request_id: str, *fields: tuple[str, str], unreadable=(), language="en") -> DocumentRead:
    return DocumentRead(request_id=request_id, citizen_id="919812345678", language=language, document_id="doc-1",
                        fields=[ExtractedField(name=n, value=v, confidence=0.9) for n, v in fields],
                        unreadable=list(unreadable))


AADHAAR_READ = (("name", "Asha Devi"), ("date_of_birth", "1990-08-15"), ("gender", "female"),
                ("aadhaar", MASKED), ("pincode", "110001"))


def reading(dialogue, language="en"):
    return dialogue.respond(applied(dialogue, language), photo())


@pytest.mark.parametrize("language, asked, skip", [("en", "Send a photo of your *Aadhaar card*", "Skip"),
                                                     ("hi", "*आधार कार्ड* की फ़ोटो", "छोड़ें")])
def test_applying_asks_first_for_a_photo_of_the_document_with_a_skip_button(dialogue, language, asked, skip):
    turn = dialogue.respond(Session("919812345678", step="service_chosen", language=language,
                                    service_id=INCOME.id, known=True), tap(f"apply:{INCOME.id}"))
    [ask] = turn.replies
    assert asked in ask.body and INCOME.field("date_of_birth").label.get(language) in ask.body
    assert [(b.id, b.title) for b in ask.buttons] == [("doc:skip", skip)]
    assert turn.session.step == "sending_document" and turn.session.document.type == "aadhaar_card"


def test_a_service_without_a_document_that_fills_fields_asks_its_questions_at_once(dialogue):
    service = next(s for s in CATALOG.services if document_to_read(s) is None)
    session = Session("919812345678", step="service_chosen", language="en", service_id=service.id, known=True)
    turn = dialogue.respond(session, tap(f"apply:{service.id}"))
    assert turn.session.step == "filling_form" and turn.replies[0].body.startswith("(1/")


@pytest.mark.parametrize("language, told", [("en", "Reading your document"), ("hi", "पढ़ा जा रहा है")])
def test_a_photo_is_sent_to_be_read_once(dialogue, language, told):
    message = photo("document", "application/pdf")
    turn = dialogue.respond(applied(dialogue, language), message)
    [reply] = turn.replies
    [request] = turn.events
    assert told in reply.body and turn.session.step == "reading_document"
    assert request.event_type == "ocr.ReadDocument" and request.document_type == "aadhaar_card"
    assert (request.media_id, request.mime_type, request.language) == (message.media.id, "application/pdf", language)
    assert request.request_id == dialogue.respond(applied(dialogue, language), message).events[0].request_id
    again = dialogue.respond(turn.session, message)  # the same webhook delivered twice
    assert again.replies == [] and again.events == [] and again.session == turn.session


@pytest.mark.parametrize("language, shown, not_read, buttons", [
    ("en", ["Asha Devi", "15/08/1990", "Female", MASKED, "110001"], "Could not read: Present address in Delhi",
     ["Use these", "Type myself"]),
    ("hi", ["Asha Devi", "15/08/1990", "महिला", MASKED, "110001"], "यह नहीं पढ़ा जा सका: दिल्ली में वर्तमान पता",
     ["यही भरें", "ख़ुद लिखूँगा"]),
])
def test_what_was_read_is_shown_in_the_citizens_language(dialogue, language, shown, not_read, buttons):
    waiting = reading(dialogue, language)
    turn = dialogue.on_document(waiting.session, read(waiting.events[0].request_id, *AADHAAR_READ,
                                                      unreadable=["address"], language=language))
    values, question = turn.replies
    assert all(value in values.body for value in shown) and not_read in values.body
    assert "1990-08-15" not in values.body and "female" not in values.body
    assert [b.title for b in question.buttons] == buttons and turn.session.step == "checking_document"


def test_values_a_field_would_refuse_are_dropped_and_said_to_be_unread(dialogue):
    waiting = reading(dialogue)
    turn = dialogue.on_document(waiting.session, read(waiting.events[0].request_id, ("name", "Asha Devi"),
                                                      ("gender", "unknown"), ("pincode", "012345"),
                                                      ("date_of_birth", "1985")))
    values, _ = turn.replies
    assert turn.session.document.proposed == {"applicant_name": "Asha Devi"}
    assert all(INCOME.field(f).label.en in values.body.split("Could not read:")[1]
               for f in ("gender", "pincode", "date_of_birth", "aadhaar_number", "address"))


def test_use_these_asks_only_the_remaining_questions_and_sends_the_document(dialogue):
    waiting = reading(dialogue)
    checking = dialogue.on_document(waiting.session, read(waiting.events[0].request_id, *AADHAAR_READ)).session
    turn = dialogue.respond(checking, tap("doc:use"))
    assert turn.replies[0].body.startswith("(2/10)") and INCOME.field("father_name").label.en in turn.replies[0].body
    asked = []
    while turn.session.step == "filling_form":
        index = next(i for i, f in enumerate(INCOME.fields) if f.id not in turn.session.answers)
        asked.append(INCOME.fields[index].id)
        turn = dialogue.respond(turn.session, text(typed_answer(INCOME.fields[index])))
    assert asked == ["father_name", "mobile", "address", "annual_family_income", "purpose"]
    summary, _ = turn.replies
    assert "Asha Devi" in summary.body and "15/08/1990" in summary.body
    [command] = dialogue.respond(turn.session, tap("submit")).events
    assert command.answers["applicant_name"] == "Asha Devi" and command.answers["aadhaar_number"] == MASKED
    assert command.answers["gender"] == "female" and command.answers["date_of_birth"] == "1990-08-15"
    [document] = command.documents
    assert (document.document_type, document.document_id) == ("aadhaar_card", "doc-1")
    assert document.media_id == waiting.events[0].media_id and document.mime_type == "image/jpeg"


def test_type_myself_asks_every_question_but_still_sends_the_document(dialogue):
    waiting = reading(dialogue, "hi")
    checking = dialogue.on_document(waiting.session, read(waiting.events[0].request_id, *AADHAAR_READ)).session
    turn = dialogue.respond(checking, tap("doc:type"))
    assert turn.replies[0].body.startswith("(1/10)") and turn.session.answers == {}
    for field in INCOME.fields:
        turn = dialogue.respond(turn.session, text(typed_answer(field)))
    [command] = dialogue.respond(turn.session, tap("submit")).events
    assert command.answers["applicant_name"] == "आशा देवी" and command.documents[0].document_id == "doc-1"


def test_a_skip_tapped_after_the_values_arrived_means_typing_them(dialogue):
    waiting = reading(dialogue)
    checking = dialogue.on_document(waiting.session, read(waiting.events[0].request_id, *AADHAAR_READ)).session
    turn = dialogue.respond(checking, tap("doc:skip"))  # the older message's button
    assert turn.session.step == "filling_form" and turn.session.answers == {}
    assert turn.replies[0].body.startswith("(1/10)") and turn.session.document.document_id == "doc-1"


@pytest.mark.parametrize("language, sorry", [("en", "could not read the details"), ("hi", "पढ़ी नहीं जा सकी")])
def test_when_nothing_usable_was_read_the_questions_start(dialogue, language, sorry):
    waiting = reading(dialogue, language)
    turn = dialogue.on_document(waiting.session, read(waiting.events[0].request_id, ("pincode", "12"),
                                                      unreadable=["name"], language=language))
    sorry_text, question = turn.replies
    assert sorry in sorry_text.body and question.body.startswith("(1/10)")
    assert turn.session.step == "filling_form" and turn.session.document.document_id == "doc-1"


def test_results_of_other_requests_change_nothing(dialogue):
    waiting = reading(dialogue)
    stale = dialogue.on_document(waiting.session, read("another-request", *AADHAAR_READ))
    assert stale.replies == [] and stale.session == waiting.session
    skipped = dialogue.respond(waiting.session, tap("doc:skip")).session
    late = dialogue.on_document(skipped, read(waiting.events[0].request_id, *AADHAAR_READ))
    assert late.replies == [] and late.session == skipped and skipped.step == "filling_form"
    newer = dialogue.respond(waiting.session, photo())  # a second photo replaces the first
    assert dialogue.on_document(newer.session, read(waiting.events[0].request_id, *AADHAAR_READ)).replies == []
    assert dialogue.on_document(newer.session, read(newer.events[0].request_id, *AADHAAR_READ)).replies


@pytest.mark.parametrize("reason, en, hi", [
    ("wrong_type", "JPEG or PNG", "JPEG या PNG"), ("oversize", "5 MB", "5 MB"), ("corrupt", "damaged", "ख़राब"),
    ("unavailable", "send it again", "दोबारा भेजें"), ("unreadable", "good light", "अच्छी रोशनी"),
])
def test_a_refused_document_is_explained_and_can_be_sent_again_or_skipped(dialogue, reason, en, hi):
    for language, told in (("en", en), ("hi", hi)):
        waiting = reading(dialogue, language)
        refused = DocumentRejected(request_id=waiting.events[0].request_id, citizen_id="919812345678",
                                   language=language, reason=reason)
        turn = dialogue.on_document(waiting.session, refused)
        [reply] = turn.replies
        assert told in reply.body and [b.id for b in reply.buttons] == ["doc:skip"]
        assert turn.session.step == "sending_document"
        assert dialogue.respond(turn.session, photo()).events[0].event_type == "ocr.ReadDocument"
        assert dialogue.respond(turn.session, tap("doc:skip")).session.step == "filling_form"


@pytest.mark.parametrize("typed", ["skip", "SKIP ", "छोड़ें", "Chhodo", "chodo"])
def test_skip_can_be_typed_in_hindi_english_or_hinglish(dialogue, typed):
    turn = dialogue.respond(applied(dialogue, "hi"), text(typed))
    assert turn.session.step == "filling_form" and turn.session.document is None
    assert turn.replies[0].body.startswith("(1/10)")


def test_other_messages_in_the_document_step_get_the_request_again(dialogue):
    asking = applied(dialogue)
    assert "Send a photo" in dialogue.respond(asking, text("what?")).replies[0].body
    voice = text("x").model_copy(update={"type": "audio", "text": None})
    assert "JPEG or PNG" in dialogue.respond(asking, voice).replies[0].body
    waiting = dialogue.respond(asking, photo()).session
    assert "still reading" in dialogue.respond(waiting, text("done?? kitna time")).replies[0].body


def test_a_file_at_another_step_is_still_not_expected(dialogue):
    filling = dialogue.respond(applied(dialogue), tap("doc:skip")).session
    turn = dialogue.respond(filling, photo())
    assert "not expecting a file" in turn.replies[0].body and turn.events == []


def test_every_document_message_of_every_service_is_one_meta_accepts(dialogue):
    for language in ("hi", "en"):
        for service in CATALOG.services:
            document = document_to_read(service)
            if document is None:
                continue
            waiting = dialogue.respond(applied(dialogue, language, service), photo())
            request_id = waiting.events[0].request_id
            everything = [(name, "x" * 300) for name in document.fills]  # too long even for an address
            turns = [dialogue.on_document(waiting.session, read(request_id, *everything, language=language)),
                     dialogue.on_document(waiting.session, read(request_id, *AADHAAR_READ, language=language))]
            turns += [dialogue.on_document(waiting.session, DocumentRejected(
                request_id=request_id, citizen_id="919812345678", language=language, reason=reason))
                for reason in ("wrong_type", "oversize", "corrupt", "unavailable", "unreadable")]
            for turn in [dialogue.respond(applied(dialogue, language, service), text("?")), waiting, *turns]:
                for reply in turn.replies:
                    SendMessage(citizen_id="919812345678", language=language, content=reply)


def test_a_name_one_letter_from_a_greeting_is_an_answer_in_the_form(dialogue):
    filling = dialogue.respond(applied(dialogue), tap("doc:skip")).session
    turn = dialogue.respond(filling, text("Meena Kumari"))  # "meena" is one letter from "menu"
    assert turn.session.answers == {"applicant_name": "Meena Kumari"}
    assert dialogue.respond(filling, text("menu")).session.step == "choosing_language"
