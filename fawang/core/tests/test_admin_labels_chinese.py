"""The back office reads in Chinese: model names, column headers, filters and form labels of the
admin pages of the core, regions, accounts, network, catalog, feedback and api apps come from
`verbose_name`s that the zh-hans catalog translates. A model or field added without one shows its
English attribute name ("Service items", "Is active") to staff who read Chinese, and fails here."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation

from fawang.accounts.enums import UserKind
from fawang.catalog.enums import ServiceCategory
from fawang.catalog.models import ServiceItem

# orders, notify and audit: see also test_admin_labels_chinese_orders.py (every model, admin or not).
CORE_APPS = {"core", "regions", "accounts", "network", "catalog", "feedback", "api"}
CHECKED_APPS = CORE_APPS | {"orders", "notify", "audit"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def _admin_models() -> list[tuple[type, admin.ModelAdmin]]:
    pairs = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in CHECKED_APPS:
            continue
        pairs.append((model, model_admin))
        for inline in model_admin.inlines:
            pairs.append((inline.model, model_admin))
    return pairs


def test_every_checked_model_admin_is_found():
    # Guards the test itself: an empty registry would make the checks below pass vacuously.
    names = {model._meta.label for model, _admin in _admin_models()}
    assert {"catalog.ServiceItem", "network.ServicePoint", "accounts.User", "core.CalendarDay"} <= names


@pytest.mark.parametrize("model", [m for m, _a in _admin_models()], ids=lambda m: m._meta.label)
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
    assert not untranslated, f"{model._meta.label} shows English in the admin: {untranslated}"


@pytest.mark.parametrize(
    "model_admin",
    [a for m, a in admin.site._registry.items() if m._meta.app_label in CHECKED_APPS],
    ids=lambda a: a.model._meta.label,
)
def test_list_columns_and_filters_are_chinese(model_admin):
    names = [n for n in (*model_admin.list_display, *model_admin.list_filter) if isinstance(n, str)]
    with translation.override("zh-hans"):
        english = [
            f"{name}: {label}"
            for name in names
            if not HAN.search(label := str(label_for_field(name, model_admin.model, model_admin)))
        ]
    assert not english, f"{model_admin.model._meta.label} list columns in English: {english}"


@pytest.mark.django_db
def test_staff_see_chinese_names_on_the_admin_pages(client, django_user_model):
    # The provincial back office: staff, superuser (the policy lets a staff superuser see every admin).
    admin_user = django_user_model.objects.create_superuser(
        "boss", password="pw-for-test-only", kind=UserKind.STAFF
    )
    client.force_login(admin_user)

    index = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for name in ("服务点", "服务事项", "法律服务人员", "排班", "节假日安排", "API 令牌"):
        assert name in index
    for english in ("Service points", "Service items", "Roster shifts", "Holiday schedule years"):
        assert english not in index

    ServiceItem.objects.create(
        code="consult-test",
        name="法律咨询",
        category=ServiceCategory.CONSULTATION,
        time_limit=3,
        legal_basis="公共法律服务事项清单",
    )
    changelist = client.get("/admin/catalog/serviceitem/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # Column headers and the filter titles.
    assert "法律咨询" in changelist
    for header in ("编码", "英文名称", "类别", "办理时限", "时限单位", "法律依据", "启用"):
        assert header in changelist
    assert "Time limit unit" not in changelist and "Legal basis" not in changelist
