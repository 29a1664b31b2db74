"""Searches that must not travel in a URL. A phone number typed into a search box would sit in the
web server's access log, the browser history and the Referer of the next page if the form were a GET.
The pages post the search instead; it is kept in the session, encrypted like every stored number
(ADR 0004), under a short random token, and the page redirects to a URL that carries only the token."""

from __future__ import annotations

import secrets
import time
from typing import Any

from cryptography.exceptions import InvalidTag

from fawang.core.crypto import decrypt, encrypt

_SESSION_KEY = "ui_searches"
KEEP = 20  # the newest searches of a session; older tokens lapse
LIFETIME_SECONDS = 8 * 3600  # a working day: a link from this morning's search still works


def search_token_put(session: Any, text: str) -> str:
    """Keep `text` for this session and return the token that stands for it in URLs."""
    token = secrets.token_urlsafe(9)
    kept = dict(session.get(_SESSION_KEY) or {})
    kept[token] = [encrypt(text), time.time()]
    newest = sorted(kept.items(), key=lambda item: item[1][1])[-KEEP:]
    session[_SESSION_KEY] = dict(newest)
    return token


def search_token_get(session: Any, token: str) -> str | None:
    """The text a token stands for, or None when it is unknown, from another session or lapsed."""
    entry = (session.get(_SESSION_KEY) or {}).get(token or "")
    if not entry or time.time() - entry[1] > LIFETIME_SECONDS:
        return None
    try:
        return decrypt(entry[0])
    except (ValueError, InvalidTag):  # written under another data key
        return None
