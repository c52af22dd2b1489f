"""Request guards that apply to every view, before any view reads its input."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from meetings.cleaning import describe, unsafe_character


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(f"Bad request: {message}\n",
                                  content_type="text/plain; charset=utf-8")


def query_problem(request: HttpRequest) -> str | None:
    """Why this request's path or query string cannot be served, or None."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    query = request.META.get("QUERY_STRING", "")
    # Counted the way Django's parser counts, before it parses: too many fields make
    # Django raise while the view (or DEBUG's error page) reads request.GET.
    if limit is not None and query and query.count("&") + 1 > limit:
        return f"more than {limit} query parameters"
    if char := unsafe_character(request.path):
        return f"the path contains the character {describe(char)}"
    for key, values in request.GET.lists():
        if char := unsafe_character(key):
            return f"a query parameter name contains the character {describe(char)}"
        for value in values:
            if char := unsafe_character(value):
                return f"query parameter {key!r} contains the character {describe(char)}"
    return None


class QueryGuardMiddleware:
    """One input-cleaning rule for every view: a clear 400 instead of a 500 further in.

    Refused: more than DATA_UPLOAD_MAX_NUMBER_FIELDS query parameters (a 400 with DEBUG on
    too, where Django's own error page would fail on them), and any character in the path
    or in a query parameter that ``meetings.cleaning.unsafe_character`` names.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if problem := query_problem(request):
            return _bad_request(problem)
        return self.get_response(request)


class DebugPageCSPMiddleware:
    """DEBUG's technical 404 and 500 pages carry the site's Content-Security-Policy too.

    Django exempts them (``csp_override({})``) because their styles and scripts are
    inline; under the self-only policy they show unstyled, but a hostile string in an
    error page (a path, a query value, an exception message) can run nothing. Placed just
    after ContentSecurityPolicyMiddleware, so that it sees each response first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and getattr(response, "_csp_config", None) == {}:
            del response._csp_config  # the middleware then applies SECURE_CSP
        return response
