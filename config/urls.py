from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from fawang.api.api import alias_urlpatterns, api
from fawang.feedback.urls import return_visit_patterns
from fawang.web.views import language_set

admin.site.site_header = _("12348 Fawang back office")
admin.site.site_title = _("Fawang back office")
admin.site.index_title = _("Back-office data")


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    return HttpResponsePermanentRedirect(static("ui/favicon.ico"))


urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links (the admin's pages link none): the icon
    # is a static file like the rest (fawang/ui/static/ui/favicon.ico).
    path("favicon.ico", favicon),
    # A module's older API paths (its workflow's `api_aliases`, docs/adr/0019), then the API.
    *alias_urlpatterns(),
    path("api/v1/", api.urls),
    # The language switcher: Django's set_language, which also remembers the choice on the account.
    path("i18n/setlang/", language_set, name="set_language"),
    # The evidence log as C2SP tlog-tiles (docs/adr/0023): fixed paths, no language prefix.
    path("log/", include("fawang.ledger.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("work/return-visits/", include(return_visit_patterns)),
    path("work/", include("fawang.orders.urls")),
    path("supervision/", include("fawang.feedback.urls")),
    path("legal-aid/", include("fawang.legalaid.urls")),
    path("evidence/", include("fawang.evidence.urls")),
    path("consult/", include("fawang.consult.urls")),
    path("consultation/", include("fawang.consult.urls_public")),
    path("knowledge/", include("fawang.knowledge.urls")),
    path("notary/", include("fawang.notary.urls")),
    path("appraisal/", include("fawang.appraisal.urls")),
    path("disputes/", include("fawang.disputes.urls")),
    path("mediation/", include("fawang.mediation.urls")),
    path("arbitration/", include("fawang.arbitration.urls")),
    path("", include("fawang.web.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
