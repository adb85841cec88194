"""How a bot message reads on a phone, as plain text, and what tapping choice N sends back. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from .templates import TemplateCatalog, body_parameters_as_text


@dataclass(frozen=True)
class Choice:
    label: str
    reply: dict  # the inbound message (without from/id/timestamp) a tap on this choice sends


@dataclass(frozen=True)
class RenderedMessage:
    text: str
    choices: tuple[Choice, ...] = field(default=())


def render_outbound(body: dict, *, wamid: str, templates: TemplateCatalog | None = None) -> RenderedMessage:
    """Render the raw body of a send request (as stored in the fake's transcript)."""
    message_type = body.get("type", "text")
    content = body.get(message_type) or {}
    if message_type == "text":
        return RenderedMessage(str(content.get("body", "")))
    if message_type == "interactive":
        return _render_interactive(content, wamid)
    if message_type == "template":
        return _render_template(content, wamid, templates)
    if message_type in {"image", "document", "audio", "video", "sticker"}:
        return RenderedMessage(media_line(message_type, content))
    return RenderedMessage(f"[{message_type}]")


def media_line(kind: str, media: dict) -> str:
    """`[document: certificate.pdf — Your certificate]`, `[image — caption]`, `[audio]`."""
    name = media.get("filename") or (str(media.get("link", "")).rsplit("/", 1)[-1] if kind == "document" else "")
    if kind == "document" and not name:
        name = "file"
    label = f"{kind}: {name}" if name else kind
    caption = media.get("caption")
    return f"[{label} — {caption}]" if caption else f"[{label}]"


def _header_lines(header: dict | None) -> list[str]:
    if not header:
        return []
    kind = header.get("type")
    if kind == "text":
        return [str(header.get("text", ""))]
    return [media_line(kind, header.get(kind) or {})] if kind else []


def _framed(interactive: dict) -> list[str]:
    lines = _header_lines(interactive.get("header"))
    lines.append(str((interactive.get("body") or {}).get("text", "")))
    footer = (interactive.get("footer") or {}).get("text")
    if footer:
        lines.append(f"_{footer}_")
    return lines


def _render_interactive(interactive: dict, wamid: str) -> RenderedMessage:
    kind = interactive.get("type")
    action = interactive.get("action") or {}
    lines = _framed(interactive)
    if kind == "button":
        choices = tuple(
            Choice(
                label=button["reply"]["title"],
                reply=_interactive_reply("button_reply", {"id": button["reply"]["id"], "title": button["reply"]["title"]}, wamid),
            )
            for button in action.get("buttons", [])
        )
        lines.append("  ".join(f"{number}. {choice.label}" for number, choice in enumerate(choices, 1)))
        return RenderedMessage("\n".join(lines), choices)
    if kind == "list":
        return _render_list(lines, action, wamid)
    if kind == "cta_url":
        parameters = action.get("parameters") or {}
        lines.append(f"[link: {parameters.get('display_text', '')} → {parameters.get('url', '')}]")
    elif kind in {"order_details", "order_status"}:
        parameters = action.get("parameters") or {}
        total = parameters.get("total_amount") or {}
        if total:
            lines.append(f"[{kind}: ₹{int(total.get('value', 0)) / int(total.get('offset', 100) or 100):.2f}]")
        else:
            lines.append(f"[{kind}: {(parameters.get('order') or {}).get('status', '')}]")
    return RenderedMessage("\n".join(lines))


def _render_list(lines: list[str], action: dict, wamid: str) -> RenderedMessage:
    lines.append(f"[{action.get('button', 'Menu')}]")
    choices: list[Choice] = []
    for section in action.get("sections", []):
        if section.get("title"):
            lines.append(f"{section['title']}:")
        for row in section.get("rows", []):
            reply = {"id": row["id"], "title": row["title"]}
            if row.get("description"):
                reply["description"] = row["description"]
            choices.append(Choice(label=row["title"], reply=_interactive_reply("list_reply", reply, wamid)))
            described = f" — {row['description']}" if row.get("description") else ""
            lines.append(f"  {len(choices)}. {row['title']}{described}")
    return RenderedMessage("\n".join(lines), tuple(choices))


def _interactive_reply(kind: str, reply: dict, wamid: str) -> dict:
    return {"type": "interactive", "interactive": {"type": kind, kind: reply}, "context": {"id": wamid}}


def _render_template(template: dict, wamid: str, templates: TemplateCatalog | None) -> RenderedMessage:
    name = template.get("name", "")
    language = (template.get("language") or {}).get("code", "")
    components = template.get("components") or []
    parameters = body_parameters_as_text(components)
    translation = templates.find(name, language) if templates else None
    lines = [f"(template {name}, {language})"]
    for component in components:
        if component.get("type") == "header":
            for parameter in component.get("parameters", []):
                kind = parameter.get("type")
                lines.append(media_line(kind, parameter.get(kind) or {}) if kind != "text" else str(parameter.get("text")))
    if translation is None:
        lines.append(" | ".join(parameters))
        return RenderedMessage("\n".join(lines))
    lines.append(translation.render_body(parameters))
    payloads = _quick_reply_payloads(components)
    choices = tuple(
        Choice(
            label=button["text"],
            reply={
                "type": "button",
                "button": {"payload": payloads.get(index, button["text"]), "text": button["text"]},
                "context": {"id": wamid},
            },
        )
        for index, button in enumerate(translation.buttons)
        if button.get("type", "QUICK_REPLY") == "QUICK_REPLY"
    )
    if choices:
        lines.append("  ".join(f"{number}. {choice.label}" for number, choice in enumerate(choices, 1)))
    return RenderedMessage("\n".join(lines), choices)


def _quick_reply_payloads(components: list[dict]) -> dict[int, str]:
    """Payloads the sender attached to quick-reply buttons; Meta echoes them back on a tap."""
    payloads: dict[int, str] = {}
    for component in components:
        if component.get("type") == "button" and component.get("sub_type") == "quick_reply":
            for parameter in component.get("parameters", []):
                if parameter.get("type") == "payload":
                    payloads[int(component.get("index", 0))] = str(parameter.get("payload"))
    return payloads


def reply_for_input(line: str, last_with_choices: RenderedMessage | None) -> dict:
    """A number 1..N picks that choice of the latest message offering choices; anything else is text."""
    text = line.strip()
    if last_with_choices is not None and text.isdigit() and 1 <= int(text) <= len(last_with_choices.choices):
        return last_with_choices.choices[int(text) - 1].reply
    return {"type": "text", "text": {"body": line}}
