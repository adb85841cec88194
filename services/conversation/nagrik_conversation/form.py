"""Asking a service's questions one at a time, and showing the answers for confirmation. Pure.

The next question is the first field without an answer (not "answer number len(answers)"), so answers
prefilled from a document are not asked again. A skipped optional field has an answer: None.
"""

from __future__ import annotations

from nagrik_catalog import Service
from nagrik_catalog.schema import FormField
from nagrik_contracts.outbound import Button, Buttons, Content, Language, List, Row, Section, Text

from .texts import Texts

_HINTS = {"date": "hint_date", "aadhaar": "hint_aadhaar"}


def next_unanswered(service: Service, answers: dict[str, str | None]) -> int | None:
    """Index of the first field not answered yet, or None when every field has an answer."""
    return next((index for index, field in enumerate(service.fields) if field.id not in answers), None)


def ask(service: Service, index: int, language: Language, texts: Texts) -> Content:
    """The question for field `index`: buttons or a list for a choice, text otherwise."""
    field = service.fields[index]
    hint = texts.get(_HINTS[field.type], language) if field.type in _HINTS else ""
    if field.optional:
        hint += texts.get("hint_optional", language)
    question = texts.get("ask_field", language, number=index + 1, total=len(service.fields),
                         label=field.label.get(language), hint=hint)
    options = field.options or []
    if not options:
        return Text(body=question)
    if len(options) <= 3:
        return Buttons(body=question, buttons=[Button(id=f"opt:{o.id}", title=o.label.get(language)) for o in options])
    rows = [Row(id=f"opt:{o.id}", title=o.label.get(language)) for o in options]
    return List(body=question, button=texts.get("choose_option", language), sections=[Section(rows=rows)])


def shown(field: FormField, value: str | None, language: Language, texts: Texts) -> str:
    """An answer as the citizen should read it back (a choice by its label, not its id)."""
    if value is None:
        return texts.get("skipped", language)
    if field.type == "date" and len(value) == 10:  # stored as ISO; Indians read DD/MM/YYYY
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    for option in field.options or []:
        if option.id == value:
            return option.label.get(language)
    return value


def confirmation(service: Service, answers: dict[str, str | None], language: Language, texts: Texts) -> list[Content]:
    lines = "\n".join(
        f"• {field.label.get(language)}: {shown(field, answers.get(field.id), language, texts)}"
        for field in service.fields
    )
    summary = texts.get("confirm_answers", language, service=service.name.get(language), answers=lines)
    question = Buttons(
        body=texts.get("confirm_question", language),
        buttons=[Button(id="submit", title=texts.get("submit_button", language)),
                 Button(id="restart", title=texts.get("restart_button", language))],
    )
    return [Text(body=summary[:4096]), question]
