"""Service workflows as data: the one registry modules declare themselves to (docs/adr/0011).

The shared status (`OrderStatus`) is the coarse loop that queues, supervision, ratings and statistics
read. A service module (legal aid, notary, ...) adds its own *stages* inside it and declares, in its
own app, a `Workflow`: its steps (from status/stage, action, to status/stage, the event written, who
may do it, whether a reason is required), its event kinds (label, public on the timeline, notifies the
applicant, who owes the next action, whether it pauses or resumes the clocks that exclude waiting for
materials), its actions (label, the fields a person gives, an optional service of its own), its detail
model, intake form, order-page panel and API router. Which clocks an event starts and stops is the
law's business and lives in the catalog's law table (`catalog.TimeLimit`), not here.

`fawang.orders.engine` runs every workflow the same way. Nothing in `orders` names a module: a module
registers from its AppConfig.ready() and subscribes to the event kinds it cares about.

A registry is what CONVENTIONS.md warns against before a second use exists. Here six modules are
planned and the first two (the shared loop and feedback's reviews) use it already; without it each
module would edit the order's enums, services, views, forms and API (see the ADR)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import pgettext_lazy

ANY = "*"  # a step from any stage of its status
BASE_WORKFLOW = ""  # the shared service loop (fawang/orders/transitions.py)


class Owes(models.TextChoices):
    """Who owes the next action on an order after an event (shown in the queue)."""

    HANDLER = "handler", pgettext_lazy("owes next action", "Handler")
    APPLICANT = "applicant", pgettext_lazy("owes next action", "Applicant")
    NOBODY = "nobody", pgettext_lazy("owes next action", "Nobody")


@dataclass(frozen=True)
class EventSpec:
    """What an event kind means: its label, whether the applicant sees it on the timeline and is sent
    a notice, who owes the next action afterwards (None: unchanged) and its effect on the clocks whose
    limit does not count waiting for materials (补正)."""

    kind: str
    label: Any
    public: bool = False
    notifies: bool = False
    owes: str | None = None
    pauses_clocks: bool = False
    resumes_clocks: bool = False
    # The keys of the event's data the applicant may read (the API's timeline shows them; staff see
    # the same), e.g. a refusal's right to object. Nothing else of `data` leaves the back office.
    public_data: tuple[str, ...] = ()
    # `note(data)`: what the applicant reads about those data in the active language (the timeline,
    # the API's `note`, the inbox message and text of the event's notice); "" for nothing.
    note: Callable[[dict[str, Any]], str] | None = None


@dataclass(frozen=True)
class ActionSpec:
    """A verb a person (or the platform) applies to an order. `takes` names what the person gives:
    "reason" (optional unless the step requires it), "resolution", "transfer" (a target place and a
    reason). `service(actor=, order=, **fields)` does the work when the action needs more than the
    engine's generic step, e.g. transfer routes the order; None: `engine.order_step`."""

    name: str
    label: Any
    takes: tuple[str, ...] = ("reason",)
    service: Callable[..., Any] | str | None = None
    offered: bool = True  # False: only services take it (answering on the spot is part of intake)

    @property
    def bare(self) -> bool:
        """Nothing to give: the page shows a button without a note field."""
        return not self.takes


@dataclass(frozen=True)
class Step:
    """One row of a transition table: from `source` status (and `source_stage`, ANY for every stage),
    `action` moves the order to `target` (and `target_stage`; None keeps the stage) and writes `event`.
    `policy` lists the policy actions (fawang.accounts.policy.ROLE_ACTIONS) any one of which allows it;
    `allow_system`: the platform itself may do it (actor None)."""

    source: str
    action: str
    target: str
    event: str
    source_stage: str = ANY
    target_stage: str | None = None
    policy: tuple[str, ...] = ("order.handle",)
    reason_required: bool = False
    allow_system: bool = False
    # The order's own applicant may take it: a signed-in citizen who owns the order
    # (policy.can_see_order of a citizen), from their order page or the API, besides `policy`.
    applicant: bool = False


@dataclass(frozen=True)
class ActionView:
    """How one workflow shows a shared action (docs/adr/0019): its own `label` (None keeps the
    action's), `hidden` (the workflow has no such step: the shared loop's are left out of its table),
    `bulk` False (decided one order at a time: the queue offers no bulk action for its orders)."""

    label: Any = None
    hidden: bool = False
    bulk: bool = True


