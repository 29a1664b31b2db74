"""Judicial appraisal's writes (issue 14; docs/adr/0031): the entrustment (an order the module makes for
the chosen institution, `orders.services.order_make`), acceptance with the two appraisers and the fee,
refusal with reasons, the recorded steps and the extension (each an engine step: clocks, event, audit
in one transaction), reports of conduct on the negative list or of interference, and complaints referred
to people's mediation through the engine (三调联动). Every check comes first, each error names its field,
nothing is saved on a refusal."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.audit.services import audit_record
from fawang.core.errors import ErrorCollector, NotFound
from fawang.core.identity import InvalidIdentity, normalise_mobile
from fawang.core.types import Actor
from fawang.disputes.services import parties_add_at_intake
from fawang.network.enums import AppraisalCategory, InstitutionKind, PractitionerKind, PractitionerStatus
from fawang.orders.engine import order_step
from fawang.orders.enums import TransitionAction as A
from fawang.orders.models import ServiceOrder

from .enums import APPRAISERS_PER_MATTER, BodyKind, ComplaintStatus, ErrorCode, ReportKind
from .models import AppraiserRegistration, Complaint, ConductReport, EntrustingBody, Entrustment

ITEM = "appraisal_entrustment"  # the hidden catalog item of the entrustments (its law table: the clocks)
ENTRUST = "appraisal.entrust"
REFERENCE_MAX = 64
MATTER_MIN, MATTER_MAX = 5, 4000
NOTE_MAX = 2000
FEE_MAX_FEN = 100_000_000  # one million yuan: above it is a typing error
ACCOUNT_MIN, ACCOUNT_MAX = 5, 4000
NAME_MAX = 64
NEGATIVE_LIST = Path(__file__).parent / "data" / "negative_list.json"


@lru_cache(maxsize=1)
def negative_list() -> dict[str, Any]:
    """The Chengdu pilot's negative list as shipped (a draft: see its `source`)."""
    return json.loads(NEGATIVE_LIST.read_text(encoding="utf-8"))


def negative_items() -> dict[str, dict[str, str]]:
    return {item["code"]: item for item in negative_list()["items"]}


# ---- who entrusts ------------------------------------------------------------------------------------


def body_of(actor: Actor) -> EntrustingBody | None:
    """The body the actor entrusts for: their officer row, or (legal-aid cases) the legal aid centre
    they are staff of. None for anyone else."""
    if not policy.has_action(actor, ENTRUST):
        return None
    officer = getattr(actor, "entrusting_officer", None) if hasattr(actor, "pk") else None
    try:
        if officer is not None and officer.body.is_active:
            return officer.body
    except EntrustingBody.DoesNotExist:  # pragma: no cover - a dangling row
        return None
    institution = getattr(actor, "jurisdiction_institution", None)
    if (
        institution is not None
        and institution.kind == InstitutionKind.LEGAL_AID_CENTRE
        and institution.is_active
    ):
        body, _made = EntrustingBody.objects.get_or_create(
            institution=institution,
            defaults={
                "kind": BodyKind.LEGAL_AID_CENTRE,
                "name": institution.name,
                "region": institution.region,
            },
        )
        return body if body.is_active else None
    return None


def institutions_for(category: str = "") -> list[Any]:
    """Active appraisal institutions, with the categories they are registered for; those registered for
    `category` when given."""
    from fawang.network.models import Institution

    rows = Institution.objects.filter(
        kind=InstitutionKind.APPRAISAL_INSTITUTION, is_active=True
    ).select_related("region")
    found = list(rows.order_by("region__code", "name"))
    return [i for i in found if not category or category in (i.appraisal_categories or [])]


# ---- the workflow's intake ---------------------------------------------------------------------------


