"""Read side: page-level queries, keyword-only, each owning its select/prefetch.

Every function here runs a fixed number of SQL queries whatever the size of the
data, and none scans more rows than it shows except through an index:
- lists use keyset pagination on (date, id), never OFFSET;
- totals are counted up to ``COUNT_CAP`` and shown as "more than 1000" beyond it;
- facet counts are taken over the ``FACET_SAMPLE`` most recent matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import connections, router
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest, TruncMonth

from meetings.models import (
    Article,
    Confirmation,
    Meeting,
    MeetingKind,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    RecordSource,
    Statement,
    Topic,
    country_name,
)

PAGE_SIZE = 25
COUNT_CAP = 1_000
FACET_SAMPLE = 250
FACET_SIZE = 8


def _read_connection():
    """Where this SQL reads: the replica during a page request, if there is one (replica.py)."""
    return connections[router.db_for_read(Meeting)]


@dataclass(frozen=True)
class MeetingFilters:
    """A parsed filter state; ``meeting_list`` and the facets take it.

    Several people or several countries mean meetings involving all of them (the
    meetings *between* them). A topic covers its narrower topics too.
    """

    people: tuple[Official, ...] = ()
    countries: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    kind: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    q: str = ""
    confirmed: str = ""  # "", "yes" or "no"
    # Names typed that match nobody: the list is then empty, and the page says why.
    unknown_people: tuple[str, ...] = ()
    # Each topic's id with those of its narrower topics, by topic id.
    topic_ids: dict[int, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @property
    def person(self) -> Official | None:
        """The first person (the exports and the feed name one)."""
        return self.people[0] if self.people else None

    @property
    def country(self) -> str:
        return self.countries[0] if self.countries else ""

    @property
    def active(self) -> bool:
        return bool(self.people or self.countries or self.topics or self.kind or self.start
                    or self.end or self.q or self.confirmed or self.unknown_people)

    @property
    def matches_nothing(self) -> bool:
        return bool(self.unknown_people)


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the (date, id) of the last meeting shown, and how many were shown."""

    date: dt.date | None
    id: int
    shown: int = 0

    def encode(self) -> str:
        return f"{self.date.isoformat() if self.date else 'none'}.{self.id}.{self.shown}"

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        try:
            date_part, id_part, *rest = value.split(".")
            date = None if date_part == "none" else dt.date.fromisoformat(date_part)
            shown = int(rest[0]) if rest else 0
            if len(rest) > 1 or shown < 0:
                return None
            return cls(date=date, id=int(id_part), shown=shown)
        except ValueError:
            return None


@dataclass
class MeetingPage:
    meetings: list[Meeting]
    total: int
    total_capped: bool
    next_cursor: str | None
    facets: dict[str, list[dict]] = field(default_factory=dict)
    facets_sampled: bool = False
    first_number: int = 1  # the position of the first meeting shown (26 on page two)

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.meetings) - 1


# --------------------------------------------------------------------------- lookups


def official_by_slug(*, slug: str) -> Official | None:
    """The official of this slug, or of an official merged into it (OfficialRedirect)."""
    return (Official.objects.filter(slug=slug).first()
            or Official.objects.filter(redirects__slug=slug).first())


def official_redirect(*, slug: str) -> Official | None:
    """The official an old slug (of a merged official) now leads to."""
    return Official.objects.filter(redirects__slug=slug).first()


def official_search(*, text: str, limit: int = 8) -> list[Official]:
    """Officials whose name or an alias resembles ``text`` (pg_trgm, typo-tolerant).

    Accents and punctuation do not matter: "Erdogan" finds "Erdoğan" through the
    normalized name stored beside each name and alias.
    """
    from meetings.text import normalize_name

    text = text.strip()
    plain = normalize_name(text)
    if len(plain) < 2:
        return []
    alias_ids = (OfficialAlias.objects.filter(rejected=False)
                 .filter(Q(alias__trigram_word_similar=text) | Q(alias__icontains=text)
                         | Q(normalized__contains=plain))
                 .values("official_id"))
    return list(
        Official.objects.filter(Q(name__trigram_word_similar=text) | Q(name__icontains=text)
                                | Q(normalized_name__contains=plain) | Q(pk__in=alias_ids))
        .annotate(score=Greatest(TrigramWordSimilarity(text, "name"),
                                 TrigramWordSimilarity(plain, "normalized_name"),
                                 TrigramWordSimilarity(text, "slug")))
        .annotate(meeting_count=Count("participations"))
        .order_by("-score", "-meeting_count", "name")[:limit]
    )


