"""The capable rule: type, bore within range (bounds included), OD at most the maximum, precision at least as
high, the material and every process and certificate listed; verified suppliers only, best score first."""

from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.custom.selectors import CapableSpec, capable_suppliers
from marketplace.organizations.services import organization_scores_set
from tests.custom.factories import declare
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def spec(**fields):
    base = {
        "bearing_type": "tapered_roller",
        "bore_mm": Decimal("110"),
        "outer_diameter_mm": Decimal("180"),
        "precision": "P6",
        "material": "G20CrNi2Mo",
        "processes": ("heat_treatment", "grinding"),
        "certifications": ("IATF16949",),
    }
    base.update(fields)
    return CapableSpec(**base)


def maker(**fields):
    supplier = OrganizationFactory(kind="supplier", status="verified")
    declare(supplier, **fields)
    return supplier


def found(**fields):
    return list(capable_suppliers(spec=spec(**fields)))


def test_a_supplier_covering_everything_is_capable():
    supplier = maker()
    assert found() == [supplier]


@pytest.mark.parametrize(
    "capability",
    [
        {"bearing_types": ["spherical_roller"]},
        {"bore_min_mm": "111"},
        {"bore_max_mm": "109.99"},
        {"outer_diameter_max_mm": "179.99"},
        {"precision_classes": ["P0"]},
        {"precision_classes": []},
        {"materials": ["GCr15"]},
        {"processes": ["grinding"]},
        {"certifications": ["ISO9001"]},
    ],
)
def test_missing_any_one_requirement_is_not_capable(capability):
    maker(**capability)
    assert found() == []


def test_bore_range_bounds_are_inclusive():
    at_min = maker(bore_min_mm="110", bore_max_mm="150")
    at_max = maker(bore_min_mm="60", bore_max_mm="110")
    assert {s.pk for s in found()} == {at_min.pk, at_max.pk}


def test_outside_diameter_equal_to_the_maximum_is_capable():
    supplier = maker(outer_diameter_max_mm="180")
    assert found() == [supplier]


@pytest.mark.parametrize("offered", [["P6"], ["P5"], ["P4"], ["P2"], ["P0", "P2"]])
def test_a_higher_precision_class_satisfies_a_lower_requirement(offered):
    supplier = maker(precision_classes=offered)
    assert found() == [supplier]


def test_a_lower_precision_class_does_not_satisfy():
    maker(precision_classes=["P0", "P6"])
    assert found(precision="P5") == []


def test_unstated_precision_material_processes_and_certificates_ask_nothing():
    supplier = maker(precision_classes=[], materials=[], processes=[], certifications=[])
    assert found(precision="", material="", processes=(), certifications=()) == [supplier]


def test_more_offered_than_asked_is_still_capable():
    supplier = maker(processes=["turning", "grinding", "heat_treatment", "superfinishing", "inspection"])
    assert found() == [supplier]


def test_unverified_suppliers_and_buyers_are_never_capable():
    declare(OrganizationFactory(kind="supplier", status="pending"))
    declare(OrganizationFactory(kind="supplier", status="suspended"))
    assert found() == []


def test_best_score_first_new_counting_at_its_default():
    low, high, default = maker(), maker(), maker()
    organization_scores_set(
        scores={low.pk: (Decimal("55.00"), "fair"), high.pk: (Decimal("91.00"), "excellent")},
        computed_at=timezone.now(),
    )
    assert [s.pk for s in found()] == [high.pk, default.pk, low.pk]


def test_the_query_is_one_statement(django_assert_num_queries):
    for _ in range(5):
        maker()
    with django_assert_num_queries(1):
        assert len(found()) == 5
