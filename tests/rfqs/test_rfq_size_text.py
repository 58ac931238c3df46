"""An RFQ line whose designation is a size written as text is a dimensional line."""

import pytest

from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, rfq_body
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["25x52x15", "25*52*15", "25×52×15", "d25 D52 B15"])
def test_size_text_designation_is_a_recognised_dimensional_line(buyer_client, text) -> None:
    response = buyer_client.post(RFQS, rfq_body(line(text, quantity=4)), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()["lines"][0]
    assert created["recognized"] is True
    assert (created["bore_mm"], created["outer_diameter_mm"], created["width_mm"]) == ("25", "52", "15")
    assert created["base_designation"] is None
    assert created["designation"] == text


def test_a_size_text_line_matches_by_dimensions(buyer_client) -> None:
    supplier = OrganizationFactory(kind="supplier", status="verified")
    listing = ListingFactory(supplier=supplier, brand="HRB", designation="6205", quantity_available=50)
    ListingFactory(supplier=supplier, brand="HRB", designation="6206", quantity_available=50)
    rfq = buyer_client.post(RFQS, rfq_body(line("25x52x15", quantity=4)), format="json").json()
    matches = buyer_client.get(f"{RFQS}{rfq['id']}/matches/").json()["lines"][0]["matches"]
    assert [(m["listing"], m["match_kind"]) for m in matches] == [(listing.pk, "dimensional")]
