"""Form fields come out of realistic OCR output of Aadhaar and PAN cards; a full Aadhaar number never does."""

import random

import pytest

from nagrik_ocr.extraction import ExtractedField, OcrLine, extract, extract_fields, reading_order
from nagrik_contracts.identifiers import verhoeff_check_digit


def aadhaar(body: str = "23456789012") -> str:
    return body + verhoeff_check_digit(body)


NUMBER = aadhaar()  # 234567890124
PRINTED = f"{NUMBER[:4]} {NUMBER[4:8]} {NUMBER[8:]}"
WRONG = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)


def lines(*texts: str, confidence: float = 0.95) -> list[OcrLine]:
    return [OcrLine(text, confidence) for text in texts]


def values(extracted: list[ExtractedField]) -> dict[str, str]:
    return {field.name: field.value for field in extracted}


def test_english_aadhaar_front():
    card = lines(
        "GOVERNMENT OF INDIA",
        "Rahul Kumar Sharma",
        "DOB: 15/08/1990",
        "Male",
        PRINTED,
        "Aadhaar - Aam Aadmi ka Adhikar",
    )
    assert values(extract_fields(card)) == {
        "name": "Rahul Kumar Sharma",
        "date_of_birth": "1990-08-15",
        "gender": "male",
        "aadhaar": "XXXX XXXX 0124",
    }


def test_bilingual_aadhaar_front_prefers_the_latin_name():
    card = lines(
        "भारत सरकार",
        "Government of India",
        "राहुल कुमार शर्मा",
        "Rahul Kumar Sharma",
        "जन्म तिथि/DOB: 15/08/1990",
        "पुरुष/ MALE",
        PRINTED,
        "मेरा आधार, मेरी पहचान",
    )
    assert values(extract_fields(card)) == {
        "name": "Rahul Kumar Sharma",
        "date_of_birth": "1990-08-15",
        "gender": "male",
        "aadhaar": "XXXX XXXX 0124",
    }


def test_hindi_only_name_and_year_of_birth():
    card = lines("भारत सरकार", "सीता देवी", "जन्म वर्ष / Year of Birth : 1985", "महिला", PRINTED)
    assert values(extract_fields(card)) == {
        "name": "सीता देवी",
        "date_of_birth": "1985",
        "gender": "female",
        "aadhaar": "XXXX XXXX 0124",
    }


def test_older_aadhaar_with_the_fathers_name_under_the_holders():
    card = lines(
        "GOVERNMENT OF INDIA",
        "Anita Verma",
        "पिता : राम प्रसाद वर्मा",
        "Father : RAM PRASAD VERMA",
        "DOB : 02-11-1978",
        "Female",
        PRINTED,
    )
    found = values(extract_fields(card))
    assert found["name"] == "Anita Verma"
    assert found["father_name"] == "RAM PRASAD VERMA"
    assert found["date_of_birth"] == "1978-11-02"


def test_noisy_card_with_letters_read_for_digits():
    assert NUMBER == "234567890124"
    card = lines("GOVERNMENT OF lNDIA", "Priya Singh", "DOB: O1/O1/1992", "FEMALE", "2345 67B9 O124", confidence=0.8)
    extraction = extract(card)
    assert values(list(extraction.fields)) == {
        "name": "Priya Singh",
        "date_of_birth": "1992-01-01",
        "gender": "female",
        "aadhaar": "XXXX XXXX 0124",
    }
    assert extraction.get("aadhaar").confidence == pytest.approx(0.8 * 0.9**2)
    assert extraction.get("date_of_birth").confidence == pytest.approx(0.8 * 0.9**2)
    assert extraction.get("name").confidence == 0.8


def test_a_number_failing_verhoeff_is_not_returned_but_reported_unreadable():
    card = lines(
        "GOVERNMENT OF INDIA", "Priya Singh", "DOB: 01/01/1992", "Female", f"{WRONG[:4]} {WRONG[4:8]} {WRONG[8:]}"
    )
    extraction = extract(card)
    assert extraction.get("aadhaar") is None
    assert extraction.unreadable == ("aadhaar",)
    assert extraction.get("name").value == "Priya Singh"


