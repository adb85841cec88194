import pytest

from nagrik_applications.numbering import NUMBER, format_number, service_code
from nagrik_catalog import load_catalog


def test_numbers_read_like_the_department_expects():
    assert format_number(state="DL", code="INC", year=2026, sequence=123) == "DL-INC-2026-000123"


def test_codes_come_from_the_service_id():
    assert service_code("income_certificate") == "INC"
    assert service_code("driving_licence_new") == "DLN"
    assert service_code("ladli_scheme") == "LAS"


def test_every_catalogue_service_gets_a_well_formed_number():
    for service in load_catalog().services:
        number = format_number(state="DL", code=service_code(service.id), year=2026, sequence=1)
        assert NUMBER.fullmatch(number), number


@pytest.mark.parametrize("sequence", [0, 1_000_000])
def test_a_sequence_outside_six_digits_is_refused(sequence):
    with pytest.raises(ValueError):
        format_number(state="DL", code="INC", year=2026, sequence=sequence)
