from pathlib import Path

import pytest

from catalog.models import Brand
from catalog.reference_data import reference_data_load


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: Path) -> None:
    """Uploaded spreadsheets go to a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Brands and sizes come from a data migration; a transactional test's flush removes them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    if not Brand.objects.exists():
        reference_data_load()
