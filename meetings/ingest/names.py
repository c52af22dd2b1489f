"""Name helpers live in ``meetings.text`` (shared with the models); re-exported here for the
extraction steps."""

from meetings.text import normalize_name, surname

__all__ = ["normalize_name", "surname"]
