"""Issue 8, item 4: in a demo (the recording SMS backend, which sends nothing) the sign-in page shows
the code it "sent" and says it is a demo; with a real gateway, or on production settings, never."""

import pytest
from django.test import override_settings
from django.urls import reverse

from fawang.notify.models import SmsMessage
from fawang.notify.sms import SmsBackend, SmsReceipt, _backend_class

pytestmark = pytest.mark.django_db

PHONE = "13800000000"


class GatewaySmsBackend(SmsBackend):
    """Stands for a real gateway: it keeps what it sends (so the test can see it was sent) but, like
    any real gateway, does not let pages show it."""

    name = "gateway"
    sent: list[str] = []

    def send(self, phone: str, text: str, *, template: str = "", order_id: int | None = None) -> SmsReceipt:
        GatewaySmsBackend.sent.append(text)
        return SmsReceipt(message_id=None, status="sent", backend=self.name)


@pytest.fixture(autouse=True)
def _fresh_backend():
    _backend_class.cache_clear()
    yield
    _backend_class.cache_clear()


def _ask_for_code(client, capture) -> str:
    with capture(execute=True):  # the text goes out when the transaction commits
        response = client.post(reverse("web:citizen_login"), {"action": "request_code", "phone": PHONE})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def _sent_code() -> str:
    import re

    return re.search(r"\d{6}", SmsMessage.objects.get(template="login.code").text).group(0)


def test_demo_shows_the_code_on_the_code_page_and_it_signs_the_citizen_in(
    client, sichuan, django_capture_on_commit_callbacks
):
    html = _ask_for_code(client, django_capture_on_commit_callbacks)
    code = _sent_code()
    assert "演示环境：短信未真正发送，验证码为 " + code in html
    response = client.post(reverse("web:citizen_login"), {"action": "verify", "code": code})
    assert response.status_code == 302
    assert client.get(reverse("web:home")).wsgi_request.user.kind == "citizen"


@override_settings(FAWANG_SMS_BACKEND=f"{__name__}.GatewaySmsBackend")
def test_a_real_gateway_never_shows_the_code(client, sichuan, django_capture_on_commit_callbacks):
    GatewaySmsBackend.sent.clear()
    html = _ask_for_code(client, django_capture_on_commit_callbacks)
    assert len(GatewaySmsBackend.sent) == 1  # it was sent ...
    import re

    code = re.search(r"\d{6}", GatewaySmsBackend.sent[0]).group(0)
    assert code not in html and "演示环境" not in html  # ... and is not on the page


@override_settings(FAWANG_SMS_SHOW_CODES=False)
def test_production_settings_never_show_the_code_even_when_nothing_is_sent(
    client, sichuan, django_capture_on_commit_callbacks
):
    html = _ask_for_code(client, django_capture_on_commit_callbacks)
    assert _sent_code() not in html and "演示环境" not in html
