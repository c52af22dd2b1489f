"""Function views: parse input, call queries, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from meetings import queries
from meetings.models import Article, Meeting, Official, Topic


@require_safe
def meeting_list(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "meetings/meeting_list.html",
                            {"meetings": queries.meeting_list()})


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    try:
        meeting = queries.meeting_detail(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    return TemplateResponse(request, "meetings/meeting_detail.html", {"meeting": meeting})


@require_safe
def official_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    try:
        official = queries.official_detail(slug=slug)
    except Official.DoesNotExist:
        raise Http404("No such official") from None
    return TemplateResponse(request, "meetings/official_detail.html", {
        "official": official, "meetings": queries.official_meetings(official=official),
    })


@require_safe
def topic_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    try:
        topic = queries.topic_detail(slug=slug)
    except Topic.DoesNotExist:
        raise Http404("No such topic") from None
    return TemplateResponse(request, "meetings/topic_detail.html", {
        "topic": topic, "meetings": queries.topic_meetings(topic=topic),
    })


@require_safe
def article_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    try:
        article = queries.article_detail(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    return TemplateResponse(request, "meetings/article_detail.html", {"article": article})
