"""Paths to the small XML samples written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def records_dir() -> Path:
    return DATA / "records"


@pytest.fixture
def visits_file() -> Path:
    return DATA / "records" / "visits" / "sample-visits.xml"


@pytest.fixture
def bad_dir() -> Path:
    return DATA / "bad"
