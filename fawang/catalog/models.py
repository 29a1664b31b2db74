from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from fawang.core.models import BaseModel
from fawang.regions.models import RegionLevel
from fawang.translations.selectors import Translated, translate

from .enums import HandlerKind, LifeEventAudience, LimitUnit, ServiceCategory


def in_reader_language(chinese: str, english: str) -> str:
    """The English text on English pages when there is one, else the Chinese (names, step labels)."""
    if english and (get_language() or "zh").startswith("en"):
        return english
    return chinese


def limit_text(n: int, unit: str) -> str:
    """A limit as one phrase ("15 working days", "15个工作日"): number and unit are not glued together
    in a template, because Chinese writes them without a space and with a measure word."""
    if unit == LimitUnit.CALENDAR_DAYS:
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
    if unit == LimitUnit.MONTHS:
        return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}
    return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}


ITEM_CONTENT = (
    "catalog.serviceitem"  # name, description, materials, fee, legal_basis; keyed by the item's code
)
# label, legal_basis, pause_basis, extension_basis; keyed by "<item code>/<clock name>"
TIME_LIMIT_CONTENT = "catalog.timelimit"
LIFE_EVENT_CONTENT = "catalog.lifeevent"  # name, description; keyed by the event's code


def time_limit_label(item_code: str, name: str, chinese: str, english: str = "") -> Translated:
    """A clock step's label in the reader's language (time limits and the clocks copied from them)."""
    return translate(TIME_LIMIT_CONTENT, f"{item_code}/{name}", "label", chinese, english=english)


def clock_basis(item_code: str, clock_name: str, chinese: str, field: str = "legal_basis") -> Translated:
    """A citation copied onto an order's clock (`legal_basis` or `extension_basis`) in the reader's
    language: the translation of its time limit, else (a clock made from the item's headline limit
    copies the item's basis) the item's, each only if it was made from this very Chinese; else the
    Chinese marked as a fallback (docs/adr/0014)."""
    text = translate(TIME_LIMIT_CONTENT, f"{item_code}/{clock_name}", field, chinese, same_source=True)
    if text.fallback and field == "legal_basis":
        item_text = translate(ITEM_CONTENT, item_code, field, chinese, same_source=True)
        if not item_text.fallback:
            return item_text
    return text


def offered_items() -> models.Q:
    """The condition of items a citizen may see and ask for: active and offered to citizens."""
    return models.Q(is_active=True, offered_to_citizens=True)


class ServiceItem(BaseModel):
    """One thing a citizen can ask for, with its statutory time limit and the article it comes from."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)  # Chinese, the legal name
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=ServiceCategory.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    materials = models.TextField(_("materials"), blank=True)  # what to bring, one per line
    fee = models.CharField(_("fee"), max_length=128, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("time limit"))
    time_limit_unit = models.CharField(
        _("time limit unit"), max_length=16, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS
    )
    # the cited article, e.g. 法律援助法第四十三条
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    warn_ratio = models.DecimalField(_("warning ratio"), max_digits=3, decimal_places=2, default=0.8)
    # unrated orders close after this
    feedback_window_days = models.PositiveSmallIntegerField(_("rating window (days)"), default=15)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    # The workflow its orders follow (fawang.orders.workflow registry); blank: the shared service loop.
    # Copied onto each order at intake, so re-pointing an item never moves an open order's steps.
    workflow = models.CharField(_("workflow"), max_length=32, blank=True, default="")
    # False: an item staff and modules use (a request between two legal aid centres) that citizens'
    # pages never offer: the portal, life events, the apply form, the public catalog API, the staff
    # intake form and `order_submit` leave it out; its orders are made by its module (docs/adr/0022).
    offered_to_citizens = models.BooleanField(_("offered to citizens"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")

    def __str__(self) -> str:
        return self.display_name

    # Content translations (fawang.translations, docs/adr/0014): the reader's language, else the
    # Chinese marked as a fallback; `name_en` is read as an unreviewed English draft when no English
    # translation is stored.
    @property
    def display_name(self) -> Translated:
        return translate(ITEM_CONTENT, self.code, "name", self.name, english=self.name_en)

    @property
    def display_description(self) -> Translated:
        return translate(ITEM_CONTENT, self.code, "description", self.description)

    @property
    def display_materials(self) -> list[Translated]:
        """What to bring, one entry per line, each in the reader's language (or marked Chinese)."""
        text = translate(ITEM_CONTENT, self.code, "materials", self.materials)
        return [
            Translated(
                line.strip(),
                language=text.language,
                wanted=text.wanted,
                fallback=text.fallback,
                state=text.state,
            )
            for line in text.splitlines()
            if line.strip()
        ]

    @property
    def display_fee(self) -> Translated:
        return translate(ITEM_CONTENT, self.code, "fee", self.fee)

    @property
    def display_legal_basis(self) -> Translated:
        """The cited law and article in the reader's language (an unofficial translation, docs/adr/0014);
        the official Chinese, marked as a fallback, where none is written yet."""
        return translate(ITEM_CONTENT, self.code, "legal_basis", self.legal_basis)

    @property
    def time_limit_text(self) -> str:
        return limit_text(self.time_limit, self.time_limit_unit)


