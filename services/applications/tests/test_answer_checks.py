from nagrik_applications.answers import check_answers
from nagrik_catalog import load_catalog

INCOME_CERTIFICATE = load_catalog().service("income_certificate")


def test_valid_answers_are_normalised_and_a_skipped_optional_field_left_out(income_answers):
    checked = check_answers(INCOME_CERTIFICATE, {**income_answers, "mobile": "+91 98765 43210", "purpose": "skip"})
    assert checked.ok
    assert checked.values["date_of_birth"] == "1990-08-15"
    assert checked.values["mobile"] == "9876543210"
    assert "purpose" not in checked.values


def test_missing_and_malformed_answers_are_named(income_answers):
    answers = {**income_answers, "pincode": "12", "gender": "robot"}
    del answers["applicant_name"]
    checked = check_answers(INCOME_CERTIFICATE, answers)
    assert not checked.ok
    assert sorted(checked.reasons) == ["applicant_name: required", "gender: unknown_option", "pincode: invalid_pincode"]


def test_a_full_aadhaar_number_is_refused_even_when_valid(income_answers):
    checked = check_answers(INCOME_CERTIFICATE, {**income_answers, "aadhaar_number": "2345 6789 0124"})
    assert checked.reasons == ["aadhaar_number: Aadhaar number must arrive masked (XXXX XXXX 1234)"]
    assert "aadhaar_number" not in checked.values


def test_answers_to_questions_the_service_does_not_ask_are_refused(income_answers):
    checked = check_answers(INCOME_CERTIFICATE, {**income_answers, "blood_group": "O+"})
    assert checked.reasons == ["blood_group: not a field of income_certificate"]
