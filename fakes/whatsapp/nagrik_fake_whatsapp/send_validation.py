"""The checks Meta runs on `POST /{phone-number-id}/messages` (PROTOCOLS.md §3). Pure, no I/O.

Lengths are Python `len()`, i.e. Unicode code points, which is how Meta counts Devanagari.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .graph_errors import GraphApiError, invalid_parameter, invalid_value
from .media_rules import check_media_reference
from .templates import TemplateCatalog, TemplateTranslation, check_template_send

MAX_TEXT_BODY = 4096
MAX_LIST_BODY = 4096
MAX_BUTTONS_BODY = 1024
MAX_HEADER_TEXT = 60
MAX_FOOTER_TEXT = 60
MAX_LIST_BUTTON_LABEL = 20
MAX_LIST_SECTIONS = 10
MAX_LIST_ROWS = 10
MAX_SECTION_TITLE = 24
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_ROW_ID = 200
MAX_REPLY_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_BUTTON_ID = 256

MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")
SUPPORTED_TYPES = ("text", "interactive", "template", *MEDIA_TYPES)
# order_details / order_status / cta_url are accepted on shape only; the fake does not simulate payments.
LIGHTLY_CHECKED_INTERACTIVE = ("cta_url", "order_details", "order_status")

_WA_ID_SEPARATORS = re.compile(r"[\s\-().+]")


@dataclass(frozen=True)
class AcceptedSend:
    to: str
    wa_id: str
    type: str
    category: str  # "service" for free-form replies, else the template's category (utility, marketing, ...)
    template: TemplateTranslation | None


def normalise_wa_id(to: str) -> str:
    """Meta accepts `+91 98123-45678` and answers with the bare digits as `wa_id`."""
    return _WA_ID_SEPARATORS.sub("", to)


def check_send_request(
    body: object, *, catalog: TemplateCatalog, media_exists: Callable[[str], bool], business_number: str = ""
) -> AcceptedSend:
    if not isinstance(body, dict):
        raise invalid_parameter("The request body must be a JSON object.")
    if body.get("messaging_product") != "whatsapp":
        raise invalid_parameter("Param messaging_product is required and must be 'whatsapp'.")
    if body.get("recipient_type", "individual") != "individual":
        raise invalid_parameter("Param recipient_type must be 'individual'.")
    to = body.get("to")
    if not isinstance(to, str) or not to:
        raise invalid_parameter("Param to is required.")
    wa_id = normalise_wa_id(to)
    if not wa_id.isdigit() or not 7 <= len(wa_id) <= 15:
        raise invalid_parameter(f"Param to ({to!r}) is not a valid WhatsApp phone number.")
    if wa_id == business_number:
        raise GraphApiError(131021, "Recipient cannot be the sender's own phone number.")
    context = body.get("context")
    if context is not None and (not isinstance(context, dict) or not isinstance(context.get("message_id"), str)):
        raise invalid_parameter("Param context['message_id'] must be a string.")

    message_type = body.get("type", "text")
    if message_type not in SUPPORTED_TYPES:
        raise invalid_parameter(f"Param type must be one of {list(SUPPORTED_TYPES)}, got {message_type!r}.")
    if message_type not in body:
        raise invalid_parameter(f"Param {message_type} is required for a message of type {message_type}.")
    content = body[message_type]

    if message_type == "template":
        template = check_template_send(content, catalog=catalog, media_exists=media_exists)
        return AcceptedSend(to=to, wa_id=wa_id, type=message_type, category=template.category, template=template)
    if message_type == "text":
        _check_text(content)
    elif message_type == "interactive":
        _check_interactive(content, media_exists)
    else:
        check_media_reference(content, message_type, media_exists)
        if message_type in {"audio", "sticker"} and "caption" in content:
            raise invalid_parameter(f"Param {message_type}['caption'] is not allowed.")
    return AcceptedSend(to=to, wa_id=wa_id, type=message_type, category="service", template=None)


def _text(container: object, key: str, where: str, max_length: int, *, required: bool = True, code: int = 131009) -> str | None:
    """Fetch a string field and enforce 1..max_length characters."""
    if not isinstance(container, dict):
        raise invalid_parameter(f"Param {where} must be a JSON object.")
    value = container.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise invalid_parameter(f"Param {where}['{key}'] is required and must be a non-empty string.")
    if len(value) > max_length:
        details = f"Param {where}['{key}'] must be at most {max_length} characters long (got {len(value)})."
        raise GraphApiError(code, details)
    return value


def _check_text(text: object) -> None:
    # Meta reports an over-long text body as a plain parameter error (100), not 131009.
    _text(text, "body", "text", MAX_TEXT_BODY, code=100)
    if isinstance(text, dict) and not isinstance(text.get("preview_url", False), bool):
        raise invalid_parameter("Param text['preview_url'] must be a boolean.")


def _check_interactive(interactive: object, media_exists: Callable[[str], bool]) -> None:
    if not isinstance(interactive, dict):
        raise invalid_parameter("Param interactive must be a JSON object.")
    kind = interactive.get("type")
    if kind == "list":
        _check_list(interactive)
    elif kind == "button":
        _check_reply_buttons(interactive, media_exists)
    elif kind in LIGHTLY_CHECKED_INTERACTIVE:
        if kind != "order_status" and not isinstance(interactive.get("action"), dict):
            raise invalid_parameter(f"Param interactive['action'] is required for type {kind}.")
        _text(interactive.get("body"), "text", "interactive['body']", MAX_BUTTONS_BODY)
    else:
        raise invalid_parameter(f"Param interactive['type'] must be list or button, got {kind!r}.")


def _check_footer(interactive: dict) -> None:
    if "footer" in interactive:
        _text(interactive["footer"], "text", "interactive['footer']", MAX_FOOTER_TEXT)


def _check_list(interactive: dict) -> None:
    header = interactive.get("header")
    if header is not None:
        if not isinstance(header, dict) or header.get("type") != "text":
            raise invalid_value("Param interactive['header']['type'] must be 'text' for a list message.")
        _text(header, "text", "interactive['header']", MAX_HEADER_TEXT)
    _text(interactive.get("body"), "text", "interactive['body']", MAX_LIST_BODY)
    _check_footer(interactive)

    action = interactive.get("action")
    _text(action, "button", "interactive['action']", MAX_LIST_BUTTON_LABEL)
    sections = action.get("sections")
    if not isinstance(sections, list) or not sections:
        raise invalid_parameter("Param interactive['action']['sections'] is required and must be a non-empty array.")
    if len(sections) > MAX_LIST_SECTIONS:
        raise invalid_value(f"Too many sections: {len(sections)}; the maximum is {MAX_LIST_SECTIONS}.")

    row_ids: set[str] = set()
    row_count = 0
    for s, section in enumerate(sections):
        where = f"interactive['action']['sections'][{s}]"
        # A section title is optional for a single section and required once there are several.
        _text(section, "title", where, MAX_SECTION_TITLE, required=len(sections) > 1)
        rows = section.get("rows")
        if not isinstance(rows, list) or not rows:
            raise invalid_parameter(f"Param {where}['rows'] is required and must be a non-empty array.")
        for r, row in enumerate(rows):
            row_where = f"{where}['rows'][{r}]"
            row_id = _text(row, "id", row_where, MAX_ROW_ID)
            _text(row, "title", row_where, MAX_ROW_TITLE)
            _text(row, "description", row_where, MAX_ROW_DESCRIPTION, required=False)
            if row_id in row_ids:
                raise invalid_value(f"Row ids must be unique; {row_id!r} appears more than once.")
            row_ids.add(row_id)
        row_count += len(rows)
    if row_count > MAX_LIST_ROWS:
        raise invalid_value(f"Too many rows: {row_count} across all sections; the maximum is {MAX_LIST_ROWS}.")


def _check_reply_buttons(interactive: dict, media_exists: Callable[[str], bool]) -> None:
    header = interactive.get("header")
    if header is not None:
        kind = header.get("type") if isinstance(header, dict) else None
        if kind == "text":
            _text(header, "text", "interactive['header']", MAX_HEADER_TEXT)
        elif kind in {"image", "document", "video"}:
            check_media_reference(header.get(kind), f"interactive['header']['{kind}']", media_exists)
        else:
            raise invalid_value("Param interactive['header']['type'] must be text, image, document or video.")
    _text(interactive.get("body"), "text", "interactive['body']", MAX_BUTTONS_BODY)
    _check_footer(interactive)

    action = interactive.get("action")
    buttons = action.get("buttons") if isinstance(action, dict) else None
    if not isinstance(buttons, list) or not buttons:
        raise invalid_parameter("Param interactive['action']['buttons'] is required and must be a non-empty array.")
    if len(buttons) > MAX_REPLY_BUTTONS:
        raise invalid_value(f"Too many buttons: {len(buttons)}; the maximum is {MAX_REPLY_BUTTONS}.")
    titles: set[str] = set()
    ids: set[str] = set()
    for b, button in enumerate(buttons):
        where = f"interactive['action']['buttons'][{b}]"
        if not isinstance(button, dict) or button.get("type") != "reply":
            raise invalid_parameter(f"Param {where}['type'] must be 'reply'.")
        button_id = _text(button.get("reply"), "id", f"{where}['reply']", MAX_BUTTON_ID)
        title = _text(button.get("reply"), "title", f"{where}['reply']", MAX_BUTTON_TITLE)
        if title in titles:
            raise invalid_value(f"Button titles must be unique; {title!r} appears more than once.")
        if button_id in ids:
            raise invalid_value(f"Button ids must be unique; {button_id!r} appears more than once.")
        titles.add(title)
        ids.add(button_id)
