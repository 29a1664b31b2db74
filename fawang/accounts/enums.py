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
    # Consultation (issue 13): publishes reviewed answers; the expert panel (依法治省专家团)
    ANSWER_REVIEWER = "answer_reviewer", _("Answer reviewer")  # reviews answers for the knowledge base
    GOVERNMENT_BODY = "government_body", _("Government body")  # asks the expert panel for opinions
    EXPERT = "expert", _("Panel expert")  # writes the opinions assigned to them
    PANEL_ADMIN = "panel_admin", _("Expert panel administrator")  # routes requests to experts
    # Judicial appraisal (issue 14): a court's, procuratorate's or police organ's staff who entrust
    ENTRUSTING_OFFICER = "entrusting_officer", _("Entrusting officer")
