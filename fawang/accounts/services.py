"""Writes for accounts: staff creation, citizen sign-in by SMS code, revealing personal numbers,
API tokens. Access decisions come from `policy`; every write is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from fawang.core.errors import DomainError, ErrorCollector, Forbidden, RateLimited
from fawang.core.identity import mobile_index, normalise_mobile
from fawang.core.types import Actor

from . import policy
from .access_audit import audited_by_caller
from .enums import Role, UserKind
from .models import ApiToken, PhoneVerification, User, UserRole

if TYPE_CHECKING:
    from fawang.network.models import Institution, ServicePoint
    from fawang.regions.models import Region

CODE_TTL = dt.timedelta(minutes=10)
CODE_RESEND_AFTER = dt.timedelta(seconds=60)
CODE_MAX_PER_HOUR = 5
CODE_MAX_ATTEMPTS = 5


def _audit(**kwargs: Any) -> None:
    from fawang.audit.services import audit_record

    audit_record(**kwargs)


# ---- staff ------------------------------------------------------------------------------------------


def _resolve(model: type[models.Model], value: Any) -> Any:
    """Accept an instance or a primary key (a region code, an id)."""
    if value is None or value == "" or isinstance(value, model):
        return value or None
    return model._default_manager.filter(pk=value).first()


def staff_create_check(
    *,
    actor: Actor,
    username: str,
    password: str,
    display_name: str,
    roles: Sequence[str],
    jurisdiction_region: Region | str | None = None,
    jurisdiction_institution: Institution | int | str | None = None,
    service_point: ServicePoint | int | str | None = None,
) -> None:
    """Raise what `staff_create` would (Forbidden, or ValidationFailed naming every bad field) without
    saving anything: a form (the user admin's) shows the errors on its fields before it saves."""
    _staff_checked(
        actor=actor,
        username=username,
        password=password,
        display_name=display_name,
        roles=roles,
        jurisdiction_region=jurisdiction_region,
        jurisdiction_institution=jurisdiction_institution,
        service_point=service_point,
    )


def _staff_checked(
    *,
    actor: Actor,
    username: str,
    password: str,
    display_name: str,
    roles: Sequence[str],
    jurisdiction_region: Region | str | None,
    jurisdiction_institution: Institution | int | str | None,
    service_point: ServicePoint | int | str | None,
) -> tuple[str, list[str], Region | None, Institution | None, ServicePoint | None]:
    """The checks of `staff_create`; returns the username, roles, region, institution and point."""
    from fawang.network.models import Institution, ServicePoint
    from fawang.regions.models import Region

    policy.require_action(actor, "user.manage")
    assert actor is not None  # require_action lets only staff through
    errors = ErrorCollector()
    username = (username or "").strip()
    if not username:
        errors.add("username", "required", _("This field is required."))
    elif User.objects.filter(username=username).exists():
        errors.add("username", "username_taken", _("This username is already taken."))
    if not (display_name or "").strip():
        errors.add("display_name", "required", _("This field is required."))
    try:
        validate_password(password or "", User(username=username, display_name=display_name))
    except DjangoValidationError as exc:
        errors.add("password", "password_weak", " ".join(str(m) for m in exc.messages))
    role_values = list(dict.fromkeys(roles or ()))
    unknown = [r for r in role_values if r not in Role.values]
    if not role_values:
        errors.add("roles", "required", _("Give the account at least one role."))
    elif unknown:
        errors.add("roles", "role_unknown", _("Unknown role: %(role)s.") % {"role": ", ".join(unknown)})
    elif Role.PROVINCIAL_ADMIN in role_values and not (
        actor.is_superuser or actor.has_role(Role.PROVINCIAL_ADMIN)
    ):
        errors.add("roles", "role_not_grantable", _("Only a provincial administrator can grant that role."))

    region = _resolve(Region, jurisdiction_region)
    institution = _resolve(Institution, jurisdiction_institution)
    point = _resolve(ServicePoint, service_point)
    for field, given, found in (
        ("jurisdiction_region", jurisdiction_region, region),
        ("jurisdiction_institution", jurisdiction_institution, institution),
        ("service_point", service_point, point),
    ):
        if given not in (None, "") and found is None:
            errors.add(field, "not_found", _("No such record."))
    if region is None and institution is None and not errors.has("jurisdiction_region"):
        errors.add(
            "jurisdiction_region",
            "jurisdiction_required",
            _("Give the account a region or an institution as its jurisdiction."),
        )
    elif not errors.errors and not policy.jurisdiction_within(
        actor, region=region, institution=institution, service_point=point
    ):
        errors.add(
            "jurisdiction_region",
            "jurisdiction_outside",
            _("The jurisdiction must lie inside your own."),
        )
    errors.raise_if_any()
    return username, role_values, region, institution, point


def staff_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    display_name: str,
    roles: Sequence[str],
    jurisdiction_region: Region | str | None = None,
    jurisdiction_institution: Institution | int | str | None = None,
    service_point: ServicePoint | int | str | None = None,
) -> User:
    """Create a staff account. The actor needs `user.manage`, and the new jurisdiction must lie
    inside the actor's own. Every bad field is reported at once; nothing is saved on error."""
    username, role_values, region, institution, point = _staff_checked(
        actor=actor,
        username=username,
        password=password,
        display_name=display_name,
        roles=roles,
        jurisdiction_region=jurisdiction_region,
        jurisdiction_institution=jurisdiction_institution,
        service_point=service_point,
    )
    # The entry below is the whole record of the new account: the model signals stay quiet.
    with transaction.atomic(), audited_by_caller():
        user = User(
            username=username,
            display_name=display_name.strip(),
            kind=UserKind.STAFF,
            is_staff=True,
            jurisdiction_region=region,
            jurisdiction_institution=institution,
            service_point=point,
        )
        user.set_password(password)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in role_values])
        _audit(
            actor=actor,
            action="user.create",
            entity=user,
            before=None,
            after={
                "username": username,
                "display_name": user.display_name,
                "roles": role_values,
                "is_staff": True,
                "jurisdiction_region": region.pk if region else None,
                "jurisdiction_institution": institution.pk if institution else None,
                "service_point": point.pk if point else None,
            },
        )
    return user


