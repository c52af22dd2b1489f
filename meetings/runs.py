"""What a run did: the types every reader, import and command reports with.

Nothing here imports from the project, so readers, steps and commands can all use it.
"""

from __future__ import annotations

from dataclasses import dataclass


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
