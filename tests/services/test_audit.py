"""Probable duplicate officials: similar names with the same country or title."""

import io

import pytest
from django.core.management import call_command

from meetings.services.audit import Candidate, duplicate_groups


def _groups(*rows):
    return [[c.pk for c in group] for group in duplicate_groups(rows)]


def test_a_bare_family_name_and_a_misspelling_group_with_the_full_name():
    assert _groups(
        Candidate(1, "Nicolas Sarkozy", "FR", "President"),
        Candidate(2, "Sarkozy", "FR", "President"),
        Candidate(3, "Nicloas Sarkozy", "FR"),
        Candidate(4, "Angela Merkel", "DE", "Chancellor"),
    ) == [[1, 2, 3]]


def test_similar_names_of_two_countries_and_two_titles_are_not_grouped():
    assert _groups(Candidate(1, "Garcia", "PE", "President"),
                   Candidate(2, "Garcia", "PH", "Foreign Minister")) == []


def test_namesakes_of_one_family_are_grouped_only_through_a_bare_name():
    assert _groups(Candidate(1, "George H. W. Bush", "US", "President"),
                   Candidate(2, "Jeb Bush", "US", "Governor")) == []


@pytest.mark.django_db
def test_people_audit_prints_each_group_with_its_merge_link(make_official):
    full = make_official("Volodymyr Zelensky", country="UA", title="President")
    bare = make_official("Zelensky", country="UA", title="President")
    make_official("Antony Blinken", country="US")
    out = io.StringIO()
    call_command("people_audit", stdout=out)
    text = out.getvalue()
    assert f"/admin/meetings/official/merge/?ids={full.pk},{bare.pk}" in text
    assert "1 groups of probable duplicates" in text
    assert "Blinken" not in text
