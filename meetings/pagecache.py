"""Whole pages cached until the data changes.

A browsing page is a function of its URL, a few request headers (htmx's) and the data.
The data has a version (migration 0015: every write statement on a data table bumps its
own server process's row of a small table; the version is a digest of the rows a reader
sees), so a page rendered once is served again from this process's memory, for one
cheap query, until a write to the data commits. Nothing is invalidated by hand, and
nothing goes stale: a new version is a new key. Writers never wait on each other for
it, and writes elsewhere (the job queue's heartbeats, sessions, other databases) leave
it alone.

Measured with bench/pages.py (gunicorn, 2 sync workers, wrk with 50 connections per
URL, 7,500 meetings): the home page went from 0.04x the static file's requests/s (p99
3.1 s) to the figures in bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import caches
from django.db import connections, router
from django.http import HttpRequest, HttpResponse

CACHE = "pages"
# What else a page depends on besides its URL and the data.
VARY_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")


def data_version() -> str:
    """The data's version as this connection sees it (its own writes included)."""
    from meetings.models import Meeting

    # Where the pages read: the replica's rows when there is one.
    with connections[router.db_for_read(Meeting)].cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(version), 0),"
                       " md5(coalesce(string_agg(backend || ':' || version, ','"
                       " ORDER BY backend), '')) FROM meetings_dataversion")
        count, latest, digest = cursor.fetchone()
    return f"{count}.{latest}.{digest}"


def page_key(request: HttpRequest, version: str) -> str:
    """The cache key of a page: the data version, the day (pages give access dates), the
    htmx headers and the full path."""
    varying = "|".join(request.headers.get(h, "") for h in VARY_HEADERS)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{dt.datetime.now(dt.UTC).date()}:{varying}:{path}"


def cached_on_data(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's successful answers from memory until the data version changes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_key(request, data_version())
        cache = caches[CACHE]
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.status_code, list(response.items()), response.content))
        return response

    return wrapper
