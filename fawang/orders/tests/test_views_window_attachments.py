"""The walk-in window takes the applicant's papers: a PDF chosen in the form arrives with the order, and a
file the window cannot take is refused in plain words that say what to do (issue 8, item 2)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fawang.orders.models import Attachment, ServiceOrder

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _walk_in(network, **overrides) -> dict:
    data = {
        "applicant_phone": "13800138000",
        "applicant_name": "陈明",
        "applicant_kind": "citizen",
        "service_item": network.consult.pk,
        "region": "510107",
        "township": "510107001",
        "language": "zh",
        "description": "房东不退押金，带来了租赁合同。",
    }
    data.update(overrides)
    return data


def test_the_window_form_states_the_limits_before_the_upload(client, wuhou_clerk, network):
    client.force_login(wuhou_clerk)
    html = client.get(reverse("orders:window_intake")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "最多 10 个文件，每个不超过 10 MB" in html


def test_a_pdf_attached_at_the_window_arrives_with_the_order(client, wuhou_clerk, network):
    client.force_login(wuhou_clerk)
    contract = SimpleUploadedFile("租赁合同.pdf", PDF, content_type="application/pdf")
    photo = SimpleUploadedFile("收据.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    response = client.post(
        reverse("orders:window_intake"), {**_walk_in(network), "attachments": [contract, photo]}
    )
    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:receipt", args=[order.tracking_no])
    files = Attachment.objects.filter(order=order).order_by("original_name")
    assert [(a.original_name, a.content_type) for a in files] == [
        ("收据.png", "image/png"),
        ("租赁合同.pdf", "application/pdf"),
    ]


def test_a_file_of_the_wrong_kind_is_refused_saying_what_to_do(client, wuhou_clerk, network):
    client.force_login(wuhou_clerk)
    letter = SimpleUploadedFile("说明.docx", b"PK\x03\x04 not a pdf", content_type="application/msword")
    response = client.post(reverse("orders:window_intake"), {**_walk_in(network), "attachments": letter})
    assert response.status_code == 422
    html = response.content.decode()
    assert "编码类型" not in html  # Django's technical message is gone
    assert response.context["form"].errors["attachments"] == [
        "说明.docx 不是 PDF、JPEG 或 PNG 文件。请另存或扫描为其中一种格式后重新添加。"
    ]
    assert not ServiceOrder.objects.exists()


def test_an_empty_file_is_refused_saying_what_to_do(client, wuhou_clerk, network):
    client.force_login(wuhou_clerk)
    empty = SimpleUploadedFile("扫描件.pdf", b"", content_type="application/pdf")
    response = client.post(reverse("orders:window_intake"), {**_walk_in(network), "attachments": empty})
    assert response.status_code == 422
    assert response.context["form"].errors["attachments"] == [
        "所选文件是空的（0 字节）。请选择正确的文件后重新添加。"
    ]
    assert not ServiceOrder.objects.exists()


def test_the_upload_limits_are_said_in_the_readers_language_whatever_was_active_at_import():
    from django.utils import translation

    from fawang.orders.forms import WindowIntakeForm

    with translation.override("en"):
        assert "Up to 10 files of at most 10 MB each" in str(
            WindowIntakeForm().fields["attachments"].help_text
        )
    with translation.override("zh-hans"):
        assert "最多 10 个文件，每个不超过 10 MB" in str(WindowIntakeForm().fields["attachments"].help_text)
