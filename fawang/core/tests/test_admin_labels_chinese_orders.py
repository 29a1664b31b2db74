"""Service orders, their events, attachments and supervision orders, text and inbox messages and the
audit trail are read by staff in Chinese wherever Django shows a model or field name: the admin,
form labels, validation errors ("工单号: ..."), and the history pages. Unlike the sibling test, which
walks the admin registry, this one walks every model of these apps, because most of them have no
admin page yet and would otherwise slip through with English names."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.utils import translation

from fawang.accounts.enums import UserKind
from fawang.audit.models import AuditEntry

APPS = ("orders", "notify", "audit")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _models() -> list[type]:
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


def test_every_model_of_the_apps_is_found():
    # Guards the test itself: no models would make the check below pass vacuously.
    names = {model._meta.label for model in _models()}
    assert {
        "orders.ServiceOrder",
        "orders.OrderEvent",
        "orders.Attachment",
        "orders.SupervisionOrder",
        "notify.SmsMessage",
        "notify.InboxMessage",
        "audit.AuditEntry",
    } <= names


@pytest.mark.parametrize("model", _models(), ids=lambda m: m._meta.label)
def test_model_names_and_field_labels_are_chinese(model):
    with translation.override("zh-hans"):
        untranslated = [
            f"Meta.{attr} = {getattr(model._meta, attr)!s}"
            for attr in ("verbose_name", "verbose_name_plural")
            if not HAN.search(str(getattr(model._meta, attr)))
        ]
        for field in model._meta.get_fields():
            if field.auto_created or not hasattr(field, "verbose_name") or field.name == "id":
                continue
            if not HAN.search(str(field.verbose_name)):
                untranslated.append(f"{field.name}: {field.verbose_name!s}")
    assert not untranslated, f"{model._meta.label} shows English: {untranslated}"


def test_glossary_terms_are_used_for_the_model_names():
    # DESIGN §9 / the team glossary: one Chinese name per term, the same on every page.
    from fawang.notify.models import InboxMessage, SmsMessage
    from fawang.orders.models import Attachment, OrderEvent, ServiceOrder, SupervisionOrder

    with translation.override("zh-hans"):
        names = {m: str(m._meta.verbose_name) for m in (ServiceOrder, OrderEvent, Attachment)}
        names |= {m: str(m._meta.verbose_name) for m in (SupervisionOrder, SmsMessage, InboxMessage)}
        names[AuditEntry] = str(AuditEntry._meta.verbose_name)
        credit_code = str(ServiceOrder._meta.get_field("enterprise_credit_code").verbose_name)
    assert names == {
        ServiceOrder: "工单",
        OrderEvent: "办理记录",
        Attachment: "附件",
        SupervisionOrder: "督办单",
        SmsMessage: "短信",
        InboxMessage: "站内消息",
        AuditEntry: "审计记录",
    }
    assert credit_code == "统一社会信用代码"


@pytest.mark.django_db
def test_the_audit_and_sms_admin_pages_read_in_chinese(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser(
        "boss", password="pw-for-test-only", kind=UserKind.STAFF
    )
    client.force_login(admin_user)

    index = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "审计记录" in index and "短信" in index
    assert "Audit entries" not in index and "Text messages" not in index

    # An empty changelist shows no column headers: one row to list.
    AuditEntry.objects.create(
        actor_label="武侯区窗口",
        action="order.accept",
        entity_type="orders.serviceorder",
        entity_id="1",
        channel="window",
        ip="127.0.0.1",
    )
    audit = client.get("/admin/audit/auditentry/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert audit.status_code == 200
    page = audit.content.decode()
    # Column headers and filter titles.
    for header in ("时间", "操作人", "操作", "对象类型", "对象编号", "渠道", "IP 地址"):
        assert header in page
    assert "IP address" not in page and "Entity type" not in page