def official_for_filter(*, value: str) -> Official | None:
    """The person filter takes a slug; typed text falls back to the best fuzzy match."""
    value = value.strip()
    if not value:
        return None
    found = official_by_slug(slug=value)
    if found:
        return found
    matches = official_search(text=value, limit=1)
    return matches[0] if matches else None


def people_for_filter(*, values: list[str]) -> tuple[tuple[Official, ...], tuple[str, ...]]:
    """The people of the filter, and the values that match nobody.

    A slug is taken as it is (one query for all of them); only text that is not a slug
    is matched by name, so a chosen person is never guessed again.
    """
    values = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if not values:
        return (), ()
    by_slug = {o.slug: o for o in Official.objects.filter(slug__in=values)}
    people: dict[int, Official] = {}
    unknown: list[str] = []
    for value in values:
        official = by_slug.get(value)
        if official is None:
            matches = official_search(text=value, limit=1)
            official = matches[0] if matches else None
        if official is None:
            unknown.append(value)
        else:
            people.setdefault(official.pk, official)
    return tuple(people.values()), tuple(unknown)


def topics_by_slug(*, slugs: list[str]) -> tuple[Topic, ...]:
    if not slugs:
        return ()
    found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    return tuple(found[s] for s in dict.fromkeys(slugs) if s in found)


def all_topics() -> list[Topic]:
    """The whole taxonomy in one query (name order): the form's options and the tree."""
    return list(Topic.objects.only("name", "slug", "parent_id").order_by("name"))


def topic_descendants(*, topics: list[Topic]) -> dict[int, tuple[int, ...]]:
    """Each topic's id with the ids of all its narrower topics, from the whole taxonomy."""
    children: dict[int, list[int]] = {}
    for topic in topics:
        if topic.parent_id:
            children.setdefault(topic.parent_id, []).append(topic.pk)
    tree: dict[int, tuple[int, ...]] = {}
    for topic in topics:
        seen, todo = [topic.pk], [topic.pk]
        while todo:  # a curator may make a cycle: each topic is visited once
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.append(child)
                    todo.append(child)
        tree[topic.pk] = tuple(seen)
    return tree


# --------------------------------------------------------------------------- meeting list


def confirmed_condition() -> Q:
    """Confirmed: made from an official record (confirmed by definition), or news a record
    confirms."""
    return Q(from_record=True) | Q(pk__in=Confirmation.objects.values("meeting_id"))


def filtered_meetings(*, filters: MeetingFilters) -> QuerySet[Meeting]:
    """Meetings matching the filters, newest first (not yet paginated)."""
    if filters.matches_nothing:
        return Meeting.objects.none()
    qs = Meeting.objects.all()
    for person in filters.people:
        qs = qs.filter(pk__in=Participation.objects.filter(official=person).values("meeting_id"))
    if filters.countries:
        # Every country given must be involved: two countries select the meetings between them.
        qs = qs.filter(country_codes__contains=list(filters.countries))
    for topic in filters.topics:
        ids = filters.topic_ids.get(topic.pk, (topic.pk,))
        qs = qs.filter(pk__in=MeetingTopic.objects.filter(topic_id__in=ids).values("meeting_id"))
    if filters.kind:
        qs = qs.of_kind(filters.kind)
    if filters.start or filters.end:
        qs = qs.between(filters.start, filters.end)
    if filters.q:
        # One stored tsvector per meeting covers its summary, participants, topics,
        # statements, evidence and the text of its source articles, round-ups apart
        # (see persist.refresh_search).
        qs = qs.filter(search_vector=SearchQuery(filters.q, search_type="websearch",
                                                 config="english"))
    if filters.confirmed == "yes":
        qs = qs.filter(confirmed_condition())
    elif filters.confirmed == "no":
        qs = qs.exclude(confirmed_condition())
    return qs.order_by(F("date").desc(nulls_last=True), "-id")


