"""Approved message templates (data in templates.json) and the checks Meta runs on a template send."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .graph_errors import GraphApiError, invalid_parameter, invalid_value
from .media_rules import check_media_reference

_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")
# Meta rejects a template whose body, once filled in, exceeds this (error 132005).
MAX_RENDERED_BODY = 1024
_BODY_PARAMETER_TYPES = {"text", "currency", "date_time"}
_MEDIA_FORMATS = {"DOCUMENT": "document", "IMAGE": "image", "VIDEO": "video"}


@dataclass(frozen=True)
class TemplateTranslation:
    name: str
    language: str
    category: str
    body: str
    header: dict | None
    buttons: list[dict]

    @property
    def body_parameter_count(self) -> int:
        return len(set(_PLACEHOLDER.findall(self.body)))

    @property
    def header_media_type(self) -> str | None:
        """`document` / `image` / `video` when the header takes a media parameter."""
        return _MEDIA_FORMATS.get((self.header or {}).get("format", ""))

    def render_body(self, parameters: list[str]) -> str:
        return _PLACEHOLDER.sub(
            lambda match: parameters[int(match.group(1)) - 1] if int(match.group(1)) <= len(parameters) else match.group(0),
            self.body,
        )


class TemplateCatalog:
    def __init__(self, templates: dict[str, dict]):
        self._templates = templates

    @classmethod
    def load(cls, path: Path | None = None) -> TemplateCatalog:
        if path is None:
            text = resources.files(__package__).joinpath("templates.json").read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return cls(json.loads(text))

    def names(self) -> list[str]:
        return sorted(self._templates)

    def find(self, name: str, language: str) -> TemplateTranslation | None:
        template = self._templates.get(name)
        translation = (template or {}).get("languages", {}).get(language)
        if translation is None:
            return None
        return TemplateTranslation(
            name=name,
            language=language,
            category=template.get("category", "utility"),
            body=translation["body"],
            header=translation.get("header"),
            buttons=list(translation.get("buttons", [])),
        )


def body_parameters_as_text(components: list[dict]) -> list[str]:
    """The body parameters of a template send, as the citizen would read them."""
    for component in components:
        if component.get("type") == "body":
            return [_parameter_text(parameter) for parameter in component.get("parameters", [])]
    return []


def _parameter_text(parameter: dict) -> str:
    kind = parameter.get("type")
    if kind == "currency":
        return str((parameter.get("currency") or {}).get("fallback_value", ""))
    if kind == "date_time":
        return str((parameter.get("date_time") or {}).get("fallback_value", ""))
    return str(parameter.get("text", ""))


def check_template_send(
    template: object, *, catalog: TemplateCatalog, media_exists: Callable[[str], bool]
) -> TemplateTranslation:
    """Validate the `template` object of a send request; raise GraphApiError like Meta would."""
    if not isinstance(template, dict):
        raise invalid_parameter("Param template must be a JSON object.")
    name = template.get("name")
    language = (template.get("language") or {}).get("code") if isinstance(template.get("language"), dict) else None
    if not isinstance(name, str) or not name:
        raise invalid_parameter("Param template['name'] is required.")
    if not isinstance(language, str) or not language:
        raise invalid_parameter("Param template['language']['code'] is required.")
    translation = catalog.find(name, language)
    if translation is None:
        raise GraphApiError(132001, f"template name ({name}) does not exist in {language}")

    components = template.get("components", [])
    if not isinstance(components, list) or not all(isinstance(c, dict) for c in components):
        raise invalid_parameter("Param template['components'] must be an array of objects.")
    by_type: dict[str, list[dict]] = {}
    for component in components:
        by_type.setdefault(str(component.get("type")), []).append(component)
    unknown = set(by_type) - {"header", "body", "button"}
    if unknown:
        raise invalid_parameter(f"Param template['components'] has unknown type(s): {sorted(unknown)}")

    _check_body(translation, by_type.get("body", []))
    _check_header(translation, by_type.get("header", []), media_exists)
    _check_buttons(translation, by_type.get("button", []))
    return translation


def _check_body(translation: TemplateTranslation, bodies: list[dict]) -> None:
    parameters = bodies[0].get("parameters", []) if bodies else []
    if len(bodies) > 1 or len(parameters) != translation.body_parameter_count:
        raise GraphApiError(
            132000,
            f"body: number of localizable_params ({len(parameters)}) does not match the expected number of "
            f"params ({translation.body_parameter_count})",
        )
    for parameter in parameters:
        kind = parameter.get("type") if isinstance(parameter, dict) else None
        if kind not in _BODY_PARAMETER_TYPES:
            raise GraphApiError(132012, f"body: parameter type must be one of {sorted(_BODY_PARAMETER_TYPES)}")
        if kind == "text" and (not isinstance(parameter.get("text"), str) or not parameter["text"].strip()):
            raise invalid_parameter("Param template['components'][body]['parameters'][]['text'] is required.")
    rendered = translation.render_body(body_parameters_as_text([{"type": "body", "parameters": parameters}]))
    if len(rendered) > MAX_RENDERED_BODY:
        raise GraphApiError(132005, f"body is {len(rendered)} characters once filled in; the limit is {MAX_RENDERED_BODY}")


def _check_header(translation: TemplateTranslation, headers: list[dict], media_exists: Callable[[str], bool]) -> None:
    expected = translation.header_media_type
    parameters = headers[0].get("parameters", []) if headers else []
    if expected is None:
        if parameters:
            raise GraphApiError(132000, "header: this template's header takes no parameters")
        return
    if len(parameters) != 1:
        raise GraphApiError(132000, f"header: expected 1 {expected} parameter, got {len(parameters)}")
    parameter = parameters[0]
    if parameter.get("type") != expected or not isinstance(parameter.get(expected), dict):
        raise GraphApiError(132012, f"header: format mismatch, expected {expected.upper()}")
    check_media_reference(parameter[expected], f"template['components'][header]['parameters'][0]['{expected}']", media_exists)


def _check_buttons(translation: TemplateTranslation, buttons: list[dict]) -> None:
    for button in buttons:
        if button.get("sub_type") not in {"quick_reply", "url"}:
            raise invalid_parameter("Param template['components'][button]['sub_type'] must be quick_reply or url.")
        index = str(button.get("index", ""))
        if not index.isdigit() or int(index) >= len(translation.buttons):
            raise invalid_value(f"button index {index!r} is out of range; the template has {len(translation.buttons)} button(s)")