@dataclass(frozen=True)
class ResolveHook:
    """A workflow's own way to resolve its orders (docs/adr/0022). `refuse(order)` is the message the
    shared resolve (`order_resolve`: the order page, the API's transitions, the queue's bulk action)
    answers with on an order of the workflow instead of resolving it ("" lets it resolve);
    `service(actor=, order=, resolution=, details=, now=)` is the module's resolve, which tools that
    resolve on a person's behalf with a text (the demo) call through `order_resolve_by_workflow`,
    giving in `details` what the module needs beside the text (legal aid: an outcome)."""

    refuse: Callable[[Any], Any]
    service: Callable[..., Any] | str | None = None


@dataclass(frozen=True)
class Workflow:
    """A module's workflow. Its steps are looked up before the shared loop's, so a module adds steps
    for its stages and overrides a shared step by declaring the same (status, stage, action)."""

    code: str
    label: Any
    steps: tuple[Step, ...] = ()
    stages: dict[str, Any] = field(default_factory=dict)  # stage code → label
    events: tuple[EventSpec, ...] = ()
    actions: tuple[ActionSpec, ...] = ()
    detail_model: str = ""  # "app_label.ModelName", one-to-one with ServiceOrder
    # The module's own intake fields: a Django form checked with the shared ones (errors as
    # "details.<field>"), and `on_intake(order=, data=, actor=)` writing its detail row in the intake's
    # transaction from the form's cleaned data.
    intake_form: type | None = None
    on_intake: Callable[..., None] | None = None
    panel_template: str = ""  # included on the staff order page with `order` and `detail`
    api_router: Any = None  # a ninja Router mounted under /api/v1/<api_path or code>/
    # The path segment the router is mounted at (default: the code), and older segments still served
    # (the same operations, left out of the OpenAPI schema) so existing clients keep working.
    api_path: str = ""
    api_aliases: tuple[str, ...] = ()
    extends_base: bool = True
    # action name → how this workflow shows it (its label, hidden, kept out of the bulk actions).
    action_views: dict[str, ActionView] = field(default_factory=dict)
    # event kind → `data(order=, reason=, actor=, now=)`: structured data the engine adds to every
    # event of that kind on an order of this workflow, whichever service wrote it (a shared service
    # overridden by a module's step, e.g. order_reject, passes none of its own).
    event_data: dict[str, Callable[..., dict[str, Any]]] = field(default_factory=dict)
    # clock name (the law table's `TimeLimit.name`) → `applies(order)`: the clock starts only on an
    # order for which it holds (e.g. only for a criminal case notice). Read when the clock would start.
    clock_conditions: dict[str, Callable[[Any], bool]] = field(default_factory=dict)
    # clock name → `due(order)`: the last day of the period as the requester set it (a date), or None
    # for the law table's limit. The clock still copies the law table row's citation, which must say
    # whose deadline it is (docs/adr/0022). Read when the clock starts, after intake's detail row.
    clock_deadlines: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    # The module's own resolve (None: the shared one resolves its orders).
    resolve: ResolveHook | None = None
    # `choose_handler(details)`: the place the applicant chose in the module's intake fields, as a
    # `routing.RoutingDecision` (e.g. the notary office, 公证法第二十五条), or None to route as usual
    # (docs/adr/0025). Read at intake after the fields are checked.
    choose_handler: Callable[[dict[str, Any]], Any] | None = None
    # `followers(order)`: blind indexes of the phones of other people who may follow the order on the
    # public tracking page with its tracking number, besides the applicant (a dispute's parties on both
    # sides, docs/adr/0029). None: the applicant alone.
    followers: Callable[[Any], Iterable[str]] | None = None

    @property
    def api_segment(self) -> str:
        return self.api_path or self.code


class WorkflowError(Exception):
    """A declaration that cannot work (unknown event or action, a clashing kind): raised at startup."""


_workflows: dict[str, Workflow] = {}
_events: dict[str, EventSpec] = {}
_actions: dict[str, ActionSpec] = {}
_step_index: dict[str, dict[tuple[str, str, str], Step]] = {}
_subscribers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def _register_unique(table: dict[str, Any], key: str, spec: Any, what: str) -> None:
    existing = table.get(key)
    if existing is not None and existing != spec:
        raise WorkflowError(f"{what} {key!r} is declared twice with different meanings")
    table[key] = spec


