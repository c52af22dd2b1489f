"""Retag: the topic taxonomy, as edited, applied again to what is already stored.

Ingest's rules and ingest's sentences: an article's topics, with the sentences that name
them, come from the same matcher and the same sentence boundaries (the spaCy pipeline's
parser and line rule) as at ingest (``pipeline.article_topics``). A statement gets the
topics its own sentence names; a news meeting those of the sentences reporting it and
of its statements; a meeting made from official records those of the records' remarks
and descriptions. Curated links and curated meetings stay as they are, and a link a
curator deleted (a tombstone) is not made again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from meetings.curation import topic_link_key
from meetings.models import (
    Article,
    ArticleTopic,
    Meeting,
    MeetingSource,
    MeetingTopic,
    Tombstone,
    Topic,
)
from meetings.runs import RunReport

# What the sentence boundaries depend on; the rest of the pipeline (tagger, entities,
# the title and noise rules) runs after them and is skipped here.
SENTENCE_COMPONENTS = ("tok2vec", "diplomacy_lines_v1", "parser", "senter", "sentencizer")


def retag_report() -> RunReport:
    """An empty report of a retag run: ``meetings`` counts news meetings, ``records`` the
    meetings made from official records; ``added`` and ``removed`` count topic links."""
    return RunReport("retag: {articles} articles, {meetings} meetings, {records} record "
                     "meetings; {added} topic links added, {removed} removed")


def retag(*, article_ids: Iterable[int] | None = None, records: bool | None = None,
          batch: int = 200) -> RunReport:
    """Apply the current taxonomy again to articles, their statements and meetings, and to
    the meetings made from official records.

    ``article_ids`` limits the run to those articles (and their meetings); record
    meetings are retagged when no articles are named, or when ``records`` says so.
    """
    from meetings.ingest.topics import TopicMatcher
    from meetings.services.lexicon import lexicon_from_db

    matcher = TopicMatcher(lexicon_from_db().topics)
    topics = {t.name: t for t in Topic.objects.all()}
    deleted = set(Tombstone.objects.filter(kind=Tombstone.Kind.TOPIC_LINK)
                  .values_list("key", flat=True))
    report = retag_report()
    qs = Article.objects.order_by("id")
    if article_ids is not None:
        qs = qs.filter(pk__in=list(article_ids))
    ids = list(qs.values_list("id", flat=True))
    for i in range(0, len(ids), batch):
        chunk = ids[i:i + batch]
        with transaction.atomic():
            articles = list(Article.objects.filter(pk__in=chunk).order_by("id")
                            .prefetch_related("topic_links", "statements__topics"))
            found = _article_topics(articles, matcher)
            for article in articles:
                report.add("articles")
                _retag_article(article, found[article.pk], matcher, topics, report, deleted)
            meeting_ids = set(MeetingSource.objects.filter(article_id__in=chunk)
                              .values_list("meeting_id", flat=True))
            _retag_meetings(meeting_ids, matcher, topics, report)
    if records if records is not None else article_ids is None:
        record_ids = list(Meeting.objects.filter(from_record=True, curated=False)
                          .order_by("id").values_list("id", flat=True))
        for i in range(0, len(record_ids), batch):
            with transaction.atomic():
                _retag_meetings(set(record_ids[i:i + batch]), matcher, topics, report)
    return report


def _article_topics(articles: list[Article], matcher) -> dict[int, dict[str, list[list[int]]]]:
    """Each article's topics with their sentences, as ingest finds them.

    Only the articles the matcher finds something in are parsed: the others have no
    topics whatever their sentences.
    """
    from meetings.ingest.nlp import get_nlp
    from meetings.ingest.pipeline import article_topics

    found: dict[int, dict[str, list[list[int]]]] = {a.pk: {} for a in articles}
    named = [a for a in articles if matcher.find(a.body)]
    if not named:
        return found
    nlp = get_nlp()
    with nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in SENTENCE_COMPONENTS]):
        for doc, article in nlp.pipe(((a.body, a) for a in named), as_tuples=True):
            found[article.pk] = {
                record.name: [[span.start, span.end]
                              for span in sorted(record.evidence, key=lambda s: s.start)]
                for record in article_topics(doc, matcher)}
    return found


def _retag_article(article: Article, found: dict[str, list[list[int]]], matcher,
                   topics: dict[str, Topic], report: RunReport, deleted: set[str]) -> None:
    links = {link.topic_id: link for link in article.topic_links.all()}
    wanted = {topics[name].pk: evidence for name, evidence in found.items()
              if name in topics
              and topic_link_key(sha256=article.sha256, topic_id=topics[name].pk) not in deleted}
    stale = [link.pk for tid, link in links.items() if not link.curated and tid not in wanted]
    if stale:
        report.add("removed", ArticleTopic.objects.filter(pk__in=stale).delete()[0])
    for topic_id, evidence in wanted.items():
        link = links.get(topic_id)
        if link is None:
            ArticleTopic.objects.create(article=article, topic_id=topic_id, evidence=evidence)
            report.add("added")
        elif not link.curated and link.evidence != evidence:
            link.evidence = evidence
            link.save(update_fields=["evidence"])
    # A statement's topics are those its own sentence names; curated statements keep theirs.
    for statement in article.statements.all():
        if statement.curated:
            continue
        text = article.body[statement.evidence_start:statement.evidence_end]
        wanted_ids = {topics[h.name].pk for h in matcher.find(text) if h.name in topics}
        have = {topic.pk for topic in statement.topics.all()}
        if wanted_ids != have:
            statement.topics.set(wanted_ids)
            report.add("added", len(wanted_ids - have))
            report.add("removed", len(have - wanted_ids))


def _meeting_texts(meeting: Meeting) -> list[str]:
    """What a meeting's topics are read from: the sentences reporting it, its statements,
    and the remarks and descriptions of the official records it was made from."""
    texts = [s.article.body[a:b] for s in meeting.sources.all() for a, b in s.evidence]
    texts += [s.article.body[s.evidence_start:s.evidence_end]
              for s in meeting.statements.all()]
    texts += [r.text for r in meeting.record_sources.all() if r.text]
    return texts


def _retag_meetings(meeting_ids: set[int], matcher, topics: dict[str, Topic],
                    report: RunReport) -> None:
    from meetings.services import derived

    changed: list[int] = []
    meetings = (Meeting.objects.filter(pk__in=meeting_ids, curated=False)
                .prefetch_related("sources__article", "statements__article", "record_sources",
                                  "topic_links"))
    for meeting in meetings:
        if meeting.from_record:
            report.add("records")
        else:
            report.add("meetings")
        wanted: set[int] = set()
        for text in _meeting_texts(meeting):
            wanted |= {topics[h.name].pk for h in matcher.find(text) if h.name in topics}
        links = {link.topic_id: link for link in meeting.topic_links.all()}
        stale = [link.pk for tid, link in links.items() if not link.curated and tid not in wanted]
        if stale:
            report.add("removed", MeetingTopic.objects.filter(pk__in=stale).delete()[0])
        new = [MeetingTopic(meeting=meeting, topic_id=tid) for tid in wanted - set(links)]
        MeetingTopic.objects.bulk_create(new)
        report.add("added", len(new))
        if stale or new:
            changed.append(meeting.pk)
    derived.meetings_refresh(meeting_ids=changed)
