"""Extraction: ArticleInput -> Extraction, a pure function of text, date and lexicon."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from meetings.ingest.article_files import base_date
from meetings.ingest.doccache import clear_caches, sent_span, topic_hits, topics_between
from meetings.ingest.meetings import find_meetings
from meetings.ingest.nlp import get_nlp
from meetings.ingest.people import find_people, untitled_people
from meetings.ingest.records import (
    ArticleInput,
    Extraction,
    Lexicon,
    MeetingRecord,
    Span,
    StatementRecord,
    TopicRecord,
)
from meetings.ingest.statements import find_statements
from meetings.ingest.topics import TopicMatcher, load_taxonomy


def extract_article(article: ArticleInput, *, lexicon: Lexicon | None = None) -> Extraction:
    """Extract officials, meetings, statements and topics from one article."""
    return next(extract_many([article], lexicon=lexicon, batch_size=1))


def extract_many(
    articles: Iterable[ArticleInput],
    *,
    lexicon: Lexicon | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    nlp: Language | None = None,
) -> Iterator[Extraction]:
    """Stream extractions for ``articles`` in input order, parsing with ``nlp.pipe``."""
    nlp = nlp or get_nlp()
    lexicon = lexicon or Lexicon()
    matcher = _topic_matcher(lexicon.topics)
    limit = min(nlp.max_length, PART_CHARS)

    def parts() -> Iterator[tuple[str, tuple[ArticleInput, int, int]]]:
        for article in articles:
            pieces = split_text(article.body, limit=limit)
            for i, piece in enumerate(pieces):
                yield piece, (article, i, len(pieces))

    pairs = nlp.pipe(parts(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    pending: list[Doc] = []
    for doc, (article, i, count) in pairs:
        if count > 1:
            pending.append(doc)
            if i < count - 1:
                continue
            # One Doc over the whole body: offsets stay relative to the article's text.
            doc = Doc.from_docs(pending, ensure_whitespace=False)
            pending = []
        yield extract_doc(doc, article, lexicon=lexicon, topic_matcher=matcher)


# Texts longer than this are parsed in parts (spaCy refuses texts over its
# ``max_length``, 1,000,000 characters, and its parser's memory grows with the text).
PART_CHARS = 100_000


def split_text(text: str, *, limit: int) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters that join back into it,
    each cut after a blank line, a line break, a sentence end or a space if possible."""
    if len(text) <= limit:
        return [text]
    parts = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark)
            if at > limit // 2:
                cut = at + len(mark)
                break
        cut = cut or limit  # no break anywhere: a hard cut
        parts.append(text[start : start + cut])
        start += cut
    parts.append(text[start:])
    return parts


def extract_doc(
    doc: Doc, article: ArticleInput, *, lexicon: Lexicon, topic_matcher: TopicMatcher
) -> Extraction:
    """The extraction steps on an already parsed article body."""
    base = base_date(article)
    try:
        return _extract(doc, article, base, lexicon=lexicon, topic_matcher=topic_matcher)
    finally:
        clear_caches(doc)


def _extract(
    doc: Doc, article: ArticleInput, base: dt.date, *, lexicon: Lexicon, topic_matcher
) -> Extraction:
    officials, untitled = find_people(doc, lexicon=lexicon)
    meetings = find_meetings(
        doc, officials=officials, untitled=untitled, base_date=base, topic_matcher=topic_matcher
    )
    # Whoever meets in the article's meetings acts as an official ("Xi Jinping met ...").
    met = {p.name for m in meetings for p in m.participants}
    promoted = [u for u in untitled if u.name in met]
    if promoted:
        officials = sorted(officials + promoted, key=lambda o: min(s.start for s in o.mentions))
    statements = find_statements(doc, officials=officials, meetings=meetings)
    statements = [
        replace(
            s, topics=tuple(topics_between(doc, topic_matcher, s.evidence.start, s.evidence.end))
        )
        for s in statements
    ]
    meetings = _meeting_topics_from_statements(meetings, statements)
    topics = article_topics(doc, topic_matcher)
    return Extraction(
        article=article,
        officials=tuple(officials),
        meetings=tuple(meetings),
        statements=tuple(statements),
        topics=tuple(topics),
        not_officials=tuple(untitled_people(doc, officials)),
    )


@functools.lru_cache(maxsize=4)
def _topic_matcher(topics: tuple) -> TopicMatcher:
    return TopicMatcher(topics or load_taxonomy())


def _meeting_topics_from_statements(
    meetings: list[MeetingRecord], statements: list[StatementRecord]
) -> list[MeetingRecord]:
    """A statement made at a meeting brings its topics and sentence to the meeting."""
    out = list(meetings)
    for s in statements:
        if s.meeting is None:
            continue
        m = out[s.meeting]
        topics = tuple(dict.fromkeys(m.topics + s.topics))
        evidence = (
            m.evidence
            if s.evidence in m.evidence
            else tuple(sorted(m.evidence + (s.evidence,), key=lambda e: e.start))
        )
        out[s.meeting] = replace(m, topics=topics, evidence=evidence)
    return out


def article_topics(doc: Doc, matcher: TopicMatcher) -> list[TopicRecord]:
    """The topics the text names, each with the sentences naming it (ingest's and retag's)."""
    hits = topic_hits(doc, matcher)
    if not hits:
        return []
    sents = [sent_span(s) for s in doc.sents]
    starts = [s for s, _ in sents]
    evidence: dict[str, dict[Span, None]] = {}
    for h in hits:
        k = max(bisect.bisect_right(starts, h.start) - 1, 0)
        evidence.setdefault(h.name, {})[Span(*sents[k])] = None
    return [TopicRecord(name=n, evidence=tuple(ev)) for n, ev in evidence.items()]
