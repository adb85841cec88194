"""Valid answers for the services the tests use."""

import pytest

INCOME = {
    "applicant_name": "Asha Devi", "father_name": "Ram Lal", "date_of_birth": "15/08/1990", "gender": "female",
    "mobile": "9876543210", "aadhaar_number": "XXXX XXXX 1234", "address": "12 Chandni Chowk, Delhi",
    "pincode": "110006", "annual_family_income": "250000",
}
MARRIAGE = {
    "husband_name": "Ravi Kumar", "husband_date_of_birth": "01/01/1990", "husband_aadhaar": "XXXX XXXX 5678",
    "wife_name": "Meena Kumari", "wife_date_of_birth": "02/02/1992", "wife_aadhaar": "XXXX XXXX 9012",
    "date_of_marriage": "10/02/2024", "place_of_marriage": "Arya Samaj Mandir, Delhi", "mobile": "9876543211",
    "address": "7 Lajpat Nagar, Delhi", "pincode": "110024",
}


@pytest.fixture
def income_answers() -> dict[str, str]:
    return dict(INCOME)


@pytest.fixture
def marriage_answers() -> dict[str, str]:
    return dict(MARRIAGE)
