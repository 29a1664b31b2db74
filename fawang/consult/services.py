"""Consultation's writes (docs/adr/0026): the thread of a message consultation on the workflow engine,
publishing a reviewed answer to the knowledge base, and the expert panel's requests."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fawang.accounts import policy
from fawang.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from fawang.core.input import is_storable_text
from fawang.core.types import Actor
from fawang.orders.engine import actor_label, audit, order_step
from fawang.orders.models import OrderEvent, ServiceOrder

from . import selectors
from .anonymise import anonymise, mask, only_personal_numbers
from .enums import (
    WORKFLOW,
    Action,
    ErrorCode,
    ExpertField,
    ExpertRequestStatus,
    MessageKind,
    PublicationStatus,
)
from .models import Consultation, ConsultationMessage, Expert, ExpertRequest

ANSWER_MAX = 5000  # as every answer on an order (engine.TEXT_MAX)
QUESTION_MAX = 5000
OPINION_MAX = 20000
SUBJECT_MAX = 200
EXPERTS_PER_REQUEST = 2


def _text(value: Any, field: str, code: str, message: str, *, limit: int) -> str:
    """A required free text, stripped: the error names the field and the rule."""
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed([FieldError(code, message, field)])
    if not is_storable_text(text):
        raise ValidationFailed(
            [FieldError("invalid_text", _("This text contains characters that cannot be stored."), field)]
        )
    if len(text) > limit:
        raise ValidationFailed([FieldError("too_long", _("At most %(n)d characters.") % {"n": limit}, field)])
    return text


def known_names(order: ServiceOrder) -> list[str]:
    """The asker's names as the order and their account record them: masked wherever they appear."""
    names = [order.applicant_name]
    if order.applicant_id:
        names.append(getattr(order.applicant, "display_name", "") or "")
    return [n for n in names if n]


def _message(
    consultation: Consultation,
    kind: str,
    body: str,
    *,
    author: Any,
    now: dt.datetime,
    citations: Sequence[dict[str, Any]] = (),
) -> ConsultationMessage:
    return ConsultationMessage.objects.create(
        consultation=consultation,
        kind=kind,
        author=author if getattr(author, "pk", None) else None,
        author_label=actor_label(author) if author is not None else "",
        body=body,
        masked=mask(body, names=known_names(consultation.order)),
        citations=list(citations),
        created_at=now,
    )


# ---- the thread ------------------------------------------------------------------------------------


def consultation_on_intake(*, order: ServiceOrder, data: dict[str, Any], actor: Actor) -> None:
    """The workflow's `on_intake`, in the intake's transaction: the asker's words go to the thread,
    encrypted; the order's description keeps them masked, which is what staff, the queue, supervision
    and the API read (only the answering lawyer and the asker read the original). A question that is
    nothing but an ID or phone number is refused (the whole intake rolls back)."""
    text = order.description
    if only_personal_numbers(text):
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.QUESTION_REQUIRED,
                    _("Write your question in words; an ID or phone number alone is not a question."),
                    "description",
                )
            ]
        )
    now = order.submitted_at or timezone.now()
    consultation = Consultation.objects.create(order=order, question=text)
    author = order.applicant if order.applicant_id else actor
    _message(consultation, MessageKind.QUESTION, text, author=author, now=now)
    masked = mask(text, names=known_names(order))
    if masked != text:
        ServiceOrder.objects.filter(pk=order.pk).update(description=masked)
        order.description = masked


def consultation_on_answered_at_first_contact(
    *, order: ServiceOrder, event: OrderEvent, actor: Actor, now: dt.datetime
) -> None:
    """A hotline agent answered a phone consultation on the spot: the answer joins the thread."""
    if order.workflow != WORKFLOW:
        return
    consultation = Consultation.objects.filter(pk=order.pk).first()
    if consultation is None or not order.resolution:
        return
    _message(consultation, MessageKind.ANSWER, order.resolution, author=actor, now=now)


