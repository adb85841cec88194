"""The dialogue, as a pure function: (session, message) → (new session, replies, events).

Greeting → language buttons → departments (a list, paged) → services of a department (paged) →
the chosen service's summary → Apply → (a photo of the ID proof, read by OCR) → the questions →
confirmation → submission. Every text comes from texts.yaml and the catalogue, in the citizen's language.

Decisions:
- The document step asks for the service's first required document that fills form fields (`fills`).
  A photo or PDF becomes one ReadDocument whose request id derives from the WhatsApp message id, so a
  redelivered webhook cannot ask twice. Only the result for the pending request id counts; a late
  result of an earlier photo, or one arriving after Skip, changes nothing.
- Read values are checked like typed answers (`check_answer`); what fails is dropped and asked later.
  The citizen confirms them all at once ([Use these] / [Type myself]); then only unanswered fields are
  asked. The document read is sent with the application (a DocumentRef with the ocr's document id)
  whichever button was tapped.
- "status" is answered from any step and leaves the step as it was (`asks_status` / `status`); the
  caller loads the history, so this module stays pure. A whole message that is a status phrase is a
  status request even where a form answer is expected.
- While a form answer is expected, greetings and status phrases must match exactly (no typo forgiven):
  "Meena" is a name, not "menu" mistyped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Literal
from uuid import UUID, uuid5

from nagrik_catalog import Catalog, Document, Service, check_answer
from nagrik_contracts import Payload
from nagrik_contracts.applications import DocumentRef, SubmitApplication
from nagrik_contracts.conversation import ConversationStarted, LanguageChosen, ServiceChosen
from nagrik_contracts.ocr import DocumentRead, DocumentRejected, ExtractedField, ReadDocument
from nagrik_contracts.outbound import Button, Buttons, Content, Language, List, Row, Section, Text
from nagrik_contracts.whatsapp import MessageReceived

from . import form
from .status import HistoryStep, status_replies
from .texts import Texts
from .understanding import Vocabulary

Step = Literal[
    "new", "choosing_language", "choosing_department", "choosing_service", "service_chosen", "filling_form",
    "confirming", "submitted", "sending_document", "reading_document", "checking_document",
]
DOCUMENT_STEPS = ("sending_document", "reading_document", "checking_document")
"""Steps in which a photo or PDF is read (a new one replaces the one before)."""
MEDIA = ("image", "document", "audio", "video", "sticker")
READABLE = ("image", "document")
DOCUMENT_REQUESTS = UUID("8b1f3e2a-6c4d-5f7a-9e0b-1d2c3b4a5f60")
"""Namespace of ReadDocument request ids: one per WhatsApp message."""
SUBMISSIONS = UUID("3f0c6a52-8d7e-5b1a-9c4e-2a6f1d9b7e01")
"""Namespace of submission ids: one per 'Apply' tap, so a redelivered tap cannot submit twice."""

ROWS_PER_PAGE = 10
"""Meta's limit on list rows; a page that is not the last gives its final row to 'More'."""


@dataclass(frozen=True)
class Upload:
    """The document step: which document was asked for, the photo being read, what reading it proposed."""

    type: str
    """The catalogue document type."""
    request_id: str | None = None
    media_id: str | None = None
    mime_type: str | None = None
    document_id: str | None = None
    """The ocr service's id of the stored original, once it has read it."""
    proposed: dict[str, str] = field(default_factory=dict)
    """Checked values read from it, by form field id, until the citizen says whether to use them."""

    def ref(self) -> DocumentRef | None:
        """What the application names, once the document has been read."""
        if self.document_id is None or self.media_id is None:
            return None
        return DocumentRef(document_type=self.type, media_id=self.media_id, mime_type=self.mime_type or "",
                           document_id=self.document_id)

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Session:
    citizen_id: str
    step: Step = "new"
    language: Language | None = None
    department_id: str | None = None
    service_id: str | None = None
    answers: dict[str, str | None] = field(default_factory=dict)
    """Answers so far to the chosen service's fields, by field id (Aadhaar only masked)."""
    submission_id: str | None = None
    document: Upload | None = None
    known: bool = False
    """The citizen has talked to the bot before (a stored session exists)."""