def register(workflow: Workflow) -> Workflow:
    """Declare a workflow (idempotent for the same declaration). Checks that every step names a
    declared event and action and a declared stage; event kinds and action names are global, because
    the timeline and the API read them without knowing the module."""
    for spec in workflow.events:
        _register_unique(_events, spec.kind, spec, "event kind")
    for action in workflow.actions:
        _register_unique(_actions, action.name, action, "action")
    for name in workflow.action_views:
        if name not in _actions:
            raise WorkflowError(f"{workflow.code}: a view of undeclared action {name!r}")
    for step in workflow.steps:
        if step.event not in _events:
            raise WorkflowError(f"{workflow.code}: step {step} writes undeclared event {step.event!r}")
        if step.action not in _actions:
            raise WorkflowError(f"{workflow.code}: step {step} uses undeclared action {step.action!r}")
        for stage in (step.source_stage, step.target_stage):
            if stage not in (None, ANY, "") and stage not in workflow.stages:
                raise WorkflowError(f"{workflow.code}: step {step} names undeclared stage {stage!r}")
    _workflows[workflow.code] = workflow
    _rebuild_index()
    return workflow


def unregister(code: str) -> None:
    """Remove a workflow (tests that declare a throw-away one clean up with this)."""
    workflow = _workflows.pop(code, None)
    if workflow is None:
        return
    for spec in workflow.events:
        if not any(spec in w.events for w in _workflows.values()):
            _events.pop(spec.kind, None)
    for action in workflow.actions:
        if not any(action in w.actions for w in _workflows.values()):
            _actions.pop(action.name, None)
    _rebuild_index()


def _rebuild_index() -> None:
    _step_index.clear()
    base = _workflows.get(BASE_WORKFLOW)
    for code, workflow in _workflows.items():
        index: dict[tuple[str, str, str], Step] = {}
        layers = [base, workflow] if (workflow.extends_base and base and workflow is not base) else [workflow]
        hidden = {name for name, view in workflow.action_views.items() if view.hidden}
        for layer in layers:
            for step in layer.steps:
                if step.action not in hidden:
                    index[(step.source, step.source_stage, step.action)] = step
        _step_index[code] = index


def subscribe(kind: str, handler: Callable[..., None]) -> None:
    """Run `handler(order=, event=, actor=, now=)` inside the transaction of every event of `kind`
    (idempotent). This is how another app reacts to orders without orders importing it."""
    if handler not in _subscribers[kind]:
        _subscribers[kind].append(handler)


def unsubscribe(kind: str, handler: Callable[..., None]) -> None:
    if handler in _subscribers.get(kind, []):
        _subscribers[kind].remove(handler)


def subscribers(kind: str) -> list[Callable[..., None]]:
    return list(_subscribers.get(kind, ()))


_notice_senders: list[Callable[..., None]] = []


def subscribe_notices(sender: Callable[..., None]) -> None:
    """Run `sender(events=[...])` inside the transaction that writes events whose kind notifies the
    applicant, once per batch of events (each with its `order`): the notify app queues their notices,
    orders does not import it."""
    if sender not in _notice_senders:
        _notice_senders.append(sender)


def notice_senders() -> list[Callable[..., None]]:
    return list(_notice_senders)


# ---- lookups ---------------------------------------------------------------------------------------


def workflow_get(code: str) -> Workflow:
    """The workflow `code`; an order of a workflow no longer declared falls back to the shared loop."""
    return _workflows.get(code) or _workflows[BASE_WORKFLOW]


def workflows() -> list[Workflow]:
    return list(_workflows.values())


def step_for(workflow: str, status: str, stage: str, action: str) -> Step | None:
    index = _step_index.get(workflow) or _step_index.get(BASE_WORKFLOW, {})
    return index.get((status, stage or "", action)) or index.get((status, ANY, action))


def steps_from(workflow: str, status: str, stage: str) -> list[Step]:
    """The steps open from (status, stage), in declaration order, one per action."""
    index = _step_index.get(workflow) or _step_index.get(BASE_WORKFLOW, {})
    found: dict[str, Step] = {}
    for (source, source_stage, action), step in index.items():
        if (
            source == status
            and source_stage in (stage or "", ANY)
            and (action not in found or source_stage != ANY)
        ):
            found[action] = step
    return list(found.values())


