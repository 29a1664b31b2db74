"""Notices (inbox and SMS) in the applicant's language: the order's language picks the notices'
content translations; without one the interface catalog's wording in that language, and only without
that the Chinese, with a note saying so."""

from __future__ import annotations

from fawang.notify.models import InboxMessage, SmsMessage
from fawang.translations.services import translations_load

_BO = {
    "order_event.title": "ཞབས་ཞུའི་ཐོ་ཡིག %(tracking_no)s： %(status)s",
    "order_event.body": "ཁྱེད་ཀྱི་ཞབས་ཞུའི་ཐོ་ཡིག %(tracking_no)s ད་ལྟ། %(status)s",
    "order_event.sms": "【ཁྲིམས་དྲ】ཞབས་ཞུའི་ཐོ་ཡིག %(tracking_no)s： %(status)s",
}


def test_a_tibetan_applicant_is_told_in_tibetan(submit, django_capture_on_commit_callbacks):
    translations_load(
        rows=[
            {"content": "notify.notice", "key": k, "field": "text", "language": "bo", "text": v}
            for k, v in _BO.items()
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = submit(language="bo", description="ང་ལ་གླ་ཕོགས་མ་སྤྲད། ཁྲིམས་ལུགས་རོགས་རམ་དགོས།")
    message = InboxMessage.objects.filter(order=order).latest("id")
    assert message.title.startswith(f"ཞབས་ཞུའི་ཐོ་ཡིག {order.tracking_no}")
    assert "暂无" not in message.body
    sms = SmsMessage.objects.filter(order=order).latest("id")
    assert sms.text.startswith(f"【ཁྲིམས་དྲ】ཞབས་ཞུའི་ཐོ་ཡིག {order.tracking_no}")


def test_without_a_content_translation_a_yi_notice_takes_the_interface_wording(
    submit, django_capture_on_commit_callbacks
):
    # No reviewed or drafted notice text for Yi in the content table: the notice falls back to the
    # interface catalog's Yi wording (ADR 0014), not to Chinese.
    with django_capture_on_commit_callbacks(execute=True):
        order = submit(language="ii", description="ꉢ ꌬꃅ ꁱ ꀋ ꇁ, ꃅꄷ ꀉꂿ ꐚꄮ ꉉ.")
    message = InboxMessage.objects.filter(order=order).latest("id")
    assert order.tracking_no in message.body
    assert any("\ua000" <= ch <= "\ua48f" for ch in message.body), message.body
    assert "暂无" not in message.body and "工单" not in message.body
    assert SmsMessage.objects.filter(order=order).exists()