class EntrustmentIntakeForm(forms.Form):
    """The detail row's fields as `order_make` checks them (`appraisal_entrust` checked them first,
    each under its own name)."""

    body = forms.IntegerField()
    institution = forms.IntegerField()
    category = forms.ChoiceField(choices=AppraisalCategory.choices)
    case_reference = forms.CharField(max_length=REFERENCE_MAX)
    matter = forms.CharField(max_length=MATTER_MAX)
    green_channel = forms.BooleanField(required=False)
    legal_aid_reference = forms.CharField(max_length=REFERENCE_MAX, required=False)


def appraisal_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    Entrustment.objects.create(
        order=order,
        body_id=data["body"],
        institution_id=data["institution"],
        category=data["category"],
        case_reference=data["case_reference"],
        matter=data["matter"],
        green_channel=bool(data.get("green_channel")),
        legal_aid_reference=data.get("legal_aid_reference") or "",
        fee_waived=bool(data.get("green_channel")),
    )


def _text(errors: ErrorCollector, field: str, value: Any, low: int, high: int, what: str) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if len(text) < low:
        errors.add(field, "required", what)
    elif len(text) > high:
        errors.add(field, "max_length", _("At most %(n)s characters.") % {"n": high})
    return text


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if -(2**62) < number < 2**62 else None


LITIGANTS_MAX = 20


def appraisal_entrust(
    *,
    actor: Actor,
    institution: Any,
    category: str,
    case_reference: str,
    matter: str,
    green_channel: bool = False,
    legal_aid_reference: str = "",
    litigants: Sequence[dict[str, Any]] = (),
    now: dt.datetime | None = None,
) -> Entrustment:
    """A court, procuratorate, police organ or legal aid centre entrusts an appraisal to a registered
    institution. `litigants` are the parties of the body's case (each `side`, `kind`, `name`, `phone`,
    `id_number` or `credit_code`, optionally `prefix` for the field names of its errors): checked as
    the disputes base checks every party (a person's resident ID number required), written as the
    case's parties, so each follows it on the tracking page with their own phone and rates the
    opinion (docs/adr/0031, addendum). An institution not registered for the category is refused on `category` (全国人大常委
    会关于司法鉴定管理问题的决定; 通则第十五条第（二）项); nothing is saved. A legal aid centre's
    entrustment, or one the body marks as a legal-aid case, takes the green channel (fee waived)."""
    from fawang.catalog.models import ServiceItem
    from fawang.network.models import Institution
    from fawang.orders import routing
    from fawang.orders.services import order_make

    policy.require_action(actor, ENTRUST)
    errors = ErrorCollector()
    body = body_of(actor)
    if body is None:
        errors.add(
            None,
            ErrorCode.NOT_AN_ENTRUSTING_BODY,
            _("Only a court, procuratorate, police organ or legal aid centre registered here may entrust."),
        )
    chosen = None
    institution_id = _int(institution)
    if institution_id is None:
        errors.add("institution", "required", _("Choose the appraisal institution."))
    else:
        chosen = (
            Institution.objects.select_related("region")
            .filter(pk=institution_id, kind=InstitutionKind.APPRAISAL_INSTITUTION, is_active=True)
            .first()
        )
        if chosen is None:
            errors.add("institution", ErrorCode.INSTITUTION_UNKNOWN, _("No such appraisal institution."))
    if category not in AppraisalCategory.values:
        errors.add("category", "invalid_choice", _("Choose one of the four categories."))
    elif chosen is not None and category not in (chosen.appraisal_categories or []):
        errors.add(
            "category",
            ErrorCode.CATEGORY_NOT_REGISTERED,
            _(
                "%(institution)s is not registered for %(category)s appraisals: choose an institution registered for it."
            )
            % {"institution": chosen.name, "category": AppraisalCategory(category).label},
        )
    reference = _text(errors, "case_reference", case_reference, 1, REFERENCE_MAX, _("Give your case number."))
    text = _text(
        errors,
        "matter",
        matter,
        MATTER_MIN,
        MATTER_MAX,
        _("Say what is to be appraised, in at least %(n)s characters.") % {"n": MATTER_MIN},
    )
    aid_reference = _text(errors, "legal_aid_reference", legal_aid_reference, 0, REFERENCE_MAX, "")
    parties = _litigants_clean(litigants, errors)
    green = bool(green_channel) or (body is not None and body.kind == BodyKind.LEGAL_AID_CENTRE)
    item = ServiceItem.objects.filter(code=ITEM, is_active=True).first()
    if item is None and not errors.errors:
        errors.add(None, "not_set_up", _("Appraisal entrustments are not set up."))
    errors.raise_if_any()
    assert body is not None and chosen is not None and item is not None
    with transaction.atomic():
        order = order_make(
            actor=actor,
            service_item=item,
            region=chosen.region,
            description=text,
            handler=routing.decision_for_place(institution=chosen),
            reason=_("Entrusted by %(body)s") % {"body": body.name},
            applicant_name=body.name,
            details={
                "body": body.pk,
                "institution": chosen.pk,
                "category": category,
                "case_reference": reference,
                "matter": text,
                "green_channel": green,
                "legal_aid_reference": aid_reference,
            },
            now=now,
        )
        row = Entrustment.objects.get(order=order)
        # The entrustment is the access check, as intake is for a module's own parties.
        parties_add_at_intake(order=order, parties=parties, actor=actor)
        audit_record(
            actor=actor,
            action="appraisal.entrust",
            entity=row,
            before=None,
            after={
                "order": order.tracking_no,
                "body": body.pk,
                "institution": chosen.pk,
                "category": category,
                "green_channel": green,
                "litigants": len(parties),
            },
        )
    return row