def test_too_many_corrections_make_the_number_unreadable():
    card = lines("Priya Singh", "DOB: 01/01/1992", "2S4S 67B9 O1Z4")  # 5 look-alikes, over the limit of 3
    assert extract(card).unreadable == ("aadhaar",)


def test_two_different_valid_numbers_are_not_guessed_between():
    other = aadhaar("34567890123")
    card = lines("Priya Singh", "DOB: 01/01/1992", PRINTED, f"{other[:4]} {other[4:8]} {other[8:]}")
    extraction = extract(card)
    assert extraction.get("aadhaar") is None
    assert extraction.unreadable == ("aadhaar",)


def test_the_same_number_printed_twice_is_one_field_with_the_better_confidence():
    card = [OcrLine(PRINTED, 0.7), OcrLine(f"Your Aadhaar No. : {PRINTED}", 0.9)]
    assert extract_fields(card) == [ExtractedField("aadhaar", "XXXX XXXX 0124", 0.9)]


def test_the_virtual_id_is_not_taken_for_the_number():
    vid = "9134 5678 9012 3456"
    assert extract(lines(f"VID : {vid}")).fields == ()
    assert extract(lines("Sita Devi", vid)).get("aadhaar") is None


def test_a_mobile_number_with_country_code_is_not_taken_for_the_number():
    mobile = "919812345678"
    assert extract(lines(f"Mobile: {mobile}", f"मोबाइल: {mobile}")).fields == ()
    assert extract(lines(f"Mobile: {mobile}")).unreadable == ()


def test_back_of_a_bilingual_aadhaar_gives_the_english_address_and_pin():
    card = lines(
        "Unique Identification Authority of India",
        "भारतीय विशिष्ट पहचान प्राधिकरण",
        "पता: S/O सुरेश कुमार, मकान नं 12, गली नं 3,",
        "रोहिणी सेक्टर 7, दिल्ली - 110085",
        "Address: S/O Suresh Kumar, H.No. 12, Gali No. 3,",
        "Rohini Sector 7, North West Delhi,",
        "Delhi - 110085",
        PRINTED,
        "VID : 9134 5678 9012 3456",
        "help@uidai.gov.in www.uidai.gov.in",
    )
    assert values(extract_fields(card)) == {
        "father_name": "Suresh Kumar",
        "aadhaar": "XXXX XXXX 0124",
        "address": "H.No. 12, Gali No. 3, Rohini Sector 7, North West Delhi, Delhi - 110085",
        "pincode": "110085",
    }


def test_address_takes_the_confidence_of_its_weakest_line():
    card = [OcrLine("Address: C/O Ramesh, 14 MG Road,", 0.9), OcrLine("Bengaluru, Karnataka 56OO01", 0.6)]
    extraction = extract(card)
    assert extraction.get("address").value == "14 MG Road, Bengaluru, Karnataka 56OO01"
    assert extraction.get("address").confidence == 0.6
    assert extraction.get("pincode").value == "560001"
    assert extraction.get("pincode").confidence == pytest.approx(0.6 * 0.9**2)
    assert extraction.get("father_name") is None  # C/O is care-of, not a parent


def test_pin_code_outside_an_address_block_needs_a_label_or_a_place_before_it():
    assert extract(lines("Jaipur, Rajasthan - 302001")).get("pincode").value == "302001"
    assert extract(lines("PIN Code: 302001")).get("pincode").value == "302001"
    assert extract(lines("Ref 302001 issued")).get("pincode") is None


def test_old_pan_card():
    card = lines(
        "INCOME TAX DEPARTMENT",
        "GOVT. OF INDIA",
        "RAHUL KUMAR SHARMA",
        "SURESH KUMAR SHARMA",
        "15/08/1990",
        "Permanent Account Number",
        "ABCPS1234K",
        "Signature",
    )
    assert values(extract_fields(card)) == {
        "name": "RAHUL KUMAR SHARMA",
        "father_name": "SURESH KUMAR SHARMA",
        "date_of_birth": "1990-08-15",
        "pan": "ABCPS1234K",
    }


