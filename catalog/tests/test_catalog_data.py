"""The shipped catalogue: it loads, and every entry is fit to show a citizen on WhatsApp."""

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from nagrik_catalog import (
    DEFAULT_DATA_DIR,
    OCR_FIELDS,
    ROW_DESCRIPTION_MAX,
    ROW_TITLE_MAX,
    Catalog,
    Text,
    load_catalog,
)

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def texts_in(model: BaseModel, path: str) -> Iterator[tuple[str, Text]]:
    """Every Text inside a model, with a readable path to it."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            where = f"{path}.{name}" + (f"[{index}]" if isinstance(value, list) else "")
            if isinstance(item, Text):
                yield where, item
            elif isinstance(item, BaseModel):
                yield from texts_in(item, where)


def test_catalogue_has_at_least_50_services_across_8_departments(catalog):
    assert len(catalog.departments) >= 8
    assert len(catalog.services) >= 50
    for dept in catalog.departments:
        assert catalog.services_of(dept.id), f"department {dept.id} has no services"


def test_starter_services_are_present(catalog):
    starters = [
        "birth_certificate",
        "death_certificate",
        "sc_st_certificate",
        "obc_certificate",
        "income_certificate",
        "domicile_certificate",
        "surviving_member_certificate",
        "property_tax_payment",
        "welfare_scheme_status",
        "learner_licence",
        "driving_licence_new",
        "driving_licence_renewal",
        "driving_licence_duplicate",
        "marriage_registration_hindu",
        "marriage_special_act",
        "old_age_pension",
        "women_in_distress_pension",
        "disability_pension",
        "ration_card_new",
        "construction_worker_registration",
    ]
    missing = [sid for sid in starters if sid not in {s.id for s in catalog.services}]
    assert missing == []


def test_every_citizen_facing_text_is_in_devanagari_hindi_and_english(catalog):
    texts = [pair for dept in catalog.departments for pair in texts_in(dept, dept.id)]
    texts += [pair for svc in catalog.services for pair in texts_in(svc, svc.id)]
    assert len(texts) > 1000  # the walk really reaches fields, options and documents
    wrong = [
        where
        for where, text in texts
        if not DEVANAGARI.search(text.hi) or not text.en.strip() or DEVANAGARI.search(text.en)
    ]
    assert wrong == []


def test_list_titles_and_descriptions_fit_whatsapp_in_both_languages(catalog):
    too_long = []
    for entry in [*catalog.departments, *catalog.services]:
        for lang in ("hi", "en"):
            title, description = entry.list_title(lang), entry.list_description(lang)
            if not 0 < len(title) <= ROW_TITLE_MAX or len(description) > ROW_DESCRIPTION_MAX:
                too_long.append((entry.id, lang, title, description))
    assert too_long == []


def test_long_names_fall_back_to_their_short_form(catalog):
    obc = catalog.service("obc_certificate")
    assert len(obc.name.en) > ROW_TITLE_MAX
    assert obc.list_title("en") == "OBC Certificate"
    assert obc.list_title("hi") == "ओबीसी प्रमाण पत्र"
    income = catalog.service("income_certificate")
    assert income.short_name is None
    assert income.list_title("hi") == "आय प्रमाण पत्र"


def test_choice_options_fit_reply_buttons(catalog):
    too_long = [
        (svc.id, field.id, option.id)
        for svc in catalog.services
        for field in svc.fields
        for option in field.options or []
        if max(len(option.label.hi), len(option.label.en)) > 20
    ]
    assert too_long == []


def test_ids_are_unique(catalog):
    department_ids = [d.id for d in catalog.departments]
    service_ids = [s.id for s in catalog.services]
    assert len(department_ids) == len(set(department_ids))
    assert len(service_ids) == len(set(service_ids))
    for svc in catalog.services:
        field_ids = [f.id for f in svc.fields]
        document_types = [d.type for d in svc.documents]
        assert len(field_ids) == len(set(field_ids)), svc.id
        assert len(document_types) == len(set(document_types)), svc.id


def test_documents_fill_real_ocr_fields_into_existing_fields(catalog):
    mappings = 0
    for svc in catalog.services:
        field_ids = {f.id for f in svc.fields}
        for doc in svc.documents:
            for ocr_name, field_id in doc.fills.items():
                mappings += 1
                assert ocr_name in OCR_FIELDS, (svc.id, doc.type, ocr_name)
                assert field_id in field_ids, (svc.id, doc.type, field_id)
    assert mappings > 100


def test_shared_documents_fill_only_fields_the_service_asks_for(catalog):
    income = catalog.service("income_certificate").documents[0]
    assert income.type == "aadhaar_card"
    assert income.fills["aadhaar"] == "aadhaar_number"
    assert income.fills["gender"] == "gender"
    surviving = next(d for d in catalog.service("surviving_member_certificate").documents if d.type == "aadhaar_card")
    assert "gender" not in surviving.fills  # that service asks no gender
    assert surviving.fills["name"] == "applicant_name"


def test_every_service_names_a_known_department_and_lists_in_file_order(catalog):
    department_ids = {d.id for d in catalog.departments}
    assert all(s.department in department_ids for s in catalog.services)
    assert [d.id for d in catalog.departments][:3] == ["revenue", "transport", "mcd"]
    assert catalog.services_of("revenue")[0].id == "income_certificate"
    assert all(s.department == "transport" for s in catalog.services_of("transport"))


def test_published_fees_and_slas_say_where_and_defaults_are_marked(catalog):
    sources = {"published": 0, "default": 0}
    for svc in catalog.services:
        for value in (svc.fee, svc.sla):
            sources[value.source] += 1
            if value.source == "published":
                assert value.source_note, svc.id
    assert sources["published"] > 0 and sources["default"] > 0


def test_lookups_by_id(catalog):
    assert catalog.department("revenue").name.hi == "राजस्व विभाग"
    svc = catalog.service("property_tax_payment")
    assert svc.name.get("hi") == "संपत्ति कर भुगतान"
    assert svc.workflow == "payment_only" and svc.certificate_template is None
    assert catalog.service("marriage_registration_hindu").fee.inr == 100
    assert catalog.service("income_certificate").sla_days == 21
    with pytest.raises(KeyError, match="no_such_service"):
        catalog.service("no_such_service")
    with pytest.raises(KeyError, match="nowhere"):
        catalog.department("nowhere")
    with pytest.raises(KeyError, match="nowhere"):
        catalog.services_of("nowhere")


def test_text_get_refuses_an_unknown_language(catalog):
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        catalog.department("revenue").name.get("fr")


def test_default_catalogue_is_loaded_once():
    assert load_catalog() is load_catalog()


def test_a_copy_of_the_data_loads_from_a_path(tmp_path: Path):
    copy = tmp_path / "catalog"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    loaded = load_catalog(copy)
    assert loaded is not load_catalog()
    assert [s.id for s in loaded.services] == [s.id for s in load_catalog().services]
