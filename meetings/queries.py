"""Read side: page-level queries, each owning its select/prefetch."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from meetings.models import Article, Meeting, Official, Participation, Topic


def _meeting_cards(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("official")),
        "topics",
    )


def meeting_list(*, limit: int = 50) -> QuerySet[Meeting]:
    """Newest meetings first, with participants and topics."""
    return _meeting_cards(Meeting.objects.recent())[:limit]


def meeting_detail(*, pk: int) -> Meeting:
    """One meeting with everything its page shows."""
    return _meeting_cards(Meeting.objects.all()).prefetch_related(
        "sources__article", "statements__speaker"
    ).get(pk=pk)


def official_detail(*, slug: str) -> Official:
    return Official.objects.prefetch_related("aliases").get(slug=slug)


def official_meetings(*, official: Official) -> QuerySet[Meeting]:
    return _meeting_cards(Meeting.objects.with_official(official).recent())


def topic_detail(*, slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


def topic_meetings(*, topic: Topic) -> QuerySet[Meeting]:
    return _meeting_cards(Meeting.objects.about(topic).recent())


def article_detail(*, pk: int) -> Article:
    return Article.objects.prefetch_related("meetings", "statements", "topics").get(pk=pk)
