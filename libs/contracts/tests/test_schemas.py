"""The committed JSON Schemas are current, and `breaking_changes` catches what breaks a published one."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Annotated, Literal

import pytest
from pydantic import ConfigDict, Field, create_model

from nagrik_contracts import PAYLOADS, schemas
from nagrik_contracts.conversation import LanguageChosen, ServiceChosen
from nagrik_contracts.outbound import Buttons, Document, Image, List, Row, Section, SendMessage, Template, Text
from nagrik_contracts.schemas import breaking_changes
from nagrik_contracts.whatsapp import MessageReceived

REGENERATE = "run `python -m nagrik_contracts.schemas` (from libs/contracts, in the venv) and commit the result"

PUBLISHED = schemas.published()
GENERATED = schemas.generate()


# --- the committed files are current ----------------------------------------------------------


def test_committed_schema_files_are_the_generated_ones():
    missing = sorted(GENERATED.keys() - PUBLISHED.keys())
    stray = sorted(PUBLISHED.keys() - GENERATED.keys())
    stale = sorted(name for name in GENERATED.keys() & PUBLISHED.keys() if GENERATED[name] != PUBLISHED[name])
    assert not (missing or stray or stale), (
        f"nagrik_contracts/schemas/ is out of date (missing: {missing}, no longer generated: {stray}, "
        f"changed: {stale}); {REGENERATE}"
    )


def test_committed_schema_files_are_byte_for_byte_what_the_generator_writes():
    """So regenerating never produces a spurious diff."""
    differ = [
        name
        for name, schema in GENERATED.items()
        if (schemas.DIRECTORY / name).exists()
        and (schemas.DIRECTORY / name).read_text(encoding="utf-8")
        != json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    ]
    assert not differ, f"formatting of {differ} differs from the generator's; {REGENERATE}"


def test_a_schema_is_generated_for_the_envelope_and_every_payload():
    expected = {"envelope.v1.json"} | {f"{event_type}.v{version}.json" for event_type, version in PAYLOADS}
    assert set(GENERATED) == expected


def test_schemas_are_shipped_with_the_package():
    assert schemas.DIRECTORY.is_dir()
    assert len(list(schemas.DIRECTORY.glob("*.json"))) == len(GENERATED)


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_schema_is_not_broken_by_the_current_code(name):
    assert name in GENERATED, (
        f"{name} is published but no longer generated: a published schema version may not be removed"
    )
    problems = breaking_changes(PUBLISHED[name], GENERATED[name])
    assert problems == [], (
        f"{name} changed incompatibly: {problems}. Publish a new version (schema_version = 2) instead."
    )


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_a_schema_has_no_breaking_changes_against_itself(name):
    assert breaking_changes(GENERATED[name], copy.deepcopy(GENERATED[name])) == []


# --- breaking_changes on hand-made schemas ----------------------------------------------------


def obj(properties: dict, required: list[str] = (), **extra) -> dict:
    return {"type": "object", "properties": properties, "required": list(required), **extra}


OLD = obj(
    {
        "citizen_id": {"type": "string", "minLength": 1},
        "language": {"type": "string", "enum": ["hi", "en"]},
        "title": {"type": "string", "maxLength": 24},
        "count": {"type": "integer", "maximum": 10},
        "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 20}, "maxItems": 3},
    },
    ["citizen_id", "language", "title"],
)


def changed(edit) -> dict:
    new = copy.deepcopy(OLD)
    edit(new)
    return new


def test_hand_made_identical_schema_has_no_breaking_changes():
    assert breaking_changes(OLD, copy.deepcopy(OLD)) == []


def test_hand_made_removing_a_property_is_reported():
    new = changed(lambda s: s["properties"].pop("count"))
    assert breaking_changes(OLD, new) == ["$.count: removed"]


def test_hand_made_removing_a_required_property_is_reported():
    def edit(s):
        s["properties"].pop("title")
        s["required"].remove("title")

    assert breaking_changes(OLD, changed(edit)) == ["$.title: removed"]


def test_hand_made_making_an_optional_property_required_is_reported():
    new = changed(lambda s: s["required"].append("count"))
    assert breaking_changes(OLD, new) == ["$.count: newly required"]


def test_hand_made_adding_a_required_property_is_reported():
    def edit(s):
        s["properties"]["district"] = {"type": "string"}
        s["required"].append("district")

    assert breaking_changes(OLD, changed(edit)) == ["$.district: newly required"]


def test_hand_made_changing_a_type_is_reported():
    new = changed(lambda s: s["properties"].__setitem__("count", {"type": "string"}))
    assert breaking_changes(OLD, new) == ["$.count: type integer became string"]


def test_hand_made_changing_an_optional_type_is_reported():
    new = changed(lambda s: s["properties"].__setitem__("note", {"anyOf": [{"type": "integer"}, {"type": "null"}]}))
    assert breaking_changes(OLD, new) != []


def test_hand_made_making_a_nullable_property_non_nullable_is_reported():
    new = changed(lambda s: s["properties"].__setitem__("note", {"type": "string"}))
    problems = breaking_changes(OLD, new)
    assert len(problems) == 1 and problems[0].startswith("$.note: alternatives removed"), problems


def test_hand_made_tightening_max_length_is_reported():
    new = changed(lambda s: s["properties"]["title"].__setitem__("maxLength", 20))
    assert breaking_changes(OLD, new) == ["$.title: maxLength tightened to 20"]


def test_hand_made_adding_a_max_length_is_reported():
    new = changed(lambda s: s["properties"]["citizen_id"].__setitem__("maxLength", 20))
    assert breaking_changes(OLD, new) == ["$.citizen_id: maxLength tightened to 20"]


def test_hand_made_tightening_other_bounds_is_reported():
    new = changed(lambda s: s["properties"]["count"].__setitem__("maximum", 9))
    assert breaking_changes(OLD, new) == ["$.count: maximum tightened to 9"]
    new = changed(lambda s: s["properties"]["citizen_id"].__setitem__("minLength", 2))
    assert breaking_changes(OLD, new) == ["$.citizen_id: minLength raised to 2"]
    new = changed(lambda s: s["properties"]["tags"].__setitem__("maxItems", 2))
    assert breaking_changes(OLD, new) == ["$.tags: maxItems tightened to 2"]


def test_hand_made_tightening_array_items_is_reported():
    new = changed(lambda s: s["properties"]["tags"]["items"].__setitem__("maxLength", 10))
    assert breaking_changes(OLD, new) == ["$.tags[]: maxLength tightened to 10"]


def test_hand_made_removing_an_enum_value_is_reported():
    new = changed(lambda s: s["properties"]["language"].__setitem__("enum", ["hi", "mr"]))
    assert breaking_changes(OLD, new) == ["$.language: enum values removed"]


def test_hand_made_changes_inside_a_referenced_definition_are_reported():
    row = obj({"title": {"type": "string", "maxLength": 24}})
    old = obj({"row": {"$ref": "#/$defs/Row"}}, ["row"], **{"$defs": {"Row": row}})
    new = copy.deepcopy(old)
    new["$defs"]["Row"]["properties"]["title"]["maxLength"] = 23
    assert breaking_changes(old, new) == ["$.row.title: maxLength tightened to 23"]


def test_hand_made_adding_an_optional_property_is_not_reported():
    new = changed(lambda s: s["properties"].__setitem__("district", {"type": "string"}))
    assert breaking_changes(OLD, new) == []


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s["properties"]["title"].__setitem__("maxLength", 100),
        lambda s: s["properties"]["title"].pop("maxLength"),
        lambda s: s["properties"]["citizen_id"].__setitem__("minLength", 0),
        lambda s: s["properties"]["language"]["enum"].append("mr"),
        lambda s: s["required"].remove("title"),
        lambda s: s["properties"].__setitem__("count", {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
    ],
    ids=["loosen-maxLength", "drop-maxLength", "lower-minLength", "add-enum-value", "make-optional", "make-nullable"],
)
def test_hand_made_loosening_is_not_reported(edit):
    assert breaking_changes(OLD, changed(edit)) == []


def test_hand_made_tightening_max_length_of_a_nullable_property_is_reported():
    old = obj({"description": {"anyOf": [{"type": "string", "maxLength": 72}, {"type": "null"}]}})
    new = obj({"description": {"anyOf": [{"type": "string", "maxLength": 50}, {"type": "null"}]}})
    assert breaking_changes(old, new) != []


def test_hand_made_narrowing_an_enum_to_a_const_is_reported():
    old = obj({"language": {"type": "string", "enum": ["hi", "en"]}})
    new = obj({"language": {"type": "string", "const": "hi"}})
    assert breaking_changes(old, new) != []


def test_hand_made_removing_a_union_variant_is_reported():
    defs = {
        "A": obj({"type": {"const": "a", "type": "string"}}, title="A"),
        "B": obj({"type": {"const": "b", "type": "string"}}, title="B"),
    }
    old = obj({"content": {"oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}}, **{"$defs": defs})
    new = obj({"content": {"oneOf": [{"$ref": "#/$defs/A"}]}}, **{"$defs": {"A": defs["A"]}})
    assert breaking_changes(old, new) != []


# --- breaking_changes on derived pydantic models ----------------------------------------------


def schema_of(model) -> dict:
    return model.model_json_schema()


def without(model, field: str):
    """`model` with `field` removed (same name, so the schema only differs by the field)."""
    fields = {name: (info.annotation, info) for name, info in model.model_fields.items() if name != field}
    return create_model(model.__name__, __config__=model.model_config, **fields)


def test_model_removing_a_property_is_reported():
    assert breaking_changes(schema_of(ServiceChosen), schema_of(without(ServiceChosen, "service_id"))) == [
        "$.service_id: removed"
    ]


def test_model_removing_an_optional_property_is_reported():
    problems = breaking_changes(schema_of(MessageReceived), schema_of(without(MessageReceived, "profile_name")))
    assert problems == ["$.profile_name: removed"]


def test_model_making_an_optional_property_required_is_reported():
    class Strict(SendMessage):
        phone_number_id: str

    assert "$.phone_number_id: newly required" in breaking_changes(schema_of(SendMessage), schema_of(Strict))


def test_model_adding_a_required_property_is_reported():
    class WithDistrict(ServiceChosen):
        district: str

    assert breaking_changes(schema_of(ServiceChosen), schema_of(WithDistrict)) == ["$.district: newly required"]


def test_model_changing_a_type_is_reported():
    class NumericDepartment(ServiceChosen):
        department_id: int

    assert breaking_changes(schema_of(ServiceChosen), schema_of(NumericDepartment)) == [
        "$.department_id: type string became integer"
    ]


def test_model_changing_the_type_of_an_optional_property_is_reported():
    class NumericText(MessageReceived):
        text: int | None = None

    assert breaking_changes(schema_of(MessageReceived), schema_of(NumericText)) != []


def test_model_tightening_max_length_is_reported():
    class ShortTitles(Row):
        title: str = Field(min_length=1, max_length=20)

    assert breaking_changes(schema_of(Row), schema_of(ShortTitles)) == ["$.title: maxLength tightened to 20"]


def test_model_tightening_max_length_deep_inside_send_message_is_reported():
    # The derived models keep their parents' titles: _compare pairs union variants by title.
    class ShortRow(Row):
        model_config = ConfigDict(title="Row")
        title: str = Field(min_length=1, max_length=20)

    class ShortSection(Section):
        model_config = ConfigDict(title="Section")
        rows: list[ShortRow] = Field(min_length=1, max_length=10)

    class ShortList(List):
        model_config = ConfigDict(title="List")
        sections: list[ShortSection] = Field(min_length=1, max_length=10)

    class ShortSend(SendMessage):
        content: Annotated[Text | ShortList | Buttons | Document | Image | Template, Field(discriminator="type")]

    assert breaking_changes(schema_of(SendMessage), schema_of(ShortSend)) == [
        "$.content.sections[].rows[].title: maxLength tightened to 20"
    ]


def test_model_tightening_inside_a_renamed_content_model_is_reported():
    class ListMessage(List):
        body: str = Field(min_length=1, max_length=1024)

    class RenamedSend(SendMessage):
        content: Annotated[Text | ListMessage | Buttons | Document | Image | Template, Field(discriminator="type")]

    assert breaking_changes(schema_of(SendMessage), schema_of(RenamedSend)) != []


def test_model_removing_an_enum_value_is_reported():
    class HindiOrMarathi(LanguageChosen):
        language: Literal["hi", "mr"]

    assert breaking_changes(schema_of(LanguageChosen), schema_of(HindiOrMarathi)) == [
        "$.language: enum values removed"
    ]


def test_model_adding_an_optional_property_is_not_reported():
    class WithDistrict(ServiceChosen):
        district: str | None = None

    assert breaking_changes(schema_of(ServiceChosen), schema_of(WithDistrict)) == []


def test_model_adding_an_enum_value_is_not_reported():
    class MoreLanguages(LanguageChosen):
        language: Literal["hi", "en", "mr"]

    assert breaking_changes(schema_of(LanguageChosen), schema_of(MoreLanguages)) == []


def test_model_loosening_max_length_is_not_reported():
    class LongTitles(Row):
        title: str = Field(min_length=1, max_length=30)

    assert breaking_changes(schema_of(Row), schema_of(LongTitles)) == []


def test_model_tightening_max_length_of_an_optional_property_is_reported():
    class ShortDescriptions(Row):
        description: str | None = Field(default=None, max_length=50)

    assert breaking_changes(schema_of(Row), schema_of(ShortDescriptions)) != []


def test_model_narrowing_an_enum_to_one_value_is_reported():
    class HindiOnly(LanguageChosen):
        language: Literal["hi"]

    assert breaking_changes(schema_of(LanguageChosen), schema_of(HindiOnly)) != []


def test_model_removing_a_content_type_is_reported():
    class NoImages(SendMessage):
        content: Annotated[Text | List | Buttons | Document | Template, Field(discriminator="type")]

    assert breaking_changes(schema_of(SendMessage), schema_of(NoImages)) != []


def test_model_restricting_a_string_to_an_enum_or_format_is_reported():
    class KnownDepartments(ServiceChosen):
        department_id: Literal["revenue", "health"]

    class DatedService(ServiceChosen):
        service_id: datetime

    assert breaking_changes(schema_of(ServiceChosen), schema_of(KnownDepartments)) != []
    assert breaking_changes(schema_of(ServiceChosen), schema_of(DatedService)) != []
