"""The demo market's organisations, users and catalog, through the apps' own services.

Idempotent: organisations are keyed on their credit code, users on their username, listings on
(supplier, SKU); a second run creates nothing and changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from catalog.models import Listing
from catalog.services.bulk import MAX_BULK_ITEMS, listings_bulk_upsert
from marketplace.demo.data import BUYERS, SUPPLIERS, demo_credit_code
from marketplace.demo.offers import supplier_offers
from marketplace.insights.scorecards.scoring import NEW_BELOW, standing_for
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.credit_code import credit_code_problem
from marketplace.organizations.models import Organization, User
from marketplace.organizations.services import (
    organization_scores_set,
    organization_verify,
    organization_with_user_create,
    user_token,
)

ADMIN_USERNAME = "admin"
DEFAULT_LISTINGS = 20_000
Say = Callable[[str], None]


@dataclass
class Participant:
    username: str
    organization: Organization | None
    user: User
    token: str


@dataclass
class Market:
    """What the seed made (or found): the parties, keyed by username."""

    admin: Participant
    suppliers: dict[str, Participant] = field(default_factory=dict)
    buyers: dict[str, Participant] = field(default_factory=dict)
    listings_created: int = 0


def _admin_ensure(password: str) -> Participant:
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user = User.objects.create_superuser(
            username=ADMIN_USERNAME, email="admin@yandian.example", password=password, language="en"
        )
    return Participant(username=ADMIN_USERNAME, organization=None, user=user, token=user_token(user=user))


def _organisation_ensure(
    *, username: str, name: str, kind: str, division: str, city: str, password_hash: str, admin: User, verified: bool
) -> Participant:
    """Register the company and its first user, then verify it as staff would (with the admin's service)."""
    credit_code = demo_credit_code(username=username, division=division)
    problem = credit_code_problem(credit_code)
    if problem:
        raise RuntimeError(f"Demo credit code {credit_code} is invalid: {problem}")
    organization = Organization.objects.filter(credit_code=credit_code).first()
    user = User.objects.filter(username=username).first()
    if organization is None and user is None:
        # Hashed once for every demo user: PBKDF2 per user would cost ~20 s for the demo.
        organization, user = organization_with_user_create(
            username=username,
            email=f"{username}@demo.yandian.example",
            password_hash=password_hash,
            organization={"name": name, "kind": kind, "credit_code": credit_code, "city": city},
        )
    if organization is None or user is None or user.organization_id != organization.pk:
        raise RuntimeError(f"Demo data clash: {username!r} or credit code {credit_code} belongs to someone else.")
    if verified and organization.status == OrganizationStatus.PENDING:
        organization_verify(organization=organization, actor=admin)
    return Participant(username=username, organization=organization, user=user, token=user_token(user=user))


def organisations_ensure(*, password: str, say: Say) -> Market:
    """The staff admin, ~30 suppliers of the three towns and the brand agencies, 10 buyers."""
    market = Market(admin=_admin_ensure(password))
    password_hash = make_password(password)
    for profile in SUPPLIERS:
        city = "临清" if profile.division == "371581" else profile.town
        market.suppliers[profile.username] = _organisation_ensure(
            username=profile.username,
            name=profile.name,
            kind=OrganizationKind.SUPPLIER,
            division=profile.division,
            city=city,
            password_hash=password_hash,
            admin=market.admin.user,
            verified=profile.status == OrganizationStatus.VERIFIED,
        )
    for buyer in BUYERS:
        market.buyers[buyer.username] = _organisation_ensure(
            username=buyer.username,
            name=buyer.name,
            kind=OrganizationKind.BUYER,
            division=buyer.division,
            city=buyer.city,
            password_hash=password_hash,
            admin=market.admin.user,
            verified=True,
        )
    # Each demo supplier starts with its profile's score, as an established trader (the scorecard's
    # periodic run replaces it with figures from the demo's own trade).
    organization_scores_set(
        scores={
            market.suppliers[profile.username].organization.pk: (
                Decimal(profile.score),
                standing_for(Decimal(profile.score), NEW_BELOW),
            )
            for profile in SUPPLIERS
        },
        computed_at=timezone.now(),
    )
    say(f"Organisations: {len(market.suppliers)} suppliers, {len(market.buyers)} buyers.")
    return market


def _warehouse(town: str) -> str:
    return {"烟店": "临清市烟店镇", "潘庄": "临清市潘庄镇", "唐园": "临清市唐园镇"}.get(town, town)


def listings_ensure(*, market: Market, size: int, say: Say) -> int:
    """About `size` listings shared among the suppliers by their weight; only missing SKUs are sent."""
    total_weight = sum(profile.weight for profile in SUPPLIERS)
    created = 0
    for profile in SUPPLIERS:
        supplier = market.suppliers[profile.username].organization
        quota = max(1, size * profile.weight // total_weight)
        existing = set(Listing.objects.filter(supplier=supplier, deleted_at__isnull=True).values_list("sku", flat=True))
        offers = [
            offer.as_input(_warehouse(profile.town))
            for offer in supplier_offers(seed=profile.username, brands=profile.brands, types=profile.types, count=quota)
            if offer.sku not in existing
        ]
        for start in range(0, len(offers), MAX_BULK_ITEMS):
            result = listings_bulk_upsert(supplier=supplier, items=offers[start : start + MAX_BULK_ITEMS])
            if result.errors:
                raise RuntimeError(f"Demo listings refused for {profile.username}: {result.errors[:3]}")
            created += result.created
    market.listings_created = created
    say(f"Listings: {created} created, {Listing.objects.count()} in the catalog.")
    return created


def demo_seed_base(*, size: int = DEFAULT_LISTINGS, password: str, say: Say) -> Market:
    """Organisations and catalog (the trading history is added by marketplace.demo.trading)."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("seed_demo runs the services' own transactions; call it outside one.")
    market = organisations_ensure(password=password, say=say)
    listings_ensure(market=market, size=size, say=say)
    return market
