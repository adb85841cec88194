"""Indian identifiers are validated exactly as PROTOCOLS.md §7 says, and Aadhaar numbers never leak."""

import random

import pytest

from nagrik_contracts import identifiers
from nagrik_contracts.identifiers import (
    PAN_HOLDER_TYPES,
    is_aadhaar,
    is_mobile,
    is_pan,
    is_pincode,
    mask_aadhaar,
    normalise_mobile,
    pan_holder_type,
    parse_date,
    verhoeff_check_digit,
    verhoeff_is_valid,
)


def valid_aadhaar(rng: random.Random) -> str:
    body = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return body + verhoeff_check_digit(body)


# --- Verhoeff ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number, check_digit",
    [("236", "3"), ("12345", "1"), ("142857", "0"), ("123456789012", "0"), ("8473643095483728456789273645", "2")],
)
def test_published_verhoeff_vectors(number, check_digit):
    assert verhoeff_check_digit(number) == check_digit
    assert verhoeff_is_valid(number + check_digit)


@pytest.mark.parametrize("number", ["2364", "2360", "123452", "1428571", "1234567890129", "3263"])
def test_wrong_check_digits_are_refused(number):
    assert not verhoeff_is_valid(number)


def test_position_permutations_are_powers_of_the_first():
    p = identifiers._P
    for i in range(1, 8):
        assert p[i] == tuple(p[1][d] for d in p[i - 1])
    assert tuple(p[1][d] for d in p[7]) == p[0]  # the permutation has order 8


def test_multiplication_table_is_a_group_with_the_given_inverses():
    d, inv = identifiers._D, identifiers._INV
    assert all(d[0][j] == j == d[j][0] for j in range(10))
    assert all(d[j][inv[j]] == 0 for j in range(10))
    assert all(d[d[a][b]][c] == d[a][d[b][c]] for a in range(10) for b in range(10) for c in range(10))


def test_every_single_digit_error_and_adjacent_transposition_is_detected():
    rng = random.Random(7)
    for _ in range(200):
        number = valid_aadhaar(rng)
        for i in range(12):
            for wrong in "0123456789".replace(number[i], ""):
                assert not verhoeff_is_valid(number[:i] + wrong + number[i + 1 :])
        for i in range(11):
            if number[i] != number[i + 1]:
                assert not verhoeff_is_valid(number[:i] + number[i + 1] + number[i] + number[i + 2 :])


@pytest.mark.parametrize("text", ["", "12a4", "２３６３", "२३६३", "23 63"])
def test_verhoeff_refuses_what_is_not_ascii_digits(text):
    assert not verhoeff_is_valid(text)


def test_check_digit_of_non_digits_is_an_error():
    with pytest.raises(ValueError):
        verhoeff_check_digit("12a")


# --- Aadhaar ----------------------------------------------------------------------------------------


def test_generated_numbers_are_aadhaar_numbers_and_their_neighbours_are_not():
    rng = random.Random(12)
    for _ in range(500):
        number = valid_aadhaar(rng)
        assert is_aadhaar(number)
        assert not is_aadhaar(number[:-1] + str((int(number[-1]) + 1) % 10))


def test_a_number_from_uidais_sandbox_documentation_is_valid():
    assert is_aadhaar("999941057058")


def test_printed_grouping_is_accepted():
    number = valid_aadhaar(random.Random(1))
    assert is_aadhaar(f"{number[:4]} {number[4:8]} {number[8:]}")
    assert is_aadhaar(f"{number[:4]}-{number[4:8]}-{number[8:]}")


@pytest.mark.parametrize("first", ["0", "1"])
def test_aadhaar_never_starts_with_0_or_1_even_with_a_valid_check_digit(first):
    body = first + "2345678901"
    assert verhoeff_is_valid(body + verhoeff_check_digit(body))
    assert not is_aadhaar(body + verhoeff_check_digit(body))


@pytest.mark.parametrize("text", ["23456789012", "2345678901234", "2345 6789 012O", "", "२३४५६७८९०१२४"])
def test_other_shapes_are_not_aadhaar(text):
    assert not is_aadhaar(text)


def test_masking_shows_only_the_last_four_digits():
    rng = random.Random(99)
    for _ in range(500):
        number = valid_aadhaar(rng)
        masked = mask_aadhaar(number)
        assert masked == f"XXXX XXXX {number[-4:]}"
        assert number[:8] not in masked.replace(" ", "")
        assert not any(number[i : i + 5] in masked.replace(" ", "") for i in range(8))


