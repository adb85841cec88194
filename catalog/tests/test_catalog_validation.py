"""Each validator refuses bad data with a message that names the file, the entry and the problem."""

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from nagrik_catalog import CatalogError, load_catalog


def department(dept_id: str = "revenue", **overrides: Any) -> dict[str, Any]:
    return {"id": dept_id, "name": {"hi": "राजस्व विभाग", "en": "Revenue Department"}, **overrides}


def service(service_id: str = "income_certificate", **overrides: Any) -> dict[str, Any]:
    entry = {
        "id": service_id,
        "name": {"hi": "आय प्रमाण पत्र", "en": "Income Certificate"},
        "description": {"hi": "परिवार की आय का प्रमाण", "en": "Proof of family income"},
        "eligibility": {"hi": "दिल्ली के निवासी", "en": "Delhi residents"},
        "fields": [
            {"id": "applicant_name", "label": {"hi": "नाम", "en": "Name"}, "type": "text"},
            {"id": "date_of_birth", "label": {"hi": "जन्म तिथि", "en": "Date of birth"}, "type": "date"},
        ],
        "documents": [
            {
                "type": "aadhaar_card",
                "label": {"hi": "आधार कार्ड", "en": "Aadhaar card"},
                "fills": {"name": "applicant_name", "date_of_birth": "date_of_birth"},
            }
        ],
        "fee": {"inr": 0, "source": "default"},
        "sla": {"days": 21, "source": "published", "source_note": "Citizen charter"},
        "workflow": "certificate_standard",
        "certificate_template": "income_certificate",
    }
    entry.update(overrides)
    return entry


def write_catalog(
    root: Path,
    departments: list[dict[str, Any]] | None = None,
    services: dict[str, list[dict[str, Any]]] | None = None,
    common: dict[str, Any] | None = None,
) -> Path:
    departments = departments if departments is not None else [department()]
    services = services if services is not None else {"revenue": [service()]}
    (root / "services").mkdir(parents=True)
    dump = {"allow_unicode": True, "sort_keys": False}
    (root / "departments.yaml").write_text(yaml.safe_dump({"departments": departments}, **dump), encoding="utf-8")
    for dept_id, entries in services.items():
        body = {"department": dept_id, "services": entries}
        (root / "services" / f"{dept_id}.yaml").write_text(yaml.safe_dump(body, **dump), encoding="utf-8")
    if common is not None:
        (root / "common.yaml").write_text(yaml.safe_dump(common, **dump), encoding="utf-8")
    return root


def with_service_change(path: str, value: Any) -> dict[str, Any]:
    """A valid service with the value at a dotted path (list indexes as numbers) replaced."""
    entry = copy.deepcopy(service())
    *parents, last = path.split(".")
    target: Any = entry
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return entry


def load_error(root: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(root)
    return str(caught.value)


def test_minimal_catalogue_loads(tmp_path):
    catalog = load_catalog(write_catalog(tmp_path))
    assert [s.id for s in catalog.services] == ["income_certificate"]
    assert catalog.service("income_certificate").documents[0].fills == {
        "name": "applicant_name",
        "date_of_birth": "date_of_birth",
    }


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("name.en", "Certificate of Annual Family Income", "name.en 'Certificate of Annual Family Income' is 35"),
        ("name.hi", "वार्षिक पारिवारिक आय का प्रमाण पत्र", "add short_name"),
        ("description.en", "x" * 73, "description.en"),
        ("name.hi", "Aay Praman Patra", "no Devanagari"),
        ("name.en", "आय प्रमाण पत्र", "contains Devanagari; are hi and en swapped"),
        ("name.en", "   ", "name.en"),
        ("eligibility", {"hi": "दिल्ली के निवासी"}, "eligibility.en"),
        ("documents.0.fills", {"signature": "applicant_name"}, "not OCR fields"),
        ("documents.0.fills", {"name": "full_name"}, "field 'full_name', which service 'income_certificate' does not"),
        ("documents.0.fills", {"date_of_birth": "applicant_name"}, "'date_of_birth' fits ['date']"),
        ("fields.1", {"id": "applicant_name", "label": {"hi": "नाम", "en": "Name"}, "type": "text"}, "duplicate field"),
        ("fields.0.type", "choice", "needs at least 2 options"),
        ("fields.0.options", [{"id": "a", "label": {"hi": "क", "en": "A"}}], "only choice fields"),
        ("fields.0.validation", {"regex": "[unclosed"}, "does not compile"),
        ("fields.1.validation", {"max_length": 10}, "apply to text fields only"),
        ("fields.0.validation", {"min": 5}, "apply to number fields only"),
        ("fields.0.type", "signature", "fields.0.type"),
        ("workflow", "certificate_express", "workflow"),
        ("certificate_template", None, "set certificate_template"),
        ("fee", {"inr": -5, "source": "default"}, "fee.inr"),
        ("fee", {"inr": 10, "source": "published"}, "source_note does not say where"),
        ("sla", {"days": 7, "source": "guessed"}, "sla.source"),
        ("feee", {"inr": 10, "source": "default"}, "feee: Extra inputs are not permitted"),
        ("fields", [], "fields"),
    ],
)
def test_invalid_service_is_refused_naming_file_entry_and_problem(tmp_path, path, value, expected):
    root = write_catalog(tmp_path, services={"revenue": [with_service_change(path, value)]})
    message = load_error(root)
    assert "services/revenue.yaml, service #1 'income_certificate'" in message
    assert expected in message


