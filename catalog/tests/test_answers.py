"""A citizen's typed answers are accepted, normalised, or refused with a reason, by field type."""

import pytest

from nagrik_catalog.answers import check_answer
from nagrik_catalog.schema import FormField
from nagrik_contracts.identifiers import verhoeff_check_digit

VALID_AADHAAR = "23456789012" + verhoeff_check_digit("23456789012")


def field(type_: str, **extra) -> FormField:
    return FormField.model_validate({"id": "answer", "label": {"hi": "नाम", "en": "Name"}, "type": type_, **extra})


GENDER = field("choice", options=[{"id": "male", "label": {"hi": "पुरुष", "en": "Male"}},
                                   {"id": "female", "label": {"hi": "महिला", "en": "Female"}}])


@pytest.mark.parametrize("typed", [VALID_AADHAAR, f"{VALID_AADHAAR[:4]} {VALID_AADHAAR[4:8]} {VALID_AADHAAR[8:]}"])
def test_aadhaar_is_verhoeff_checked_and_kept_only_masked(typed):
    answer = check_answer(field("aadhaar"), typed)
    assert answer.value == f"XXXX XXXX {VALID_AADHAAR[-4:]}"
    assert VALID_AADHAAR[:8] not in answer.value


def test_aadhaar_with_a_wrong_check_digit_is_refused():
    wrong = VALID_AADHAAR[:-1] + str((int(VALID_AADHAAR[-1]) + 1) % 10)
    assert check_answer(field("aadhaar"), wrong).problem == "invalid_aadhaar"


@pytest.mark.parametrize("typed, value", [("1", "male"), ("महिला", "female"), ("FEMALE", "female"), ("male", "male")])
def test_choices_by_number_label_in_either_language_or_id(typed, value):
    assert check_answer(GENDER, typed).value == value


@pytest.mark.parametrize(
    "type_, typed, value",
    [("date", "15/08/1990", "1990-08-15"), ("phone", "+91 98123 45678", "9812345678"),
     ("pincode", "110001", "110001"), ("number", "1,20,000", "120000"), ("email", "a@b.in", "a@b.in"),
     ("text", "  Ramesh   Kumar ", "Ramesh Kumar")],
)
def test_valid_answers_are_normalised(type_, typed, value):
    assert check_answer(field(type_), typed).value == value


@pytest.mark.parametrize(
    "type_, typed, problem",
    [("date", "31/02/1990", "not_a_date"), ("phone", "12345", "invalid_phone"), ("pincode", "011001", "invalid_pincode"),
     ("number", "lots", "not_a_number"), ("email", "nope", "invalid_email"), ("choice", "3", "unknown_option")],
)
def test_invalid_answers_say_what_is_wrong(type_, typed, problem):
    target = GENDER if type_ == "choice" else field(type_)
    assert check_answer(target, typed).problem == problem


def test_text_and_number_rules_from_the_catalogue_apply():
    assert check_answer(field("text", validation={"max_length": 5}), "Ramesh").problem == "too_long"
    assert check_answer(field("text", validation={"regex": r"[A-Z]{2}\d{4}"}), "DL1234").ok
    assert check_answer(field("number", validation={"min": 1, "max": 10}), "11").problem == "too_large"


def test_optional_fields_may_be_skipped_required_ones_not():
    assert check_answer(field("text", optional=True), "skip").value is None
    assert check_answer(field("text", optional=True), "छोड़ें").ok
    assert check_answer(field("text"), "").problem == "required"


@pytest.mark.parametrize(
    "type_, typed",
    [("date", "15/08/1990"), ("phone", "+91 98123 45678"), ("aadhaar", VALID_AADHAAR), ("number", "1,20,000"),
     ("text", " Asha  Devi "), ("pincode", "110001")],
)
def test_a_checked_answer_passes_the_same_check_again_unchanged(type_, typed):
    """The conversation checks what the citizen typed; applications checks it again on submission."""
    first = check_answer(field(type_), typed)
    assert check_answer(field(type_), first.value) == first
