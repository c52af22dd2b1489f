"""Whole pages cached until the data changes.

A browsing page is a function of its URL, a few request headers (htmx's) and the data.
The data's version is the database's snapshot (``pg_current_snapshot()``: the oldest
running transaction, the next transaction id, the ids still running): it changes when
any writing transaction commits, and two readers with the same snapshot see the same
committed rows. So a page rendered once is served again from this process's memory,
for one cheap query, until any write commits; nothing is invalidated by hand, and
nothing goes stale: a new version is a new key. It takes no lock, so concurrent
writers (ingest workers) never wait on each other for it. A transaction that has
written itself (a test, a curation action rendering a page) sees rows no snapshot
describes: it gets no version, and its pages are neither read from nor put in the cache.

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


def data_version() -> str | None:
    """The data's version as this connection sees it; None once this transaction wrote."""
    from meetings.models import Meeting

    # The connection the pages read from: the replica's snapshot when there is one.
    with connections[router.db_for_read(Meeting)].cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned()")
        snapshot, own_xid = cursor.fetchone()
    return None if own_xid is not None else snapshot


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
        version = data_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = page_key(request, version)
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
