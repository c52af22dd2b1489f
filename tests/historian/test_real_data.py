"""The real Office of the Historian files, when the shared folder is there (else skipped)."""

import io
from pathlib import Path

import pytest
from django.conf import settings

from meetings.historian import import_paths
from meetings.models import Meeting, RecordSource

REAL = Path(settings.BASE_DIR) / ".." / "shared" / "data" / "historyatstate"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REAL.is_dir(), reason=f"no real records at {REAL}"),
]


def test_the_2020s_visits_file_imports_every_record():
    report = import_paths([REAL / "visits" / "2020.xml"], err=io.StringIO())
    assert (report["read"], report.failed, report["meetings"]) == (276, 0, 276)
    assert RecordSource.objects.filter(collection="visits").count() == 276
    xi = Meeting.objects.filter(record_sources__record_id__in=["3196", "3201"],
                                participations__official__name="Xi Jinping")
    assert sorted(xi.values_list("place", flat=True)) == ["San Francisco", "Woodside"]


@pytest.mark.nlp
def test_blinkens_trips_import_with_the_upstream_twins_joined():
    report = import_paths([REAL / "travels" / "secretary-travels" / "blinken-antony-j.xml"],
                          err=io.StringIO())
    assert (report["read"], report.failed, report["twins"], report["meetings"]) == (241, 0, 2, 239)
    tokyo = RecordSource.objects.get(collection="secretary-travels", record_id="3992").meeting
    assert sorted(tokyo.record_sources.values_list("record_id", flat=True)) == ["3992", "4019"]
    assert tokyo.participations.filter(official__name="Toshimitsu Motegi").exists()
    # 3994 and 4021 differ in their end dates and remarks: two meetings.
    assert RecordSource.objects.get(record_id="4021").meeting_id != RecordSource.objects.get(
        record_id="3994").meeting_id


@pytest.mark.nlp
def test_people_of_the_real_records_are_one_official_each_with_their_own_country():
    from meetings.models import Official
    from meetings.services.audit import probable_duplicates
    from meetings.text import looks_like_a_person

    report = import_paths([REAL / "travels" / "president-travels" / "biden-joseph-r.xml",
                           REAL / "travels" / "secretary-travels" / "blinken-antony-j.xml",
                           REAL / "visits" / "2020.xml"], err=io.StringIO())
    assert report.failed == 0
    macron = Official.objects.filter(name__contains="Macron")
    # Met at G7 summits in Italy and Japan and at home: one person, French.
    assert list(macron.values_list("name", "country")) == [("Emmanuel Macron", "FR")]
    assert Official.objects.filter(name__contains="Zelensk").count() == 1
    stoltenberg = Official.objects.get(name__contains="Stoltenberg")
    assert (stoltenberg.country, stoltenberg.organization) == ("", "NATO")
    assert all(looks_like_a_person(name) for name in Official.objects.values_list("name",
                                                                               flat=True))
    assert len(probable_duplicates()) <= 5
