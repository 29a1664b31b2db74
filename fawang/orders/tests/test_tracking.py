import datetime as dt

from fawang.orders.tracking import (
    format_tracking_number,
    new_tracking_number,
    normalise_tracking_number,
    tracking_number_is_valid,
)


def test_new_numbers_carry_the_date_and_a_valid_check_digit():
    number = new_tracking_number(today=dt.date(2026, 11, 25))
    assert number.startswith("SC261125") and len(number) == 15
    assert tracking_number_is_valid(number)


def test_every_single_digit_error_is_caught():
    for _ in range(20):
        number = new_tracking_number(today=dt.date(2026, 11, 25))
        for pos in range(2, len(number)):
            for digit in "0123456789":
                if digit != number[pos]:
                    typo = number[:pos] + digit + number[pos + 1 :]
                    assert not tracking_number_is_valid(typo), typo


def test_every_adjacent_transposition_is_caught():
    for _ in range(50):
        number = new_tracking_number(today=dt.date(2026, 1, 9))
        for pos in range(2, len(number) - 1):
            a, b = number[pos], number[pos + 1]
            if a != b:
                swapped = number[:pos] + b + a + number[pos + 2 :]
                assert not tracking_number_is_valid(swapped), swapped


def test_spaces_dashes_and_lower_case_are_accepted_when_reading_a_number_back():
    number = new_tracking_number(today=dt.date(2026, 11, 25))
    shown = format_tracking_number(number)
    assert shown.count(" ") == 3
    assert normalise_tracking_number(shown.lower()) == number
    assert tracking_number_is_valid("  " + shown.lower().replace(" ", "-") + " ")


def test_garbage_is_not_a_tracking_number():
    for value in ["", None, "SC", "XX2611251234567", "SC26112512345678", "SC26112512345a7"]:
        assert not tracking_number_is_valid(value)