def _after(qs: QuerySet[Meeting], cursor: Cursor) -> QuerySet[Meeting]:
    if cursor.date is None:
        return qs.filter(date__isnull=True, id__lt=cursor.id)
    return qs.filter(Q(date__lt=cursor.date) | Q(date=cursor.date, id__lt=cursor.id)
                     | Q(date__isnull=True))


def with_cards(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What a meeting card shows: participants (with officials) and topics."""
    return qs.prefetch_related(
        Prefetch("participations",
                 queryset=Participation.objects.select_related("official").order_by("id")),
        Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
    )


def meeting_list(*, filters: MeetingFilters, cursor: str = "", page_size: int = PAGE_SIZE,
                 facets: bool = True) -> MeetingPage:
    """One page of meetings, the capped total, and the facets for the filter."""
    qs = filtered_meetings(filters=filters)
    position = Cursor.decode(cursor) if cursor else None
    if filters.matches_nothing:
        return MeetingPage(meetings=[], total=0, total_capped=False, next_cursor=None)
    # The ids of the most recent matches, fetched once: they give the first page, the
    # total when it is small, and the sample the facets count over.
    head = list(qs.values_list("id", flat=True)[:FACET_SAMPLE])
    if len(head) < FACET_SAMPLE:
        total = len(head)
    else:
        total = qs.order_by()[: COUNT_CAP + 1].count()
    if position is None:
        wanted = head[: page_size + 1]
        found = {m.pk: m for m in with_cards(Meeting.objects.filter(pk__in=wanted))}
        meetings = [found[pk] for pk in wanted if pk in found]
    else:
        meetings = list(with_cards(_after(qs, position))[: page_size + 1])
    has_more = len(meetings) > page_size
    meetings = meetings[:page_size]
    shown = (position.shown if position else 0) + len(meetings)
    next_cursor = (Cursor(meetings[-1].date, meetings[-1].id, shown).encode()
                   if has_more and meetings else None)
    page = MeetingPage(meetings=meetings, total=min(total, COUNT_CAP),
                       total_capped=total > COUNT_CAP, next_cursor=next_cursor,
                       first_number=(position.shown if position else 0) + 1)
    if facets and head:
        page.facets = meeting_facets(ids=head)
        page.facets_sampled = total > FACET_SAMPLE
    return page


# The facets' four counts in one statement: one round trip instead of four, the ids sent
# once as an array. Measured on 100,000 demo meetings (the home page's 250 ids), 200
# calls each on the 2-CPU dev machine while other jobs ran: four ORM queries 42.4 ms,
# this statement 24.3 ms (medians), the same facets.
FACETS_SQL = """
SELECT 'kind', m.kind, (m.from_record OR EXISTS (
           SELECT 1 FROM meetings_confirmation c WHERE c.meeting_id = m.id))::text, count(*)
  FROM meetings_meeting m WHERE m.id = ANY(%(ids)s) GROUP BY 2, 3
UNION ALL (
SELECT 'topic', t.slug, t.name, count(*)
  FROM meetings_meetingtopic mt JOIN meetings_topic t ON t.id = mt.topic_id
 WHERE mt.meeting_id = ANY(%(ids)s)
 GROUP BY t.slug, t.name ORDER BY count(*) DESC, t.name LIMIT %(size)s)
UNION ALL (
SELECT 'person', o.slug, o.name, count(*)
  FROM meetings_participation p JOIN meetings_official o ON o.id = p.official_id
 WHERE p.meeting_id = ANY(%(ids)s)
 GROUP BY o.slug, o.name ORDER BY count(*) DESC, o.name LIMIT %(size)s)
UNION ALL (
SELECT 'country', code, '', count(*)
  FROM meetings_meeting m, unnest(m.country_codes) AS code
 WHERE m.id = ANY(%(ids)s) GROUP BY code ORDER BY count(*) DESC, code LIMIT %(size)s)
"""


def meeting_facets(*, ids: list[int]) -> dict[str, list[dict]]:
    """Counts of kinds, confirmation, topics, officials and countries among these meetings."""
    kinds = dict(MeetingKind.choices)
    with _read_connection().cursor() as cursor:
        cursor.execute(FACETS_SQL, {"ids": ids, "size": FACET_SIZE})
        rows = cursor.fetchall()
    by_kind: dict[str, int] = {}
    by_confirmation = {"true": 0, "false": 0}
    facets: dict[str, list[dict]] = {"kind": [], "confirmed": [], "topic": [], "person": [],
                                     "country": []}
    for facet, value, extra, n in rows:
        if facet == "kind":
            by_kind[value] = by_kind.get(value, 0) + n
            by_confirmation[extra] += n
        else:
            label = country_name(value) if facet == "country" else extra
            facets[facet].append({"value": value, "label": label, "count": n})
    # UNION ALL keeps no order: each facet is sorted here as its own query sorted it.
    facets["topic"].sort(key=lambda r: (-r["count"], r["label"]))
    facets["person"].sort(key=lambda r: (-r["count"], r["label"]))
    facets["country"].sort(key=lambda r: (-r["count"], r["value"]))
    facets["kind"] = [{"value": kind, "label": kinds.get(kind, kind), "count": n}
                      for kind, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))]
    facets["confirmed"] = [{"value": value, "label": label, "count": by_confirmation[flag]}
                           for value, label, flag in (("yes", "Confirmed", "true"),
                                                      ("no", "Not confirmed", "false"))
                           if by_confirmation[flag]]
    return facets


def meetings_for_export(*, filters: MeetingFilters, limit: int = 100_000) -> Iterator[Meeting]:
    """Streamed in chunks for CSV/JSON export."""
    qs = with_cards(filtered_meetings(filters=filters))[:limit]
    return qs.iterator(chunk_size=500)


def meetings_for_feed(*, filters: MeetingFilters, limit: int = 50) -> list[Meeting]:
    """Newest meetings first by when we learned of them, for the Atom feed."""
    qs = filtered_meetings(filters=filters).order_by("-created_at", "-id")
    return list(with_cards(qs)[:limit])


# --------------------------------------------------------------------------- detail pages


def meeting_detail(*, pk: int) -> Meeting:
    """One meeting with everything its page shows."""
    return (
        with_cards(Meeting.objects.all())
        .prefetch_related(
            Prefetch("sources", queryset=MeetingSource.objects.select_related("article")
                     .order_by("article__published_on", "id")),
            Prefetch("statements", queryset=Statement.objects.select_related("speaker")
                     .order_by("article_id", "evidence_start")),
            Prefetch("record_sources", queryset=RecordSource.objects.order_by("record_id")),
            Prefetch("confirmations", queryset=Confirmation.objects.select_related("record")
                     .prefetch_related("record__record_sources")),
            Prefetch("confirms", queryset=Confirmation.objects.select_related("meeting")),
        )
        .get(pk=pk)
    )


def related_meetings(*, meeting: Meeting, limit: int = 10) -> list[Meeting]:
    """Other meetings of the same participants, newest first."""
    official_ids = [p.official_id for p in meeting.participations.all()]
    if not official_ids:
        return []
    ids = (Participation.objects.filter(official_id__in=official_ids)
           .exclude(meeting_id=meeting.pk).values("meeting_id"))
    qs = Meeting.objects.filter(pk__in=ids).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def official_detail(*, slug: str) -> Official:
    return Official.objects.prefetch_related(
        Prefetch("aliases", queryset=OfficialAlias.objects.filter(rejected=False))
    ).get(slug=slug)


def official_titles(*, official: Official) -> list[str]:
    """Titles the official held, as sources gave them (most frequent first)."""
    rows = (Participation.objects.filter(official=official).exclude(title="")
            .values("title").annotate(n=Count("id")).order_by("-n", "title")[:6])
    titles = [r["title"] for r in rows]
    if official.title and official.title not in titles:
        titles.insert(0, official.title)
    return titles


def official_meetings(*, official: Official, limit: int = 30) -> list[Meeting]:
    qs = Meeting.objects.with_official(official).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def monthly_counts(*, qs: QuerySet[Meeting]) -> list[tuple[dt.date, int]]:
    """Meetings per month, for the server-side bar chart."""
    rows = (qs.filter(date__isnull=False).order_by().annotate(month=TruncMonth("date"))
            .values("month").annotate(n=Count("id")).order_by("month"))
    return [(r["month"], r["n"]) for r in rows]


def official_counterparts(*, official: Official, limit: int = 40) -> list[dict]:
    """The officials met most often, with counts, their country and organisation."""
    meetings = Participation.objects.filter(official=official).values("meeting_id")
    return list(
        Participation.objects.filter(meeting_id__in=meetings).exclude(official=official)
        .values("official__slug", "official__name", "official__country",
                "official__organization")
        .annotate(n=Count("meeting_id", distinct=True)).order_by("-n", "official__name")[:limit]
    )


def same_side(official: Official, other: dict) -> bool:
    """Whether a counterpart row is a colleague: the same government, or for an official of
    an international organisation (no country), the same organisation."""
    if official.country:
        return other.get("official__country") == official.country
    organization = (official.organization or "").strip().casefold()
    return bool(organization) and \
        (other.get("official__organization") or "").strip().casefold() == organization


def split_counterparts(*, official: Official, rows: list[dict],
                       limit: int = 10) -> tuple[list[dict], list[dict]]:
    """(counterparts from other countries or organisations, people who travelled with them)."""
    others = [r for r in rows if not same_side(official, r)]
    colleagues = [r for r in rows if same_side(official, r)]
    return others[:limit], colleagues[:limit]


def official_topics(*, official: Official, limit: int = 10) -> list[dict]:
    meetings = Participation.objects.filter(official=official).values("meeting_id")
    return list(MeetingTopic.objects.filter(meeting_id__in=meetings)
                .values("topic__slug", "topic__name").annotate(n=Count("id"))
                .order_by("-n", "topic__name")[:limit])


def official_statements(*, official: Official, limit: int = 20) -> list[Statement]:
    return list(Statement.objects.filter(speaker=official).select_related("article", "meeting")
                .order_by("-article__published_on", "-id")[:limit])


# The official page's aggregates are read live, each over at most this many of the
# official's latest meetings: a busy official's page costs what anyone's does, and an
# edit (a merge, a rename, a new meeting) shows at once.
STATS_MEETINGS = 5_000


@dataclass(frozen=True)
class OfficialStats:
    """The official page's aggregates."""

    months: list  # [["2024-01-01", 3], ...]
    counterparts: list
    topics: list
    titles: list


def official_stats(*, official: Official) -> OfficialStats:
    """The official page's aggregates, capped at the latest STATS_MEETINGS meetings."""
    latest = (Participation.objects.filter(official=official)
              .order_by(F("meeting__date").desc(nulls_last=True), "-meeting_id")
              .values("meeting_id")[:STATS_MEETINGS])
    return OfficialStats(
        months=[[month.isoformat(), n] for month, n in
                monthly_counts(qs=Meeting.objects.filter(pk__in=latest))],
        counterparts=list(
            Participation.objects.filter(meeting_id__in=latest).exclude(official=official)
            .values("official__slug", "official__name", "official__country")
            .annotate(n=Count("meeting_id", distinct=True)).order_by("-n", "official__name")[:10]),
        topics=list(MeetingTopic.objects.filter(meeting_id__in=latest)
                    .values("topic__slug", "topic__name").annotate(n=Count("id"))
                    .order_by("-n", "topic__name")[:10]),
        titles=official_titles(official=official),
    )


def topic_detail(*, slug: str) -> Topic:
    return Topic.objects.select_related("parent").get(slug=slug)


def meetings_about(*, topic_ids: tuple[int, ...]) -> QuerySet[Meeting]:
    """Meetings linked to any of these topics (a topic and its narrower ones)."""
    return Meeting.objects.filter(
        pk__in=MeetingTopic.objects.filter(topic_id__in=topic_ids).values("meeting_id"))


def topic_meetings(*, topic_ids: tuple[int, ...], limit: int = 20) -> list[Meeting]:
    qs = meetings_about(topic_ids=topic_ids).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def topic_sample_ids(*, topic_ids: tuple[int, ...], limit: int = FACET_SAMPLE) -> list[int]:
    """The most recent meetings of a topic (and its narrower ones), for its rankings."""
    qs = meetings_about(topic_ids=topic_ids).order_by(F("date").desc(nulls_last=True), "-id")
    return list(qs.values_list("id", flat=True)[:limit])


def topic_officials(*, ids: list[int], limit: int = 10) -> list[dict]:
    """The officials most often in these meetings."""
    return list(Participation.objects.filter(meeting_id__in=ids)
                .values("official__slug", "official__name")
                .annotate(n=Count("id")).order_by("-n", "official__name")[:limit])


def topic_countries(*, ids: list[int], limit: int = 10) -> list[dict]:
    """The countries most often in these meetings."""
    with _read_connection().cursor() as cursor:
        cursor.execute(
            """SELECT code, count(*) AS n FROM meetings_meeting m, unnest(m.country_codes) code
               WHERE m.id = ANY(%s) GROUP BY code ORDER BY n DESC, code LIMIT %s""",
            [ids, limit],
        )
        return [{"code": code, "name": country_name(code), "n": n}
                for code, n in cursor.fetchall()]


def country_meetings(*, code: str, limit: int = 20) -> list[Meeting]:
    """Meetings in or with a country, newest first."""
    qs = Meeting.objects.involving_country(code).order_by(F("date").desc(nulls_last=True), "-id")
    return list(with_cards(qs)[:limit])


def country_sample_ids(*, code: str, limit: int = FACET_SAMPLE) -> list[int]:
    qs = Meeting.objects.involving_country(code).order_by(F("date").desc(nulls_last=True), "-id")
    return list(qs.values_list("id", flat=True)[:limit])


def country_officials(*, code: str, ids: list[int], limit: int = 10) -> list[dict]:
    """The country's own officials most often in these meetings."""
    return list(Participation.objects.filter(meeting_id__in=ids, official__country=code)
                .values("official__slug", "official__name", "official__title")
                .annotate(n=Count("id")).order_by("-n", "official__name")[:limit])


def country_partners(*, code: str, ids: list[int], limit: int = 10) -> list[dict]:
    """Other countries most often in these meetings."""
    with _read_connection().cursor() as cursor:
        cursor.execute(
            """SELECT other, count(*) AS n FROM meetings_meeting m,
                      unnest(m.country_codes) AS other
               WHERE m.id = ANY(%s) AND other <> %s
               GROUP BY other ORDER BY n DESC, other LIMIT %s""",
            [ids, code, limit],
        )
        return [{"code": other, "name": country_name(other), "n": n}
                for other, n in cursor.fetchall()]


def article_detail(*, pk: int) -> Article:
    return Article.objects.prefetch_related(
        Prefetch("mentions", queryset=OfficialMention.objects.select_related("official")),
        Prefetch("meeting_sources", queryset=MeetingSource.objects.select_related("meeting")),
        Prefetch("statements", queryset=Statement.objects.select_related("speaker")),
        "topic_links__topic", "copies",
    ).get(pk=pk)


# --------------------------------------------------------------------------- who met whom

NETWORK_SAMPLE = 1_000


def network_counts(*, filters: MeetingFilters, nodes: str,
                   sample: int = NETWORK_SAMPLE) -> tuple[int, dict, dict]:
    """Who met whom among the ``sample`` most recent matches: (meetings counted, meetings per
    node, meetings per pair of nodes). Nodes are officials (by id) or countries (codes)."""
    ids = list(filtered_meetings(filters=filters).values_list("id", flat=True)[:sample])
    if not ids:
        return 0, {}, {}
    if nodes == "countries":
        node_sql = """SELECT code, count(*) FROM meetings_meeting m, unnest(m.country_codes) code
                      WHERE m.id = ANY(%s) GROUP BY code"""
        pair_sql = """SELECT a, b, count(*) FROM meetings_meeting m,
                             unnest(m.country_codes) a, unnest(m.country_codes) b
                      WHERE m.id = ANY(%s) AND a < b GROUP BY a, b"""
    else:
        node_sql = """SELECT official_id, count(*) FROM meetings_participation
                      WHERE meeting_id = ANY(%s) GROUP BY official_id"""
        pair_sql = """SELECT p.official_id, q.official_id, count(*)
                      FROM meetings_participation p JOIN meetings_participation q
                        ON q.meeting_id = p.meeting_id AND p.official_id < q.official_id
                      WHERE p.meeting_id = ANY(%s) GROUP BY 1, 2"""
    with _read_connection().cursor() as cursor:
        cursor.execute(node_sql, [ids])
        counts = dict(cursor.fetchall())
        cursor.execute(pair_sql, [ids])
        pairs = {(a, b): n for a, b, n in cursor.fetchall()}
    return len(ids), counts, pairs


def officials_by_id(*, ids: list[int]) -> dict[int, Official]:
    return {o.pk: o for o in Official.objects.filter(pk__in=ids)
            .only("name", "slug", "country", "organization", "title")}