class TimeLimit(models.Model):
    """One statutory time limit of a service item: the law in one table (docs/adr/0011).

    When an order of the item records an event in `starts_on`, a clock (fawang.orders.models.OrderClock)
    starts with this row's limit, unit, warning ratio and citation *copied onto it*: editing this row
    changes the clocks of orders that start later, never those already running. The clock stops on an
    event in `stops_on`, or when the order leaves the open statuses. Whether waiting for materials
    (补正) stops the clock is this limit's own property, cited in `pause_basis` (公证法第三十条 excludes
    the time for supplementary materials; 劳动争议调解仲裁法第四十三条 does not).

    Some limits may be extended once by a decision the law names (劳动争议调解仲裁法第四十三条: the
    45-day award limit, by at most 15 days with the commission chair's approval). A module declares the
    event of that decision; an event in `extends_on` lengthens the running clock by `extension` units
    of its own, citing `extension_basis`, and recounts its due and warning times."""

    service_item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="time_limits"
    )
    # the clock's name within the item, e.g. "decide", "accept", "complete"
    name = models.SlugField(_("clock name"), max_length=32)
    label = models.CharField(_("step"), max_length=64)  # Chinese, e.g. 作出受理决定
    label_en = models.CharField(_("step (English)"), max_length=64, blank=True)
    limit = models.PositiveSmallIntegerField(_("time limit"))
    unit = models.CharField(_("unit"), max_length=16, choices=LimitUnit.choices)
    # event kinds (fawang.orders.workflow) that start and stop this clock
    starts_on = models.JSONField(_("starts on events"), default=list)
    stops_on = models.JSONField(_("stops on events"), default=list, blank=True)
    pauses_while_suspended = models.BooleanField(_("waiting for materials is not counted"), default=False)
    pause_basis = models.CharField(_("basis for not counting waiting time"), max_length=255, blank=True)
    extends_on = models.JSONField(_("extended on events"), default=list, blank=True)
    extension = models.PositiveSmallIntegerField(_("extension"), default=0)  # in the limit's unit
    extension_basis = models.CharField(_("basis for the extension"), max_length=255, blank=True)
    # The citation. `law` and `article` name a statute shipped in fawang/catalog/data/laws (a test
    # checks that the article exists and states this limit); rules we do not ship (the 12345 measures,
    # 司法鉴定程序通则) are cited by title in `legal_basis` with `law` blank.
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    law = models.CharField(_("statute"), max_length=64, blank=True)
    article = models.CharField(_("article"), max_length=32, blank=True)  # e.g. 第三十条
    warn_ratio = models.DecimalField(_("warning ratio"), max_digits=3, decimal_places=2, default=0.8)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=10)

    class Meta:
        ordering = ["service_item_id", "sort_order", "name"]
        verbose_name = _("statutory time limit")
        verbose_name_plural = _("statutory time limits")
        constraints = [
            models.UniqueConstraint(fields=["service_item", "name"], name="time_limit_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.service_item.code}:{self.name} {self.limit} {self.unit}"

    @property
    def display_label(self) -> Translated:
        return time_limit_label(self.service_item.code, self.name, self.label, self.label_en)

    @property
    def display_legal_basis(self) -> Translated:
        return translate(
            TIME_LIMIT_CONTENT, f"{self.service_item.code}/{self.name}", "legal_basis", self.legal_basis
        )

    @property
    def limit_text(self) -> str:
        return limit_text(self.limit, self.unit)


class RoutingRule(models.Model):
    """Rules as data: which kind of place handles an item, and the lowest level at which such a place
    is looked for. Routing walks up from the applicant's region to the province."""

    service_item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    handler_kind = models.CharField(_("handler kind"), max_length=32, choices=HandlerKind.choices)
    lowest_level = models.CharField(
        _("lowest level"), max_length=16, choices=RegionLevel.choices, default=RegionLevel.TOWNSHIP
    )
    # lower first when several rules apply
    priority = models.PositiveSmallIntegerField(_("priority"), default=10)

    class Meta:
        ordering = ["service_item_id", "priority"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.service_item.code} → {self.handler_kind} ≥ {self.lowest_level}"

    @property
    def offered_text(self) -> str:
        """Where the item is offered, for the citizen: "Legal aid centre, at county level and above"."""
        return gettext("%(kind)s, at %(level)s level and above") % {
            "kind": self.get_handler_kind_display(),
            "level": str(self.get_lowest_level_display()).lower(),
        }


class LifeEvent(BaseModel):
    """A moment of a person's or an enterprise's life (birth, unemployment, bankruptcy ...) and the
    service items that matter then: the plan's life-cycle service lists (§4), browsed on the portal.
    Shipped as data (data/life_events.json) with its translations; loaded with `catalog_load`."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    audience = models.CharField(_("audience"), max_length=16, choices=LifeEventAudience.choices)
    name = models.CharField(_("name"), max_length=64)  # Chinese, as the plan says it
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    items = models.ManyToManyField(
        ServiceItem, verbose_name=_("service items"), through="LifeEventItem", related_name="life_events"
    )

    class Meta:
        ordering = ["audience", "sort_order", "code"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> Translated:
        return translate(LIFE_EVENT_CONTENT, self.code, "name", self.name)

    @property
    def display_description(self) -> Translated:
        return translate(LIFE_EVENT_CONTENT, self.code, "description", self.description)


class LifeEventItem(models.Model):
    """One service item that matters at a life event, in the order the event's page lists them."""

    life_event = models.ForeignKey(
        LifeEvent, verbose_name=_("life event"), on_delete=models.CASCADE, related_name="entries"
    )
    service_item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=10)

    class Meta:
        ordering = ["life_event_id", "sort_order", "service_item_id"]
        verbose_name = _("service item of a life event")
        verbose_name_plural = _("service items of life events")
        constraints = [
            models.UniqueConstraint(fields=["life_event", "service_item"], name="life_event_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.life_event.code} → {self.service_item.code}"
