import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# Load what every request reads (views, catalogs, templates) and keep the collector's full passes off
# it: fawang/core/startup.py says why (a 100 ms pause on one request in twenty or thirty).
from fawang.core.startup import warm_and_freeze  # noqa: E402 - needs the settings loaded above

warm_and_freeze()