def test_choice_field_rules(tmp_path):
    def with_choice(options):
        entry = service()
        entry["fields"].append(
            {"id": "category", "label": {"hi": "वर्ग", "en": "Category"}, "type": "choice", "options": options}
        )
        return entry

    sc = {"id": "sc", "label": {"hi": "अनुसूचित जाति", "en": "Scheduled Caste"}}
    st = {"id": "st", "label": {"hi": "अनुसूचित जनजाति", "en": "Scheduled Tribe"}}
    long_label = {"id": "long", "label": {"hi": "लंबा", "en": "A label far too long for a button"}}
    for index, (options, expected) in enumerate(
        [
            ([sc], "needs at least 2 options"),
            ([sc, sc], "duplicate option id"),
            ([sc, long_label], "WhatsApp allows 20 for a reply button"),
            ([{**sc, "id": f"o{i}"} for i in range(11)], "at most 10"),
        ]
    ):
        message = load_error(write_catalog(tmp_path / str(index), services={"revenue": [with_choice(options)]}))
        assert expected in message
    good = load_catalog(write_catalog(tmp_path / "good", services={"revenue": [with_choice([sc, st])]}))
    assert [o.id for o in good.service("income_certificate").field("category").options] == ["sc", "st"]


def test_min_above_max_is_refused(tmp_path):
    income = {"id": "income", "label": {"hi": "आय", "en": "Income"}, "type": "number"}
    entry = with_service_change("fields.1", {**income, "validation": {"min": 10, "max": 1}})
    assert "min 10.0 is greater than max 1.0" in load_error(write_catalog(tmp_path, services={"revenue": [entry]}))


def test_payment_only_service_must_not_issue_a_certificate(tmp_path):
    entry = service("property_tax_payment", workflow="payment_only")
    message = load_error(write_catalog(tmp_path, services={"revenue": [entry]}))
    assert "issues no certificate: certificate_template must be null" in message


def test_long_texts_with_short_forms_are_accepted_and_shown_short(tmp_path):
    entry = service(
        name={"hi": "अन्य पिछड़ा वर्ग (ओबीसी) प्रमाण पत्र", "en": "Other Backward Classes (OBC) Certificate"},
        short_name={"hi": "ओबीसी प्रमाण पत्र", "en": "OBC Certificate"},
        description={"hi": "प्रमाण " * 20, "en": "proof " * 20},
        short_description={"hi": "ओबीसी होने का प्रमाण", "en": "Proof of OBC status"},
    )
    svc = load_catalog(write_catalog(tmp_path, services={"revenue": [entry]})).service("income_certificate")
    assert svc.list_title("en") == "OBC Certificate"
    assert svc.list_description("hi") == "ओबीसी होने का प्रमाण"


def test_a_short_name_that_is_itself_too_long_is_refused(tmp_path):
    entry = service(short_name={"hi": "आय", "en": "Still far too long for a list row"})
    assert "short_name.en" in load_error(write_catalog(tmp_path, services={"revenue": [entry]}))


def test_department_name_too_long_without_short_name_is_refused(tmp_path):
    dept = department(name={"hi": "राजस्व विभाग", "en": "Department of Revenue, Delhi"})
    message = load_error(write_catalog(tmp_path, departments=[dept]))
    assert "departments.yaml, department #1 'revenue'" in message
    assert "add short_name" in message


def test_department_without_description_lists_an_empty_description(tmp_path):
    dept = load_catalog(write_catalog(tmp_path)).department("revenue")
    assert dept.list_description("hi") == ""


