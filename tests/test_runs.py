"""What a run did: one error type for every input, one report type for every run."""

import pytest

from meetings.runs import InputError, RunReport


def test_an_input_error_prints_the_input_and_the_reason():
    assert str(InputError("f.txt:3", "missing 'text'")) == "f.txt:3: missing 'text'"


def test_the_summary_fills_the_line_with_the_counters_and_the_failures():
    report = RunReport("{read} read: {stored} stored, {failed} failed; {seconds:.1f}s")
    report.add("read", 3)
    report.add("stored")
    report.add("seconds", 2.5)
    report.failures.append(InputError("b.txt", "empty file"))
    assert report.summary() == "3 read: 1 stored, 1 failed; 2.5s"
    assert (report["read"], report["stored"], report.failed) == (3, 1, 1)


def test_a_counter_the_run_does_not_keep_is_an_error_not_a_silent_zero():
    report = RunReport("{stored} stored", extra=("kept",))
    report.add("kept")
    with pytest.raises(KeyError, match="'stroed' is not counted in this run; it counts "
                                       "stored, kept"):
        report.add("stroed")
    assert report.summary() == "0 stored"  # an extra counter is kept, not printed


def test_failed_is_the_number_of_failures_and_cannot_be_a_counter():
    with pytest.raises(ValueError, match="'failed' is the number of failures"):
        RunReport("{read} read", extra=("failed",))
    with pytest.raises(KeyError):
        RunReport("{failed} failed").add("failed")


def test_the_parts_are_summarised_after_the_run_in_order():
    report = RunReport("{files} files")
    report.add("files", 2)
    check = RunReport("check: {pairs} pairs")
    check.add("pairs", 5)
    report.parts["crosscheck"] = check
    report.parts["topics"] = RunReport("topics: {added} added")
    assert report.summary() == "2 files\ncheck: 5 pairs\ntopics: 0 added"


def test_ids_are_kept_by_kind_and_counted_once():
    report = RunReport("{stored} stored")
    report.ids["meetings"].update([3, 1])
    report.ids["meetings"].update([1])
    assert report.ids["meetings"] == {1, 3}
    assert report.ids["jobs"] == set()
