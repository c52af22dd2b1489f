"""Who is asking (the client's address) and how often: export limits and login throttling."""

from __future__ import annotations

import ipaddress
import time

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind our proxy the address it saw.

    Only with DJANGO_BEHIND_PROXY (settings.BEHIND_PROXY) is X-Forwarded-For read, and
    then only its last entry: the one our own proxy appended. Entries before it come from
    the client and can say anything. None when no valid address is known.
    """
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates.insert(0, forwarded.rsplit(",", 1)[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def export_allowed(request: HttpRequest) -> tuple[bool, int]:
    """Count one export for this client; (allowed, seconds until the window ends).

    A fixed window per address in Django's cache: EXPORT_RATE_LIMIT exports per
    EXPORT_RATE_WINDOW seconds. (With the default local-memory cache each server process
    counts on its own.)
    """
    limit, window = settings.EXPORT_RATE_LIMIT, settings.EXPORT_RATE_WINDOW
    now = int(time.time())
    slot = now // window
    key = f"export-rate:{client_ip(request) or 'unknown'}:{slot}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        used = 1
    return used <= limit, (slot + 1) * window - now


class ThrottledAxesHandler(AxesDatabaseHandler):
    """django-axes with two limits instead of one lock per (user name, address).

    - per address, across user names (password spraying): AXES_FAILURE_LIMIT failures
      within AXES_COOLOFF_TIME lock that address out;
    - per user name, from any address: AXES_USERNAME_FAILURE_LIMIT failures within
      AXES_USERNAME_COOLOFF lock that name out until the cool-off has passed.

    AXES_LOCKOUT_PARAMETERS must be ["ip_address", "username"], in that order: axes hands
    the failures counted for each back in that order.
    """

    def get_failures(self, request, credentials=None) -> int:
        from axes.helpers import get_failure_limit
        from django.db.models import Sum
        from django.utils import timezone

        by_ip, by_name = self.get_user_attempts(request, credentials)
        recent = timezone.now() - settings.AXES_USERNAME_COOLOFF
        ip_failures = by_ip.aggregate(n=Sum("failures_since_start"))["n"] or 0
        name_failures = (by_name.filter(attempt_time__gte=recent)
                         .aggregate(n=Sum("failures_since_start"))["n"] or 0)
        # Axes compares one number with one limit: report the per-name count scaled to
        # the per-address limit, so either limit reached reads as "locked".
        limit = get_failure_limit(request, credentials)
        scaled = -(-name_failures * limit // settings.AXES_USERNAME_FAILURE_LIMIT)
        return max(ip_failures, scaled)
