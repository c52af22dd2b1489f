"""What the database knows that the extractor should use (known officials, rejected
names, the topic taxonomy), read into the extraction's plain records."""

from __future__ import annotations

from meetings.ingest.records import KnownOfficial, Lexicon, TopicDef
from meetings.models import Official, RejectedName, Topic

__all__ = ["lexicon_from_db"]


def lexicon_from_db() -> Lexicon:
    """Known officials, rejected names and the topic taxonomy, for the extractor."""
    officials = []
    for official in Official.objects.prefetch_related("aliases").order_by("id"):
        aliases = tuple(a.alias for a in official.aliases.all() if not a.rejected)
        officials.append(KnownOfficial(name=official.name, title=official.title,
                                       organization=official.organization,
                                       country=official.country, aliases=aliases))
    rejected = frozenset(RejectedName.objects.values_list("name", flat=True))
    topics = tuple(
        TopicDef(name=t.name, slug=t.slug, aliases=tuple(t.aliases),
                 parent=t.parent.slug if t.parent_id else None)
        for t in Topic.objects.select_related("parent").order_by("name")
    )
    return Lexicon(officials=tuple(officials), rejected_people=rejected, topics=topics)
