"""The WhatsApp Cloud API client (PROTOCOLS.md §3): our content as Meta's JSON, Meta's errors as types."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

import httpx
from pydantic import SecretStr

from nagrik_contracts.outbound import Buttons, Content, Document, Image, List, Template, Text
from nagrik_kit.graph_api import GraphApi

from .domain import WINDOW_CLOSED_CODE, Failure


class CloudApiError(Exception):
    """Meta refused a send (or never answered); subclasses say what that means for us."""

    failure: ClassVar[Failure]

    def __init__(self, message: str, *, code: int | None = None, http_status: int | None = None,
                 details: str | None = None, fbtrace_id: str | None = None) -> None:
        super().__init__(f"{message} (code {code}, HTTP {http_status}): {details or ''}".rstrip(": "))
        self.code = code
        self.http_status = http_status
        self.details = details
        self.fbtrace_id = fbtrace_id


class WindowClosed(CloudApiError):
    failure = "window_closed"


class Throttled(CloudApiError):
    failure = "throttled"


class Undeliverable(CloudApiError):
    failure = "undeliverable"


class Transient(CloudApiError):
    failure = "transient"


class Rejected(CloudApiError):
    failure = "rejected"


class TokenExpired(CloudApiError):
    failure = "token_expired"


_BY_CODE: dict[int, type[CloudApiError]] = {
    WINDOW_CLOSED_CODE: WindowClosed,
    **dict.fromkeys((130429, 131048, 131056, 4, 80007), Throttled),
    131026: Undeliverable,
    # 131053 (media upload error) is listed as "retry" in §3: Meta fetching a `link` can fail transiently.
    **dict.fromkeys((131000, 131016, 131053), Transient),
    **dict.fromkeys((100, 131008, 131009, *range(132000, 132017)), Rejected),
    190: TokenExpired,
}


def error_for(http_status: int, body: bytes) -> CloudApiError:
    """The typed error for a non-2xx answer; Meta's `code` decides, the HTTP status only without one."""
    try:
        error = json.loads(body).get("error") or {}
    except (ValueError, AttributeError):
        error = {}  # a proxy's plain-text 502 and the like
    code = error.get("code") if isinstance(error.get("code"), int) else None
    kind = _BY_CODE.get(code) if code is not None else None
    if kind is None:
        if http_status == 429:
            kind = Throttled
        elif http_status >= 500:
            kind = Transient
        elif http_status == 401:
            kind = TokenExpired
        else:
            kind = Rejected  # an unknown 4xx will not get better by itself: an operator must look
    details = (error.get("error_data") or {}).get("details") if isinstance(error.get("error_data"), dict) else None
    return kind(
        str(error.get("message") or f"HTTP {http_status}"),
        code=code, http_status=http_status, details=details, fbtrace_id=error.get("fbtrace_id"),
    )


# ---------------------------------------------------------------- request bodies


def message_body(to: str, content: Content, *, reply_to: str | None = None) -> dict:
    """The exact JSON Meta expects for sending `content` to `to`."""
    body: dict = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
    if reply_to:
        body["context"] = {"message_id": reply_to}
    kind, value = _typed(content)
    body["type"] = kind
    body[kind] = value
    return body


def _typed(content: Content) -> tuple[str, dict]:
    if isinstance(content, Text):
        return "text", {"body": content.body, "preview_url": content.preview_url}
    if isinstance(content, List):
        action = {"button": content.button, "sections": [_section(s) for s in content.sections]}
        return "interactive", _interactive("list", content.header, content.body, content.footer, action)
    if isinstance(content, Buttons):
        action = {"buttons": [{"type": "reply", "reply": {"id": b.id, "title": b.title}} for b in content.buttons]}
        return "interactive", _interactive("button", content.header, content.body, content.footer, action)
    if isinstance(content, Document):
        return "document", _media(content, filename=content.filename, caption=content.caption)
    if isinstance(content, Image):
        return "image", _media(content, caption=content.caption)
    if isinstance(content, Template):
        return "template", _template(content)
    raise TypeError(f"no Cloud API shape for {type(content).__name__}")


def _interactive(kind: str, header: str | None, body: str, footer: str | None, action: dict) -> dict:
    interactive: dict = {"type": kind}
    if header:
        interactive["header"] = {"type": "text", "text": header}
    interactive["body"] = {"text": body}
    if footer:
        interactive["footer"] = {"text": footer}
    interactive["action"] = action
    return interactive


def _section(section) -> dict:
    rows = [
        {"id": r.id, "title": r.title, **({"description": r.description} if r.description else {})}
        for r in section.rows
    ]
    return {**({"title": section.title} if section.title else {}), "rows": rows}


def _media(media: Document | Image, **optional: str | None) -> dict:
    source = {"id": media.media_id} if media.media_id is not None else {"link": media.link}
    return {**source, **{key: value for key, value in optional.items() if value is not None}}


def _template(template: Template) -> dict:
    components: list[dict] = []
    if template.body_parameters:
        components.append(
            {"type": "body", "parameters": [{"type": "text", "text": text} for text in template.body_parameters]}
        )
    if template.header_document is not None:
        # A template header document takes no caption: the template's own text is the message.
        document = _media(template.header_document, filename=template.header_document.filename)
        components.append({"type": "header", "parameters": [{"type": "document", "document": document}]})
    body: dict = {"name": template.name, "language": {"code": template.language}}
    if components:
        body["components"] = components
    return body


# ---------------------------------------------------------------- the client


@dataclass(frozen=True)
class Accepted:
    """Meta took the message: accepted, not yet delivered. Statuses follow by webhook."""

    wamid: str
    wa_id: str | None


class CloudApi(GraphApi):
    """Sends messages as one WhatsApp Business Account. Tests pass a subclass or point it at the fake."""

    def __init__(self, *, base_url: str, version: str, access_token: SecretStr, phone_number_id: str,
                 timeout_seconds: float = 10.0, transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(base_url=base_url, version=version, access_token=access_token,
                         timeout_seconds=timeout_seconds, transport=transport)
        self.phone_number_id = phone_number_id

    def messages_url(self, phone_number_id: str | None = None) -> str:
        return self.url(phone_number_id or self.phone_number_id, "messages")

    async def send(self, to: str, content: Content, *, reply_to: str | None = None,
                   phone_number_id: str | None = None) -> Accepted:
        """POST one message; raises a `CloudApiError` subclass when Meta refuses or does not answer.

        A timeout is ambiguous: Meta may have accepted the message. It is reported as transient and
        retried, so a citizen can, rarely, receive the message twice (see handlers.py).
        """
        try:
            response = await self.client().post(
                self.messages_url(phone_number_id), json=message_body(to, content, reply_to=reply_to),
                headers=self.headers(),
            )
        except httpx.TimeoutException as error:
            raise Transient(f"no answer from the Cloud API: {type(error).__name__}") from error
        except httpx.TransportError as error:
            raise Transient(f"cannot reach the Cloud API: {type(error).__name__}") from error
        if not response.is_success:
            raise error_for(response.status_code, response.content)
        try:
            answer = response.json()
            return Accepted(wamid=answer["messages"][0]["id"], wa_id=(answer.get("contacts") or [{}])[0].get("wa_id"))
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise Transient("the Cloud API answered 2xx without a message id",
                            http_status=response.status_code) from error