# ---- citizens: sign in with a code sent to the phone -----------------------------------------------


def _code_hash(phone_index: str, code: str) -> str:
    # Keyed, so a leaked table does not give up a million-guess offline search per row.
    return salted_hmac("fawang.phone-code", f"{phone_index}:{code}", algorithm="sha256").hexdigest()


def citizen_request_code(*, phone: str) -> None:
    """Send a 6-digit sign-in code to `phone` (valid 10 minutes). At most one per minute and five per
    hour per phone; the text goes out only when the transaction commits."""
    from fawang.notify.services import sms_send

    normalised = normalise_mobile(phone)
    index = mobile_index(normalised)
    now = timezone.now()
    with transaction.atomic():
        row, _created = PhoneVerification.objects.select_for_update().get_or_create(phone_index=index)
        if row.last_sent_at and now - row.last_sent_at < CODE_RESEND_AFTER:
            wait = int((CODE_RESEND_AFTER - (now - row.last_sent_at)).total_seconds()) + 1
            raise RateLimited(
                "code_too_soon",
                _("A code was just sent. Wait %(seconds)s seconds before asking again.") % {"seconds": wait},
                "phone",
            )
        if row.window_started_at is None or now - row.window_started_at >= dt.timedelta(hours=1):
            row.window_started_at, row.sent_in_window = now, 0
        if row.sent_in_window >= CODE_MAX_PER_HOUR:
            raise RateLimited(
                "code_hourly_limit",
                _("Too many codes for this number. Try again after %(time)s.")
                % {
                    "time": timezone.localtime(row.window_started_at + dt.timedelta(hours=1)).strftime(
                        "%H:%M"
                    )
                },
                "phone",
            )
        code = f"{secrets.randbelow(1_000_000):06d}"
        row.code_hash = _code_hash(index, code)
        row.expires_at = now + CODE_TTL
        row.attempts = 0
        row.last_sent_at = now
        row.sent_in_window += 1
        row.save()
        text = _("[Fawang] Your sign-in code is %(code)s. It expires in 10 minutes. Never share it.") % {
            "code": code
        }
        transaction.on_commit(lambda: sms_send(phone=normalised, text=text, template="login.code"))


def citizen_verify_code(*, phone: str, code: str) -> User:
    """Check the code and return the citizen's account, creating it on first sign-in. Five wrong codes
    invalidate the current one."""
    normalised = normalise_mobile(phone)
    index = mobile_index(normalised)
    now = timezone.now()
    code = (code or "").strip()
    failure: DomainError | None = None
    with transaction.atomic():
        row = PhoneVerification.objects.select_for_update().filter(phone_index=index).first()
        if row is None or not row.code_hash or row.expires_at is None or row.expires_at <= now:
            failure = DomainError(
                "code_expired", _("The code has expired or was never sent. Ask for a new one."), "code"
            )
        elif not constant_time_compare(row.code_hash, _code_hash(index, code)):
            row.attempts += 1
            if row.attempts >= CODE_MAX_ATTEMPTS:
                row.code_hash, row.expires_at = "", None
                failure = DomainError(
                    "code_attempts_exhausted", _("Too many wrong codes. Ask for a new one."), "code"
                )
            else:
                failure = DomainError(
                    "code_wrong",
                    _("The code is wrong. %(left)s attempts left.")
                    % {"left": CODE_MAX_ATTEMPTS - row.attempts},
                    "code",
                )
            # Saved before raising (outside this block) so the wrong guess counts.
            row.save(update_fields=["attempts", "code_hash", "expires_at"])
        else:
            row.code_hash, row.expires_at, row.attempts = "", None, 0
            row.save(update_fields=["attempts", "code_hash", "expires_at"])
            user = _citizen_for_phone(normalised, index, now)
    if failure is not None:
        raise failure
    return user


