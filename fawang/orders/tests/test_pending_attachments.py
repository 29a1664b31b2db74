"""Files kept while an application is corrected (orders.services.attachments): a day, then purged."""

import datetime as dt
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fawang.core.errors import ErrorCollector
from fawang.orders.services.attachments import (
    pending_attachments_from_token,
    pending_attachments_keep,
    pending_attachments_purge,
    pending_attachments_token,
)


def test_kept_files_are_purged_after_a_day_and_their_token_then_names_nothing():
    errors = ErrorCollector()
    good = SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    bad = SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    (kept,) = pending_attachments_keep([good, bad], errors)
    assert [e.field for e in errors.errors] == ["attachments"]  # the bad one is named, not kept
    token = pending_attachments_token([kept])
    assert pending_attachments_from_token(token) == [kept]

    assert pending_attachments_purge() == 0  # fresh files stay
    old = (timezone.now() - dt.timedelta(hours=25)).timestamp()
    os.utime(kept.path, (old, old))
    assert pending_attachments_purge() == 1
    assert pending_attachments_from_token(token) == []
