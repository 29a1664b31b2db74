import datetime as dt

import pytest

from fawang.core.identity import (
    InvalidIdentity,
    id_check_digit,
    mask_mobile,
    mask_resident_id,
    normalise_mobile,
    normalise_resident_id,
)


def test_valid_id_number_is_normalised_to_upper_case_x():
    # 11010519491231002X is the GB 11643 standard's own example.
    assert normalise_resident_id("11010519491231002x") == "11010519491231002X"


def test_wrong_check_digit_names_the_rule():
    with pytest.raises(InvalidIdentity) as exc:
        normalise_resident_id("110105194912310021", field="applicant_id_number")
    assert exc.value.code == "id_number_check_digit"
    assert exc.value.field == "applicant_id_number"


@pytest.mark.parametrize("birth", ["19490230", "20991231"])
def test_impossible_or_future_birth_date_is_refused(birth):
    first17 = "110105" + birth + "002"
    with pytest.raises(InvalidIdentity) as exc:
        normalise_resident_id(first17 + id_check_digit(first17), today=dt.date(2026, 11, 25))
    assert exc.value.code == "id_number_birth_date"


def test_mobile_accepts_country_code_and_spaces_and_refuses_landlines():
    assert normalise_mobile("+86 139-1234-5678") == "13912345678"
    with pytest.raises(InvalidIdentity):
        normalise_mobile("028-12345678")


def test_masks_keep_only_what_a_clerk_needs_to_recognise():
    assert mask_resident_id("51010519491231002X") == "5101**********002X"
    assert mask_mobile("13812345678") == "138****5678"
