"""The catalogue's schema: pydantic models that refuse data Meta would reject or a citizen could not read."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

Lang = Literal["hi", "en"]
LANGS: tuple[Lang, ...] = ("hi", "en")

# WhatsApp interactive-list limits (PROTOCOLS.md §3), counted in code points like Python's len().
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
# A choice may be offered as reply buttons (title ≤ 20, ≤ 3 buttons) or as list rows (≤ 10 rows),
# so option labels must fit the tighter of the two.
OPTION_LABEL_MAX = 20
OPTIONS_MAX = 10

OcrField = Literal["name", "date_of_birth", "gender", "aadhaar", "pan", "pincode", "address", "father_name"]
OCR_FIELDS: tuple[str, ...] = get_args(OcrField)

FieldType = Literal["text", "date", "number", "choice", "phone", "aadhaar", "pincode", "email"]

# Which form-field types each OCR value can be written into.
OCR_TARGET_TYPES: dict[str, frozenset[str]] = {
    "name": frozenset({"text"}),
    "father_name": frozenset({"text"}),
    "address": frozenset({"text"}),
    "pan": frozenset({"text"}),
    "date_of_birth": frozenset({"date"}),
    "gender": frozenset({"choice", "text"}),
    "aadhaar": frozenset({"aadhaar"}),
    "pincode": frozenset({"pincode"}),
}

# Validation every field of these types gets without the data saying so (PROTOCOLS.md §7). Aadhaar's
# Verhoeff check digit is the conversation service's job; this pattern only rejects the obviously wrong.
BUILTIN_PATTERNS: dict[str, str] = {
    "phone": r"^(?:\+91|91|0)?[6-9]\d{9}$",
    "aadhaar": r"^[2-9]\d{11}$",
    "pincode": r"^[1-9]\d{5}$",
    "email": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
}

Workflow = Literal[
    "certificate_standard",
    "licence_standard",
    "registration_standard",
    "scheme_enrolment",
    "payment_only",
    "status_lookup",
    "grievance_standard",
]
WORKFLOWS: tuple[str, ...] = get_args(Workflow)
WORKFLOWS_WITH_CERTIFICATE = frozenset({"certificate_standard", "licence_standard"})
WORKFLOWS_WITHOUT_CERTIFICATE = frozenset({"payment_only", "status_lookup", "grievance_standard"})

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,47}$")]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,47}$")]

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Model):
    """One citizen-facing text in Hindi (Devanagari) and English."""

    hi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @field_validator("hi")
    @classmethod
    def _hindi_is_devanagari(cls, value: str) -> str:
        if not _DEVANAGARI.search(value):
            raise ValueError(f"Hindi text {value!r} has no Devanagari letters; write Hindi in Devanagari script")
        return value

    @field_validator("en")
    @classmethod
    def _english_is_not_devanagari(cls, value: str) -> str:
        if _DEVANAGARI.search(value):
            raise ValueError(f"English text {value!r} contains Devanagari; are hi and en swapped?")
        return value

    def get(self, lang: str) -> str:
        if lang == "hi":
            return self.hi
        if lang == "en":
            return self.en
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGS}")


def _require_fit(label: str, full: Text, short: Text | None, short_key: str, limit: int, what: str) -> None:
    """Raise unless the text shown (the short form if given, else the full one) fits `limit` in both languages."""
    shown, key = (short, short_key) if short is not None else (full, label)
    for lang in LANGS:
        text = shown.get(lang)
        if len(text) > limit:
            hint = "shorten it" if short is not None else f"shorten it or add {short_key}"
            raise ValueError(
                f"{key}.{lang} {text!r} is {len(text)} characters; WhatsApp allows {limit} for {what}: {hint}"
            )


class _Listed(_Model):
    """Something shown as a row of a WhatsApp list: a department or a service."""

    id: Id
    name: Text
    short_name: Text | None = None
    description: Text | None = None
    short_description: Text | None = None

    @model_validator(mode="after")
    def _fits_whatsapp_list(self) -> _Listed:
        _require_fit("name", self.name, self.short_name, "short_name", ROW_TITLE_MAX, "a list row title")
        if self.short_description is not None and self.description is None:
            raise ValueError("short_description is set but description is missing")
        if self.description is not None:
            _require_fit(
                "description",
                self.description,
                self.short_description,
                "short_description",
                ROW_DESCRIPTION_MAX,
                "a list row description",
            )
        return self

    def list_title(self, lang: str) -> str:
        return (self.short_name or self.name).get(lang)

    def list_description(self, lang: str) -> str:
        shown = self.short_description or self.description
        return shown.get(lang) if shown is not None else ""


class Department(_Listed):
    """A department; its id is also its code in topic names (`dept.<id>.applications`)."""


class Option(_Model):
    id: OptionId
    label: Text

    @model_validator(mode="after")
    def _label_fits_a_button(self) -> Option:
        for lang in LANGS:
            text = self.label.get(lang)
            if len(text) > OPTION_LABEL_MAX:
                raise ValueError(
                    f"option {self.id!r} label.{lang} {text!r} is {len(text)} characters; "
                    f"WhatsApp allows {OPTION_LABEL_MAX} for a reply button: shorten it"
                )
        return self


class Validation(_Model):
    regex: str | None = None
    min: float | None = None
    max: float | None = None
    max_length: int | None = Field(default=None, ge=1)

    @field_validator("regex")
    @classmethod
    def _regex_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"regex {value!r} does not compile: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _range_is_ordered(self) -> Validation:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self


class FormField(_Model):
    """One question the citizen answers (or OCR fills)."""

    id: Id
    label: Text
    type: FieldType
    optional: bool = False
    options: list[Option] | None = None
    validation: Validation | None = None

    @model_validator(mode="after")
    def _options_and_rules_match_type(self) -> FormField:
        if self.type == "choice":
            if not self.options or len(self.options) < 2:
                raise ValueError(f"choice field {self.id!r} needs at least 2 options")
            if len(self.options) > OPTIONS_MAX:
                raise ValueError(f"choice field {self.id!r} has {len(self.options)} options; at most {OPTIONS_MAX}")
            _require_unique([o.id for o in self.options], f"option id in field {self.id!r}")
        elif self.options is not None:
            raise ValueError(f"field {self.id!r} of type {self.type!r} cannot have options; only choice fields can")
        rules = self.validation
        if rules is not None:
            if (rules.regex is not None or rules.max_length is not None) and self.type != "text":
                raise ValueError(
                    f"field {self.id!r}: regex and max_length apply to text fields only, not {self.type!r} "
                    "(phone, aadhaar, pincode and email are validated by their type)"
                )
            if (rules.min is not None or rules.max is not None) and self.type != "number":
                raise ValueError(f"field {self.id!r}: min and max apply to number fields only, not {self.type!r}")
        return self


class Document(_Model):
    """A document the citizen uploads; `fills` maps what OCR reads from it to form field ids."""

    type: Id
    label: Text
    optional: bool = False
    fills: dict[OcrField, Id] = Field(default_factory=dict)

    @field_validator("fills", mode="before")
    @classmethod
    def _names_known_ocr_fields(cls, value: Any) -> Any:
        if isinstance(value, dict):
            unknown = [key for key in value if key not in OCR_FIELDS]
            if unknown:
                raise ValueError(f"{unknown} are not OCR fields; OCR can read {list(OCR_FIELDS)}")
        return value


class _Sourced(_Model):
    """A value that is either published by the department (with a note saying where) or a configurable default."""

    source: Literal["published", "default"]
    source_note: str | None = None

    @model_validator(mode="after")
    def _published_says_where(self) -> _Sourced:
        if self.source == "published" and not self.source_note:
            raise ValueError("source is 'published' but source_note does not say where it was published")
        return self


class Fee(_Sourced):
    """Fee in whole rupees; for payment_only services it is a charge on top of the amount the bill says."""

    inr: int = Field(ge=0)


class Sla(_Sourced):
    """Days within which the department promises a decision; 0 means at once."""

    days: int = Field(ge=0)


class Service(_Listed):
    department: Id
    description: Text
    eligibility: Text
    keywords: list[str] = Field(default_factory=list)
    fields: list[FormField] = Field(min_length=1)
    documents: list[Document] = Field(default_factory=list)
    fee: Fee
    sla: Sla
    workflow: Workflow
    certificate_template: Id | None

    @property
    def sla_days(self) -> int:
        return self.sla.days

    def field(self, field_id: str) -> FormField:
        for candidate in self.fields:
            if candidate.id == field_id:
                return candidate
        raise KeyError(f"service {self.id!r} has no field {field_id!r}")

    @model_validator(mode="after")
    def _parts_are_consistent(self) -> Service:
        _require_unique([f.id for f in self.fields], "field id")
        _require_unique([d.type for d in self.documents], "document type")
        types = {f.id: f.type for f in self.fields}
        for doc in self.documents:
            for ocr_name, field_id in doc.fills.items():
                if field_id not in types:
                    raise ValueError(
                        f"document {doc.type!r} fills {ocr_name!r} into field {field_id!r}, "
                        f"which service {self.id!r} does not have (fields: {sorted(types)})"
                    )
                if types[field_id] not in OCR_TARGET_TYPES[ocr_name]:
                    raise ValueError(
                        f"document {doc.type!r} fills {ocr_name!r} into field {field_id!r} of type "
                        f"{types[field_id]!r}; {ocr_name!r} fits {sorted(OCR_TARGET_TYPES[ocr_name])}"
                    )
        if self.workflow in WORKFLOWS_WITH_CERTIFICATE and self.certificate_template is None:
            raise ValueError(f"workflow {self.workflow!r} issues a certificate: set certificate_template")
        if self.workflow in WORKFLOWS_WITHOUT_CERTIFICATE and self.certificate_template is not None:
            raise ValueError(f"workflow {self.workflow!r} issues no certificate: certificate_template must be null")
        return self


class Catalog(_Model):
    """All departments and services, in display order, with lookups by id."""

    departments: list[Department] = Field(min_length=1)
    services: list[Service]

    _departments_by_id: dict[str, Department] = PrivateAttr(default_factory=dict)
    _services_by_id: dict[str, Service] = PrivateAttr(default_factory=dict)
    _services_by_department: dict[str, list[Service]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _references_resolve(self, info: ValidationInfo) -> Catalog:
        # The loader passes where each entry came from, so an error can name the file.
        context = info.context or {}
        dept_where = _locations(context.get("department_locations"), len(self.departments), "department")
        svc_where = _locations(context.get("service_locations"), len(self.services), "service")

        seen_departments: dict[str, str] = {}
        for dept, where in zip(self.departments, dept_where, strict=True):
            if dept.id in seen_departments:
                raise ValueError(f"duplicate department id {dept.id!r}: {seen_departments[dept.id]} and {where}")
            seen_departments[dept.id] = where

        seen_services: dict[str, str] = {}
        by_department: dict[str, list[Service]] = {d.id: [] for d in self.departments}
        for svc, where in zip(self.services, svc_where, strict=True):
            if svc.id in seen_services:
                raise ValueError(f"duplicate service id {svc.id!r}: {seen_services[svc.id]} and {where}")
            seen_services[svc.id] = where
            if svc.department not in by_department:
                raise ValueError(
                    f"{where}: service {svc.id!r} names department {svc.department!r}, which departments.yaml "
                    f"does not define (known: {sorted(by_department)})"
                )
            by_department[svc.department].append(svc)

        empty = [dept_id for dept_id, services in by_department.items() if not services]
        if empty:
            raise ValueError(f"departments {empty} have no services; a citizen would pick them and find nothing")

        self._departments_by_id = {d.id: d for d in self.departments}
        self._services_by_id = {s.id: s for s in self.services}
        self._services_by_department = by_department
        return self

    def department(self, dept_id: str) -> Department:
        try:
            return self._departments_by_id[dept_id]
        except KeyError:
            raise KeyError(f"unknown department {dept_id!r}") from None

    def services_of(self, dept_id: str) -> list[Service]:
        try:
            return list(self._services_by_department[dept_id])
        except KeyError:
            raise KeyError(f"unknown department {dept_id!r}") from None

    def service(self, service_id: str) -> Service:
        try:
            return self._services_by_id[service_id]
        except KeyError:
            raise KeyError(f"unknown service {service_id!r}") from None


def _require_unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)


def _locations(given: list[str] | None, count: int, kind: str) -> list[str]:
    if given is not None and len(given) == count:
        return list(given)
    return [f"{kind} #{i}" for i in range(1, count + 1)]
