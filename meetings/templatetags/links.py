"""Template filters for links to other sites."""

from django import template

from meetings.cleaning import http_url

register = template.Library()


@register.filter
def http_only(url: str) -> str:
    """The URL when it is http(s), else "": no javascript:, data: or other scheme is linked."""
    return http_url(url)
