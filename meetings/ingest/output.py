"""Extraction records -> the JSON contract of ``manage.py extract``."""

from __future__ import annotations

from typing import Any

from meetings.ingest.records import Extraction


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """One article's extraction as the plain JSON object documented in the README."""
    from meetings.countries import name_of

    body = extraction.article.body

    def country(code: str) -> str | None:
        return (name_of(code) or code) if code else None

    return {
        "id": extraction.article.id or None,
        "title": extraction.article.title,
        "date": extraction.article.date.isoformat() if extraction.article.date else None,
        "officials": [
            {"name": o.name, "title": o.title or None, "organization": o.organization or None,
             "country": country(o.country), "aliases": list(o.aliases)}
            for o in extraction.officials
        ],
        "meetings": [
            {
                "kind": m.kind,
                "name": m.name or None,
                "participants": [p.name for p in m.participants],
                "countries": [country(c) for c in m.countries],
                "date": m.date.value.isoformat() if m.date else None,
                "end_date": m.date.end.isoformat() if m.date and m.date.end else None,
                "date_precision": m.date.precision if m.date else None,
                "date_phrase": m.date.phrase if m.date else None,
                "place": m.place or None,
                "background": m.background,
                "planned": m.planned,
                "topics": list(m.topics),
                "evidence": [body[s.start:s.end] for s in m.evidence],
            }
            for m in extraction.meetings
        ],
        "statements": [
            {
                "speaker": s.speaker,
                "speaker_label": s.speaker_label or None,
                "reported_by": s.reported_by or None,
                "text": s.text,
                "direct": s.direct,
                "meeting": s.meeting,
                "topics": list(s.topics),
            }
            for s in extraction.statements
        ],
        "topics": [t.name for t in extraction.topics],
    }
