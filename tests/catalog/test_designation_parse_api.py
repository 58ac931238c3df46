import pytest

URL = "/api/v1/designations/parse/"
FIELDS = {
    "input",
    "recognized",
    "brand",
    "base_designation",
    "bearing_type",
    "seal",
    "clearance",
    "precision",
    "bore_mm",
    "outer_diameter_mm",
    "width_mm",
    "canonical",
}

pytestmark = pytest.mark.django_db


def test_parse_returns_the_contract_shape(buyer_client) -> None:
    response = buyer_client.get(URL, {"q": "NSK 6205DDU C3"})
    assert response.status_code == 200
    assert response.json() == {
        "input": "NSK 6205DDU C3",
        "recognized": True,
        "brand": "NSK",
        "base_designation": "6205",
        "bearing_type": "deep_groove_ball",
        "seal": "2RS",
        "clearance": "C3",
        "precision": "P0",
        "bore_mm": "25",
        "outer_diameter_mm": "52",
        "width_mm": "15",
        "canonical": "6205-2RS C3",
    }


def test_unknown_text_is_200_not_recognized(supplier_client) -> None:
    response = supplier_client.get(URL, {"q": "hello world"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert body["recognized"] is False
    assert body["base_designation"] is None


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "6" * 201}])
def test_empty_or_overlong_q_is_400(buyer_client, params) -> None:
    response = buyer_client.get(URL, params)
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_parse_requires_authentication(api_client) -> None:
    assert api_client.get(URL, {"q": "6205"}).status_code == 401