def _litigants_clean(litigants: Sequence[dict[str, Any]], errors: ErrorCollector) -> list[dict[str, Any]]:
    """Each litigant checked by the disputes base (`party_clean`); every bad field is added to
    `errors` under the litigant's prefix (`litigants.<n>.` unless it gives its own)."""
    from fawang.core.errors import ValidationFailed
    from fawang.disputes.services import party_clean

    clean = []
    for n, given in enumerate(list(litigants)[:LITIGANTS_MAX]):
        prefix = str(given.get("prefix") or f"litigants.{n}.")
        try:
            clean.append(
                party_clean(
                    side=str(given.get("side") or ""),
                    kind=str(given.get("kind") or "person"),
                    name=str(given.get("name") or ""),
                    phone=str(given.get("phone") or ""),
                    id_number=str(given.get("id_number") or ""),
                    credit_code=str(given.get("credit_code") or ""),
                    prefix=prefix,
                    id_required=True,
                )
            )
        except ValidationFailed as exc:
            for error in exc.errors:
                errors.add(error.field, error.code, error.message)
    if len(litigants) > LITIGANTS_MAX:
        errors.add("litigants", "max_length", _("At most %(n)s litigants.") % {"n": LITIGANTS_MAX})
    return clean


# ---- the institution's decisions and steps ------------------------------------------------------------


def entrustment_of(order: ServiceOrder) -> Entrustment:
    try:
        return Entrustment.objects.select_related("institution", "body").get(order=order)
    except Entrustment.DoesNotExist:
        raise NotFound("not_found", _("No such entrustment."), "tracking_no") from None


def appraisers_available(entrustment: Entrustment, *, today: dt.date | None = None) -> list[Any]:
    """The institution's active appraisers registered for the entrustment's category, licence valid."""
    from fawang.network.models import Practitioner

    today = today or timezone.localdate()
    found = []
    for p in Practitioner.objects.filter(
        institution_id=entrustment.institution_id,
        kind=PractitionerKind.APPRAISER,
        status=PractitionerStatus.ACTIVE,
    ).order_by("name"):
        reg = AppraiserRegistration.objects.filter(practitioner=p).first()
        if reg is None or entrustment.category not in reg.categories:
            continue
        if reg.licence_valid_until is not None and reg.licence_valid_until < today:
            continue
        found.append(p)
    return found


