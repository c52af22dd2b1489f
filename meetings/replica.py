"""Page reads on a read replica (optional ``DATABASE_REPLICA_URL``), everything else on the primary.

Only what a public page reads of this app's tables goes to the ``replica`` alias:
``ReplicaReadsMiddleware`` marks a GET or HEAD request outside the admin, and
``ReplicaRouter`` sends the reads of ``meetings`` models made during it there. Writes,
the admin (and so curation), sessions and users, the job tables, commands and workers
all stay on the primary, which the write side needs: a lagging replica must never
decide who is who.

A browser reads its own writes: any write request (a POST in the admin, a login) sets a
short-lived cookie under which that browser's page reads stay on the primary for
``DATABASE_REPLICA_PIN_SECONDS``, longer than the replica is expected to lag. Inside
a transaction on the primary, reads stay there too (they must see its writes).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "primary_reads"

_page_reads: ContextVar[bool] = ContextVar("page_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads of ``meetings`` models during a page request to the replica; all else the primary."""

    def db_for_read(self, model, **hints):
        if (_page_reads.get() and model._meta.app_label == "meetings"
                and not connections["default"].in_atomic_block):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied: rows from either alias may relate

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks the page reads of a request for the replica, unless this browser just wrote."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        safe = request.method in ("GET", "HEAD")
        if safe and not request.COOKIES.get(PIN_COOKIE) and \
                not request.path.startswith(_admin_prefix()):
            token = _page_reads.set(True)
            try:
                response = self.get_response(request)
            finally:
                _page_reads.reset(token)
        else:
            response = self.get_response(request)
        if not safe:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                                httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response


def _admin_prefix() -> str:
    """The admin's path prefix; a string no path starts with when this URLconf has none."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "\0"
