"""The careful name matcher that joins record officials and news officials."""

import pytest

from meetings.historian.matching import same_person, variants


@pytest.mark.parametrize(("a", "b"), [
    ("Antony John Blinken", "Antony Blinken"),
    ("Joseph R. Biden", "Joe Biden"),
    ("William J. Clinton", "Bill Clinton"),
    ("Michael R. Pompeo", "Mike Pompeo"),
    ("John Forbes Kerry", "John F. Kerry"),
    ("Henry A. (Heinz Alfred) Kissinger", "Henry Kissinger"),
    ("Alexander Meigs Haig", "Alex Haig"),
    ("Xi Jinping", "xi jinping"),
])  # fmt: skip
def test_names_that_agree_are_the_same_person(a, b):
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Antony Blinken", "Anthony Blake"),
    ("Antony Blinken", "Donald Blinken"),
    ("George H.W. Bush", "George W. Bush"),
    ("Hillary Rodham Clinton", "William J. Clinton"),
    ("Blinken", "Antony Blinken"),  # a bare surname is never enough here
    ("Wang Yi", "Wang Yang"),
])  # fmt: skip
def test_names_that_disagree_are_not(a, b):
    assert not same_person(a, b)


def test_a_record_name_has_the_shorter_forms_news_uses():
    assert variants("Joseph R. Biden") == ["Joseph Biden", "Joe Biden"]
    assert variants("Antony John Blinken") == ["Antony Blinken"]
    assert variants("Barack Obama") == []
