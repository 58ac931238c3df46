import pytest
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization, OrganizationStatusEvent, User
from tests.factories import OrganizationFactory, UserFactory, credit_code

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"


def payload(**overrides: object) -> dict:
    body = {
        "username": "wang.supplier",
        "password": "Bearings-2026!",
        "email": "wang@example.com",
        "organization": {
            "name": "临清王氏轴承",
            "kind": "supplier",
            "credit_code": credit_code(4242),
            "city": "Linqing",
        },
    }
    body.update(overrides)
    return body


def test_register_creates_pending_organization_and_user(api_client: APIClient) -> None:
    response = api_client.post(REGISTER, payload(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["username"] == "wang.supplier"
    assert body["organization"]["status"] == "pending"
    assert body["organization"]["kind"] == "supplier"
    org = Organization.objects.get(pk=body["organization"]["id"])
    assert org.users.get().pk == body["user"]["id"]
    assert OrganizationStatusEvent.objects.filter(organization=org).count() == 1


@pytest.mark.parametrize("field", ["username", "password", "email", "organization"])
def test_register_missing_field_is_named(api_client: APIClient, field: str) -> None:
    body = payload()
    del body[field]
    response = api_client.post(REGISTER, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert not User.objects.exists()


@pytest.mark.parametrize("field", ["name", "kind", "credit_code", "city"])
def test_register_missing_organization_field_is_named(api_client: APIClient, field: str) -> None:
    body = payload()
    del body["organization"][field]
    response = api_client.post(REGISTER, body, format="json")
    assert response.status_code == 400
    assert f"organization.{field}" in response.json()["errors"]


def test_register_bad_credit_code_is_refused(api_client: APIClient) -> None:
    code = credit_code(7)
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    body = payload(organization={**payload()["organization"], "credit_code": bad})
    response = api_client.post(REGISTER, body, format="json")
    assert response.status_code == 400
    assert "organization.credit_code" in response.json()["errors"]
    assert not Organization.objects.exists()


def test_register_duplicate_username_is_refused(api_client: APIClient) -> None:
    UserFactory(username="wang.supplier")
    response = api_client.post(REGISTER, payload(), format="json")
    assert response.status_code == 400
    assert "username" in response.json()["errors"]


def test_register_duplicate_credit_code_is_refused(api_client: APIClient) -> None:
    OrganizationFactory(credit_code=credit_code(4242))
    response = api_client.post(REGISTER, payload(), format="json")
    assert response.status_code == 400
    assert "organization.credit_code" in response.json()["errors"]


def test_register_weak_password_is_refused(api_client: APIClient) -> None:
    response = api_client.post(REGISTER, payload(password="12345678"), format="json")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert not User.objects.exists()


def test_register_unknown_kind_is_refused(api_client: APIClient) -> None:
    body = payload(organization={**payload()["organization"], "kind": "broker"})
    response = api_client.post(REGISTER, body, format="json")
    assert response.status_code == 400
    assert "organization.kind" in response.json()["errors"]


def test_register_malformed_json_is_400(api_client: APIClient) -> None:
    response = api_client.post(REGISTER, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_token_for_valid_credentials(api_client: APIClient) -> None:
    user = UserFactory()
    response = api_client.post("/api/v1/auth/token/", {"username": user.username, "password": "s3cret-pass-123"})
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_token_for_wrong_password_is_400(api_client: APIClient) -> None:
    user = UserFactory()
    response = api_client.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_me_shows_organization(make_client: object) -> None:
    org = OrganizationFactory(kind="buyer", status="pending", name="Jinan Motor Works")
    client = make_client(org)
    body = client.get("/api/v1/me/").json()
    assert body["organization"] == {"id": org.pk, "name": "Jinan Motor Works", "kind": "buyer", "status": "pending"}
    assert set(body) == {"id", "username", "email", "organization"}


def test_me_without_token_is_401(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_with_bad_token_is_401(api_client: APIClient) -> None:
    api_client.credentials(HTTP_AUTHORIZATION="Token deadbeef")
    assert api_client.get("/api/v1/me/").status_code == 401


def test_auth_endpoints_are_throttled(api_client: APIClient) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "auth": "3/min"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [
            api_client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}).status_code for _ in range(4)
        ]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert statuses[:3] == [400, 400, 400]
    assert statuses[3] == 429
