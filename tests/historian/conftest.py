"""Paths to the small XML samples written for these tests.

The records are invented, in the shape of the Office of the Historian's files; the
collection of each comes from its role attribute, not from where the file lies. Only
test_real_data.py reads the real files, from ../shared, and skips when they are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture
def records_dir() -> Path:
    return HERE / "samples"


@pytest.fixture
def secretary_file(records_dir) -> Path:
    return records_dir / "secretary-trips.xml"


@pytest.fixture
def president_file(records_dir) -> Path:
    return records_dir / "president-trips.xml"


@pytest.fixture
def visits_file(records_dir) -> Path:
    return records_dir / "visits" / "visits.xml"


@pytest.fixture
def bad_dir() -> Path:
    return HERE / "bad-samples"
