"""Dimensional and designation RFQ lines for the families beyond the standard series."""

import pytest

from tests.rfqs.conftest import RFQS, line
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def first_line_matches(client, rfq):
    response = client.get(f"{RFQS}{rfq['id']}/matches/")
    assert response.status_code == 200, response.content
    return response.json()["lines"][0]["matches"]


def test_dimensional_line_matches_an_inch_bearing_within_catalogue_rounding(buyer_client, open_rfq):
    inch = ListingFactory(designation="1640-2RS")
    rfq = open_rfq(
        {
            "bearing_type": "deep_groove_ball",
            "bore_mm": "22.225",
            "outer_diameter_mm": "50.8",
            "width_mm": "14.287",
            "quantity": 10,
        }
    )
    assert rfq["lines"][0]["width_mm"] == "14.288"
    [match] = first_line_matches(buyer_client, rfq)
    assert (match["listing"], match["match_kind"]) == (inch.pk, "dimensional")


def test_dimensional_line_of_a_plain_bearing_does_not_match_a_rod_end(buyer_client, open_rfq):
    plain = ListingFactory(designation="GE20ES")
    ListingFactory(designation="SI20ES")
    rfq = open_rfq(
        {"bearing_type": "spherical_plain", "bore_mm": "20", "outer_diameter_mm": "35", "width_mm": "16", "quantity": 4}
    )
    assert [m["listing"] for m in first_line_matches(buyer_client, rfq)] == [plain.pk]


def test_designation_line_matches_another_makers_notation_of_the_same_family(buyer_client, open_rfq):
    skf = ListingFactory(brand="SKF", designation="GEH 20 ES-2RS")
    ListingFactory(brand="ZWZ", designation="GEG20ES")  # no seal
    rfq = open_rfq(line("GEG20ES-2RS", quantity=5))
    [match] = first_line_matches(buyer_client, rfq)
    assert match["listing"] == skf.pk


def test_unknown_tail_matches_only_the_same_tail(buyer_client, open_rfq):
    ListingFactory(designation="6205-2RS")
    tailed = ListingFactory(designation="6205-2RS/HV")
    rfq = open_rfq(line("6205-2RS/HV", quantity=5))
    assert [m["listing"] for m in first_line_matches(buyer_client, rfq)] == [tailed.pk]


def test_old_16xx_rfq_line_is_the_inch_bearing(buyer_client, open_rfq):
    rfq = open_rfq(line("1640-2RS", quantity=5))
    assert (rfq["lines"][0]["base_designation"], rfq["lines"][0]["bore_mm"]) == ("1640", "22.225")
