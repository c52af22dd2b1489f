"""What a run did: the types every reader, import and command reports with.

Nothing here imports from the project, so readers, steps and commands can all use it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import InitVar, dataclass, field
from string import Formatter


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read, extracted or stored: which one, and why.

    ``origin`` names the input as a person finds it again: a path, "path:LINE" in a JSONL
    file, "-:LINE" on stdin, "path#ID" for one record of an XML file.
    """

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(eq=False)
class RunReport:
    """What one run did: named counts, the inputs that failed and why, the ids it wrote.

    One type for every run: ingest (embedded, queued, each job), the records import, the
    cross-check, retag, the demo data. ``line`` is the summary's template: its fields name
    the run's counters and ``{failed}`` is the number of failures, as in
    ``"{read} articles read: {stored} stored, {failed} failed"``; ``extra`` names counters
    the line does not print. Counting a name the run does not keep raises KeyError, so a
    misspelt counter fails at once instead of staying 0.
    """

    line: str
    extra: InitVar[tuple[str, ...]] = ()
    counts: dict[str, int | float] = field(init=False)
    failures: list[InputError] = field(default_factory=list)
    # What the run wrote or made, by kind: ids["meetings"], ids["jobs"].
    ids: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # Runs made within this one (the import's cross-check), summarised after it, in order.
    parts: dict[str, RunReport] = field(default_factory=dict)

    def __post_init__(self, extra: tuple[str, ...]) -> None:
        printed = [name for _, name, _, _ in Formatter().parse(self.line) if name]
        names = [name for name in (*printed, *extra) if name != "failed"]
        if "failed" in extra:
            raise ValueError("'failed' is the number of failures, not a counter")
        self.counts = dict.fromkeys(names, 0)

    def add(self, name: str, n: int | float = 1) -> None:
        """Count ``n`` more of ``name`` (one of the run's counters)."""
        if name not in self.counts:
            raise KeyError(f"{name!r} is not counted in this run; it counts "
                           f"{', '.join(self.counts)}")
        self.counts[name] += n

    def __getitem__(self, name: str) -> int | float:
        return self.counts[name]

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        """The summary: this run's line, then each part's."""
        lines = [self.line.format(failed=self.failed, **self.counts)]
        lines.extend(part.summary() for part in self.parts.values())
        return "\n".join(lines)