@dataclass(frozen=True)
class Turn:
    session: Session
    replies: list[Content] = field(default_factory=list)
    events: list[Payload] = field(default_factory=list)


@dataclass(frozen=True)
class Dialogue:
    catalog: Catalog
    texts: Texts
    vocabulary: Vocabulary

    def respond(self, session: Session, message: MessageReceived) -> Turn:
        tapped = message.reply.id if message.reply else None
        text = message.text if message.type == "text" else None
        if text is not None and self.vocabulary.is_greeting(text, forgiving=session.step != "filling_form"):
            return self._welcome(session)
        if tapped:
            return self._on_tap(session, tapped, message)
        if session.step in DOCUMENT_STEPS and session.document is not None:
            if message.type in READABLE and message.media is not None:
                return self._read_document(session, message)
            if message.type in MEDIA:
                return self._with_skip(session, "document_rejected_wrong_type")
            if text is not None:
                return self._on_text_about_document(session, text)
        if text is not None and session.step == "filling_form":
            return self._answer(session, text)
        if text is not None and session.step == "choosing_language":
            language = self._typed_language(text)
            if language:
                return self._choose_language(session, language)
        if message.type in MEDIA:
            return self._say(session, "media_not_expected")
        if message.type == "unsupported":
            return self._say(session, "unsupported_message")
        return self._say(session, "not_understood")

    # -- steps -------------------------------------------------------------------------------

    def _welcome(self, session: Session) -> Turn:
        language = session.language or "hi"
        buttons = Buttons(
            body=self.texts.get("welcome", language),
            buttons=[Button(id="lang:en", title="English"), Button(id="lang:hi", title="हिंदी")],
        )
        started = ConversationStarted(citizen_id=session.citizen_id, returning=session.known)
        return Turn(replace(session, step="choosing_language", known=True), [buttons], [started])

    def _on_tap(self, session: Session, tapped: str, message: MessageReceived) -> Turn:
        kind, _, rest = tapped.partition(":")
        if kind == "lang" and rest in ("hi", "en"):
            return self._choose_language(session, rest)  # type: ignore[arg-type]
        if session.language is None:
            return self._welcome(session)
        if kind == "apply" and rest == session.service_id:
            submission = str(uuid5(SUBMISSIONS, f"{session.citizen_id}:{rest}:{message.message_id}"))
            return self._apply(replace(session, answers={}, submission_id=submission, document=None))
        if kind == "doc":
            return self._on_document_tap(session, rest)
        if kind == "opt" and session.step == "filling_form":
            return self._answer(session, rest)
        if kind == "restart" and session.step == "confirming":
            return self._ask(replace(session, answers={}))
        if kind == "submit" and session.step == "confirming":
            return self._submit(session)
        if kind == "submit" and session.step == "submitted":
            return self._say(session, "already_submitted")
        if kind == "depts":
            return Turn(replace(session, step="choosing_department"), [self._departments(session.language, int(rest))])
        if kind == "dept" and rest in self._department_ids():
            return self._services_of(session, rest, 0)
        if kind == "svcs":
            department_id, _, page = rest.rpartition(":")
            if department_id in self._department_ids():
                return self._services_of(session, department_id, int(page))
        if kind == "svc":
            try:
                service = self.catalog.service(rest)
            except KeyError:
                return self._say(session, "not_understood")
            return self._choose_service(session, service.id)
        return self._say(session, "not_understood")

    def _choose_language(self, session: Session, language: Language) -> Turn:
        chosen = replace(session, language=language, step="choosing_department", known=True)
        replies = [Text(body=self.texts.get("language_chosen", language)), self._departments(language, 0)]
        return Turn(chosen, replies, [LanguageChosen(citizen_id=session.citizen_id, language=language)])

    def _services_of(self, session: Session, department_id: str, page: int) -> Turn:
        menu = self._services(session.language, department_id, page)
        return Turn(replace(session, step="choosing_service", department_id=department_id), [menu])

    def _choose_service(self, session: Session, service_id: str) -> Turn:
        language = session.language
        service = self.catalog.service(service_id)
        fee = service.fee.inr
        documents = ", ".join(document.label.get(language) for document in service.documents)
        summary = self.texts.get(
            "service_summary",
            language,
            name=service.name.get(language),
            description=service.description.get(language),
            fee=self.texts.get("fee_amount", language, amount=fee) if fee else self.texts.get("fee_free", language),
            sla=service.sla_days,
            documents=documents or self.texts.get("no_documents", language),
        )
        chosen = ServiceChosen(
            citizen_id=session.citizen_id, department_id=service.department, service_id=service.id, language=language
        )
        offer = Buttons(
            body=self.texts.get("apply_prompt", language),
            buttons=[Button(id=f"apply:{service.id}", title=self.texts.get("apply_button", language)),
                     Button(id="depts:0", title=self.texts.get("menu_button", language))],
        )
        return Turn(
            replace(session, step="service_chosen", department_id=service.department, service_id=service.id),
            [Text(body=summary), offer],
            [chosen],
        )

    def _ask(self, session: Session) -> Turn:
        """Ask the first field without an answer; with every field answered, show them to confirm."""
        service = self.catalog.service(session.service_id)
        index = form.next_unanswered(service, session.answers)
        if index is None:
            confirming = replace(session, step="confirming")
            return Turn(confirming, form.confirmation(service, confirming.answers, session.language, self.texts))
        return Turn(replace(session, step="filling_form"), [form.ask(service, index, session.language, self.texts)])

    def _answer(self, session: Session, typed: str) -> Turn:
        service = self.catalog.service(session.service_id)
        index = form.next_unanswered(service, session.answers)
        if index is None:
            return self._ask(session)
        current = service.fields[index]
        answer = check_answer(current, typed)
        if not answer.ok:
            problem = Text(body=self.texts.get(f"problem_{answer.problem}", session.language))
            return Turn(session, [problem, form.ask(service, index, session.language, self.texts)])
        return self._ask(replace(session, answers={**session.answers, current.id: answer.value}))

    def _submit(self, session: Session) -> Turn:
        ref = session.document.ref() if session.document else None
        command = SubmitApplication(
            submission_id=session.submission_id,
            citizen_id=session.citizen_id,
            service_id=session.service_id,
            language=session.language,
            answers={key: value for key, value in session.answers.items() if value is not None},
            documents=[ref] if ref else [],
        )
        return Turn(replace(session, step="submitted"), [Text(body=self.texts.get("submitting", session.language))],
                    [command])

    # -- the document step ------------------------------------------------------------------

    def _apply(self, session: Session) -> Turn:
        document = document_to_read(self.catalog.service(session.service_id))
        if document is None:
            return self._ask(session)
        asking = replace(session, step="sending_document", document=Upload(type=document.type))
        return Turn(asking, [self._document_ask(asking)])

    def _document_ask(self, session: Session) -> Buttons:
        service = self.catalog.service(session.service_id)
        document = _document_of(service, session.document.type)
        labels = [service.field(target).label.get(session.language) for target in _targets(document)]
        body = self.texts.get("document_ask", session.language, document=document.label.get(session.language),
                              fields=", ".join(labels))
        return Buttons(body=body, buttons=[self._skip_button(session.language)])

    def _skip_button(self, language: Language) -> Button:
        return Button(id="doc:skip", title=self.texts.get("skip_button", language))

    def _with_skip(self, session: Session, key: str) -> Turn:
        body = self.texts.get(key, session.language)
        return Turn(session, [Buttons(body=body, buttons=[self._skip_button(session.language)])])

    def _on_text_about_document(self, session: Session, text: str) -> Turn:
        if session.step in ("sending_document", "reading_document") and self.vocabulary.is_skip(text):
            return self._on_document_tap(session, "skip")
        if session.step == "reading_document":
            return self._with_skip(session, "document_still_reading")
        if session.step == "checking_document":
            return Turn(session, self._proposal(session)[1:])
        return Turn(session, [self._document_ask(session)])

    def _read_document(self, session: Session, message: MessageReceived) -> Turn:
        request_id = str(uuid5(DOCUMENT_REQUESTS, message.message_id))
        if session.document.request_id == request_id:
            return Turn(session)  # the same message again (a redelivered webhook): it is being read already
        upload = Upload(type=session.document.type, request_id=request_id, media_id=message.media.id,
                        mime_type=message.media.mime_type)
        request = ReadDocument(request_id=request_id, citizen_id=session.citizen_id, language=session.language,
                               media_id=upload.media_id, mime_type=upload.mime_type, document_type=upload.type)
        return Turn(replace(session, step="reading_document", document=upload),
                    [Text(body=self.texts.get("document_reading", session.language))], [request])

    def _on_document_tap(self, session: Session, choice: str) -> Turn:
        if choice == "skip" and session.step in ("sending_document", "reading_document"):
            return self._ask(replace(session, document=None, answers={}))
        if choice == "use" and session.step == "checking_document":
            return self._ask(replace(session, answers=dict(session.document.proposed)))
        if choice in ("type", "skip") and session.step == "checking_document":
            # Skip here is a tap on the photo request sent before the values arrived: the citizen wants to
            # type the details. The document was read and stored all the same, so it stays attached.
            return self._ask(replace(session, answers={}))
        return self._say(session, "not_understood")

    def on_document(self, session: Session, result: DocumentRead | DocumentRejected) -> Turn:
        """The ocr service answered a ReadDocument; only the answer to the pending request counts."""
        pending = session.document
        if session.step != "reading_document" or pending is None or pending.request_id != result.request_id:
            return Turn(session)
        if isinstance(result, DocumentRejected):
            again = replace(session, step="sending_document", document=Upload(type=pending.type))
            return self._with_skip(again, f"document_rejected_{result.reason}")
        service = self.catalog.service(session.service_id)
        proposed = read_values(service, _document_of(service, pending.type), result.fields)
        read = replace(pending, document_id=result.document_id, proposed=proposed)
        if not proposed:
            turn = self._ask(replace(session, document=read, answers={}))
            nothing = Text(body=self.texts.get("document_nothing_read", session.language))
            return Turn(turn.session, [nothing, *turn.replies])
        checking = replace(session, step="checking_document", document=read)
        return Turn(checking, self._proposal(checking))

    def _proposal(self, session: Session) -> list[Content]:
        """What was read, what was not, and [Use these] [Type myself]."""
        language, proposed = session.language, session.document.proposed
        service = self.catalog.service(session.service_id)
        document = _document_of(service, session.document.type)
        values = "\n".join(f"• {f.label.get(language)}: {form.shown(f, proposed[f.id], language, self.texts)}"
                           for f in service.fields if f.id in proposed)
        body = self.texts.get("document_read", language, document=document.label.get(language), values=values)
        missing = [service.field(target).label.get(language) for target in _targets(document)
                   if target not in proposed]
        if missing:
            body += "\n\n" + self.texts.get("document_not_read", language, fields=", ".join(missing))
        question = Buttons(
            body=self.texts.get("document_use_question", language),
            buttons=[Button(id="doc:use", title=self.texts.get("use_read_values_button", language)),
                     Button(id="doc:type", title=self.texts.get("type_myself_button", language))],
        )
        return [Text(body=body[:4096]), question]

    # -- status ------------------------------------------------------------------------------

    def asks_status(self, session: Session, message: MessageReceived) -> bool:
        """The citizen typed a status phrase or tapped a status button (in a form, typos are answers)."""
        if message.reply is not None:
            return message.reply.id == "status"
        return message.type == "text" and bool(message.text) and self.vocabulary.asks_status(
            message.text, forgiving=session.step != "filling_form")

    def status(self, session: Session, history: list[HistoryStep]) -> Turn:
        """Their applications and each one's history; then, if a question was open, that question again."""
        language = session.language or "hi"
        replies = status_replies(history, language, catalog=self.catalog, texts=self.texts)
        return Turn(session, replies + self._open_question(session))

    def _open_question(self, session: Session) -> list[Content]:
        if session.language is None or session.service_id is None:
            return []
        if session.step == "filling_form":
            service = self.catalog.service(session.service_id)
            index = form.next_unanswered(service, session.answers)
            return [form.ask(service, index, session.language, self.texts)] if index is not None else []
        if session.step == "sending_document" and session.document is not None:
            return [self._document_ask(session)]
        if session.step == "checking_document" and session.document is not None:
            return self._proposal(session)[1:]
        return []

    def _say(self, session: Session, key: str) -> Turn:
        return Turn(session, [Text(body=self.texts.get(key, session.language or "hi"))])

    # -- menus -------------------------------------------------------------------------------

    def _departments(self, language: Language, page: int) -> List:
        rows = [
            Row(id=f"dept:{d.id}", title=d.list_title(language), description=d.list_description(language) or None)
            for d in self.catalog.departments
        ]
        return self._paged_list(language, rows, page, next_page_id=lambda p: f"depts:{p}",
                                body_key="departments_body", button_key="departments_button", values={})

    def _services(self, language: Language, department_id: str, page: int) -> List:
        department = self.catalog.department(department_id)
        rows = [
            Row(id=f"svc:{s.id}", title=s.list_title(language), description=s.list_description(language) or None)
            for s in self.catalog.services_of(department_id)
        ]
        return self._paged_list(language, rows, page, next_page_id=lambda p: f"svcs:{department_id}:{p}",
                                body_key="services_body", button_key="services_button",
                                values={"department": department.name.get(language)})

    def _paged_list(self, language: Language, rows: list[Row], page: int, *, next_page_id, body_key: str,
                    button_key: str, values: dict) -> List:
        pages = paginate(rows)
        page = min(max(page, 0), len(pages) - 1)
        shown = list(pages[page])
        if page < len(pages) - 1:
            shown.append(Row(id=next_page_id(page + 1), title=self.texts.get("more_title", language),
                             description=self.texts.get("more_description", language)))
        return List(
            body=self.texts.get(body_key, language, page=page + 1, pages=len(pages), **values),
            button=self.texts.get(button_key, language),
            sections=[Section(rows=shown)],
        )

    def _department_ids(self) -> set[str]:
        return {d.id for d in self.catalog.departments}

    def _typed_language(self, text: str) -> Language | None:
        stripped = text.strip()
        if stripped in ("1", "2"):  # the order of the language buttons
            return "en" if stripped == "1" else "hi"
        return self.vocabulary.language(text)


def paginate(items: list[Row]) -> list[list[Row]]:
    """Pages of at most 10 rows; every page but the last keeps one row free for 'More'."""
    if len(items) <= ROWS_PER_PAGE:
        return [items]
    size = ROWS_PER_PAGE - 1
    return [items[i : i + size] for i in range(0, len(items), size)]


def document_to_read(service: Service) -> Document | None:
    """The document whose photo is asked for: the first required one that fills form fields."""
    return next((d for d in service.documents if not d.optional and d.fills), None)


def read_values(service: Service, document: Document, fields: list[ExtractedField]) -> dict[str, str]:
    """What OCR read, as checked answers by form field id; a value the field would refuse is dropped."""
    values: dict[str, str] = {}
    for extracted in fields:
        target = document.fills.get(extracted.name)
        if target is None or target in values:
            continue
        answer = check_answer(service.field(target), extracted.value)
        if answer.ok and answer.value is not None:
            values[target] = answer.value
    return values


def _document_of(service: Service, document_type: str) -> Document:
    return next(d for d in service.documents if d.type == document_type)


def _targets(document: Document) -> list[str]:
    """The form fields a document fills, each once, in the order `fills` names them."""
    return list(dict.fromkeys(document.fills.values()))