def _consultation(actor: Actor, order: ServiceOrder) -> Consultation:
    if order.workflow != WORKFLOW or not policy.can_see_order(actor, order):
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    row = Consultation.objects.filter(pk=order.pk).first()
    if row is None:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    return row


def consultation_take(*, actor: Actor, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """A duty lawyer takes a question from the queue of their roster (its region and language). The
    engine's conditional UPDATE makes one winner when two take it at once; the loser is told."""
    consultation = _consultation(actor, order)
    practitioner = selectors.duty_practitioner(actor)
    if practitioner is None or not selectors.on_duty_for(practitioner, order):
        raise Forbidden(
            ErrorCode.NOT_ON_DUTY,
            _("Only a duty lawyer on the roster for this question's place and language can take it."),
            None,
        )

    def after(order: ServiceOrder, now: dt.datetime) -> None:
        Consultation.objects.filter(pk=consultation.pk).update(lawyer=practitioner, updated_at=now)

    return order_step(
        actor=actor,
        order=order,
        action=Action.TAKE,
        changes=lambda now: {
            "assigned_practitioner_id": practitioner.pk,
            "accepted_by_id": actor.pk,
            "accepted_at": now,
        },
        after=after,
    )


def consultation_answer(
    *,
    actor: Actor,
    order: ServiceOrder,
    resolution: str,
    citations: Sequence[dict[str, Any]] = (),
    reason: str = "",
) -> ServiceOrder:
    """The lawyer who took the question answers it (again after a follow-up or a bad rating), citing
    statute articles and knowledge-base entries. The asker reads the answer as written; the order's
    resolution, which other staff read, is masked."""
    consultation = _consultation(actor, order)
    if consultation.lawyer_id is None or consultation.lawyer_id != getattr(actor, "practitioner_pk", None):
        raise Forbidden(ErrorCode.NOT_YOURS, _("Only the lawyer who took this question answers it."), None)
    text = _text(resolution, "answer", ErrorCode.ANSWER_REQUIRED, _("Write the answer."), limit=ANSWER_MAX)
    cited = selectors.citations_resolve(citations)

    def after(order: ServiceOrder, now: dt.datetime) -> None:
        _message(consultation, MessageKind.ANSWER, text, author=actor, now=now, citations=cited)

    return order_step(
        actor=actor,
        order=order,
        action=Action.ANSWER,
        changes=lambda now: {"resolution": mask(text, names=known_names(order)), "resolved_at": now},
        data={"citations": cited},
        after=after,
    )


def consultation_follow_up(*, actor: Actor, order: ServiceOrder, reason: str) -> ServiceOrder:
    """The asker asks on, on the same thread (or the hotline records it for them); the 3-working-day
    clock starts again. The event carries the follow-up masked; the thread keeps the words."""
    consultation = _consultation(actor, order)
    text = _text(
        reason, "reason", ErrorCode.QUESTION_REQUIRED, _("Write your follow-up question."), limit=QUESTION_MAX
    )
    if only_personal_numbers(text):
        raise ValidationFailed(
            [
                FieldError(
                    ErrorCode.QUESTION_REQUIRED,
                    _("Write your question in words; an ID or phone number alone is not a question."),
                    "reason",
                )
            ]
        )

    def after(order: ServiceOrder, now: dt.datetime) -> None:
        _message(consultation, MessageKind.FOLLOW_UP, text, author=actor, now=now)

    masked = mask(text, names=known_names(order))
    return order_step(actor=actor, order=order, action=Action.FOLLOW_UP, reason=masked, after=after)


# ---- publishing --------------------------------------------------------------------------------------


def consultation_publish(
    *,
    actor: Actor,
    order: ServiceOrder,
    question: str = "",
    answer: str = "",
    domain: str = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """A reviewer publishes a good answer to the knowledge base: the question and answer (as the
    reviewer edited them, else the thread's first question and last answer) anonymised once more
    whatever the reviewer left, with the articles the answer cites, the reviewer and the date. An
    answer rated 不满意 or worse is not published."""
    from fawang.feedback.models import Evaluation

    if not policy.can_act_on_order(actor, "consult.review", order) or order.workflow != WORKFLOW:
        raise NotFound("order_not_found", _("No such service order."), "tracking_no")
    now = now or timezone.now()
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().filter(pk=order.pk).first()
        if consultation is None:
            raise NotFound("order_not_found", _("No such service order."), "tracking_no")
        if consultation.publication == PublicationStatus.PUBLISHED:
            raise Conflict(
                ErrorCode.ALREADY_PUBLISHED, _("This answer is already in the knowledge base."), None
            )
        messages = list(consultation.messages.all())
        answers = [m for m in messages if m.kind == MessageKind.ANSWER]
        if not answers:
            raise Conflict(ErrorCode.NOT_ANSWERED, _("This question has no answer yet."), None)
        worst = (
            Evaluation.objects.filter(order=order).order_by("-level").values_list("level", flat=True).first()
        )
        if worst is not None and worst >= 4:
            raise Conflict(
                ErrorCode.NOT_RATED_WELL,
                _("The asker was not satisfied with this answer: it is not published."),
                None,
            )
        names = known_names(order)
        q = anonymise(
            question.strip() if question and question.strip() else messages[0].body, names=names
        ).text
        a = anonymise(answer.strip() if answer and answer.strip() else answers[-1].body, names=names).text
        errors = []
        for field, value in (("question", q), ("answer", a)):
            if not value.strip() or not is_storable_text(value):
                errors.append(FieldError("required", _("This field is required."), field))
            elif len(value) > OPINION_MAX:
                errors.append(
                    FieldError("too_long", _("At most %(n)d characters.") % {"n": OPINION_MAX}, field)
                )
        if errors:
            raise ValidationFailed(errors)
        article_ids = sorted(
            {int(c["id"]) for m in answers for c in m.citations if c.get("kind") == "article"}
        )
        entry_id = selectors.knowledge_publish_entry(
            question=q,
            answer=a,
            domain=domain.strip()[:64],
            reviewer=actor,
            article_ids=article_ids,
            source=f"consultation {order.tracking_no} ({now.date().isoformat()})",
        )
        Consultation.objects.filter(pk=consultation.pk).update(
            publication=PublicationStatus.PUBLISHED,
            reviewer=actor,
            reviewed_at=now,
            knowledge_entry_id=entry_id,
            updated_at=now,
        )
        consultation.refresh_from_db()
        audit(
            actor=actor,
            action="consultation.publish",
            entity=order,
            before={"publication": ""},
            after={"publication": PublicationStatus.PUBLISHED, "knowledge_entry": entry_id},
        )
    return consultation


# ---- the expert panel (依法治省专家团) ---------------------------------------------------------------


def _reference(now: dt.datetime) -> str:
    return f"EP{timezone.localtime(now):%Y%m%d}{secrets.token_hex(3).upper()}"


def expert_request_submit(
    *,
    actor: Actor,
    body_name: str,
    field: str,
    subject: str,
    question: str,
    deadline: dt.date | None,
    now: dt.datetime | None = None,
) -> ExpertRequest:
    """A government body asks the panel for a written legal opinion by a deadline. Every field is
    checked first (all errors at once); the request is routed to the active experts of its field
    (the least busy first, at most two); with none in the field it waits for the panel's
    administrators."""
    if not policy.has_action(actor, "expert.request") or not policy.holds_by_role(actor, "expert.request"):
        raise Forbidden("permission_denied", _("Your role does not allow this action."), None)
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors: list[FieldError] = []

    def check(fn: Any) -> Any:
        try:
            return fn()
        except ValidationFailed as e:
            errors.extend(e.errors)
            return ""

    body = check(
        lambda: _text(body_name, "body_name", "required", _("Name the government body asking."), limit=128)
    )
    subj = check(
        lambda: _text(subject, "subject", "required", _("Give the request a subject."), limit=SUBJECT_MAX)
    )
    text = check(
        lambda: _text(
            question, "question", "required", _("Write the question for the experts."), limit=OPINION_MAX
        )
    )
    if field not in ExpertField.values:
        errors.append(FieldError("invalid_choice", _("Choose a field of the panel."), "field"))
    if deadline is None:
        errors.append(FieldError("required", _("Give the deadline for the opinion."), "deadline"))
    elif deadline <= today:
        errors.append(FieldError("deadline_past", _("The deadline must be after today."), "deadline"))
    elif deadline > today + dt.timedelta(days=366):
        errors.append(FieldError("deadline_far", _("The deadline must be within a year."), "deadline"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        request = ExpertRequest.objects.create(
            reference=_reference(now),
            requester=actor,
            body_name=body,
            field=field,
            subject=subj,
            question=text,
            deadline=deadline,
        )
        experts = selectors.experts_for_field(field)[:EXPERTS_PER_REQUEST]
        if experts:
            request.experts.set(experts)
            request.status = ExpertRequestStatus.ASSIGNED
            request.save(update_fields=["status", "updated_at"])
        audit(
            actor=actor,
            action="expert_request.submit",
            entity=request,
            before=None,
            after={"reference": request.reference, "field": field, "experts": [e.pk for e in experts]},
        )
    return request


def expert_request_assign(
    *, actor: Actor, request: ExpertRequest, expert_ids: Sequence[int]
) -> ExpertRequest:
    """The panel's administrator chooses the experts of a request (not once the opinion is given)."""
    if not policy.can_see_expert_request(actor, request) or not policy.holds_by_role(actor, "expert.manage"):
        raise NotFound(ErrorCode.EXPERT_NOT_FOUND, _("No such expert request."), "reference")
    experts = list(Expert.objects.filter(pk__in=list(expert_ids), active=True))
    if not experts or len(experts) != len(set(expert_ids)):
        raise ValidationFailed(
            [FieldError(ErrorCode.NO_EXPERT, _("Choose active experts of the panel."), "experts")]
        )
    with transaction.atomic():
        locked = ExpertRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status == ExpertRequestStatus.ANSWERED:
            raise Conflict("expert_request_answered", _("The opinion has been given already."), None)
        before = sorted(locked.experts.values_list("pk", flat=True))
        locked.experts.set(experts)
        locked.status = ExpertRequestStatus.ASSIGNED
        locked.save(update_fields=["status", "updated_at"])
        audit(
            actor=actor,
            action="expert_request.assign",
            entity=locked,
            before={"experts": before},
            after={"experts": [e.pk for e in experts]},
        )
    return locked


def expert_opinion_submit(
    *, actor: Actor, request: ExpertRequest, opinion: str, now: dt.datetime | None = None
) -> ExpertRequest:
    """An assigned expert gives the written opinion (once)."""
    if not policy.can_see_expert_request(actor, request):
        raise NotFound(ErrorCode.EXPERT_NOT_FOUND, _("No such expert request."), "reference")
    if not policy.can_answer_expert_request(actor, request):
        raise Forbidden(
            "permission_denied", _("Only an expert assigned to this request writes its opinion."), None
        )
    text = _text(opinion, "opinion", "required", _("Write the opinion."), limit=OPINION_MAX)
    now = now or timezone.now()
    expert = Expert.objects.get(user=actor)
    with transaction.atomic():
        matched = ExpertRequest.objects.filter(pk=request.pk, status=ExpertRequestStatus.ASSIGNED).update(
            opinion=text,
            opinion_by=expert,
            answered_at=now,
            status=ExpertRequestStatus.ANSWERED,
            updated_at=now,
        )
        if matched != 1:
            raise Conflict("expert_request_answered", _("The opinion has been given already."), None)
        audit(
            actor=actor,
            action="expert_request.opinion",
            entity=request,
            before={"status": request.status},
            after={"status": ExpertRequestStatus.ANSWERED},
        )
    request.refresh_from_db()
    return request