def appraisal_accept(
    *,
    actor: Actor,
    order: ServiceOrder,
    appraisers: list[Any],
    fee_fen: Any = 0,
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """Accept (通则第十三条, within seven working days of receipt) naming the two appraisers (第十九条)
    and the fee in fen (waived on the green channel). The `complete` clock starts with the step."""
    entrustment = entrustment_of(order)
    policy.require_order(actor, "order.handle", order)
    errors = ErrorCollector()
    allowed = {p.pk: p for p in appraisers_available(entrustment)}
    chosen_ids = []
    for value in appraisers or []:
        number = _int(value)
        if number is not None and number not in chosen_ids:
            chosen_ids.append(number)
    if len(chosen_ids) != APPRAISERS_PER_MATTER or any(pk not in allowed for pk in chosen_ids):
        errors.add(
            "appraisers",
            ErrorCode.APPRAISERS_INVALID,
            _(
                "Name two different appraisers of this institution, active and registered for this category "
                "(Procedural Rules for Judicial Appraisal, art. 19)."
            ),
        )
    fee = _int(fee_fen if fee_fen not in (None, "") else 0)
    if fee is None or fee < 0 or fee > FEE_MAX_FEN:
        errors.add(
            "fee_fen",
            ErrorCode.FEE_INVALID,
            _("The fee is a whole number of fen from 0 to %(n)s.") % {"n": FEE_MAX_FEN},
        )
    errors.raise_if_any()

    def after(order: ServiceOrder, at: dt.datetime) -> None:
        entrustment.appraisers.set([allowed[pk] for pk in chosen_ids])
        entrustment.fee_fen = fee or 0
        entrustment.save(update_fields=["fee_fen", "updated_at"])
        audit_record(
            actor=actor,
            action="appraisal.accept",
            entity=entrustment,
            before=None,
            after={"appraisers": chosen_ids, "fee_fen": fee, "fee_waived": entrustment.fee_waived},
        )

    return order_step(
        actor=actor,
        order=order,
        action=A.ACCEPT,
        changes=lambda at: {"accepted_at": at, "accepted_by": actor},
        after=after,
        now=now,
    )


def appraisal_refuse(
    *, actor: Actor, order: ServiceOrder, reason: str, now: dt.datetime | None = None
) -> ServiceOrder:
    """Not accepted, with the reasons (通则第十五条, 第十六条); the `accept` clock stops."""
    entrustment_of(order)
    return order_step(actor=actor, order=order, action=A.REJECT, reason=reason, now=now)


def appraisal_step(
    *, actor: Actor, order: ServiceOrder, action: str, note: str = "", now: dt.datetime | None = None
) -> ServiceOrder:
    """Record a step of the process (materials received, an examination, the opinion drafted or
    reviewed, supplementary materials requested or received, an extension approved)."""
    entrustment_of(order)
    if len(note or "") > NOTE_MAX:
        from fawang.core.errors import FieldError, ValidationFailed

        raise ValidationFailed(
            [FieldError("max_length", _("At most %(n)s characters.") % {"n": NOTE_MAX}, "reason")]
        )
    return order_step(actor=actor, order=order, action=action, reason=note, now=now)


# ---- the negative list: reports of conduct and of interference ------------------------------------------


REPORT = "appraisal.report"


def conduct_report(
    *,
    actor: Actor,
    kind: str,
    item: str,
    institution: Any,
    account: str,
    tracking_no: str = "",
) -> ConductReport:
    """Record conduct on the negative list, or interference with an appraisal (《2020年司法鉴定工作
    要点》第四项: 记录、报告和责任追究). The account is encrypted at rest; the audit entry keeps only
    its length."""
    from fawang.network.models import Institution

    policy.require_action(actor, REPORT)
    errors = ErrorCollector()
    if kind not in ReportKind.values:
        errors.add("kind", "invalid_choice", _("Choose one of the listed kinds."))
    if item not in negative_items():
        errors.add("item", "invalid_choice", _("Choose an item of the negative list."))
    chosen = None
    number = _int(institution)
    if number is not None:
        chosen = (
            Institution.objects.select_related("region")
            .filter(pk=number, kind=InstitutionKind.APPRAISAL_INSTITUTION)
            .first()
        )
    if chosen is None:
        errors.add("institution", ErrorCode.INSTITUTION_UNKNOWN, _("No such appraisal institution."))
    entrustment = None
    reference = str(tracking_no or "").replace("\x00", "").strip().upper()[:32]
    if reference:
        entrustment = Entrustment.objects.filter(order__tracking_no=reference).select_related("order").first()
        if entrustment is None or (chosen is not None and entrustment.institution_id != chosen.pk):
            errors.add("tracking_no", "not_found", _("No entrustment of this institution has this number."))
    text = _text(
        errors,
        "account",
        account,
        ACCOUNT_MIN,
        ACCOUNT_MAX,
        _("Say what happened, in at least %(n)s characters.") % {"n": ACCOUNT_MIN},
    )
    errors.raise_if_any()
    assert chosen is not None
    with transaction.atomic():
        row = ConductReport.objects.create(
            kind=kind,
            item=item,
            institution=chosen,
            entrustment=entrustment,
            account=text,
            reported_by=actor,
            region_path=chosen.region.path,
        )
        audit_record(
            actor=actor,
            action="appraisal.conduct_report",
            entity=row,
            before=None,
            after={"kind": kind, "item": item, "institution": chosen.pk, "account_chars": len(text)},
        )
    return row


# ---- complaints, referred to people's mediation (三调联动) ------------------------------------------------


COMPLAINTS = "appraisal.complaints"


def complaint_record(
    *, actor: Actor, institution: Any, complainant_name: str, complainant_phone: str, account: str
) -> Complaint:
    from fawang.network.models import Institution

    policy.require_action(actor, COMPLAINTS)
    errors = ErrorCollector()
    number = _int(institution)
    chosen = (
        Institution.objects.select_related("region")
        .filter(pk=number, kind=InstitutionKind.APPRAISAL_INSTITUTION)
        .first()
        if number is not None
        else None
    )
    if (
        chosen is None
        or not policy.scope_institutions(actor, Institution.objects.filter(pk=chosen.pk)).exists()
    ):
        errors.add(
            "institution",
            ErrorCode.INSTITUTION_UNKNOWN,
            _("No such appraisal institution in your jurisdiction."),
        )
    name = _text(errors, "complainant_name", complainant_name, 1, NAME_MAX, _("Give the complainant's name."))
    phone = ""
    if str(complainant_phone or "").strip():
        try:
            phone = normalise_mobile(str(complainant_phone).replace("\x00", ""), field="complainant_phone")
        except InvalidIdentity as e:
            errors.add("complainant_phone", e.code, e.message)
    text = _text(
        errors,
        "account",
        account,
        ACCOUNT_MIN,
        ACCOUNT_MAX,
        _("Say what the complaint is about, in at least %(n)s characters.") % {"n": ACCOUNT_MIN},
    )
    errors.raise_if_any()
    assert chosen is not None
    with transaction.atomic():
        row = Complaint.objects.create(
            institution=chosen,
            complainant_name=name,
            complainant_phone=phone,
            account=text,
            recorded_by=actor,
            region_path=chosen.region.path,
        )
        audit_record(
            actor=actor,
            action="appraisal.complaint",
            entity=row,
            before=None,
            after={"institution": chosen.pk, "account_chars": len(text), "phone": phone},
        )
    return row


def committees_for(actor: Actor) -> list[Any]:
    """People's mediation committees the actor may refer a complaint to (the network they may see)."""
    from fawang.network.models import Institution

    rows = Institution.objects.filter(kind=InstitutionKind.MEDIATION_COMMITTEE, is_active=True)
    return list(
        policy.scope_institutions(actor, rows).select_related("region").order_by("region__code", "name")[:200]
    )


def _referral_details(
    actor: Actor, item: Any, complaint: Complaint, committee: Any, institution: Any
) -> dict[str, Any] | None:
    """The dispute's fields for people's mediation proper (its item's intake form, `mediation_dispute`):
    the complainant as the applicant party with their phone, the appraisal institution as the other
    side, referred by the justice bureau. The shared loop's item (`mediation`) takes no details."""
    from fawang.orders.workflow import workflow_get

    if workflow_get(item.workflow).intake_form is None:
        return None
    place = getattr(getattr(actor, "jurisdiction_region", None), "name", "") or institution.region.name
    return {
        "committee": committee.pk,
        "category": "other",
        "source": "justice_bureau",
        "referred_by": (_("%(place)s justice bureau") % {"place": place})[:128],
        "applicant_phone": complaint.complainant_phone,
        "respondent_kind": "organisation",
        "respondent_name": institution.name[:NAME_MAX],
        "respondent_institution": institution.pk,
    }


def complaint_refer(
    *, actor: Actor, complaint: Complaint, committee: Any, now: dt.datetime | None = None
) -> Complaint:
    """Refer a complaint to a people's mediation committee: the engine makes an order of the mediation
    item for that committee (`order_make`, docs/adr/0022) — this module does not import the mediation
    module — and the complaint records it. Referred once. To people's mediation proper
    (`APPRAISAL_COMPLAINT_MEDIATION_ITEM` = `mediation_dispute`) the complainant is the applicant party
    and the institution the respondent, through mediation's own intake (`_referral_details`)."""
    from fawang.catalog.models import ServiceItem
    from fawang.network.models import Institution
    from fawang.orders import routing
    from fawang.orders.services import order_make

    policy.require_action(actor, COMPLAINTS)
    errors = ErrorCollector()
    number = _int(committee)
    chosen = None
    if number is not None:
        chosen = next((c for c in committees_for(actor) if c.pk == number), None)
    if chosen is None:
        errors.add("committee", ErrorCode.COMMITTEE_UNKNOWN, _("Choose a people's mediation committee."))
    if complaint.status != ComplaintStatus.RECEIVED:
        errors.add(None, ErrorCode.ALREADY_REFERRED, _("This complaint is already referred or closed."))
    code = getattr(settings, "APPRAISAL_COMPLAINT_MEDIATION_ITEM", "mediation_dispute")
    item = ServiceItem.objects.filter(code=code, is_active=True).first()
    if item is None and not errors.errors:
        errors.add(None, "not_set_up", _("People's mediation is not set up."))
    errors.raise_if_any()
    assert chosen is not None and item is not None
    institution = Institution.objects.get(pk=complaint.institution_id)
    with transaction.atomic():
        won = Complaint.objects.filter(pk=complaint.pk, status=ComplaintStatus.RECEIVED).update(
            status=ComplaintStatus.REFERRED
        )
        if won != 1:
            from fawang.core.errors import Conflict

            raise Conflict(
                ErrorCode.ALREADY_REFERRED, _("This complaint is already referred or closed."), None
            )
        order = order_make(
            actor=actor,
            service_item=item,
            region=chosen.region,
            description=_("Complaint about %(institution)s (judicial appraisal): %(account)s")
            % {"institution": institution.name, "account": complaint.account},
            handler=routing.decision_for_place(institution=chosen),
            reason=_("Referred from an appraisal complaint (three mediations linked)"),
            applicant_name=complaint.complainant_name[:NAME_MAX],
            details=_referral_details(actor, item, complaint, chosen, institution),
            now=now,
        )
        Complaint.objects.filter(pk=complaint.pk).update(referred_order=order)
        audit_record(
            actor=actor,
            action="appraisal.complaint_refer",
            entity=complaint,
            before={"status": ComplaintStatus.RECEIVED},
            after={"status": ComplaintStatus.REFERRED, "order": order.tracking_no, "committee": chosen.pk},
        )
    complaint.refresh_from_db()
    return complaint
