import pytest
from rest_framework.test import APIClient

from marketplace.organizations.models import OrganizationStatusEvent
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_staff_verifies_pending_organization(staff_client: APIClient) -> None:
    org = OrganizationFactory(status="pending")
    response = staff_client.post(f"/api/v1/organizations/{org.pk}/verify/")
    assert response.status_code == 200
    assert response.json() == {"id": org.pk, "status": "verified"}
    org.refresh_from_db()
    assert org.verified_at is not None
    event = OrganizationStatusEvent.objects.get(organization=org)
    assert (event.from_status, event.to_status, event.actor_id) == ("pending", "verified", staff_client.user.pk)


def test_verify_is_staff_only(supplier_client: APIClient) -> None:
    org = OrganizationFactory(status="pending")
    response = supplier_client.post(f"/api/v1/organizations/{org.pk}/verify/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    org.refresh_from_db()
    assert org.status == "pending"


def test_verify_unknown_organization_is_404(staff_client: APIClient) -> None:
    assert staff_client.post("/api/v1/organizations/999999/verify/").status_code == 404


def test_verify_anonymous_is_401(api_client: APIClient) -> None:
    org = OrganizationFactory(status="pending")
    assert api_client.post(f"/api/v1/organizations/{org.pk}/verify/").status_code == 401


def test_verify_twice_is_harmless(staff_client: APIClient) -> None:
    org = OrganizationFactory(status="pending")
    staff_client.post(f"/api/v1/organizations/{org.pk}/verify/")
    response = staff_client.post(f"/api/v1/organizations/{org.pk}/verify/")
    assert response.status_code == 200
    assert OrganizationStatusEvent.objects.filter(organization=org).count() == 1
