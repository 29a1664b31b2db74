"""A refusal of legal aid and the applicant's right to object to it (法律援助法第四十三条、第四十九条),
as structured data the engine adds to the refusal event (Workflow.event_data, docs/adr/0019), and
the note the applicant reads about it on their order page, in the API and in the refusal notice.

Art. 49 (法律援助法, 2021-08-20, shipped in fawang/catalog/data/laws):
    申请人、受援人对法律援助机构不予法律援助、终止法律援助的决定有异议的，可以向设立该法律援助机构的
    司法行政部门提出。司法行政部门应当自收到异议之日起五日内进行审查，作出维持法律援助机构决定或者
    责令法律援助机构改正的决定。
The article names to whom the objection goes and the bureau's five days to review it; it sets *no*
time limit for filing the objection, so none is stated (nor enforced) here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from fawang.core.types import Actor
from fawang.orders.models import ServiceOrder

OBJECTION_BASIS = "法律援助法第四十九条"
REFUSAL_BASIS = "法律援助法第四十三条"
REVIEW_DAYS = 5  # art. 49 para. 2: the bureau reviews within five days of receipt
_COUNTY_DEPTH = 3  # codes in a path down to a county: province/prefecture/county


def justice_bureau(order: ServiceOrder) -> tuple[str, str]:
    """(region code, name) of the justice administration that set up the centre handling `order`:
    the county (or the prefecture, the province) of the handling place (法律援助法第十二条: legal aid
    centres are set up by the justice administrations of county-level governments and above)."""
    from fawang.regions.models import Region

    codes = [c for c in (order.handler_region_path or order.region_path).split("/") if c][:_COUNTY_DEPTH]
    region = Region.objects.filter(code=codes[-1]).only("code", "name", "depth").first() if codes else None
    if region is None:
        return "", ""
    return region.code, f"{region.name}{'司法厅' if region.depth == 0 else '司法局'}"


def refusal_data(*, order: ServiceOrder, reason: str, actor: Actor, now: dt.datetime) -> dict[str, Any]:
    """The data of a refusal event, whichever service wrote it (the shared `order_reject`, the queue,
    the API): the written reasons (art. 43) and the right to object (art. 49)."""
    code, name = justice_bureau(order)
    return {
        "refusal": {"reasons": reason, "basis": REFUSAL_BASIS},
        "objection": {
            "to": name,
            "to_region": code,
            "basis": OBJECTION_BASIS,
            "filing_limit_days": None,  # art. 49 sets none
            "review_limit_days": REVIEW_DAYS,
            "online": True,  # the applicant may file it from their order page
        },
    }


def refusal_note(data: dict[str, Any]) -> str:
    """What the applicant reads about a refusal's right to object, in the active language."""
    objection = data.get("objection") or {}
    if not objection:
        return ""
    return _(
        "You may object to this refusal to %(bureau)s (Legal Aid Law, art. 49), in writing or on your "
        "order page. The bureau reviews it within %(days)d days of receipt."
    ) % {
        "bureau": objection.get("to") or _("the justice bureau"),
        "days": objection.get("review_limit_days") or REVIEW_DAYS,
    }


def is_criminal_notice(order: ServiceOrder) -> bool:
    """The application is a criminal case notice (法律援助法第三十六条): the clock condition of the
    notice's three-day assignment and of the seven-day decision it does not need."""
    from .models import LegalAidCase

    case = order.__dict__.get("_legal_aid_case")  # set by the intake, which judges its clocks at once
    if case is None:
        case = LegalAidCase.objects.filter(order=order).only("criminal_notice").first()
    return bool(case and case.criminal_notice)


def is_application(order: ServiceOrder) -> bool:
    """An application to decide (art. 43), not a criminal case notice."""
    return not is_criminal_notice(order)
