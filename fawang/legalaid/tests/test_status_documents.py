"""Status documents sent with a legal aid application on the web (issue 11, item 1): the application
form says which proofs to attach; a file of the wrong type is refused naming the file and the rule,
the good files are kept, nothing is saved, and the corrected application arrives with every good file.
The application's order page lists the materials its matter type and status groups need."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fawang.legalaid.models import LegalAidCase
from fawang.orders.models import ServiceOrder

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 1500
DOCX = b"PK\x03\x04" + b"\x00" * 1500


def form_data(item: str, **overrides):
    return {
        "action": "submit",
        "service_item": item,
        "prefecture": "510100",
        "county": "510107",
        "township": "",
        "description": "公司拖欠我三个月工资，约一万二千元，申请法律援助。",
        "applicant_name": "王小明",
        "applicant_phone": "13700001234",
        "applicant_id_number": "",
        "language": "zh",
        "details.matter_type": "civil",
        "details.matter": "wages",
        "details.household_size": "3",
        "details.monthly_income": "2400",
        "details.status_groups": ["migrant_worker"],
        **overrides,
    }


def test_the_form_says_which_status_proofs_to_attach(legal_aid):
    html = Client().get(reverse("web:apply") + f"?item={legal_aid.code}").content.decode()
    assert "残疾证" in html and "最低生活保障证" in html


def test_a_wrong_file_is_named_the_good_one_kept_and_the_application_arrives(legal_aid):
    client = Client()
    uploads = [
        SimpleUploadedFile("农民工工作证.png", PNG, content_type="image/png"),
        SimpleUploadedFile("工资条.docx", DOCX, content_type="application/octet-stream"),
    ]
    html = client.post(reverse("web:apply"), form_data(legal_aid.code, attachments=uploads)).content.decode()

    assert ServiceOrder.objects.count() == 0 and LegalAidCase.objects.count() == 0  # nothing saved
    assert "工资条.docx 不是 PDF、JPEG 或 PNG 文件" in html  # the file and the rule
    kept = re.search(r'data-testid="kept-attachments">(.*?)</div>', html, re.S).group(1)
    assert "农民工工作证.png" in kept and "工资条.docx" not in kept
    token = re.search(r'name="kept_attachments" value="([^"]*)"', html).group(1)

    response = client.post(reverse("web:apply"), form_data(legal_aid.code, kept_attachments=token))
    assert response.status_code == 302
    order = ServiceOrder.objects.get()
    assert [a.original_name for a in order.attachments.all()] == ["农民工工作证.png"]
    assert order.legal_aid_case.status_groups == ["migrant_worker"]


def test_the_order_page_lists_the_materials_for_the_status_claimed(apply, wuhou_clerk):
    order = apply({"status_groups": ["social_assistance"]})
    client = Client()
    client.force_login(wuhou_clerk)
    page = client.get(f"/work/orders/{order.tracking_no}/").content.decode()
    materials = re.search(r'data-testid="materials">(.*?)</ul>', page, re.S).group(1)
    assert 'data-material="assistance_certificate"' in materials
    assert 'data-material="hardship_statement"' not in materials  # waived on proof (art. 42)
