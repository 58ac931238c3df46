"""Use cases for organisations and their users."""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from marketplace.core.exceptions import IllegalTransition, InvalidInput
from marketplace.organizations.choices import ORGANIZATION_TRANSITIONS, OrganizationStatus
from marketplace.organizations.credit_code import credit_code_problem, normalize_credit_code
from marketplace.organizations.models import Organization, OrganizationStatusEvent, User


@transaction.atomic(durable=True)
def organization_register(
    *, username: str, password: str, email: str, organization: dict[str, Any]
) -> tuple[User, Organization]:
    """Create a pending organisation and its first user."""
    errors: dict[str, list[str]] = {}
    credit_code = normalize_credit_code(organization["credit_code"])
    problem = credit_code_problem(credit_code)
    if problem:
        errors["organization.credit_code"] = [problem]
    elif Organization.objects.filter(credit_code=credit_code).exists():
        errors["organization.credit_code"] = [_("An organisation with this credit code is already registered.")]
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken.")]
    try:
        validate_password(password, User(username=username, email=email))
    except DjangoValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)

    try:
        org, user = organization_with_user_create(
            username=username,
            email=email,
            password_hash=make_password(password),
            organization={**organization, "credit_code": credit_code},
        )
    except IntegrityError as exc:  # a concurrent registration took the name or code
        raise InvalidInput(
            _("This username or credit code was registered a moment ago."),
            errors={"username": [_("This username or credit code is taken.")]},
        ) from exc
    return user, org


@transaction.atomic
def organization_with_user_create(
    *, username: str, email: str, password_hash: str, organization: dict[str, Any]
) -> tuple[Organization, User]:
    """Write a pending organisation, its first user and the audit row (inputs already validated)."""
    org = Organization.objects.create(
        name=organization["name"],
        kind=organization["kind"],
        credit_code=organization["credit_code"],
        city=organization["city"],
    )
    user = User.objects.create(
        username=User.normalize_username(username),
        email=User.objects.normalize_email(email),
        password=password_hash,
        organization=org,
    )
    OrganizationStatusEvent.objects.create(
        organization=org,
        from_status=OrganizationStatus.PENDING,
        to_status=OrganizationStatus.PENDING,
        actor=user,
        note="registered",
    )
    return org, user


def organization_set_status(
    *, organization: Organization, status: str, actor: User | None, note: str = ""
) -> Organization:
    """The one place an organisation's status changes; writes the audit event."""
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        if org.status == status:
            return org
        if status not in ORGANIZATION_TRANSITIONS.get(org.status, set()):
            raise IllegalTransition(_("Cannot go from %(a)s to %(b)s.") % {"a": org.status, "b": status})
        OrganizationStatusEvent.objects.create(
            organization=org, from_status=org.status, to_status=status, actor=actor, note=note
        )
        org.status = status
        fields = ["status"]
        if status == OrganizationStatus.VERIFIED:
            org.verified_at = timezone.now()
            fields.append("verified_at")
        org.save(update_fields=fields)
    organization.status, organization.verified_at = org.status, org.verified_at
    return org


def organization_verify(*, organization: Organization, actor: User | None) -> Organization:
    return organization_set_status(organization=organization, status=OrganizationStatus.VERIFIED, actor=actor)


def organization_suspend(*, organization: Organization, actor: User | None, note: str = "") -> Organization:
    return organization_set_status(
        organization=organization, status=OrganizationStatus.SUSPENDED, actor=actor, note=note
    )


SCORES_BATCH = 5000


def organization_scores_set(*, scores: Mapping[int, tuple[Decimal, str]], computed_at: datetime) -> int:
    """Write suppliers' scores and standings (the scorecard's result) in one statement per batch.

    `scores` maps organisation id → (score 0–100, standing). Ranking reads these fields; nothing
    else writes them. Returns the number of organisations updated.
    """
    if connection.vendor == "postgresql":
        # bulk_update compiles a CASE per row and field: for 15,000 suppliers that cost more than the scorecard.
        items = list(scores.items())
        table = Organization._meta.db_table
        with connection.cursor() as cursor:
            for start in range(0, len(items), SCORES_BATCH):
                batch = items[start : start + SCORES_BATCH]
                cursor.execute(
                    f"UPDATE {table} AS o SET score = v.score, standing = v.standing, score_computed_at = %s "  # noqa: S608
                    "FROM unnest(%s::bigint[], %s::numeric[], %s::text[]) AS v(id, score, standing) WHERE o.id = v.id",
                    [
                        computed_at,
                        [pk for pk, _value in batch],
                        [score for _pk, (score, _standing) in batch],
                        [standing for _pk, (_score, standing) in batch],
                    ],
                )
        return len(items)
    rows = [
        Organization(pk=pk, score=score, standing=standing, score_computed_at=computed_at)
        for pk, (score, standing) in scores.items()
    ]
    Organization.objects.bulk_update(rows, ["score", "standing", "score_computed_at"], batch_size=1000)
    return len(rows)


def user_token(*, user: User) -> str:
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
