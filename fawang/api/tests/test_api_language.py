"""The API answers a recognised caller in their account's language, as pages do (ADR 0013): the account
first, then Accept-Language; an unknown language falls back to Chinese."""

import pytest
from django.test import Client

from fawang.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _missing_order(client: Client, raw: str | None, accept: str = "") -> tuple[str, str]:
    headers = {"Accept-Language": accept} if accept else {}
    if raw:
        headers["Authorization"] = f"Bearer {raw}"
    response = client.get("/api/v1/orders/FW20260101000000", headers=headers)
    assert response.status_code == 404
    return response.json()["errors"][0]["message"], response["Content-Language"]


@pytest.mark.parametrize(
    ("account", "accept", "expected", "content_language"),
    [
        ("en", "zh-hans", "No such service order.", "en"),  # the account wins over the header
        ("bo", "en", "ལས་ཐོ་འདི་རྙེད་མ་སོང་།", "bo"),
        ("", "en", "No such service order.", "en"),  # no choice on the account: the header
        ("", "xx-unknown", "未找到该工单。", "zh-hans"),  # an unknown language: Chinese
    ],
)
def test_a_staff_token_is_answered_in_the_account_s_language(
    wuhou_clerk, account, accept, expected, content_language
):
    wuhou_clerk.preferred_language = account
    wuhou_clerk.save(update_fields=["preferred_language"])
    _token, raw = api_token_create(actor=None, user=wuhou_clerk, name="t")
    message, language = _missing_order(Client(), raw, accept)
    assert (message, language) == (expected, content_language)
