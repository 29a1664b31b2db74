"""Tracking numbers: "SC" + YYMMDD + 6 random digits + one check digit, e.g. SC2611254730192 shown as
"SC 261125 473019 2".

Why the Damm algorithm for the check digit: citizens read the number out on the phone and type it on
a phone keypad, so the errors that matter are one wrong digit and two neighbouring digits swapped.
Damm's check digit (H. M. Damm, 2004) uses a totally anti-symmetric quasigroup of order 10; it
detects *every* single-digit error and *every* adjacent transposition, with a plain digit (unlike
ISO 7064 MOD 11-2's "X") and without Luhn's blind spot for 09↔90. The number is checked as a whole:
processing all digits including the check digit must end in interim digit 0.

Why random digits and not a counter: a per-day sequence would be one hot row every intake in the
province updates. A random 6-digit part gives a million numbers per day; collisions are caught by
the unique constraint on ServiceOrder.tracking_no and the intake retries with a fresh number.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

PREFIX = "SC"  # 四川
LENGTH = 15  # SC + 6 date digits + 6 random digits + 1 check digit

# The quasigroup table from Damm's thesis (weak totally anti-symmetric, zero diagonal).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_SHAPE = re.compile(rf"^{PREFIX}\d{{{LENGTH - len(PREFIX)}}}$")


def damm_interim(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def damm_check_digit(digits: str) -> str:
    # With a zero diagonal the check digit is simply the interim digit of the payload.
    return str(damm_interim(digits))


def normalise_tracking_number(value: str | None) -> str:
    """Upper-case, without spaces, dashes or dots: "sc 261125-473019 2" → "SC2611254730192".
    Does not validate; see `tracking_number_is_valid`."""
    return re.sub(r"[\s\-.·]", "", value or "").upper()


def tracking_number_is_valid(value: str | None) -> bool:
    """Shape and Damm checksum of a (possibly spaced, lower-case) tracking number."""
    number = normalise_tracking_number(value)
    if not _SHAPE.match(number):
        return False
    return damm_interim(number[len(PREFIX) :]) == 0


def new_tracking_number(*, today: dt.date) -> str:
    """A fresh random number for `today` (the local date of submission). Uniqueness is the database's
    job: the caller retries on an IntegrityError."""
    payload = today.strftime("%y%m%d") + f"{secrets.randbelow(1_000_000):06d}"
    return PREFIX + payload + damm_check_digit(payload)


def format_tracking_number(value: str) -> str:
    """Grouped for reading aloud and on paper: "SC 261125 473019 2"."""
    number = normalise_tracking_number(value)
    if len(number) != LENGTH:
        return number
    return f"{number[:2]} {number[2:8]} {number[8:14]} {number[14:]}"
