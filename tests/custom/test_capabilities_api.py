"""Capabilities: a supplier declares them (PUT), reads its own, verified members read anyone's."""

import pytest

from marketplace.custom.models import Capability, CapabilityValue
from tests.custom.conftest import CAPABILITIES
from tests.custom.factories import declare
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def body(**fields):
    data = {
        "bearing_types": ["tapered_roller", "spherical_roller"],
        "bore_min_mm": "40",
        "bore_max_mm": "250",
        "outer_diameter_max_mm": "400",
        "precision_classes": ["P0", "P6"],
        "materials": ["GCr15", "g20crni2mo"],
        "processes": ["turning", "grinding", "heat_treatment"],
        "certifications": ["ISO9001", "IATF16949"],
        "monthly_capacity": 8000,
        "sample_lead_days": 21,
    }
    data.update(fields)
    return data


def test_supplier_declares_and_reads_its_capabilities(supplier, supplier_client):
    response = supplier_client.put(CAPABILITIES, body(), format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["supplier"] == supplier.pk
    assert data["bearing_types"] == ["tapered_roller", "spherical_roller"]
    assert data["materials"] == ["GCr15", "G20CrNi2Mo"]
    assert (data["bore_min_mm"], data["bore_max_mm"], data["outer_diameter_max_mm"]) == ("40", "250", "400")
    assert (data["monthly_capacity"], data["sample_lead_days"]) == (8000, 21)
    assert supplier_client.get(CAPABILITIES).json() == data


def test_put_again_replaces_every_list(supplier, supplier_client):
    supplier_client.put(CAPABILITIES, body(), format="json")
    response = supplier_client.put(CAPABILITIES, body(processes=["coating"], certifications=[]), format="json")
    assert response.status_code == 200
    assert (response.json()["processes"], response.json()["certifications"]) == (["coating"], [])
    assert Capability.objects.filter(supplier=supplier).count() == 1
    assert not CapabilityValue.objects.filter(facet="certification").exists()


def test_duplicates_are_kept_once(supplier_client):
    response = supplier_client.put(CAPABILITIES, body(processes=["grinding", "grinding"]), format="json")
    assert response.json()["processes"] == ["grinding"]


def test_buyer_may_not_declare_capabilities(buyer_client):
    response = buyer_client.put(CAPABILITIES, body(), format="json")
    assert response.status_code == 403
    assert buyer_client.get(CAPABILITIES).status_code == 403
    assert not Capability.objects.exists()


def test_anonymous_is_401(api_client):
    assert api_client.put(CAPABILITIES, body(), format="json").status_code == 401
    assert api_client.get(CAPABILITIES).status_code == 401


def test_no_capabilities_declared_yet_is_404(supplier_client):
    assert supplier_client.get(CAPABILITIES).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("processes", ["grinding", "laser_cladding", "voodoo"], "laser_cladding, voodoo"),
        ("certifications", ["ISO9001", "ISO27001"], "ISO27001"),
        ("materials", ["GCr15", "SUJ2"], "SUJ2"),
        ("bearing_types", ["flying_saucer"], "flying_saucer"),
        ("precision_classes", ["P3"], "P3"),
    ],
)
def test_unknown_vocabulary_is_400_naming_the_values(supplier_client, field, value, named):
    response = supplier_client.put(CAPABILITIES, body(**{field: value}), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert named in response.json()["errors"][field][0]
    assert not Capability.objects.exists()


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"bore_min_mm": "300"}, "bore_max_mm"),
        ({"outer_diameter_max_mm": "30"}, "outer_diameter_max_mm"),
        ({"bore_min_mm": "-1"}, "bore_min_mm"),
        ({"monthly_capacity": -5}, "monthly_capacity"),
        ({"sample_lead_days": "soon"}, "sample_lead_days"),
        ({"bearing_types": []}, "bearing_types"),
        ({"processes": "grinding"}, "processes"),
        ({"processes": [{"x": 1}]}, "processes.0"),
        ({"bore_max_mm": "1e400"}, "bore_max_mm"),
    ],
)
def test_bad_figures_are_400(supplier_client, fields, bad):
    response = supplier_client.put(CAPABILITIES, body(**fields), format="json")
    assert response.status_code == 400, response.content
    assert bad in response.json()["errors"]
    assert not Capability.objects.exists()


def test_missing_required_figures_are_400(supplier_client):
    data = body()
    del data["bore_min_mm"]
    response = supplier_client.put(CAPABILITIES, data, format="json")
    assert response.status_code == 400
    assert "bore_min_mm" in response.json()["errors"]


def test_verified_members_read_a_suppliers_capabilities(supplier, buyer_client, make_client):
    declare(supplier)
    url = f"/api/v1/organizations/{supplier.pk}/capabilities/"
    assert buyer_client.get(url).json()["bearing_types"] == ["tapered_roller"]
    other_supplier = make_client(OrganizationFactory(kind="supplier", status="verified"))
    assert other_supplier.get(url).status_code == 200


def test_pending_member_cannot_read_capabilities(supplier, make_client):
    declare(supplier)
    pending = make_client(OrganizationFactory(kind="buyer", status="pending"))
    assert pending.get(f"/api/v1/organizations/{supplier.pk}/capabilities/").status_code == 404


def test_pending_suppliers_capabilities_are_hidden_from_others(buyer_client, make_client):
    pending = OrganizationFactory(kind="supplier", status="pending")
    declare(pending)
    assert buyer_client.get(f"/api/v1/organizations/{pending.pk}/capabilities/").status_code == 404
    assert make_client(pending).get(CAPABILITIES).status_code == 200


def test_buyer_or_undeclared_organisation_is_404(buyer, buyer_client, supplier):
    assert buyer_client.get(f"/api/v1/organizations/{buyer.pk}/capabilities/").status_code == 404
    assert buyer_client.get(f"/api/v1/organizations/{supplier.pk}/capabilities/").status_code == 404
    assert buyer_client.get("/api/v1/organizations/999999/capabilities/").status_code == 404
