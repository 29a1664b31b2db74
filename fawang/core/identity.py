"""Resident identity numbers (GB 11643) and mainland mobile numbers: validation, normalisation,
blind indexes for search and masking for display."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from . import crypto
from .errors import DomainError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"  # ISO 7064 MOD 11-2, indexed by the weighted sum mod 11
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


class InvalidIdentity(DomainError):
    status = 422


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalise_resident_id(value: str, *, field: str = "id_number", today: dt.date | None = None) -> str:
    """Return the 18-character number with an upper-case X, or raise naming the broken rule."""
    number = (value or "").strip().upper().replace(" ", "")
    if len(number) != 18:
        raise InvalidIdentity("id_number_length", _("ID number must have 18 characters."), field)
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdentity(
            "id_number_format", _("ID number must be 17 digits followed by a digit or X."), field
        )
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentity(
            "id_number_birth_date", _("ID number does not contain a real birth date."), field
        ) from None
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar date, the zone does not matter here
    if born > today or born.year < 1880:
        raise InvalidIdentity(
            "id_number_birth_date", _("ID number does not contain a real birth date."), field
        )
    if id_check_digit(number[:17]) != number[17]:
        raise InvalidIdentity("id_number_check_digit", _("ID number check digit is wrong (GB 11643)."), field)
    return number


def normalise_mobile(value: str, *, field: str = "phone") -> str:
    digits = re.sub(r"[\s\-()]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not _MOBILE.match(digits):
        raise InvalidIdentity(
            "phone_invalid", _("Mobile number must be 11 digits starting with 13-19."), field
        )
    return digits


def resident_id_index(normalised: str) -> str:
    return crypto.blind_index("id:" + normalised)


def mobile_index(normalised: str) -> str:
    return crypto.blind_index("phone:" + normalised)


def mask_resident_id(number: str | None) -> str:
    if not number:
        return ""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(number: str | None) -> str:
    if not number:
        return ""
    return number[:3] + "****" + number[-4:]


# GB 32100-2015 unified social credit code: 18 characters from this alphabet, last one a check char.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_is_valid(code: str) -> bool:
    """Unified social credit code (统一社会信用代码): shape and GB 32100 check character."""
    if len(code) != 18 or any(c not in _CREDIT_ALPHABET for c in code):
        return False
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]
