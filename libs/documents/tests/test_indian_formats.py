from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from nagrik_documents import format_date, format_datetime_ist, format_rupees, mask_mobile


@pytest.mark.parametrize(
    ("paise", "text"),
    [
        (0, "₹0.00"),
        (5, "₹0.05"),
        (15000, "₹150.00"),
        (123450, "₹1,234.50"),
        (12345678, "₹1,23,456.78"),
        (10000000000, "₹10,00,00,000.00"),
    ],
)
def test_rupees_use_indian_digit_grouping_and_paise(paise, text):
    assert format_rupees(paise) == text


@pytest.mark.parametrize("amount", [12.5, True, "100"])
def test_rupees_accept_only_integer_paise(amount):
    with pytest.raises(TypeError):
        format_rupees(amount)


def test_dates_are_day_month_year():
    assert format_date(date(2025, 3, 5)) == "05/03/2025"


def test_an_aware_datetime_is_dated_in_ist():
    late_evening_utc = datetime(2025, 3, 4, 20, 0, tzinfo=UTC)  # 01:30 on 5 March in India

    assert format_date(late_evening_utc) == "05/03/2025"
    assert format_datetime_ist(late_evening_utc) == "05/03/2025 01:30:00 IST"


def test_a_datetime_already_in_ist_keeps_its_wall_clock():
    ist = timezone(timedelta(hours=5, minutes=30))

    assert format_datetime_ist(datetime(2025, 3, 5, 14, 5, 9, tzinfo=ist)) == "05/03/2025 14:05:09 IST"


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        format_datetime_ist(datetime(2025, 3, 5, 14, 5))


@pytest.mark.parametrize("mobile", ["+91 98765 43210", "919876543210", "9876543210", "******3210", "XXXXXX3210"])
def test_a_mobile_number_shows_only_its_last_four_digits(mobile):
    assert mask_mobile(mobile) == "XXXXXX3210"


def test_a_mobile_number_without_four_digits_is_refused():
    with pytest.raises(ValueError):
        mask_mobile("+91")
