"""A web worker's start: load what every request reads and the process keeps, then take it out of the
garbage collector's sight.

CPython's full collection walks every object that has survived two younger ones. After a few pages a
worker holds some 200,000 of them (the URL patterns and the views they import, the four languages'
catalogs, compiled templates, the routing index), none of which will ever be garbage, and a full
collection of them took about 100 ms on the benchmark machine: a pause on one request in twenty or
thirty, which is what the scale bench's p95 of otherwise 30 ms pages showed (docs/adr/0016, fifth
addendum). `gc.freeze()` moves every object made so far into a permanent generation that collections
skip (the technique Instagram described for its Django workers); what requests make afterwards is
collected as before. `config/wsgi.py` calls this once per process; the scale bench calls it before
timing, so it times pages as a warm worker serves them."""

from __future__ import annotations

import gc
from pathlib import Path

from django.conf import settings

# Template files of our own apps, compiled at start (Django's cached loader keeps them for the process).
_TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")


def warm_and_freeze() -> int:
    """Load the URL patterns (and with them every view module), each language's catalog and every
    template of ours, then `gc.freeze()`. Returns the number of objects frozen. Raises if a template
    does not compile: better a worker that fails to start than a page that fails for its first user."""
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view module it names
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")  # loads (and caches) that language's catalogs
    engine = engines["django"]
    root = Path(settings.BASE_DIR) / "fawang"
    for directory in sorted(root.glob("*/templates")):
        for path in sorted(directory.rglob("*")):
            if path.suffix in _TEMPLATE_SUFFIXES:
                engine.get_template(path.relative_to(directory).as_posix())
    gc.collect()  # what loading left behind goes now, not into the permanent generation
    gc.freeze()
    return gc.get_freeze_count()