def test_masking_accepts_the_printed_form():
    assert mask_aadhaar("9999 4105 7058") == "XXXX XXXX 7058"


@pytest.mark.parametrize("text", ["12345678901", "123456789012", "99994105705", "hello"])
def test_masking_refuses_non_aadhaar_without_quoting_it(text):
    with pytest.raises(ValueError) as error:
        mask_aadhaar(text)
    assert text not in str(error.value)


# --- PAN --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pan, holder",
    [
        ("ABCPE1234F", "individual"),
        ("AAACR5055K", "company"),
        ("AAAHS1234L", "hindu_undivided_family"),
        ("AAAFP1234Q", "firm"),
        ("AAAAB1234C", "association_of_persons"),
        ("AAATR1234D", "trust"),
        ("AAABC1234E", "body_of_individuals"),
        ("AAALM1234F", "local_authority"),
        ("AAAJK1234G", "artificial_juridical_person"),
        ("AAAGD1234H", "government"),
    ],
)
def test_pan_holder_types(pan, holder):
    assert is_pan(pan)
    assert pan_holder_type(pan) == holder


def test_holder_type_table_is_the_ten_letters_the_department_issues():
    assert sorted(PAN_HOLDER_TYPES) == sorted("PCHFATBLJG")


@pytest.mark.parametrize(
    "text", ["ABCXE1234F", "abcpe1234f", "ABCPE12345", "ABCP1234F", "ABCPE1234", "1BCPE1234F", "ABCPE 1234F", ""]
)
def test_what_is_not_a_pan(text):
    assert not is_pan(text)


def test_holder_type_of_an_invalid_pan_is_an_error():
    with pytest.raises(ValueError):
        pan_holder_type("ABCXE1234F")


# --- Mobile and PIN code ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["9812345678", "+919812345678", "919812345678", "09812345678", "+91 98123 45678", "6000000000", "98123-45678"],
)
def test_indian_mobiles(text):
    assert is_mobile(text)
    assert normalise_mobile(text) == text.replace(" ", "").replace("-", "")[-10:]


@pytest.mark.parametrize("text", ["5812345678", "981234567", "98123456789", "+929812345678", "0091981234567", ""])
def test_not_indian_mobiles(text):
    assert not is_mobile(text)
    assert normalise_mobile(text) is None


@pytest.mark.parametrize(
    "text, valid",
    [
        ("110001", True),
        ("560034", True),
        (" 400001 ", True),
        ("011001", False),
        ("11001", False),
        ("1100011", False),
        ("11000l", False),
        ("१२३४५६", False),
    ],
)
def test_pincodes(text, valid):
    assert is_pincode(text) is valid


# --- Dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, iso",
    [
        ("15/08/1990", "1990-08-15"),
        ("15-08-1990", "1990-08-15"),
        ("01/01/2001", "2001-01-01"),
        ("1/2/1985", "1985-02-01"),
        ("29/02/2000", "2000-02-29"),
        ("Year of Birth: 1985", "1985"),
        ("Year of Birth : 1985", "1985"),
        ("YoB: 1972", "1972"),
        ("जन्म वर्ष / Year of Birth : 1985", "1985"),
        ("जन्म वर्ष: 1960", "1960"),
    ],
)
def test_document_dates_become_iso(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "31/02/1990",
        "29/02/1900",
        "15/13/1990",
        "00/01/1990",
        "15/08-1990",
        "1990-08-15",
        "15/08/90",
        "15/08/1850",
        "1985",
        "Year of Birth: 85",
        "",
    ],
)
def test_impossible_or_foreign_dates_are_refused(text):
    assert parse_date(text) is None


def test_typed_aadhaar_numbers_are_masked_before_publishing():
    valid = "23456789012" + identifiers.verhoeff_check_digit("23456789012")
    typo = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    text = f"my aadhaar {valid[:4]} {valid[4:8]} {valid[8:]} or {typo}, call 919812345678, pin 110001"
    redacted = identifiers.redact_aadhaar_numbers(text)
    assert redacted == f"my aadhaar XXXX XXXX {valid[-4:]} or XXXX XXXX XXXX, call 919812345678, pin 110001"
