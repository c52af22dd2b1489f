"""Synthetic demo data at any size: officials, meetings, statements and articles.

Used by ``manage.py generate_demo_data`` and by ``bench/pages.py``. Everything it creates
is marked so that real data is never touched: demo articles have ``source = "demo"`` and
an ``origin`` starting with ``"demo:"``, demo officials a slug starting with ``"demo-"``,
and demo meetings are the meetings whose sources are all demo articles.

Rows are written with COPY (psycopg 3) inside one transaction, with ids reserved from the
tables' sequences beforehand, so 100,000 meetings take a minute or two instead of hours.
The search vectors are then filled by one set-based UPDATE per table
(``persist.refresh_search``). The same seed gives the same data (apart from ids and
timestamps).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import io
import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.countries import name_of
from meetings.models import (
    Article,
    ArticleTopic,
    Meeting,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    Statement,
    Topic,
)
from meetings.runs import RunReport
from meetings.text import normalize_name

__all__ = ["DEMO_SOURCE", "clear", "demo_articles", "demo_meetings", "demo_report",
           "demo_officials", "generate", "FILLER_WORDS"]

DEMO_SOURCE = "demo"
DEMO_ORIGIN = "demo:"
DEMO_SLUG = "demo-"
PIPELINE = "demo"
MAX_OFFICIALS = 20_000
FIRST_DAY = dt.date(2006, 1, 1)
DAYS = 20 * 365

# ~80 countries with a capital, in rough order of how often they appear in the news:
# the weight of the n-th is 1/n**0.9.
COUNTRIES = [
    ("US", "Washington"), ("CN", "Beijing"), ("RU", "Moscow"), ("GB", "London"),
    ("FR", "Paris"), ("DE", "Berlin"), ("JP", "Tokyo"), ("IN", "New Delhi"),
    ("UA", "Kyiv"), ("KR", "Seoul"), ("TR", "Ankara"), ("IR", "Tehran"),
    ("IL", "Jerusalem"), ("SA", "Riyadh"), ("BR", "Brasilia"), ("CA", "Ottawa"),
    ("AU", "Canberra"), ("IT", "Rome"), ("PK", "Islamabad"), ("EG", "Cairo"),
    ("TW", "Taipei"), ("KP", "Pyongyang"), ("MX", "Mexico City"), ("ID", "Jakarta"),
    ("ZA", "Pretoria"), ("ES", "Madrid"), ("PL", "Warsaw"), ("QA", "Doha"),
    ("AE", "Abu Dhabi"), ("VN", "Hanoi"), ("PH", "Manila"), ("NG", "Abuja"),
    ("AF", "Kabul"), ("SY", "Damascus"), ("IQ", "Baghdad"), ("JO", "Amman"),
    ("NL", "The Hague"), ("BE", "Brussels"), ("SE", "Stockholm"), ("NO", "Oslo"),
    ("FI", "Helsinki"), ("DK", "Copenhagen"), ("CH", "Bern"), ("AT", "Vienna"),
    ("GR", "Athens"), ("HU", "Budapest"), ("CZ", "Prague"), ("RO", "Bucharest"),
    ("SG", "Singapore"), ("MY", "Kuala Lumpur"), ("TH", "Bangkok"), ("BD", "Dhaka"),
    ("LK", "Colombo"), ("NP", "Kathmandu"), ("MN", "Ulaanbaatar"), ("KZ", "Astana"),
    ("UZ", "Tashkent"), ("AZ", "Baku"), ("AM", "Yerevan"), ("GE", "Tbilisi"),
    ("BY", "Minsk"), ("RS", "Belgrade"), ("AR", "Buenos Aires"), ("CL", "Santiago"),
    ("CO", "Bogota"), ("PE", "Lima"), ("VE", "Caracas"), ("CU", "Havana"),
    ("ET", "Addis Ababa"), ("KE", "Nairobi"), ("DZ", "Algiers"), ("MA", "Rabat"),
    ("LB", "Beirut"), ("OM", "Muscat"), ("KW", "Kuwait City"), ("LY", "Tripoli"),
    ("SD", "Khartoum"), ("NZ", "Wellington"), ("IE", "Dublin"), ("PT", "Lisbon"),
]

# (title, organization, weight); the most frequent officials hold the senior offices.
SENIOR_TITLES = [
    ("President", "Office of the President"),
    ("Prime Minister", "Office of the Prime Minister"),
    ("Foreign Minister", "Ministry of Foreign Affairs"),
]
TITLES = [
    ("Foreign Minister", "Ministry of Foreign Affairs", 3),
    ("Deputy Foreign Minister", "Ministry of Foreign Affairs", 4),
    ("Defence Minister", "Ministry of Defence", 2),
    ("Trade Minister", "Ministry of Trade", 2),
    ("Finance Minister", "Ministry of Finance", 2),
    ("Energy Minister", "Ministry of Energy", 1),
    ("National Security Adviser", "National Security Council", 1),
    ("Ambassador", "Ministry of Foreign Affairs", 5),
    ("Special Envoy", "Ministry of Foreign Affairs", 2),
    ("Vice President", "Office of the President", 1),
    ("Chief of Staff", "Office of the President", 1),
    ("Director of Policy Planning", "Ministry of Foreign Affairs", 1),
]

FIRST_NAMES = """Amara Anton Ayesha Boris Camila Chen Daniel Darya Elena Emeka Farid Fatima
Gabriel Hana Hiroshi Ingrid Ivan Jamal Jin Jorge Kamala Karim Katarzyna Kofi Lars Leila
Lucia Malik Maria Mateo Mei Mikhail Nadia Naveen Nikos Olga Omar Pablo Priya Rashid Rosa
Sakura Samir Sergei Sofia Tariq Thomas Usha Viktor Wei Yara Yusuf Zainab Zoltan Anders
Beatriz Claire Dmitri Esther Felipe Greta Hassan Irina Javier Kenji Lina Marco Nour Oscar
Paulo Qiang Rania Stefan Tomas Valeria Walter Xiu Yannick Zhou""".split()
SYLLABLES = """ka lo ren mi sa to vi na ro de li an be chu dra el fo gu ha ib jo ku la mo nu
or pa qui ra si ta ul va wen xa yo zu bar cel dor fen gar hol ivo kas lem mar nor pet
rus sol tev urs vol wat yen zor""".split()
SURNAME_ENDINGS = ["", "", "", "ov", "ez", "son", "i", "a", "sky", "ani", "berg", "o", "en"]

# Words for the filler sentences: something for free-text search to find.
FILLER_WORDS = """fisheries semiconductors grain pipelines vaccines shipping minerals refugees
satellites fertiliser railways ports hydropower lithium cybersecurity drones wheat tourism
visas students pensions aviation tunnels desalination forests rivers glaciers coal solar
wind nuclear uranium copper cobalt rice coffee cotton textiles steel aluminium cement
diamonds gold oil gas LNG hydrogen batteries telecoms cables broadband archives museums
heritage football olympics pilgrims fishermen journalists hostages prisoners landmines
ceasefire monitors peacekeepers airspace borders customs tariffs quotas subsidies loans
bonds currency inflation remittances migrants asylum smuggling piracy narcotics
earthquakes floods droughts wildfires locusts pandemics hospitals universities
scholarships exchanges consulates embassies""".split()

VERBS = ["deepen cooperation on", "resume talks on", "set up a working group on",
         "step up efforts on", "review progress on", "sign an agreement on",
         "exchange views on", "coordinate closely on"]
QUOTES = ["We agreed to deepen our cooperation on {w}",
          "Our countries share an interest in {w} and in {t}",
          "There can be no progress without trust, and {w} is a test of it",
          "We raised our concerns about {t} frankly",
          "This visit opens a new chapter on {w}",
          "We will not accept pressure on {t}",
          "Both sides want results on {w} before the end of the year"]
REPORTERS = ["the foreign ministry", "the State Department", "state media",
             "the presidential office", "officials", "a government spokesperson"]
KIND_WEIGHTS = [("meeting", 50), ("call", 18), ("talks", 10), ("visit", 12),
                ("summit", 5), ("multilateral", 5)]
KIND_VERBS = {"meeting": "met", "call": "spoke by telephone with", "talks": "held talks with",
              "visit": "received", "summit": "met at a summit with",
              "multilateral": "met on the sidelines of a ministerial meeting with"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# A few topics, used only when the taxonomy is not loaded and load_topics cannot run.
FALLBACK_TOPICS = [("Human rights", ["human rights"]), ("Taiwan Strait", ["Taiwan Strait"]),
                   ("Trade and tariffs", ["tariffs", "trade"]),
                   ("Climate change", ["climate change"]),
                   ("Nuclear non-proliferation", ["non-proliferation"]),
                   ("Energy security", ["energy security"]),
                   ("War in Ukraine", ["war in Ukraine"]),
                   ("Migration", ["migration"])]


def demo_report() -> RunReport:
    """An empty report of what generate() or clear() did (rows, and the seconds it took)."""
    return RunReport("{officials} officials, {aliases} aliases, {meetings} meetings, "
                     "{participations} participations, {statements} statements, "
                     "{articles} articles in {seconds:.1f}s")


class DemoDataExists(Exception):
    """Demo data is already there and the caller did not ask to clear it."""


# --------------------------------------------------------------------------- selection


def demo_articles() -> models.QuerySet[Article]:
    return Article.objects.filter(source=DEMO_SOURCE, origin__startswith=DEMO_ORIGIN)


def demo_officials() -> models.QuerySet[Official]:
    return Official.objects.filter(slug__startswith=DEMO_SLUG)


def demo_meetings() -> models.QuerySet[Meeting]:
    """Meetings reported by demo articles and by no other article."""
    real = MeetingSource.objects.exclude(article__in=demo_articles()).values("meeting_id")
    return Meeting.objects.filter(
        pk__in=MeetingSource.objects.filter(article__in=demo_articles()).values("meeting_id")
    ).exclude(pk__in=real)


def clear() -> RunReport:
    """Delete the demo data (and only it), in one transaction."""
    started = time.perf_counter()
    with transaction.atomic():
        report = demo_report()
        report.add("meetings", demo_meetings().count())
        report.add("articles", demo_articles().count())
        report.add("officials", demo_officials().count())
        report.add("aliases", OfficialAlias.objects.filter(official__in=demo_officials()).count())
        report.add("participations",
                   Participation.objects.filter(official__in=demo_officials()).count())
        # Children first, with one DELETE each (tables without dependents take Django's
        # fast path); the ORM's cascade would load every statement to delete it.
        statements = Statement.objects.filter(article__in=demo_articles())
        report.add("statements", statements.count())
        Statement.topics.through.objects.filter(statement__in=statements).delete()
        _delete(statements)
        ids = list(demo_meetings().values_list("pk", flat=True))
        for model in (Participation, MeetingTopic, MeetingSource):
            model.objects.filter(meeting_id__in=ids).delete()
        for model in (ArticleTopic, OfficialMention, MeetingSource):
            model.objects.filter(article__in=demo_articles()).delete()
        OfficialAlias.objects.filter(official__in=demo_officials()).delete()
        # Whatever else points at these rows (tables added later) is handled by the ORM.
        Meeting.objects.filter(pk__in=ids).only("pk").delete()
        demo_articles().only("pk").delete()
        demo_officials().only("pk").delete()
    report.add("seconds", time.perf_counter() - started)
    return report


def _delete(queryset: models.QuerySet) -> None:
    """One DELETE for rows whose dependents are already gone."""
    sql, params = queryset.values("pk").query.sql_with_params()
    table = queryset.model._meta.db_table
    with connection.cursor() as cursor:
        # The table name comes from the model and the subquery from the ORM: no user input.
        cursor.execute(f'DELETE FROM "{table}" WHERE id IN ({sql})', params)  # noqa: S608


# --------------------------------------------------------------------------- generation


def ensure_topics() -> list[Topic]:
    """The topic table, loaded from the taxonomy (or a few fallbacks) when empty."""
    if not Topic.objects.exists():
        try:
            from django.core.management import call_command

            call_command("load_topics", verbosity=0, stdout=io.StringIO())
        except Exception:  # noqa: BLE001 - the loader may be missing or broken: fall back
            Topic.objects.bulk_create(
                [Topic(name=name, slug=slugify(name), aliases=aliases)
                 for name, aliases in FALLBACK_TOPICS], ignore_conflicts=True)
    return list(Topic.objects.order_by("slug"))


def _zipf_cumulative(n: int, s: float) -> list[float]:
    total, cum = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank**s
        cum.append(total)
    return cum


def _pick_distinct(rng: random.Random, cum: list[float], k: int, n: int) -> list[int]:
    """k distinct indexes drawn by weight (bounded attempts, then uniform)."""
    chosen: list[int] = []
    total = cum[-1]
    for _ in range(k * 20):
        i = min(bisect.bisect_left(cum, rng.random() * total), n - 1)
        if i not in chosen:
            chosen.append(i)
            if len(chosen) == k:
                return chosen
    rest = [i for i in range(n) if i not in chosen]
    return chosen + rng.sample(rest, k - len(chosen))


def _surname(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return (word + rng.choice(SURNAME_ENDINGS)).capitalize()


@dataclass
class _Official:
    id: int
    name: str
    slug: str
    country: str
    title: str
    organization: str


def _officials(rng: random.Random, ids: list[int], country_cum: list[float]):
    taken_names: set[str] = set()
    taken_slugs: set[str] = set()
    officials, aliases = [], []
    titles = [(t, o) for t, o, w in TITLES for _ in range(w)]
    senior = max(1, len(ids) // 50)
    for rank, pk in enumerate(ids):
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {_surname(rng)}"
            if name not in taken_names:
                break
        taken_names.add(name)
        slug = base = DEMO_SLUG + slugify(name)
        n = 2
        while slug in taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        taken_slugs.add(slug)
        country = COUNTRIES[bisect.bisect_left(country_cum, rng.random() * country_cum[-1])][0]
        title, organization = rng.choice(SENIOR_TITLES if rank < senior else titles)
        official = _Official(pk, name, slug, country, title, organization)
        officials.append(official)
        if rng.random() < 0.2:  # another spelling or an initial
            first, last = name.split(" ", 1)
            variants = {f"{first[0]}. {last}",
                        f"{first} {last.replace('k', 'c').replace('v', 'w')}"}
            for alias in sorted(variants):
                if normalize_name(alias) != normalize_name(name):
                    aliases.append((pk, alias, normalize_name(alias)))
    return officials, aliases


class _Text:
    """An article body built sentence by sentence, remembering offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, *pieces: str | tuple[int, str]) -> tuple[tuple[int, int], list[tuple]]:
        """Append one sentence; pieces tagged with an official id record where the name is."""
        if self.parts:
            self.parts.append(" ")
            self.pos += 1
        start, names = self.pos, []
        for piece in pieces:
            if isinstance(piece, tuple):
                official_id, piece = piece
                names.append((official_id, self.pos, self.pos + len(piece)))
            self.parts.append(piece)
            self.pos += len(piece)
        return (start, self.pos), names

    def text(self) -> str:
        return "".join(self.parts)



