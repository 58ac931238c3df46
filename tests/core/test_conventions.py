import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(api_client: APIClient) -> None:
    response = api_client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager"}
    assert body["replicas"] == []  # none configured; tests/integration/test_replicas.py has a real one


def test_schema_and_docs_are_served(api_client: APIClient) -> None:
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/auth/register/" in schema.json()["paths"]
    assert api_client.get("/api/docs/").status_code == 200


def test_unknown_api_path_is_json_404(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/nowhere/")
    assert response.status_code == 404


def test_oversized_body_is_413(api_client: APIClient, settings: object) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_client.post(
        "/api/v1/auth/token/", '{"username": "' + "x" * 2000 + '", "password": "y"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
