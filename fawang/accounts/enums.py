from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")  # a person or enterprise contact served by the platform
    STAFF = "staff", _("Staff")  # works in the service network; has roles and a jurisdiction


class Role(models.TextChoices):
    PROVINCIAL_ADMIN = "provincial_admin", _("Provincial administrator")  # whole province, back office
    PREFECTURE_STAFF = "prefecture_staff", _("Prefecture staff")  # 市州 service centre
    COUNTY_STAFF = "county_staff", _("County staff")  # 区县 service centre
    TOWNSHIP_STAFF = "township_staff", _("Township staff")  # 乡镇 station
    HOTLINE_AGENT = "hotline_agent", _("Hotline agent")  # 12348 seat
    WINDOW_CLERK = "window_clerk", _("Window clerk")  # walk-in counter
    INSTITUTION_STAFF = "institution_staff", _("Institution staff")  # legal aid centre, notary office ...
    PRACTITIONER = "practitioner", _("Practitioner")  # lawyer, notary, mediator ... handling orders
    SUPERVISOR = "supervisor", _("Supervisor")  # oversees time limits and reviews in the jurisdiction
    ANALYST = "analyst", _("Analyst")  # read-only statistics
