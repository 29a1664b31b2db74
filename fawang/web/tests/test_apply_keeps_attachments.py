"""Issue 8, item 3: files uploaded with an application that comes back with an error are kept and
listed, and sent with the corrected application; the limits are said before anyone chooses a file."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fawang.orders.models import ServiceOrder

from .test_apply_and_track import apply_data, consult, field_errors  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"x" * 2000
WRONG_ID = "510107199001011235"  # check digit wrong


def pdf(name: str = "劳动合同.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def kept_token(html: str) -> str:
    return re.search(r'name="kept_attachments" value="([^"]*)"', html).group(1)


def test_the_limits_are_said_beside_the_file_input(client, consult):  # noqa: F811
    html = client.get(reverse("web:apply")).content.decode()
    block = re.search(r'id="field-attachments">(.*?)</div>', html, re.S).group(1)
    assert "PDF、JPEG 或 PNG" in block and "10 MB" in block and "10 个" in block
    assert 'accept="application/pdf' in block


def test_a_file_uploaded_with_a_wrong_id_number_is_kept_and_sent_with_the_fix(client, consult):  # noqa: F811
    html = client.post(
        reverse("web:apply"), apply_data(applicant_id_number=WRONG_ID, attachments=pdf())
    ).content.decode()
    assert ServiceOrder.objects.count() == 0
    assert field_errors(html, "applicant_id_number")
    kept = re.search(r'data-testid="kept-attachments">(.*?)</div>', html, re.S).group(1)
    assert "劳动合同.pdf" in kept and "2.0\xa0KB" in kept and "移除" in kept

    response = client.post(
        reverse("web:apply"), apply_data(applicant_id_number="", kept_attachments=kept_token(html))
    )
    assert response.status_code == 302
    order = ServiceOrder.objects.get()
    (attachment,) = order.attachments.all()
    assert (attachment.original_name, attachment.size, attachment.content_type) == (
        "劳动合同.pdf",
        len(PDF),
        "application/pdf",
    )


def test_a_kept_file_can_be_removed_and_new_ones_added(client, consult):  # noqa: F811
    html = client.post(
        reverse("web:apply"), apply_data(applicant_id_number=WRONG_ID, attachments=pdf("a.pdf"))
    ).content.decode()
    key = re.search(r'name="remove_kept" value="([0-9a-f]+)"', html).group(1)
    client.post(
        reverse("web:apply"),
        apply_data(kept_attachments=kept_token(html), remove_kept=[key], attachments=pdf("b.pdf")),
    )
    order = ServiceOrder.objects.get()
    assert [a.original_name for a in order.attachments.all()] == ["b.pdf"]


def test_files_are_kept_across_the_region_picker(client, consult):  # noqa: F811
    html = client.post(
        reverse("web:apply"), apply_data(action="pick_region", attachments=pdf())
    ).content.decode()
    assert "劳动合同.pdf" in html and kept_token(html)


def test_a_forged_token_keeps_nothing(client, consult):  # noqa: F811
    from django.core import signing

    forged = signing.dumps([["../../settings", "x.pdf", "application/pdf", 1]], salt="another")
    response = client.post(reverse("web:apply"), apply_data(kept_attachments=forged))
    assert response.status_code == 302
    assert not ServiceOrder.objects.get().attachments.exists()