def test_duplicate_service_id_names_both_places(tmp_path):
    root = write_catalog(
        tmp_path,
        departments=[department(), department("transport", name={"hi": "परिवहन विभाग", "en": "Transport"})],
        services={"revenue": [service()], "transport": [service()]},
    )
    message = load_error(root)
    assert "duplicate service id 'income_certificate'" in message
    assert "services/revenue.yaml" in message and "services/transport.yaml" in message


def test_duplicate_department_id_is_refused(tmp_path):
    message = load_error(write_catalog(tmp_path, departments=[department(), department()]))
    assert "duplicate department id 'revenue'" in message


def test_service_of_an_undefined_department_is_refused(tmp_path):
    root = write_catalog(tmp_path, services={"revenue": [service()], "health": [service("disability_certificate")]})
    message = load_error(root)
    assert "names department 'health', which departments.yaml does not define" in message
    assert "services/health.yaml" in message


def test_department_without_services_is_refused(tmp_path):
    depts = [department(), department("labour", name={"hi": "श्रम विभाग", "en": "Labour"})]
    assert "['labour'] have no services" in load_error(write_catalog(tmp_path, departments=depts))


def test_file_must_be_named_after_its_department(tmp_path):
    root = write_catalog(tmp_path)
    (root / "services" / "revenue.yaml").rename(root / "services" / "revenue_dept.yaml")
    assert "must be named after it (revenue.yaml)" in load_error(root)


def test_a_key_given_twice_in_yaml_is_refused(tmp_path):
    root = write_catalog(tmp_path)
    file = root / "services" / "revenue.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "department: revenue\n", encoding="utf-8")
    message = load_error(root)
    assert "services/revenue.yaml: not valid YAML" in message
    assert "'department' appears twice" in message


def test_broken_yaml_names_the_file(tmp_path):
    root = write_catalog(tmp_path)
    (root / "departments.yaml").write_text("departments: [\n", encoding="utf-8")
    assert "departments.yaml: not valid YAML" in load_error(root)


def test_missing_departments_file_is_reported(tmp_path):
    (tmp_path / "services").mkdir()
    assert "departments.yaml not found" in load_error(tmp_path)


def test_shared_fields_and_documents_are_expanded_with_overrides(tmp_path):
    common = {
        "fields": {
            "applicant_name": {"label": {"hi": "नाम", "en": "Name"}, "type": "text"},
            "gender": {
                "label": {"hi": "लिंग", "en": "Gender"},
                "type": "choice",
                "options": [
                    {"id": "female", "label": {"hi": "महिला", "en": "Female"}},
                    {"id": "male", "label": {"hi": "पुरुष", "en": "Male"}},
                ],
            },
        },
        "documents": {
            "aadhaar_card": {
                "label": {"hi": "आधार कार्ड", "en": "Aadhaar card"},
                "fills": {"name": "applicant_name", "gender": "gender"},
            }
        },
    }
    entry = service(fields=[{"use": "applicant_name", "optional": True}], documents=[{"use": "aadhaar_card"}])
    svc = load_catalog(write_catalog(tmp_path, services={"revenue": [entry]}, common=common)).service(
        "income_certificate"
    )
    assert svc.field("applicant_name").optional is True
    assert svc.documents[0].fills == {"name": "applicant_name"}  # gender dropped: the service has no gender field


def test_unknown_shared_field_is_refused(tmp_path):
    entry = service(fields=[{"use": "applicant_nmae"}])
    common = {"fields": {"applicant_name": {"label": {"hi": "नाम", "en": "Name"}, "type": "text"}}, "documents": {}}
    message = load_error(write_catalog(tmp_path, services={"revenue": [entry]}, common=common))
    assert "fields[0]: uses unknown shared field 'applicant_nmae'" in message


def test_invalid_shared_field_is_reported_against_common_yaml(tmp_path):
    common = {"fields": {"applicant_name": {"label": {"hi": "Naam", "en": "Name"}, "type": "text"}}, "documents": {}}
    message = load_error(write_catalog(tmp_path, common=common))
    assert "common.yaml, shared field 'applicant_name'" in message
    assert "no Devanagari" in message


def test_a_service_file_with_the_wrong_extension_is_not_silently_ignored(tmp_path):
    root = write_catalog(tmp_path)
    (root / "services" / "health.yml").write_text("department: health\nservices: []\n", encoding="utf-8")
    assert "['health.yml'] would be ignored" in load_error(root)
