"""The service-order API (v1): intake from the app, mini-program, partner systems and the hotline;
reading, transitions and the applicant's rating. Handlers stay thin: they look up what the request
names, check which channel the caller may speak for, and call the services and selectors.

Mounted at /api/v1/orders. Errors are `{"code", "message", "field"}` (+ `errors`, one per field);
POSTs honour `Idempotency-Key` (fawang.api.idempotency, ADR 0010)."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Self, cast

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from fawang.accounts import policy
from fawang.accounts.enums import Role, UserKind
from fawang.accounts.models import User
from fawang.api.auth import OptionalCitizenAuth, StaffTokenAuth, api_staff_auth
from fawang.api.idempotency import idempotent
from fawang.api.schemas import BODY_ERROR_RESPONSES, ERROR_RESPONSES, ErrorOut
from fawang.catalog.api import OFFICIAL_BASIS, TRANSLATED_BASIS, TextOut, text_out
from fawang.core.context import client_ip, request_meta
from fawang.core.errors import (
    ErrorCollector,
    FieldError,
    NotFound,
    RateLimited,
    ValidationFailed,
)
from fawang.core.ratelimit import phone_check_exceeds_limit
from fawang.network.enums import Language

from . import workflow
from .api_access import IDEMPOTENCY_OPENAPI, request_actor, require_signed_in
from .engine import actions_open_to
from .enums import ApplicantKind, Channel, OrderStatus, PriorityGroup
from .models import OrderClock, OrderEvent, ServiceOrder
from .urgency import is_overdue, is_warned

if TYPE_CHECKING:
    from fawang.network.models import Institution, Practitioner, ServicePoint

router = Router(tags=["orders"])

# Channels a caller may claim. A citizen's own device is never "window" or "hotline": those mean a
# member of staff took the request and answers for it (首问负责).
CITIZEN_CHANNELS = (Channel.APP, Channel.MINI_PROGRAM, Channel.WEB)
_ORDER_RELATED = ("service_item", "region", "assigned_point", "assigned_institution", "assigned_practitioner")


def allowed_channels(actor: User) -> list[str]:
    """Channels this caller may file an order under, the default first."""
    if actor.kind == UserKind.CITIZEN:
        return list(CITIZEN_CHANNELS)
    if not policy.has_action(actor, "order.create"):
        return []
    channels: list[str] = []
    if actor.is_superuser or actor.has_role(Role.HOTLINE_AGENT):
        channels.append(Channel.HOTLINE)
    if actor.is_superuser or actor.has_role(
        Role.WINDOW_CLERK,
        Role.COUNTY_STAFF,
        Role.PREFECTURE_STAFF,
        Role.TOWNSHIP_STAFF,
        Role.PROVINCIAL_ADMIN,
    ):
        channels.append(Channel.WINDOW)
    # A partner system (another department's case system) calls with a staff account's token.
    channels.append(Channel.PARTNER_API)
    return channels


# ---- schemas ------------------------------------------------------------------------------------


class OrderIn(Schema):
    """A request for legal help. Personal numbers are validated (GB 11643, mainland mobile) and stored
    encrypted; only masked forms come back."""

    service_item: str = Field(..., max_length=64, description="Service item code", examples=["legal_aid"])
    region: str = Field(
        ..., max_length=12, description="Applicant's region (GB/T 2260 code)", examples=["510107"]
    )
    description: str = Field(..., max_length=5000, examples=["单位拖欠三个月工资，想申请法律援助。"])
    applicant_kind: ApplicantKind = Field(ApplicantKind.CITIZEN, examples=["citizen"])
    applicant_name: str = Field("", max_length=64, examples=["陈明"])
    applicant_phone: str = Field("", max_length=32, examples=["13912345678"])
    applicant_id_number: str = Field("", max_length=32, description="Resident ID number (18 characters)")
    enterprise_name: str = Field("", max_length=128)
    enterprise_credit_code: str = Field("", max_length=32, description="统一社会信用代码 (18 characters)")
    language: Language = Field(Language.CHINESE, description="Preferred language", examples=["zh"])
    priority_groups: list[PriorityGroup] = Field(default_factory=list, max_length=8, examples=[["elderly"]])
    channel: Channel | None = Field(
        None,
        description="Where the request came in. Defaults to `app` for citizens, `hotline` for hotline "
        "agents, `window` for window clerks. A citizen may not claim `window` or `hotline`.",
        examples=["hotline"],
    )
    answer: str | None = Field(
        None,
        max_length=5000,
        description="Hotline only: the answer given on the call; the order is resolved at first contact.",
    )
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="The service module's own fields (e.g. a legal-aid application's household size); "
        "errors name them as `details.<field>`",
    )


class EventOut(Schema):
    kind: str = Field(..., examples=["accepted"])
    from_status: str
    to_status: str
    actor: str = Field(..., description="As shown on the timeline: a name or a service point")
    channel: str
    reason: str
    created_at: datetime
    data: dict[str, Any] = Field(
        default_factory=dict,
        description="The event's structured data its workflow declares public, e.g. a legal aid "
        "refusal's `objection` (to whom, the law, the review limit)",
    )
    note: str = Field("", description="What the applicant reads about `data`, in the caller's language")

    @classmethod
    def of(cls, event: OrderEvent) -> "EventOut":
        return cls(
            kind=event.kind,
            from_status=event.from_status,
            to_status=event.to_status,
            actor=event.actor_label,
            channel=event.channel,
            reason=event.reason,
            created_at=event.created_at,
            data=workflow.event_public_data(event.kind, event.data),
            note=workflow.event_note(event.kind, event.data),
        )


class ActionOut(Schema):
    action: str = Field(..., examples=["accept"])
    label: str = Field(..., description="As the order's workflow names it, e.g. 给予法律援助 for accept")


class OrderOut(Schema):
    tracking_no: str = Field(..., examples=["SC2611254730192"])
    status: OrderStatus
    status_label: str
    channel: Channel
    service_item: str
    service_item_name: str
    region: str
    region_name: str
    language: str
    priority_groups: list[str]
    applicant_kind: str
    applicant_name: str
    applicant_phone: str = Field(..., description="Masked: 139****5678")
    submitted_at: datetime
    due_at: datetime | None
    due_is_provisional: bool = Field(
        ..., description="True while the official holiday schedule of the due year is not yet published"
    )
    assigned_point: str | None
    assigned_institution: str | None
    assigned_practitioner: str | None
    routing_reason: str
    resolved_at_first_contact: bool

    @classmethod
    def of(cls, order: ServiceOrder, **extra: Any) -> Self:
        # Casts: the schema validates the stored codes into the enums; a relation whose id is set is set.
        return cls(
            tracking_no=order.tracking_no,
            status=cast(OrderStatus, order.status),
            status_label=str(OrderStatus(order.status).label),
            channel=cast(Channel, order.channel),
            service_item=order.service_item.code,
            service_item_name=order.service_item.display_name,
            region=order.region_id,
            region_name=order.region.name,
            language=order.language,
            priority_groups=list(order.priority_groups or []),
            applicant_kind=order.applicant_kind,
            applicant_name=order.applicant_name,
            applicant_phone=order.masked_phone,
            submitted_at=order.submitted_at,
            due_at=order.due_at,
            due_is_provisional=order.due_is_provisional,
            assigned_point=cast("ServicePoint", order.assigned_point).name
            if order.assigned_point_id
            else None,
            assigned_institution=cast("Institution", order.assigned_institution).name
            if order.assigned_institution_id
            else None,
            assigned_practitioner=cast("Practitioner", order.assigned_practitioner).name
            if order.assigned_practitioner_id
            else None,
            routing_reason=order.routing_reason_display,
            resolved_at_first_contact=order.resolved_at_first_contact,
            **extra,
        )


class ClockOut(Schema):
    """One statutory time limit running (or run) on the order, with the rule it comes from."""

    name: str = Field(..., examples=["decide"])
    label: TextOut
    limit_text: str = Field(..., description='The limit in words: "7 days"')
    started_at: datetime
    due_at: datetime
    due_is_provisional: bool
    paused: bool = Field(..., description="Stopped while the applicant's materials are awaited")
    stopped_at: datetime | None
    overdue: bool
    legal_basis: str = Field(..., description=OFFICIAL_BASIS)
    legal_basis_translated: TextOut = Field(..., description=TRANSLATED_BASIS)
    extension_text: str = Field("", description="How long the limit was extended, in words; empty: never")
    extension_basis: str = Field("", description="The rule of the extension, in its official Chinese wording")
    extension_basis_translated: TextOut | None = Field(
        None, description="The rule of the extension in the language asked for, marked like the basis"
    )

    @classmethod
    def of(cls, clock: OrderClock) -> "ClockOut":
        return cls.model_validate(
            {
                "name": clock.name,
                "label": text_out(clock.display_label),
                "limit_text": clock.limit_text,
                "started_at": clock.started_at,
                "due_at": clock.due_at,
                "due_is_provisional": clock.due_is_provisional,
                "paused": bool(clock.paused_at and not clock.stopped_at),
                "stopped_at": clock.stopped_at,
                "overdue": clock.overdue_at is not None,
                "legal_basis": clock.legal_basis,
                "legal_basis_translated": text_out(clock.display_legal_basis),
                "extension_text": clock.extension_text,
                "extension_basis": clock.extension_basis,
                "extension_basis_translated": text_out(clock.display_extension_basis)
                if clock.extension_basis
                else None,
            }
        )


class OrderDetailOut(OrderOut):
    description: str
    resolution: str
    legal_basis: str = Field(..., description="The service item's rule: " + OFFICIAL_BASIS)
    legal_basis_translated: TextOut = Field(..., description=TRANSLATED_BASIS)
    clocks: list[ClockOut] = Field(
        default_factory=list, description="The order's statutory time limits, in the order they started"
    )
    timeline: list[EventOut]
    actions: list[ActionOut] = Field(
        default_factory=list, description="The actions the caller may take on the order now, labelled"
    )


class OrderListItemOut(Schema):
    tracking_no: str
    status: OrderStatus
    channel: Channel
    service_item: str = Field(..., alias="service_item.code")
    region: str = Field(..., alias="region_id")
    region_name: str = Field(..., alias="region.name")
    applicant_phone: str = Field(..., alias="masked_phone")
    assigned_point: str | None
    submitted_at: datetime
    due_at: datetime | None
    is_warned: bool
    is_overdue: bool

    @staticmethod
    def resolve_assigned_point(obj: ServiceOrder) -> str | None:
        return cast("ServicePoint", obj.assigned_point).name if obj.assigned_point_id else None

    # Judged at the instant the list's order was (the page's `now`, kept in its cursor), so the marks
    # agree with the order and with the `overdue` filter on every page.
    @staticmethod
    def resolve_is_warned(obj: ServiceOrder) -> bool:
        return is_warned(obj, getattr(obj, "judged_at", None) or timezone.now())

    @staticmethod
    def resolve_is_overdue(obj: ServiceOrder) -> bool:
        return is_overdue(obj, getattr(obj, "judged_at", None) or timezone.now())


class OrderPageOut(Schema):
    """A page of the queue, read by keyset: pass `next` (or `previous`) back as `cursor` for the page
    beside it. A row is never skipped or repeated between pages while new orders arrive."""

    items: list[OrderListItemOut]
    count: int = Field(
        ..., description="Orders matching: exactly this many when `count_exact`, else more than this"
    )
    count_exact: bool
    next: str | None = Field(None, description="Cursor of the next page (null: this is the last)")
    previous: str | None = Field(None, description="Cursor of the page before (null: this is the first)")


class OrderFilters(Schema):
    status: OrderStatus | None = Field(None, description="Only orders in this status")
    region: str | None = Field(None, max_length=12, description="Only orders in this region's subtree")
    overdue: bool | None = Field(None, description="true: only overdue; false: only not overdue")
    q: str = Field("", max_length=64, description="Tracking number, name or words of the description")
    handled_here: bool = Field(
        False,
        description="true: only orders that sit with the caller's place (the work queue); false: also "
        "the jurisdiction's residents' orders that another place handles",
    )
    cursor: str | None = Field(
        None,
        max_length=1000,
        description="`next` or `previous` of a page of this list (none: the first page)",
    )
    page_size: int = Field(20, ge=1, le=100, description="Orders per page (20, at most 100)")


class TransitionIn(Schema):
    action: str = Field(
        ...,
        max_length=64,
        examples=["accept"],
        description="An action of the order's workflow: accept, reject, start, suspend, resume, transfer, "
        "resolve, reopen, close, and those its service module declares",
    )
    reason: str = Field(
        "", max_length=2000, description="Required to reject, suspend, transfer, reopen and close"
    )
    resolution: str = Field("", max_length=5000, description="Required to resolve")
    to_point: int | None = Field(None, description="Transfer: id of the receiving service point")
    to_institution: int | None = Field(None, description="Transfer: id of the receiving institution")


class EvaluationIn(Schema):
    level: int = Field(..., ge=1, le=5, description="1 非常满意 … 4 不满意, 5 非常不满意", examples=[4])
    comment: str = Field("", max_length=2000, examples=["等了很久没人回电话。"])
    phone: str | None = Field(
        None, max_length=32, description="The mobile number given at intake, when not signed in"
    )
    channel: Channel | None = Field(
        None, description="Defaults to `app`; staff recording a rating use `hotline` or `window`"
    )


class EvaluationOut(Schema):
    tracking_no: str
    level: int
    level_label: str
    order_status: OrderStatus


# ---- handlers -----------------------------------------------------------------------------------


def _order_out(order: ServiceOrder) -> OrderOut:
    return OrderOut.of(order)


def _detail_out(order: ServiceOrder, actor: User | None) -> OrderDetailOut:
    from .selectors import order_timeline

    # Staff see the whole timeline (supervision, warnings); the applicant sees the public steps.
    public_only = not policy.is_staff_actor(actor)
    events: list[OrderEvent] = list(order_timeline(order=order, public_only=public_only))
    return OrderDetailOut.of(
        order,
        description=order.description,
        resolution=order.resolution,
        legal_basis=order.service_item.legal_basis,
        legal_basis_translated=TextOut(**text_out(order.service_item.display_legal_basis)),
        clocks=[ClockOut.of(c) for c in order.clocks.order_by("started_at", "pk")],
        timeline=[EventOut.of(e) for e in events],
        actions=[
            ActionOut(action=name, label=str(workflow.action_label(order.workflow, name)))
            for name in actions_open_to(actor, order)
        ],
    )


def _reload(order: ServiceOrder) -> ServiceOrder:
    return ServiceOrder.objects.select_related(*_ORDER_RELATED).get(pk=order.pk)


@router.post(
    "",
    response={201: OrderOut, **BODY_ERROR_RESPONSES},
    auth=[StaffTokenAuth(), OptionalCitizenAuth()],
    summary="File a service order",
    description="Intake from the app, mini-program, partner systems and the 12348 hotline. Send an "
    "`Idempotency-Key` header so a retry returns the first answer instead of filing twice.",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def order_create(request: HttpRequest, payload: OrderIn) -> Status:
    from fawang.catalog.models import ServiceItem, offered_items
    from fawang.regions.models import Region

    from .services import order_submit

    actor = require_signed_in(request_actor(request))
    errors = ErrorCollector()
    channels = allowed_channels(actor)
    channel = payload.channel or (channels[0] if channels else None)
    if not channels:
        policy.require_action(actor, "order.create")
    elif channel not in channels:
        errors.add(
            "channel",
            "channel_not_allowed",
            _("You may not file an order through channel %(channel)s. Allowed: %(allowed)s.")
            % {"channel": channel, "allowed": ", ".join(channels)},
        )
    item = ServiceItem.objects.filter(offered_items(), code=payload.service_item).first()
    if item is None:
        errors.add(
            "service_item",
            "service_item_not_found",
            _("No service item with code %(code)s.") % {"code": payload.service_item},
        )
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        errors.add("region", "region_unknown", _("No region with code %(code)s.") % {"code": payload.region})
    if payload.answer is not None and channel != Channel.HOTLINE:
        errors.add(
            "answer",
            "first_contact_not_allowed",
            _("Only a hotline call can be answered at first contact."),
        )
    errors.raise_if_any()
    assert item is not None and region is not None  # a missing one was raised just above

    is_citizen = actor.kind == UserKind.CITIZEN
    with request_meta(channel=str(channel), ip=client_ip(request)):
        order = order_submit(
            actor=actor,
            channel=str(channel),
            service_item=item,
            region=region,
            description=payload.description,
            applicant_kind=payload.applicant_kind,
            applicant_name=payload.applicant_name or (actor.display_name if is_citizen else ""),
            applicant_phone=payload.applicant_phone or (actor.phone if is_citizen else ""),
            applicant_id_number=payload.applicant_id_number,
            enterprise_name=payload.enterprise_name,
            enterprise_credit_code=payload.enterprise_credit_code,
            language=payload.language,
            priority_groups=list(payload.priority_groups),
            applicant=actor if is_citizen else None,
            resolved_at_first_contact=payload.answer,
            details=payload.details,
        )
    return Status(201, _order_out(_reload(order)))


@router.get(
    "",
    response={200: OrderPageOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=api_staff_auth,
    summary="The staff queue: orders in the caller's jurisdiction, most urgent first",
    description="Overdue first, then warned, then the rest by due time, open orders without a due time, "
    "then finished ones newest first. A page at a time: `next`/`previous` are cursors to pass as "
    "`cursor`; a cursor this list did not give is a 400 `bad_cursor`.",
)
def order_list(request: HttpRequest, filters: Query[OrderFilters]) -> dict[str, Any]:
    from .selectors import order_page_for_actor

    actor = require_signed_in(request_actor(request))
    policy.require_action(actor, "order.view")
    page = order_page_for_actor(
        actor=actor,
        cursor=filters.cursor,
        size=filters.page_size,
        status=filters.status,
        region_code=filters.region,
        overdue=filters.overdue,
        search=filters.q,
        with_actor=filters.handled_here,
    )
    assert page.count is not None  # order_page_for_actor counts
    for order in page.rows:
        order.judged_at = page.now  # type: ignore[attr-defined]  # read by OrderListItemOut
    return {
        "items": page.rows,
        "count": page.count.value,
        "count_exact": page.count.exact,
        "next": page.next,
        "previous": page.previous,
    }


def _get_order(actor: User, tracking_no: str) -> ServiceOrder:
    from .selectors import order_get_for_actor

    return order_get_for_actor(actor=actor, tracking_no=tracking_no)


@router.get(
    "/{tracking_no}",
    response={200: OrderDetailOut, **ERROR_RESPONSES},
    auth=[StaffTokenAuth(), OptionalCitizenAuth()],
    summary="One order with its timeline",
    description="Staff see orders in their jurisdiction, a citizen their own. Anything else is 404, "
    "exactly like a number that does not exist.",
)
def order_detail(request: HttpRequest, tracking_no: str) -> OrderDetailOut:
    actor = require_signed_in(request_actor(request))
    order = _reload(_get_order(actor, tracking_no))
    return _detail_out(order, actor)


# What each kind of action takes from the request (workflow.ActionSpec.takes).
_FIELDS_BY_TAKES: dict[str, tuple[str, ...]] = {
    "reason": ("reason",),
    "resolution": ("resolution",),
    "transfer": ("reason", "to_point", "to_institution"),
}


def _transition_kwargs(payload: TransitionIn) -> dict[str, Any]:
    from fawang.network.models import Institution, ServicePoint

    spec = workflow.action_spec(payload.action)
    if spec is None or not spec.offered:
        return {}  # order_act names the actions there are
    wanted = tuple(name for take in spec.takes for name in _FIELDS_BY_TAKES.get(take, (take,)))
    kwargs: dict[str, Any] = {
        name: getattr(payload, name) for name in wanted if name in ("reason", "resolution")
    }
    errors = ErrorCollector()
    if "to_point" in wanted and payload.to_point is not None:
        kwargs["to_point"] = (
            ServicePoint.objects.select_related("region").filter(pk=payload.to_point, is_active=True).first()
        )
        if kwargs["to_point"] is None:
            errors.add("to_point", "service_point_not_found", _("No such service point."))
    if "to_institution" in wanted and payload.to_institution is not None:
        kwargs["to_institution"] = (
            Institution.objects.select_related("region")
            .filter(pk=payload.to_institution, is_active=True)
            .first()
        )
        if kwargs["to_institution"] is None:
            errors.add("to_institution", "institution_not_found", _("No such institution."))
    errors.raise_if_any()
    return kwargs


@router.post(
    "/{tracking_no}/transitions",
    response={200: OrderDetailOut, **BODY_ERROR_RESPONSES},
    auth=api_staff_auth,
    summary="Move an order on: accept, reject, start, suspend, resume, transfer, resolve, reopen, close",
    description="409 with a code when the order's state no longer allows the action (another clerk "
    "accepted it first: `order_already_accepted`; `transition_not_allowed`).",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def order_transition_create(request: HttpRequest, tracking_no: str, payload: TransitionIn) -> Status:
    from .services import order_transition

    actor = require_signed_in(request_actor(request))
    order = _get_order(actor, tracking_no)
    kwargs = _transition_kwargs(payload)
    order = order_transition(actor=actor, order=order, action=str(payload.action), **kwargs)
    return Status(200, _detail_out(_reload(order), actor))


def _rating_channel(actor: User | None, requested: str | None) -> str:
    if requested:
        return requested
    if policy.is_staff_actor(actor):
        return Channel.HOTLINE if actor.has_role(Role.HOTLINE_AGENT) else Channel.WINDOW
    return Channel.APP


@router.post(
    "/{tracking_no}/evaluation",
    response={201: EvaluationOut, **BODY_ERROR_RESPONSES, 429: ErrorOut},
    auth=[StaffTokenAuth(), OptionalCitizenAuth()],
    summary="Rate a resolved order (好差评, five levels)",
    description="By the applicant (signed in, or with the mobile number given at intake) or by staff "
    "recording the applicant's rating on a return call. 不满意 or worse reopens the order and opens a "
    "review for the handler's supervisor.",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def order_evaluate(request: HttpRequest, tracking_no: str, payload: EvaluationIn) -> Status:
    from fawang.feedback.enums import EvaluationLevel
    from fawang.feedback.services import evaluation_submit

    from .selectors import order_get_for_actor, order_track_public

    actor = request_actor(request)
    order: ServiceOrder | None = None
    if actor is not None:
        try:
            order = order_get_for_actor(actor=actor, tracking_no=tracking_no)
        except NotFound:
            if policy.is_staff_actor(actor) or not payload.phone:
                raise
    if order is None and not (payload.phone or "").strip():
        raise ValidationFailed(
            [
                FieldError(
                    "phone_required", _("Enter the mobile number given when the request was made."), "phone"
                )
            ]
        )
    if order is None:
        # Not signed in (or a citizen rating an order filed before they had an account): the phone
        # given at intake proves the order is theirs; a mismatch is 404 like an unknown number. Each
        # try counts against the same budget as the public tracking page, so numbers can't be guessed.
        if phone_check_exceeds_limit(client_ip(request)):
            raise RateLimited(
                "rate_limited",
                _(
                    "Too many attempts from your network. Please wait ten minutes and try again, or call 12348."
                ),
                None,
            )
        order = order_track_public(tracking_no=tracking_no, phone=payload.phone or "")
        if order is None:
            raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    evaluation = evaluation_submit(
        actor=actor,
        order=order,
        level=payload.level,
        comment=payload.comment,
        channel=_rating_channel(actor, payload.channel),
        phone=payload.phone,
    )
    order.refresh_from_db(fields=["status"])
    return Status(
        201,
        EvaluationOut(
            tracking_no=order.tracking_no,
            level=evaluation.level,
            level_label=str(EvaluationLevel(evaluation.level).label),
            order_status=cast(OrderStatus, order.status),  # validated into the enum
        ),
    )
