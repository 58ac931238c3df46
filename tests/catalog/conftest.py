from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: Path) -> None:
    """Uploaded spreadsheets go to a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
