"""A phone number searched for never travels in a URL (issue 8, item 16): the workbench search and the
hotline's caller lookup post the number, and the page they land on carries a session token instead;
so gunicorn's access log line (and the browser history, and the next page's Referer) holds no number."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


def _access_log_line(response) -> str:
    """The line gunicorn's access log writes for the request that produced `response`, in the format
    docs/deploy.md configures (gunicorn's default, Apache combined)."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    request = response.request
    query = request.get("QUERY_STRING", "")
    environ = {
        "REQUEST_METHOD": request["REQUEST_METHOD"],
        "RAW_URI": request["PATH_INFO"] + (f"?{query}" if query else ""),
        "PATH_INFO": request["PATH_INFO"],
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
    }
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = Logger(cfg)
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger.access_log.addHandler(Keep())

    class Sent:
        status = f"{response.status_code} OK"
        sent = len(response.content)
        headers: list = []

    logger.access(Sent(), {}, environ, dt.timedelta(milliseconds=12))
    return lines[-1]


def test_a_phone_searched_on_the_workbench_is_in_no_url_nor_access_log(client, wuhou_clerk, submit):
    mine = submit(applicant_phone=PHONE)
    submit(applicant_phone="13700137000")
    client.force_login(wuhou_clerk)
    url = reverse("orders:workbench")
    form = client.get(url).content.decode()
    assert 'method="post" action="/work/"' in form  # the filter form no longer GETs

    response = client.post(url, {"q": "138 0013 8000", "status": "all"}, follow=True)
    (redirect_to, _status), *_ = response.redirect_chain
    assert "13800138000" not in redirect_to and "0013" not in redirect_to
    assert "status=all" in redirect_to  # the other filters stay in the URL, bookmarkable
    assert [order.tracking_no for order, _u, _e in response.context["rows"]] == [mine.tracking_no]
    assert response.context["form"]["q"].value() == "138 0013 8000"  # the box still shows it
    line = _access_log_line(response)
    assert '"GET /work/?' in line and "0013" not in line

    # Paging keeps the token, not the number; another session cannot read it.
    assert "0013" not in response.context["query"]
    client.logout()
    client.force_login(wuhou_clerk)
    lapsed = client.get(redirect_to)
    assert lapsed.status_code == 200 and lapsed.context["form"]["q"].value() in (None, "")


def test_the_hotline_lookup_posts_the_callers_number(client, hotline_agent, submit):
    earlier = submit(applicant_phone=PHONE)
    client.force_login(hotline_agent)
    page = client.get(reverse("orders:hotline")).content.decode()
    assert f'method="post" action="{reverse("orders:hotline_lookup")}"' in page

    response = client.post(reverse("orders:hotline_lookup"), {"phone": PHONE}, follow=True)
    (redirect_to, _status), *_ = response.redirect_chain
    assert PHONE not in redirect_to and "8000" not in redirect_to
    assert [o.tracking_no for o in response.context["earlier"]] == [earlier.tracking_no]
    assert response.context["form"].initial["applicant_phone"] == PHONE  # carried into the call record
    line = _access_log_line(response)
    assert '"GET /work/hotline/?' in line and PHONE not in line
    # The old GET form's URL no longer looks anyone up.
    assert client.get(reverse("orders:hotline"), {"phone": PHONE}).context["earlier"] is None