def reserve_ids(cursor, model, n: int) -> list[int]:
    """n fresh primary keys from the model's sequence (the rows are then COPYed)."""
    if n <= 0:
        return []
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))"
                   " FROM generate_series(1, %s)", [model._meta.db_table, n])
    return [row[0] for row in cursor.fetchall()]

def _copy(cursor, model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows into the model's table; fields are model field names."""
    columns = ", ".join(f'"{model._meta.get_field(f).column}"' for f in fields)
    count = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def generate(*, meetings: int = 1000, officials: int | None = None,
             statements: int | None = None, seed: int = 0, replace: bool = False,
             log: Callable[[str], None] = lambda message: None) -> RunReport:
    """Create synthetic demo data in one transaction; refuse if demo data exists unless replace."""
    if officials is None:
        officials = min(MAX_OFFICIALS, max(4, meetings // 5))
    if statements is None:
        statements = 3 * meetings
    if meetings and officials < 4:
        raise ValueError("need at least 4 officials to make meetings")
    if not meetings and statements:
        raise ValueError("statements need meetings")
    rng = random.Random(seed)
    report = demo_report()
    started = last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        log(f"{name}: {now - last:.1f}s")
        last = now

    with transaction.atomic():
        if demo_articles().exists() or demo_officials().exists():
            if not replace:
                raise DemoDataExists("demo data is already there: use --clear to replace it")
            cleared = clear()
            log(f"cleared previous demo data: {cleared.summary()}")
        step("clear")
        topics = ensure_topics()
        with connection.cursor() as django_cursor:
            cursor = django_cursor.connection.cursor()  # the psycopg 3 cursor, for COPY
            official_ids = reserve_ids(django_cursor, Official, officials)
            meeting_ids = reserve_ids(django_cursor, Meeting, meetings)
            article_ids = reserve_ids(django_cursor, Article, meetings)
            statement_ids = reserve_ids(django_cursor, Statement, statements)
            step("reserve ids")
            rows = _build(rng, seed, topics, official_ids, meeting_ids, article_ids, statement_ids)
            step("build rows")
            now = timezone.now()
            report.add("officials", _copy(
                cursor, Official, ["id", "name", "slug", "country", "organization", "title",
                                   "normalized_name", "curated", "created_at", "updated_at"],
                ((o.id, o.name, o.slug, o.country, o.organization, o.title,
                  normalize_name(o.name), False, now, now) for o in rows.officials)))
            report.add("aliases", _copy(
                cursor, OfficialAlias, ["official", "alias", "normalized", "rejected", "curated"],
                (a + (False, False) for a in rows.aliases)))
            report.add("articles", _copy(
                cursor, Article, ["id", "title", "source", "url", "external_id",
                                  "published_on", "body", "sha256", "ingested_at",
                                  "pipeline_version", "origin"],
                (a[:8] + (now,) + a[8:] for a in rows.articles)))
            report.add("meetings", _copy(
                cursor, Meeting, ["id", "kind", "name", "date", "date_precision", "date_phrase",
                                  "end_date", "place", "place_country", "venue", "background",
                                  "from_record", "countries", "country_codes", "summary",
                                  "curated", "created_at", "updated_at"],
                (m + (False, now, now) for m in rows.meetings)))
            report.add("participations", _copy(
                cursor, Participation, ["meeting", "official", "title", "role", "curated"],
                rows.participations))
            _copy(cursor, MeetingTopic, ["meeting", "topic", "curated"], rows.meeting_topics)
            _copy(cursor, MeetingSource, ["meeting", "article", "evidence", "background"],
                  rows.sources)
            _copy(cursor, ArticleTopic, ["article", "topic", "evidence", "curated"],
                  rows.article_topics)
            _copy(cursor, OfficialMention, ["article", "official", "title", "spans", "evidence"],
                  rows.mentions)
            report.add("statements", _copy(
                cursor, Statement, ["id", "article", "text", "text_hash", "direct", "speaker",
                                    "speaker_label", "reported_by", "meeting", "evidence_start",
                                    "evidence_end", "curated"],
                rows.statements))
            through = Statement.topics.through
            _copy(cursor, through, ["statement", "topic"], rows.statement_topics)
            step("copy")
        # Statistics first: without them the planner runs the correlated subqueries of
        # refresh_search as sequential scans of the freshly filled tables.
        analyze()
        step("analyze")
        from meetings.services import derived

        derived.articles_refresh(article_ids=article_ids)
        derived.meetings_refresh(meeting_ids=meeting_ids)
        step("search vectors")
    analyze()
    step("vacuum")
    report.add("seconds", time.perf_counter() - started)
    return report


def analyze() -> None:
    """Fresh planner statistics (and a vacuum when not inside a transaction)."""
    tables = [m._meta.db_table for m in (Official, OfficialAlias, Article, Meeting,
                                         Participation, MeetingTopic, MeetingSource,
                                         ArticleTopic, OfficialMention, Statement)]
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'{verb} "{table}"')


@dataclass
class _Rows:
    officials: list = field(default_factory=list)
    aliases: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    participations: list = field(default_factory=list)
    meeting_topics: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    article_topics: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    statement_topics: list = field(default_factory=list)


def _topic_phrase(topic: Topic) -> str:
    """The topic as a sentence writes it: its alias equal to the name keeps its case."""
    for alias in topic.aliases:
        if alias.casefold() == topic.name.casefold():
            return alias
    return topic.name.lower()


def _of(code: str) -> str:
    """Possessive of a country's name: "China's", "the United States'"."""
    name = name_of(code)
    if name.endswith("s"):
        return f"the {name}'" if " " in name or name.endswith("ines") else f"{name}'"
    return f"{name}'s"


def _build(rng: random.Random, seed: int, topics: list[Topic], official_ids: list[int],
           meeting_ids: list[int], article_ids: list[int], statement_ids: list[int]) -> _Rows:
    rows = _Rows()
    country_cum = _zipf_cumulative(len(COUNTRIES), 0.9)
    capitals = dict(COUNTRIES)
    officials, rows.aliases = _officials(rng, official_ids, country_cum)
    rows.officials = officials
    if not meeting_ids:
        return rows
    official_cum = _zipf_cumulative(len(officials), 0.8)
    topic_cum = _zipf_cumulative(len(topics), 0.7)
    kinds = [k for k, w in KIND_WEIGHTS for _ in range(w)]
    n_meetings, n_statements = len(meeting_ids), len(statement_ids)
    per_meeting = [n_statements // n_meetings] * n_meetings
    for i in rng.sample(range(n_meetings), n_statements % n_meetings):
        per_meeting[i] += 1
    statement_ids = iter(statement_ids)
    for i, (meeting_id, article_id) in enumerate(zip(meeting_ids, article_ids, strict=True)):
        kind = rng.choice(kinds)
        size = rng.choice((3, 3, 4)) if kind == "multilateral" else rng.choice((2, 2, 2, 3))
        people = [officials[j] for j in
                  _pick_distinct(rng, official_cum, min(size, len(officials)), len(officials))]
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        precision, end, phrase = "day", None, f"on {WEEKDAYS[day.weekday()]}"
        if rng.random() < 0.06:
            precision, day = "month", day.replace(day=1)
            end = (day + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            phrase = f"in {day:%B %Y}"
        elif kind == "visit" and rng.random() < 0.4:
            end = day + dt.timedelta(days=rng.randint(1, 3))
        published = (end or day) + dt.timedelta(days=rng.randint(0, 2))
        if kind == "call":
            place = place_country = ""
        else:
            place_country = people[0].country if rng.random() < 0.8 else \
                COUNTRIES[bisect.bisect_left(country_cum, rng.random() * country_cum[-1])][0]
            place = capitals[place_country]
        parties = [rng.choice(COUNTRIES)[0]] if kind == "multilateral" and \
            rng.random() < 0.5 else []
        chosen_topics = [topics[j] for j in sorted(
            _pick_distinct(rng, topic_cum, min(rng.choice((1, 1, 2, 2, 3)), len(topics)),
                           len(topics)))]
        background = rng.random() < 0.04
        reporter = rng.choice(REPORTERS)
        words = rng.sample(FILLER_WORDS, 3)

        text = _Text()
        host, guests = people[0], people[1:]
        guest_pieces: list = []
        for n, guest in enumerate(guests):
            if n:
                guest_pieces.append(" and " if n == len(guests) - 1 else ", ")
            guest_pieces += [f"{_of(guest.country)} {guest.title} ", (guest.id, guest.name)]
        where = f" in {place}" if place else ""
        when = phrase if precision == "month" else f"{phrase}, {day:%B} {day.day}"
        lead, lead_names = text.add(f"{_of(host.country)} {host.title} ", (host.id, host.name),
                                    f" {KIND_VERBS[kind]} ", *guest_pieces,
                                    f"{where} {when}, {reporter} said.")
        topic_words = [_topic_phrase(t) for t in chosen_topics]
        about, _ = text.add("They discussed ", " and ".join(topic_words), ".")
        names = list(lead_names)
        statement_sentences = []
        for _ in range(per_meeting[i]):
            speaker = rng.choice(people)
            word, topic = rng.choice(FILLER_WORDS), rng.choice(topic_words)
            if rng.random() < 0.5:
                said = rng.choice(QUOTES).format(w=word, t=topic)
                span, spoken = text.add('"', said, ',"', " said ", (speaker.id, speaker.name), ".")
                direct = True
            else:
                said = f"the two sides would {rng.choice(VERBS)} {word}"
                span, spoken = text.add((speaker.id, speaker.name), " said ", said, ".")
                direct = False
            names += spoken
            statement_sentences.append((span, said, direct, speaker))
        text.add(f"The talks also touched on {words[0]}, {words[1]} and {words[2]}.")
        # Makes every body (and so its hash) unique.
        text.add(f"(Demo dispatch {seed}-{i}.)")
        body = text.text()

        summary = " – ".join(p.name for p in people)
        summary = f"{summary} ({kind}{', ' + place if place else ''})"
        codes = sorted({*(p.country for p in people), *parties, place_country} - {""})
        title = (f"{host.name} and {guests[0].name} discuss {topic_words[0]}" if kind != "call"
                 else f"{name_of(host.country)} and {name_of(guests[0].country)} leaders speak "
                      f"by phone")
        sha = hashlib.sha256(body.encode()).hexdigest()
        rows.articles.append((article_id, title, DEMO_SOURCE, "", f"demo-{i}", published, body,
                              sha, PIPELINE, f"{DEMO_ORIGIN}{i}"))
        name = f"{place} summit" if kind == "summit" and place else ""
        rows.meetings.append((meeting_id, kind, name, day, precision, phrase, end, place,
                              place_country, "", background, False, parties, codes, summary))
        for n, person in enumerate(people):
            role = "participant"
            if kind == "visit":
                role = "host" if n == 0 else "guest"
            rows.participations.append((meeting_id, person.id, person.title, role, False))
        evidence = json.dumps([list(lead), list(about)])
        rows.sources.append((meeting_id, article_id, evidence, background))
        for topic in chosen_topics:
            rows.meeting_topics.append((meeting_id, topic.id, False))
            rows.article_topics.append((article_id, topic.id, json.dumps([list(about)]), False))
        sentences_of: dict[int, list] = {}
        spans_of: dict[int, list] = {}
        sentence_bounds = [lead] + [s[0] for s in statement_sentences]
        for official_id, start, stop in names:
            spans_of.setdefault(official_id, []).append([start, stop])
            for s in sentence_bounds:
                if s[0] <= start < s[1]:
                    bucket = sentences_of.setdefault(official_id, [])
                    if list(s) not in bucket:
                        bucket.append(list(s))
        for person in people:
            rows.mentions.append((article_id, person.id, person.title,
                                  json.dumps(spans_of.get(person.id, [])),
                                  json.dumps(sentences_of.get(person.id, []))))
        for (start, stop), said, direct, speaker in statement_sentences:
            statement_id = next(statement_ids)
            rows.statements.append((statement_id, article_id, said,
                                    hashlib.sha256(said.encode()).hexdigest(), direct,
                                    speaker.id, "", reporter, meeting_id, start, stop, False))
            rows.statement_topics.append((statement_id, chosen_topics[0].id))
    return rows
