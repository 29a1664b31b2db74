"""Phone and ID numbers are unreadable in the database file and still found by their blind index."""

from django.db import connection

from fawang.accounts.models import User
from fawang.accounts.tests.factories import CitizenFactory
from fawang.core.identity import id_check_digit, mobile_index, resident_id_index

ID_NUMBER = "51010719900307123" + id_check_digit("51010719900307123")
PHONE = "13912345678"


def _raw(user_id: int) -> tuple[str, str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, id_number, phone_index, id_number_index FROM accounts_user WHERE id = %s",
            [user_id],
        )
        return cursor.fetchone()


def test_phone_and_id_number_are_ciphertext_in_the_database(db):
    user = CitizenFactory(phone=PHONE, id_number=ID_NUMBER, id_number_index=resident_id_index(ID_NUMBER))
    phone_col, id_col, phone_index, id_index = _raw(user.pk)

    for column in (phone_col, id_col, phone_index, id_index):
        assert PHONE not in column and ID_NUMBER not in column
        # Not even a fragment long enough to identify the person.
        assert "12345678" not in column and "19900307" not in column
    assert phone_col.startswith("v1:") and id_col.startswith("v1:")
    # Python code still sees the plaintext.
    user.refresh_from_db()
    assert (user.phone, user.id_number) == (PHONE, ID_NUMBER)


def test_same_number_encrypts_differently_per_row(db):
    first = CitizenFactory(username="a", phone="13800000000", id_number=ID_NUMBER, phone_index="x1")
    second = CitizenFactory(username="b", phone="13800000000", id_number=ID_NUMBER, phone_index="x2")
    assert _raw(first.pk)[0] != _raw(second.pk)[0]
    assert _raw(first.pk)[1] != _raw(second.pk)[1]


def test_found_by_blind_index_and_not_by_plaintext(db):
    user = CitizenFactory(phone=PHONE, id_number=ID_NUMBER, id_number_index=resident_id_index(ID_NUMBER))
    CitizenFactory(phone="13700000000")

    assert list(User.objects.filter(phone_index=mobile_index(PHONE))) == [user]
    assert list(User.objects.filter(id_number_index=resident_id_index(ID_NUMBER))) == [user]
    # The column holds ciphertext, so a plaintext search finds nothing.
    assert not User.objects.filter(phone__contains="12345678").exists()
