"""Ingestion: files -> articles -> extraction records -> database.

The public entry points are ``extract_paths`` (no database) and ``ingest_paths``;
they live in ``meetings.ingest.service`` and are imported lazily so that importing
this package does not load spaCy.
"""

from __future__ import annotations

PIPELINE_VERSION = "2026.11.1"

__all__ = ["PIPELINE_VERSION", "extract_paths", "ingest_paths"]


def __getattr__(name: str):
    if name in {"extract_paths", "ingest_paths"}:
        from meetings.ingest import service

        return getattr(service, name)
    raise AttributeError(name)