def _citizen_for_phone(normalised: str, index: str, now: dt.datetime) -> User:
    from fawang.notify.services import inbox_claim_for_phone

    user = User.objects.filter(kind=UserKind.CITIZEN, phone_index=index).first()
    created = user is None
    if created:
        user = User(
            username=f"c_{index[:24]}",  # stable, and not the phone number itself
            kind=UserKind.CITIZEN,
            phone=normalised,
            phone_index=index,
            phone_verified_at=now,
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # a concurrent first sign-in created it
            user = User.objects.get(kind=UserKind.CITIZEN, phone_index=index)
            created = False
    assert user is not None  # found, or created just above
    if not created and user.phone_verified_at is None:
        user.phone_verified_at = now
        user.save(update_fields=["phone_verified_at"])
    if not user.is_active:
        raise Forbidden("account_disabled", _("This account is disabled."), "phone")
    inbox_claim_for_phone(user=user)
    _audit(
        actor=user,
        action="account.create" if created else "account.phone_verified",
        entity=user,
        before=None,
        after={"phone": normalised, "phone_verified_at": now},
    )
    return user


# ---- personal data ----------------------------------------------------------------------------------

PERSONAL_FIELDS = ("phone", "id_number")


def _is_personal_field(field: str) -> bool:
    return field in PERSONAL_FIELDS or field.endswith(("_phone", "_id_number"))


def personal_data_reveal(*, actor: Actor, obj: models.Model, field: str) -> str:
    """The full phone or ID number, for a role that needs it inside its jurisdiction. Every reveal is
    audited; a refusal too, so repeated probing shows up in the trail."""
    if not _is_personal_field(field) or not hasattr(obj, field):
        raise DomainError("field_not_personal", _("This field cannot be revealed."), field)
    if not policy.can_reveal_personal_data(actor, obj):
        _audit(
            actor=actor,
            action="personal_data.reveal_refused",
            entity=obj,
            before=None,
            after={"field": field},
        )
        raise Forbidden(
            "personal_data_reveal_denied",
            _("Your role does not allow seeing this number in full."),
            field,
        )
    _audit(actor=actor, action="personal_data.reveal", entity=obj, before=None, after={"field": field})
    return getattr(obj, field) or ""


# ---- API tokens ---------------------------------------------------------------------------------------


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, actor: Actor, user: User, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """A bearer token for `user`; the raw token is returned once and only its SHA-256 is stored.
    Anyone may make tokens for themselves; administrators for staff inside their jurisdiction;
    `actor=None` is the operator at the console (`manage.py api_token_create`)."""
    if actor is not None and actor != user and not policy.user_in_jurisdiction(actor, user):
        raise Forbidden("permission_denied", _("You cannot create tokens for this account."), "user")
    if not user.is_active:
        raise DomainError("token_user_inactive", _("This account is disabled."), "user")
    # A citizen's token (the mobile app) is only ever made by the citizen themselves.
    if user.kind == UserKind.CITIZEN and actor not in (None, user):
        raise Forbidden("permission_denied", _("You cannot create tokens for this account."), "user")
    name = (name or "").strip()
    if not name:
        raise DomainError("required", _("This field is required."), "name")
    if not 1 <= days <= 366:
        raise DomainError("token_days_range", _("A token lives between 1 and 366 days."), "days")
    raw = "fw_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:64],
            key_hash=token_hash(raw),
            prefix=raw[:8],
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        _audit(
            actor=actor,
            action="api_token.create",
            entity=token,
            before=None,
            after={"user": user.pk, "name": token.name, "expires_at": token.expires_at},
        )
    return token, raw


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if actor != token.user and not policy.user_in_jurisdiction(actor, token.user):
        raise Forbidden("permission_denied", _("You cannot revoke this token."), "token")
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db(fields=["revoked_at"])
        if updated:
            _audit(actor=actor, action="api_token.revoke", entity=token, before=None, after={"revoked": True})
    return token


# ---- preferences ------------------------------------------------------------------------------------


def user_set_preferred_language(*, actor: Actor, user: User, language: str) -> User:
    """Remember the language `user` chose in the switcher; pages open in it wherever they sign in
    (fawang.web.middleware). Only the account itself changes it; "" means no choice (cookie, then the
    browser decide). A code that is not one of settings.LANGUAGES is refused."""
    from django.conf import settings

    if actor is None or actor.pk != user.pk:
        raise Forbidden("permission_denied", _("Your role does not allow this action."), None)
    if language and language not in dict(settings.LANGUAGES):
        raise DomainError("unknown_language", _("This language is not offered."), field="language")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user