def test_new_bilingual_pan_card_with_labels():
    card = lines(
        "आयकर विभाग",
        "INCOME TAX DEPARTMENT",
        "भारत सरकार",
        "GOVT. OF INDIA",
        "स्थायी लेखा संख्या कार्ड",
        "Permanent Account Number Card",
        "ABCPS1234K",
        "नाम / Name",
        "RAHUL KUMAR SHARMA",
        "पिता का नाम / Father's Name",
        "SURESH KUMAR SHARMA",
        "जन्म की तारीख / Date of Birth",
        "15/08/1990",
        "हस्ताक्षर / Signature",
    )
    assert values(extract_fields(card)) == {
        "name": "RAHUL KUMAR SHARMA",
        "father_name": "SURESH KUMAR SHARMA",
        "date_of_birth": "1990-08-15",
        "pan": "ABCPS1234K",
    }


def test_pan_with_look_alike_characters_is_corrected_and_penalised():
    card = lines("INCOME TAX DEPARTMENT", "MEERA NAIR", "K NARAYANAN NAIR", "0l/03/1984", "AB0PN12B4K", confidence=0.9)
    extraction = extract(card)
    assert extraction.get("pan").value == "ABOPN1284K"
    assert extraction.get("pan").confidence == pytest.approx(0.9 * 0.9**2)
    assert extraction.get("date_of_birth").value == "1984-03-01"


def test_a_pan_with_an_unknown_holder_type_is_unreadable():
    extraction = extract(lines("INCOME TAX DEPARTMENT", "MEERA NAIR", "ABCXN1234K"))
    assert extraction.get("pan") is None
    assert extraction.unreadable == ("pan",)


def test_an_impossible_date_of_birth_is_unreadable():
    extraction = extract(lines("Priya Singh", "DOB: 31/02/1992", "Female"))
    assert extraction.get("date_of_birth") is None
    assert extraction.unreadable == ("date_of_birth",)


def test_issue_and_download_dates_are_not_birth_dates():
    card = lines("Rahul Kumar", "Issue Date: 01/01/2015", "Download Date", "12/03/2020", "Male")
    assert extract(card).get("date_of_birth") is None


def test_words_on_the_card_are_not_names():
    card = lines("GOVERNMENT OF INDIA", "Unique Identification Authority of India", "DOB: 01/01/1990")
    assert extract(card).get("name") is None


def test_lines_are_read_in_reading_order_when_boxes_are_given():
    def box(x: float, y: float) -> tuple[tuple[float, float], ...]:
        return ((x, y), (x + 100, y), (x + 100, y + 20), (x, y + 20))

    shuffled = [
        OcrLine("Male", 0.9, box(200, 122)),
        OcrLine(PRINTED, 0.9, box(150, 300)),
        OcrLine("DOB: 15/08/1990", 0.9, box(200, 90)),
        OcrLine("Rahul Kumar", 0.9, box(200, 60)),
        OcrLine("पुरुष /", 0.9, box(120, 125)),
        OcrLine("GOVERNMENT OF INDIA", 0.9, box(150, 10)),
    ]
    ordered = [line.text for line in reading_order(shuffled)]
    assert ordered == ["GOVERNMENT OF INDIA", "Rahul Kumar", "DOB: 15/08/1990", "पुरुष /", "Male", PRINTED]
    assert values(extract_fields(shuffled))["name"] == "Rahul Kumar"


def test_nothing_in_the_output_reveals_the_full_number():
    rng = random.Random(5)
    for _ in range(50):
        number = aadhaar(str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10)))
        card = lines(
            "Government of India", "Asha Rani", "DOB: 01/01/1990", "Female", f"{number[:4]} {number[4:8]} {number[8:]}"
        )
        extraction = extract(card)
        shown = repr(extraction) + repr(card) + "".join(field.value for field in extraction.fields)
        assert number[:8] not in shown.replace(" ", "")
        assert extraction.get("aadhaar").value == f"XXXX XXXX {number[-4:]}"


def test_an_aadhaar_field_refuses_the_full_number():
    with pytest.raises(ValueError) as error:
        ExtractedField("aadhaar", NUMBER, 0.9)
    assert NUMBER not in str(error.value)


@pytest.mark.parametrize("confidence", [-0.1, 1.5])
def test_confidence_is_a_probability(confidence):
    with pytest.raises(ValueError):
        OcrLine("Male", confidence)
