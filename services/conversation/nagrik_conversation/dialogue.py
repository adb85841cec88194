"""The dialogue, as a pure function: (session, message) → (new session, replies, events).

Greeting → language buttons → departments (a list, paged) → services of a department (paged) →
the chosen service's summary. Every text comes from texts.yaml and the catalogue, in the
citizen's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal
from uuid import UUID, uuid5

from nagrik_catalog import Catalog, check_answer
from nagrik_contracts import Payload
from nagrik_contracts.applications import SubmitApplication
from nagrik_contracts.conversation import ConversationStarted, LanguageChosen, ServiceChosen
from nagrik_contracts.outbound import Button, Buttons, Content, Language, List, Row, Section, Text
from nagrik_contracts.whatsapp import MessageReceived

from . import form
from .texts import Texts
from .understanding import Vocabulary

Step = Literal[
    "new", "choosing_language", "choosing_department", "choosing_service", "service_chosen", "filling_form",
    "confirming", "submitted",
]
SUBMISSIONS = UUID("3f0c6a52-8d7e-5b1a-9c4e-2a6f1d9b7e01")
"""Namespace of submission ids: one per 'Apply' tap, so a redelivered tap cannot submit twice."""

ROWS_PER_PAGE = 10
"""Meta's limit on list rows; a page that is not the last gives its final row to 'More'."""


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
        if text is not None and self.vocabulary.is_greeting(text):
            return self._welcome(session)
        if tapped:
            return self._on_tap(session, tapped, message)
        if text is not None and session.step == "filling_form":
            return self._answer(session, text)
        if text is not None and session.step == "choosing_language":
            language = self._typed_language(text)
            if language:
                return self._choose_language(session, language)
        if message.type in ("image", "document", "audio", "video", "sticker"):
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
            return self._ask(replace(session, step="filling_form", answers={}, submission_id=submission))
        if kind == "opt" and session.step == "filling_form":
            return self._answer(session, rest)
        if kind == "restart" and session.step == "confirming":
            return self._ask(replace(session, step="filling_form", answers={}))
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
        service = self.catalog.service(session.service_id)
        return Turn(session, [form.ask(service, len(session.answers), session.language, self.texts)])

    def _answer(self, session: Session, typed: str) -> Turn:
        service = self.catalog.service(session.service_id)
        current = service.fields[len(session.answers)]
        answer = check_answer(current, typed)
        if not answer.ok:
            problem = Text(body=self.texts.get(f"problem_{answer.problem}", session.language))
            return Turn(session, [problem, form.ask(service, len(session.answers), session.language, self.texts)])
        answered = replace(session, answers={**session.answers, current.id: answer.value})
        if len(answered.answers) < len(service.fields):
            return self._ask(answered)
        confirming = replace(answered, step="confirming")
        return Turn(confirming, form.confirmation(service, confirming.answers, session.language, self.texts))

    def _submit(self, session: Session) -> Turn:
        command = SubmitApplication(
            submission_id=session.submission_id,
            citizen_id=session.citizen_id,
            service_id=session.service_id,
            language=session.language,
            answers={key: value for key, value in session.answers.items() if value is not None},
        )
        return Turn(replace(session, step="submitted"), [Text(body=self.texts.get("submitting", session.language))],
                    [command])

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