def steps_with_action(action: str) -> Iterable[Step]:
    for index in _step_index.values():
        for (_s, _g, name), step in index.items():
            if name == action:
                yield step


def event_spec(kind: str) -> EventSpec | None:
    return _events.get(kind)


EVENT_CONTENT = "orders.event"  # an event kind's timeline label, keyed by the kind
STAGE_CONTENT = "orders.stage"  # a stage label, keyed by "<workflow>/<stage>"


def event_label(kind: str) -> Any:
    """The kind's label in the reader's language: a reviewed or draft content translation, else the
    interface catalog's, else the Chinese marked as a fallback (docs/adr/0014)."""
    from fawang.translations.selectors import declared_chinese, translate

    spec = _events.get(kind)
    if spec is None:
        return kind
    return translate(EVENT_CONTENT, kind, "label", declared_chinese(spec.label), declared=spec.label)


def action_spec(name: str) -> ActionSpec | None:
    return _actions.get(name)


def action_label(workflow_code: str, name: str) -> Any:
    """The action's label on orders of `workflow_code`: the workflow's own (ActionView), else the
    action's declared one, else its name."""
    flow = _workflows.get(workflow_code)
    view = flow.action_views.get(name) if flow else None
    if view is not None and view.label is not None:
        return view.label
    spec = _actions.get(name)
    return spec.label if spec else name


def action_in_bulk(workflow_code: str, name: str) -> bool:
    """May the queue apply `name` to orders of `workflow_code` in bulk?"""
    flow = _workflows.get(workflow_code)
    view = flow.action_views.get(name) if flow else None
    return view is None or (view.bulk and not view.hidden)


def event_data_for(workflow_code: str, kind: str) -> Callable[..., dict[str, Any]] | None:
    flow = _workflows.get(workflow_code)
    return flow.event_data.get(kind) if flow else None


def clock_applies(order: Any, clock_name: str) -> bool:
    """Whether the law table's clock `clock_name` applies to `order` (its workflow's condition)."""
    flow = _workflows.get(order.workflow)
    condition = flow.clock_conditions.get(clock_name) if flow else None
    return condition is None or bool(condition(order))


def clock_due_date(order: Any, clock_name: str) -> Any:
    """The last day the requester set for clock `clock_name` on `order` (Workflow.clock_deadlines), or
    None when the law table's limit applies."""
    flow = _workflows.get(order.workflow)
    due = flow.clock_deadlines.get(clock_name) if flow else None
    return due(order) if due is not None else None


def resolve_hook(workflow_code: str) -> ResolveHook | None:
    flow = _workflows.get(workflow_code)
    return flow.resolve if flow else None


def event_public_data(kind: str, data: dict[str, Any] | None) -> dict[str, Any]:
    """The part of an event's data its kind declares readable by the applicant."""
    spec = _events.get(kind)
    if spec is None or not spec.public_data or not data:
        return {}
    return {key: data[key] for key in spec.public_data if key in data}


def event_note(kind: str, data: dict[str, Any] | None) -> str:
    """The applicant's note on an event's public data, in the active language ("" for none)."""
    spec = _events.get(kind)
    if spec is None or spec.note is None:
        return ""
    public = event_public_data(kind, data)
    return str(spec.note(public)) if public else ""


def action_names() -> list[str]:
    """The actions people may apply by name (the order page, the API), in declaration order."""
    return [name for name, spec in _actions.items() if spec.offered]


def stage_label(workflow: str, stage: str) -> Any:
    """The stage's label in the reader's language, as `event_label`."""
    from fawang.translations.selectors import declared_chinese, translate

    if not stage:
        return ""
    flow = workflow_get(workflow)
    label = flow.stages.get(stage)
    if label is None:
        return stage
    return translate(STAGE_CONTENT, f"{flow.code}/{stage}", "label", declared_chinese(label), declared=label)


def declared_sources(content: str) -> Iterable[tuple[str, str, str]]:
    """What the registry's declared kinds hold now, for the translations report (orders' AppConfig)."""
    from fawang.translations.selectors import declared_chinese

    if content == EVENT_CONTENT:
        for kind, spec in _events.items():
            yield kind, "label", declared_chinese(spec.label)
    elif content == STAGE_CONTENT:
        for flow in _workflows.values():
            for stage, label in flow.stages.items():
                yield f"{flow.code}/{stage}", "label", declared_chinese(label)
