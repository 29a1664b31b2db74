from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fawang.core.fields import EncryptedTextField
from fawang.core.identity import mask_mobile
from fawang.core.json import UnicodeJSONEncoder
from fawang.translations.selectors import Translated

from .enums import OPEN_STATUSES, ApplicantKind, Channel, OrderStatus, SupervisionKind, SupervisionStatus
from .workflow import Owes

# What policy.scope_orders reads of an order to decide who reaches it: carried in the queue's partial
# indexes so that rows of other places are rejected in the index (index-only scans; docs/adr/0016).
PLACE_COLUMNS = ["region_path", "handler_region_path", "assigned_institution_id", "assigned_practitioner_id"]


class ServiceOrder(models.Model):
    """工单: one request for legal help from any channel, tracked from intake to close.

    `region_path` copies the applicant region's materialised path and `handler_region_path` the
    assignee's, so jurisdiction scoping is one indexed prefix match with no join.

    Indexes: only those a query uses. Every intake writes each index of this table, so foreign keys
    no query filters on (service item, region, assigned point and practitioner, first responder,
    accepted by) carry `db_index=False`, and the blind indexes, matched by equality only, get a plain
    index instead of `db_index=True`'s pair (Django adds a `LIKE` index to every indexed CharField on
    PostgreSQL). The two paths, matched by prefix (and equality), get the pattern index alone; the
    tracking number, matched by equality only, its unique index alone. See docs/adr/0007
    ("Performance")."""

    tracking_no = models.CharField(_("tracking number"), max_length=20)  # unique: Meta.constraints
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    service_item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="orders",
        db_index=False,
    )

    applicant_kind = models.CharField(_("applicant type"), max_length=16, choices=ApplicantKind.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    applicant_name = models.CharField(_("applicant name"), max_length=64, blank=True)
    applicant_phone = EncryptedTextField(_("applicant mobile number"), blank=True, default="")
    applicant_phone_index = models.CharField(
        _("applicant mobile number index"), max_length=64, blank=True, default=""
    )
    applicant_id_number = EncryptedTextField(_("applicant ID number"), blank=True, default="")
    applicant_id_number_index = models.CharField(
        _("applicant ID number index"), max_length=64, blank=True, default=""
    )
    enterprise_name = models.CharField(_("enterprise name"), max_length=128, blank=True)
    enterprise_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("applicant region"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # scoping matches region_path
    )
    region_path = models.CharField(_("region path"), max_length=128)  # indexed: Meta.indexes
    language = models.CharField(_("language"), max_length=8, default="zh")  # network.enums.Language
    priority_groups = models.JSONField(_("priority groups"), default=list, blank=True)  # PriorityGroup values
    description = models.TextField(_("description"))

    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED
    )
    # The service module's workflow (fawang.orders.workflow), copied from the service item at intake,
    # and the module's own stage inside the shared status (blank: the status says it all).
    workflow = models.CharField(_("workflow"), max_length=32, blank=True, default="")
    stage = models.CharField(_("stage"), max_length=32, blank=True, default="")
    # who owes the next action (set by each event's declaration: the handler, the applicant ...)
    awaiting = models.CharField(
        _("next action by"), max_length=16, choices=Owes.choices, blank=True, default=Owes.HANDLER
    )
    # The assignee: where the order now sits, and who works it once accepted.
    assigned_point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("assigned service point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        db_index=False,
    )
    assigned_institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("assigned institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    assigned_practitioner = models.ForeignKey(
        "network.Practitioner",
        verbose_name=_("assigned practitioner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        db_index=False,
    )
    handler_region_path = models.CharField(_("handler region path"), max_length=128)  # Meta.indexes
    # The reason in the department's language (exports, admin); pages say it from the facts in the
    # reader's language (fawang.orders.reasons).
    routing_reason = models.CharField(_("routing reason"), max_length=255, blank=True)
    routing_facts = models.JSONField(_("routing facts"), encoder=UnicodeJSONEncoder, default=dict, blank=True)
    # 首问负责: whoever received the order answers for it until a handler accepts.
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first responder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Web/app orders have no receiving person: the staff of the point they were routed to answer.
    first_responder_point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("first responder service point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    # The nearest ticking statutory clock (OrderClock rows; docs/adr/0011), kept here for the queue's
    # sort and filters: its due and warning times and whether they are provisional. Whether the order
    # is warned or overdue follows from them (fawang.orders.urgency); the sweep marks the clock rows.
    submitted_at = models.DateTimeField(_("submitted at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning due at"), null=True, blank=True)
    # the calendar for the due year is not entered yet
    due_is_provisional = models.BooleanField(_("due time is provisional"), default=False)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)

    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolved_at_first_contact = models.BooleanField(_("resolved at first contact"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        constraints = [models.UniqueConstraint(fields=["tracking_no"], name="order_tracking_no_unique")]
        indexes = [
            # Scoping is a prefix match on a path (LIKE 'path%'): a pattern index serves it and
            # equality too, where the default operator class would not serve LIKE outside the C locale.
            models.Index(fields=["region_path"], opclasses=["varchar_pattern_ops"], name="order_region_path"),
            models.Index(
                fields=["handler_region_path"], opclasses=["varchar_pattern_ops"], name="order_handler_path"
            ),
            # The queue's urgency order (urgency.queue_tiers): open orders by due time, overdue ones
            # first, walked a page at a time (fawang.core.keyset; docs/adr/0007, "Lists at province scale");
            # the figures count open orders past their due time from it too (docs/adr/0016).
            models.Index(
                fields=["due_at", "id"], condition=Q(status__in=OPEN_STATUSES), name="order_open_due"
            ),
            # The figures' count of open orders already overdue (`selectors.open_overdue_count`) read from
            # the index alone: with the place columns in it, a province's count is an index-only scan of
            # the open orders (10M orders: 33 ms) instead of the sequential scan of every order the
            # planner chose for two path prefixes ORed (13 s).
            models.Index(
                fields=["due_at"],
                include=[
                    "region_path",
                    "handler_region_path",
                    "assigned_institution_id",
                    "assigned_practitioner_id",
                ],
                condition=Q(status__in=OPEN_STATUSES),
                name="order_open_due_places",
            ),
            # A county's or prefecture's open orders (its queue and its count) from indexes of open
            # orders alone, not from the paths of every order it ever had.
            models.Index(
                fields=["handler_region_path"],
                opclasses=["varchar_pattern_ops"],
                condition=Q(status__in=OPEN_STATUSES),
                name="order_open_handler_path",
            ),
            models.Index(
                fields=["region_path"],
                opclasses=["varchar_pattern_ops"],
                condition=Q(status__in=OPEN_STATUSES),
                name="order_open_region_path",
            ),
            # Finished orders newest first (the queue's last segment, "status=finished"): the newest
            # ids are mostly open orders, which a walk of the primary key would step over one by one.
            # The places and status included: a county's finished orders are one in 183 of the
            # province's, rejected in the index rather than by reading each row (10M: 125 -> 23 ms).
            models.Index(
                fields=["-id"],
                include=[*PLACE_COLUMNS, "status"],
                condition=~Q(status__in=OPEN_STATUSES),
                name="order_finished_newest",
            ),
            # An institution's or practitioner's own orders (their staff's and their own reach:
            # policy.scope_orders ORs the holder with the places), newest first. Whole-table indexes, not
            # partial ones: a search ORs the holder with the places under any status, and only an index
            # on the holder alone lets the planner OR the three bitmaps instead of visiting every match.
            models.Index(fields=["assigned_institution_id", "-id"], name="order_institution_newest"),
            models.Index(fields=["assigned_practitioner_id", "-id"], name="order_practitioner_newest"),
            # The queue narrowed to a minority language (bo, ii): its open orders by due time, without
            # walking the Chinese ones that make up most of every tier; the places and warning time
            # included, so that a prefecture with few such orders rejects the others in the index
            # alone (an index-only scan), not by reading each row (Chengdu at 10M orders: 951 -> 65 ms).
            models.Index(
                fields=["language", "due_at", "id"],
                include=[*PLACE_COLUMNS, "warn_at"],
                condition=Q(status__in=OPEN_STATUSES) & ~Q(language="zh"),
                name="order_open_language_places",
            ),
            # ... and its finished orders newest first (a walk of `order_finished_newest` would read
            # every finished Chinese order of the province: 5.5 s -> 0.1 s for Chengdu).
            models.Index(
                fields=["language", "-id"],
                include=PLACE_COLUMNS,
                condition=~Q(status__in=OPEN_STATUSES) & ~Q(language="zh"),
                name="order_finished_language_newest",
            ),
            # A hotline agent finds a caller's orders by phone, newest first, fifty at most: walked in
            # that order, a caller with thousands of earlier orders costs fifty index entries, and the
            # places carried in the index let a county's scope drop the others before any row is read
            # (the console at 10M with the bench's 20,000 orders per number: 321 ms -> see ADR 0016).
            # The ID-number index is what that column exists for (finding a person's orders by ID
            # number), though no screen searches it yet.
            # With the id too, the queue's search by phone (the newest thousand ids in scope) is read
            # from the index alone: a prefecture ANDed the number's bitmap with its million places
            # (68 ms) or fetched each of the number's rows (125 ms); index-only, 1.7 ms.
            models.Index(
                fields=["applicant_phone_index", "-submitted_at"],
                include=[*PLACE_COLUMNS, "id"],
                name="order_phone_newest",
            ),
            models.Index(fields=["applicant_id_number_index"], name="order_id_number_index"),
        ]

    def __str__(self) -> str:
        return self.tracking_no

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.applicant_phone)

    @property
    def language_label(self) -> str:
        """The order's language by name (汉语, 藏语 ...), in the reader's language."""
        from fawang.network.enums import Language

        return str(Language(self.language).label) if self.language in Language.values else self.language

    @property
    def assigned_place(self) -> Any:
        """The institution the order is assigned to, else its service point (None before routing)."""
        return self.assigned_institution or self.assigned_point

    @property
    def routing_reason_display(self) -> str:
        """Why the order is where it is, in the active language."""
        from .reasons import reason_text

        return reason_text(self.routing_facts, self.routing_reason)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class OrderEvent(models.Model):
    """One row per thing that happened to an order, written in the same transaction as the change.
    The timeline, the audit of the order and its statistics are read from these rows. Every intake
    writes two, so the only index besides the key is the order's (the timeline); add one when a
    query needs it."""

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("service order"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("event type"), max_length=32)  # enums.EventKind
    from_status = models.CharField(_("status before"), max_length=16, blank=True)
    to_status = models.CharField(_("status after"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # as shown on the public timeline
    actor_label = models.CharField(_("actor"), max_length=128, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), encoder=UnicodeJSONEncoder, default=dict, blank=True)
    # shown on the citizen's tracking page
    is_public = models.BooleanField(_("shown to the applicant"), default=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"

    @property
    def reason_display(self) -> str:
        """The reason in the active language where the event recorded the facts behind it (routing,
        answers on the spot, transfers); otherwise as written."""
        from .reasons import reason_text

        return reason_text(self.data.get("facts"), self.reason)


class Attachment(models.Model):
    """A file sent with an order, stored outside the database under MEDIA_ROOT by its SHA-256."""

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("service order"), on_delete=models.PROTECT, related_name="attachments"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 digest"), max_length=64)
    storage_name = models.CharField(_("stored file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class SupervisionOrder(models.Model):
    """督办: an order to the staff of `issued_to_region` to get a service order moving, answered in
    writing by `deadline`. The sweep issues one automatically when an order runs overdue (to the level
    above its handler) and escalates an unanswered one a further level up (`parent` links the chain);
    supervisors issue manual ones."""

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("service order"), on_delete=models.PROTECT, related_name="supervisions"
    )
    kind = models.CharField(_("supervision type"), max_length=16, choices=SupervisionKind.choices)
    issued_to_region = models.ForeignKey(
        "regions.Region", verbose_name=_("issued to region"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,  # null: issued by the sweep
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    deadline = models.DateTimeField(_("reply deadline"))
    # counted on a year whose official schedule is not entered yet (automatic ones; recounted)
    deadline_is_provisional = models.BooleanField(_("deadline is provisional"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=SupervisionStatus.choices, default=SupervisionStatus.OPEN
    )
    response = models.TextField(_("response"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # the statutory clock whose time ran out (automatic supervision); blank for manual ones
    clock = models.ForeignKey(
        "orders.OrderClock",
        verbose_name=_("time-limit clock"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("escalated from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    created_at = models.DateTimeField(_("issued at"))

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        indexes = [
            # The sweep reads only open supervision orders past their deadline; the supervision list
            # walks them by (deadline, id), a page at a time (fawang.core.keyset).
            # Carries the region it was issued to: a supervisor's capped count of open ones is read
            # from the index alone (a scan of every supervision order filtered by status: 16 ms → 3 ms
            # for the province's first 10,001 of 70,000 open at 10,000,000 orders).
            models.Index(
                fields=["deadline", "id"],
                condition=Q(status=SupervisionStatus.OPEN),
                include=["issued_to_region"],
                name="supervision_open_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} → {self.issued_to_region_id}"


class OrderClock(models.Model):
    """One running statutory time limit of an order (docs/adr/0011): a row per limit of the service
    item's law table (`catalog.TimeLimit`), started by the event the law names. The limit, unit,
    warning ratio, pause rule and citation are *copied* here when the clock starts, so editing the
    catalog never moves the due date of a running clock. The sweep claims rows past their warning or
    due time through the partial indexes below; `ServiceOrder.due_at` mirrors the nearest one."""

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("service order"), on_delete=models.PROTECT, related_name="clocks"
    )
    name = models.CharField(_("clock name"), max_length=32)
    label = models.CharField(_("step"), max_length=64)
    label_en = models.CharField(_("step (English)"), max_length=64, blank=True)
    limit = models.PositiveSmallIntegerField(_("time limit"))
    unit = models.CharField(_("unit"), max_length=16)  # catalog.enums.LimitUnit
    warn_ratio = models.DecimalField(_("warning ratio"), max_digits=3, decimal_places=2)
    pauses_while_suspended = models.BooleanField(_("waiting for materials is not counted"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    started_at = models.DateTimeField(_("started at"))
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("working days paused"), default=0)
    # An extension the law allows once (catalog.TimeLimit.extends_on), in the clock's unit, with its rule.
    extended_by = models.PositiveSmallIntegerField(_("extended by"), default=0)
    extension_basis = models.CharField(_("basis for the extension"), max_length=255, blank=True)
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("warning due at"))
    due_is_provisional = models.BooleanField(_("due time is provisional"), default=False)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("overdue at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("time-limit clock")
        verbose_name_plural = _("time-limit clocks")
        indexes = [
            # The sweep reads only running clocks past their warning or due time.
            models.Index(
                fields=["warn_at"],
                condition=Q(stopped_at__isnull=True, paused_at__isnull=True, warned_at__isnull=True),
                name="clock_warn_due",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(stopped_at__isnull=True, paused_at__isnull=True, overdue_at__isnull=True),
                name="clock_overdue_due",
            ),
            # Monthly figures by clock (fawang/disputes/figures.py): the clocks stopped in a month.
            models.Index(
                fields=["stopped_at"], condition=Q(stopped_at__isnull=False), name="clock_stopped_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.name}"

    @property
    def display_label(self) -> str:
        """The step in the reader's language (the item's time-limit translation; docs/adr/0014)."""
        from fawang.catalog.models import time_limit_label

        return time_limit_label(self.order.service_item.code, self.name, self.label, self.label_en)

    @property
    def display_legal_basis(self) -> Translated:
        """The citation copied onto the clock in the reader's language, or the Chinese marked as a
        fallback (`catalog.models.clock_basis`, docs/adr/0014)."""
        from fawang.catalog.models import clock_basis

        return clock_basis(self.order.service_item.code, self.name, self.legal_basis)

    @property
    def display_extension_basis(self) -> Translated:
        from fawang.catalog.models import clock_basis

        return clock_basis(self.order.service_item.code, self.name, self.extension_basis, "extension_basis")

    @property
    def limit_text(self) -> str:
        from fawang.catalog.models import limit_text

        return limit_text(self.limit, self.unit)

    @property
    def extension_text(self) -> str:
        from fawang.catalog.models import limit_text

        return limit_text(self.extended_by, self.unit) if self.extended_by else ""


class OrderTally(models.Model):
    """A rollup of the orders for the figures (docs/adr/0016): how many orders of one place have
    `value` in `dimension` (a status, a service item's id, a channel), and, for a status, how many of
    them are finished with a time limit (`finished`) and within it (`on_time`) as
    `selectors.on_time_rate` defines them. A place is what scoping reads of an order
    (`policy.scope_tallies`): its region path, handler region path, institution and practitioner
    (0: none). Every dimension sums to the same total: the figures read one dimension at a time, so a
    row never multiplies status by item by channel.

    Kept exactly in step, in the transaction of every change that moves an order between rows
    (`fawang.orders.tallies`); `manage.py rollups_rebuild` recomputes the table from the orders."""

    dimension = models.CharField(_("dimension"), max_length=8)  # tallies.Dimension
    value = models.CharField(_("value"), max_length=32)
    region_path = models.CharField(_("region path"), max_length=128)
    handler_region_path = models.CharField(_("handler region path"), max_length=128)
    assigned_institution_id = models.BigIntegerField(_("assigned institution"), default=0)
    assigned_practitioner_id = models.BigIntegerField(_("assigned practitioner"), default=0)
    orders = models.BigIntegerField(_("orders"), default=0)
    finished = models.BigIntegerField(_("finished with a time limit"), default=0)
    on_time = models.BigIntegerField(_("finished within the time limit"), default=0)

    class Meta:
        verbose_name = _("order tally")
        verbose_name_plural = _("order tallies")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "dimension",
                    "value",
                    "region_path",
                    "handler_region_path",
                    "assigned_institution_id",
                    "assigned_practitioner_id",
                ],
                name="order_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.handler_region_path}: {self.orders}"
