"""Articles, officials, meetings, topics and statements, with their QuerySets.

Evidence is kept as character offsets into ``Article.body``: a list of
``[start, end]`` pairs (half-open), one per sentence.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pycountry
from django.contrib.postgres.fields import ArrayField, DateRangeField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify

from meetings.countries import name_of
from meetings.text import normalize_name


@cache
def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 codes with their English short names, sorted by name."""
    return sorted(((c.alpha_2, name_of(c.alpha_2)) for c in pycountry.countries),
                  key=lambda pair: pair[1])


def country_name(code: str) -> str:
    if not code:
        return ""
    return name_of(code) or code


class CountryField(models.CharField):
    """An ISO 3166 alpha-2 code; blank when unknown."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("help_text", "ISO 3166 two-letter country code, e.g. US, CN.")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # Choices are attached to the form only, so the migration does not carry
        # a list of 249 countries that changes with each pycountry release.
        from django import forms

        return forms.TypedChoiceField(
            choices=[("", "—"), *country_choices()], required=not self.blank,
            label=self.verbose_name.capitalize(), help_text=self.help_text,
        )


def evidence_default() -> list:
    return []


class Precision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# --------------------------------------------------------------------------- articles


class ArticleQuerySet(models.QuerySet):
    def published_between(self, start: dt.date | None, end: dt.date | None):
        qs = self
        if start:
            qs = qs.filter(published_on__gte=start)
        if end:
            qs = qs.filter(published_on__lte=end)
        return qs


class Article(models.Model):
    title = models.CharField(max_length=500, help_text="Headline as published.")
    source = models.CharField(max_length=200, blank=True, help_text="Publisher, e.g. Reuters.")
    url = models.URLField(max_length=1000, blank=True)
    external_id = models.CharField(max_length=200, blank=True,
                                   help_text="The id given in the input file, if any.")
    published_on = models.DateField(db_index=True, help_text="Date of publication.")
    body = models.TextField(help_text="Full text; evidence offsets point into it.")
    sha256 = models.CharField(max_length=64, unique=True, editable=False,
                              help_text="SHA-256 of the body: the key for idempotent ingestion.")
    ingested_at = models.DateTimeField(auto_now_add=True)
    pipeline_version = models.CharField(max_length=40, blank=True,
                                        help_text="Extraction rules that produced the records.")
    origin = models.CharField(max_length=1000, blank=True,
                              help_text="The file (and line) it was read from.")
    topics = models.ManyToManyField("Topic", through="ArticleTopic", related_name="articles",
                                    blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Null for rows written around the ORM (the demo's COPY): such articles are never
    # taken for originals of copies.
    copy_bands = ArrayField(models.BigIntegerField(), null=True, default=list, blank=True,
                            editable=False,
                            help_text="MinHash bands of the body: finds near-identical copies.")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [GinIndex(fields=["search_vector"], name="article_search_gin"),
                   # fastupdate off: every article's write searches it (migration 0014).
                   GinIndex(fields=["copy_bands"], name="article_copy_bands",
                            fastupdate=False)]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:article", args=[self.pk])


class QueuedArticle(models.Model):
    """An article read by ``ingest --queue``, waiting for a worker to extract and store it.

    Workers need nothing but this row. Storing it makes an Article (only if it reports
    a meeting, as the embedded ingest does) and deletes this row, in one transaction.
    """

    title = models.CharField(max_length=500)
    source = models.CharField(max_length=200, blank=True)
    url = models.CharField(max_length=1000, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(help_text="Given, or read from the text when queued.")
    body = models.TextField()
    sha256 = models.CharField(max_length=64, unique=True,
                              help_text="SHA-256 of the body: queued once, stored once.")
    origin = models.CharField(max_length=1000, blank=True,
                              help_text="The file (and line) it was read from.")
    queued_at = models.DateTimeField(auto_now_add=True)
    extraction_error = models.TextField(
        blank=True, help_text="Why the last try to extract or store it failed.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.origin})" if self.origin else self.title


class ArticleCopy(models.Model):
    """Another publication of an article's story (syndication, a small update): kept as
    "also published as" instead of a second article with the same meetings and quotes."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="copies")
    title = models.CharField(max_length=500)
    source = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, unique=True, editable=False,
                              help_text="SHA-256 of the copy's body: re-ingesting it is a no-op.")
    similarity = models.FloatField(help_text="Share of word runs the two bodies have in common.")
    origin = models.CharField(max_length=1000, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "published_on", "id"]
        verbose_name_plural = "article copies"

    def __str__(self) -> str:
        return f"{self.title} ({self.source or 'copy'}) of article {self.article_id}"


# --------------------------------------------------------------------------- officials


class OfficialQuerySet(models.QuerySet):
    def curated(self):
        return self.filter(curated=True)

    def from_country(self, code: str):
        return self.filter(country=code)


class Official(models.Model):
    name = models.CharField(max_length=200, help_text="Full name as usually written.")
    slug = models.SlugField(max_length=220, unique=True)
    country = CountryField()
    organization = models.CharField(max_length=300, blank=True,
                                    help_text="Ministry, party or body, e.g. State Department.")
    title = models.CharField(max_length=300, blank=True,
                             help_text="Current title, without nationality or honorifics.")
    normalized_name = models.CharField(max_length=200, editable=False)
    curated = models.BooleanField(default=False,
                                  help_text="Edited by a person: ingestion never overwrites it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["name"], name="official_name_trgm", opclasses=["gin_trgm_ops"]),
            # Looked up by equality, and by similarity for spelling variants (the resolver).
            models.Index(fields=["normalized_name"], name="official_normalized"),
            # fastupdate off: every article's write searches it (migration 0014).
            GinIndex(fields=["normalized_name"], name="official_normalized_trgm",
                     opclasses=["gin_trgm_ops"], fastupdate=False),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        if not self.slug:
            self.slug = unique_slug(Official, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:official", args=[self.slug])

    @property
    def country_name(self) -> str:
        return country_name(self.country)


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 200) -> str:
    base = slugify(text)[:max_length] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


class OfficialAlias(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="aliases",
                                 db_index=False)  # unique_alias_per_official leads with it
    alias = models.CharField(max_length=200, help_text="Another way the name is written.")
    normalized = models.CharField(max_length=200, editable=False)
    rejected = models.BooleanField(
        default=False,
        help_text="This string is NOT this person: the extractor will never link it again.",
    )
    curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["official", "alias"]
        verbose_name_plural = "official aliases"
        constraints = [
            models.UniqueConstraint(fields=["official", "normalized"],
                                    name="unique_alias_per_official"),
        ]
        indexes = [
            GinIndex(fields=["alias"], name="alias_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["normalized"], name="alias_normalized"),
            GinIndex(fields=["normalized"], name="alias_normalized_trgm",
                     opclasses=["gin_trgm_ops"], fastupdate=False),
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.official.name}" + (" (rejected)" if self.rejected else "")

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.alias)
        super().save(*args, **kwargs)


class OfficialRedirect(models.Model):
    """The address of an official merged into another: it leads to the survivor."""

    slug = models.SlugField(max_length=220, unique=True,
                            help_text="The merged official's old slug.")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="redirects",
                                 help_text="The official it now leads to.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.slug} → {self.official.slug}"


class RejectedName(models.Model):
    """A string a curator said is not a person (a photographer, an agency)."""

    name = models.CharField(max_length=200, unique=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- topics


class Topic(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    aliases = ArrayField(models.CharField(max_length=120), default=list, blank=True,
                         help_text="Phrases that mean this topic, matched in article text.")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="children")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:topic", args=[self.slug])


class ArticleTopic(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topic_links",
                                db_index=False)  # unique_article_topic leads with it
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links")
    evidence = models.JSONField(default=evidence_default, blank=True,
                                help_text="[[start, end], ...] of the sentences that mention it.")
    curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="unique_article_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} in {self.article_id}"


# --------------------------------------------------------------------------- meetings


class MeetingKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    SUMMIT = "summit", "Summit"
    TALKS = "talks", "Talks"
    VISIT = "visit", "Visit"
    MULTILATERAL = "multilateral", "Multilateral"


class MeetingQuerySet(models.QuerySet):
    def between(self, start: dt.date | None, end: dt.date | None):
        qs = self
        if start:
            qs = qs.filter(Q(end_date__gte=start) | Q(end_date__isnull=True, date__gte=start))
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def with_official(self, official: Official | int):
        return self.filter(participations__official=official)

    def about(self, topic: Topic | int):
        return self.filter(topic_links__topic=topic)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def involving_country(self, code: str):
        return self.filter(country_codes__contains=[code])

    def news(self):
        return self.filter(background=False)

    def recent(self):
        return self.order_by("-date", "-id")


# A meeting's days as a range, both ends included (its end is its start when unset).
MEETING_PERIOD = models.Func(models.F("date"), Coalesce(models.F("end_date"), models.F("date")),
                             models.Value("[]"), function="daterange",
                             output_field=DateRangeField())


class Meeting(models.Model):
    kind = models.CharField(max_length=20, choices=MeetingKind.choices,
                            default=MeetingKind.MEETING)
    name = models.CharField(max_length=300, blank=True,
                            help_text="For named events only, e.g. 'NATO Summit'.")
    date = models.DateField(null=True, blank=True,
                            help_text="Start date; the first day of the week/month/year when "
                                      "the precision is coarser than a day.")
    date_precision = models.CharField(max_length=10, choices=Precision.choices,
                                      default=Precision.DAY)
    date_phrase = models.CharField(max_length=200, blank=True,
                                   help_text="The words the date came from, e.g. 'on Wednesday'.")
    end_date = models.DateField(null=True, blank=True,
                                help_text="Last day, for multi-day events or coarse precision.")
    place = models.CharField(max_length=200, blank=True, help_text="City or locale.")
    place_country = CountryField(help_text="Country of the place.")
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. State Department.")
    background = models.BooleanField(
        default=False,
        help_text="Mentioned as background in its sources rather than reported as news.",
    )
    from_record = models.BooleanField(
        default=False, help_text="Made from an official record rather than from news.")
    countries = ArrayField(CountryField(), default=list, blank=True,
                           help_text="Governments meeting with no named person (ISO codes).")
    country_codes = ArrayField(models.CharField(max_length=2), default=list, blank=True,
                               editable=False,
                               help_text="All countries involved: parties, participants, place.")
    summary = models.TextField(blank=True, help_text="One line: who met whom, where.")
    officials = models.ManyToManyField(Official, through="Participation", related_name="meetings",
                                       blank=True)
    topics = models.ManyToManyField(Topic, through="MeetingTopic", related_name="meetings",
                                    blank=True)
    articles = models.ManyToManyField(Article, through="MeetingSource", related_name="meetings",
                                      blank=True)
    curated = models.BooleanField(default=False,
                                  help_text="Edited by a person: ingestion never overwrites it.")
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            # Matches the list order (newest first, undated last) for keyset pagination;
            # it serves date ranges too.
            models.Index(models.F("date").desc(nulls_last=True), models.F("id").desc(),
                         name="meeting_date_desc"),
            models.Index(fields=["kind", "-date"], name="meeting_kind_date"),
            GinIndex(fields=["country_codes"], name="meeting_countries_gin"),
            GinIndex(fields=["search_vector"], name="meeting_search_gin"),
            # The days each dated meeting spans, for "which meetings overlap these days"
            # (ingest's merge lookup, persist.meetings_find), which no btree answers:
            # a start before the window's end and an end after its start. (Undated,
            # the range would be unbounded: overlapping everything.)
            GistIndex(MEETING_PERIOD, name="meeting_period", condition=Q(date__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(date__isnull=False, end_date__gte=models.F("date")),
                name="meeting_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.get_kind_display()}: {self.summary or self.name or self.pk} ({when})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def country_list(self) -> list[tuple[str, str]]:
        return [(code, country_name(code)) for code in self.country_codes]


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    HOST = "host", "Host"
    GUEST = "guest", "Guest"


class Participation(models.Model):
    # Indexed by the unique constraint and by participation_official, each leading with one.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations",
                                db_index=False)
    official = models.ForeignKey(Official, on_delete=models.CASCADE, db_index=False,
                                 related_name="participations")
    title = models.CharField(max_length=300, blank=True, help_text="Title held at the time.")
    role = models.CharField(max_length=20, choices=ParticipantRole.choices,
                            default=ParticipantRole.PARTICIPANT)
    curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "official"],
                                    name="unique_participant_per_meeting"),
        ]
        indexes = [models.Index(fields=["official", "meeting"], name="participation_official")]

    def __str__(self) -> str:
        return f"{self.official.name} in meeting {self.meeting_id}"


class MeetingTopic(models.Model):
    # Indexed by unique_meeting_topic and meetingtopic_topic, each leading with one.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="topic_links",
                                db_index=False)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="meeting_links",
                              db_index=False)
    curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "topic"], name="unique_meeting_topic"),
        ]
        indexes = [models.Index(fields=["topic", "meeting"], name="meetingtopic_topic")]

    def __str__(self) -> str:
        return f"{self.topic} at meeting {self.meeting_id}"


class MeetingSource(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sources",
                                db_index=False)  # unique_meeting_source leads with it
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="meeting_sources")
    evidence = models.JSONField(default=evidence_default,
                                help_text="[[start, end], ...] of the sentences reporting it.")
    background = models.BooleanField(default=False,
                                     help_text="This article mentions it only as background.")

    class Meta:
        ordering = ["meeting", "article"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "article"], name="unique_meeting_source"),
        ]

    def __str__(self) -> str:
        return f"meeting {self.meeting_id} from article {self.article_id}"

    def sentences(self) -> list[tuple[int, int, str]]:
        body = self.article.body
        return [(s, e, body[s:e]) for s, e in self.evidence]


class OfficialMention(models.Model):
    """An official named in an article, with the sentences that name them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions",
                                db_index=False)  # unique_mention leads with it
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="mentions")
    title = models.CharField(max_length=300, blank=True, help_text="Title as the article gives it.")
    spans = models.JSONField(default=evidence_default, help_text="[[start, end], ...] of mentions.")
    evidence = models.JSONField(default=evidence_default,
                                help_text="[[start, end], ...] of the sentences.")

    class Meta:
        ordering = ["article", "official"]
        constraints = [
            models.UniqueConstraint(fields=["article", "official"], name="unique_mention"),
        ]

    def __str__(self) -> str:
        return f"{self.official.name} in article {self.article_id}"


# --------------------------------------------------------------------------- statements


class StatementQuerySet(models.QuerySet):
    def by(self, official: Official | int):
        return self.filter(speaker=official)

    def direct(self):
        return self.filter(direct=True)


class Statement(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements",
                                db_index=False)  # unique_statement_per_article leads with it
    text = models.TextField(help_text="What was said, as the article gives it.")
    text_hash = models.CharField(max_length=64, editable=False)
    direct = models.BooleanField(default=False, help_text="A direct quote, not reported speech.")
    speaker = models.ForeignKey(Official, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="statements")
    speaker_label = models.CharField(max_length=200, blank=True,
                                     help_text="Speaker when not a person, e.g. "
                                               "\"Taiwan's government\".")
    reported_by = models.CharField(max_length=200, blank=True,
                                   help_text="Who reported it, e.g. the State Department.")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="statements")
    topics = models.ManyToManyField(Topic, related_name="statements", blank=True)
    also_in = models.ManyToManyField(
        Article, related_name="repeated_statements", blank=True,
        help_text="Other articles reporting the same words by the same speaker at this meeting.")
    evidence_start = models.PositiveIntegerField()
    evidence_end = models.PositiveIntegerField()
    curated = models.BooleanField(default=False)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["article", "evidence_start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "evidence_start", "text_hash"],
                                    name="unique_statement_per_article"),
            models.CheckConstraint(condition=Q(evidence_end__gte=models.F("evidence_start")),
                                   name="statement_evidence_ordered"),
        ]

    def __str__(self) -> str:
        who = self.speaker.name if self.speaker_id else self.speaker_label or "unknown"
        return f"{who}: {self.text[:80]}"

    @property
    def speaker_name(self) -> str:
        return self.speaker.name if self.speaker_id else self.speaker_label


# --------------------------------------------------------------------------- official records


class RecordCollection(models.TextChoices):
    SECRETARY_TRAVELS = "secretary-travels", "Secretary of State trips"
    PRESIDENT_TRAVELS = "president-travels", "President trips"
    VISITS = "visits", "Foreign leaders' visits"


class RecordSource(models.Model):
    """An official record (Office of the Historian) that a meeting comes from."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="record_sources",
                                db_index=False)  # indexed by recordsource_meeting
    collection = models.CharField(max_length=30, choices=RecordCollection.choices)
    file = models.CharField(max_length=200, help_text="File name in the collection.")
    record_id = models.CharField(max_length=50, help_text="The record's id upstream.")
    url = models.URLField(max_length=500, blank=True,
                          help_text="The record's page on history.state.gov.")
    text = models.TextField(blank=True, help_text="The record's remarks or description.")
    traveller = models.CharField(max_length=200, blank=True,
                                 help_text="Traveller or visitor, as the record names them.")

    class Meta:
        ordering = ["collection", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "record_id"],
                                    name="unique_record_source"),
        ]
        indexes = [models.Index(fields=["meeting"], name="recordsource_meeting")]

    def __str__(self) -> str:
        return f"{self.get_collection_display()} #{self.record_id}"


class Confirmation(models.Model):
    """A news meeting that an official record confirms."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="confirmations",
                                db_index=False)  # unique_confirmation leads with it
    record = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="confirms",
                               help_text="The meeting made from the official record.")
    reason = models.CharField(max_length=300, blank=True,
                              help_text="What matched: official, dates, place, counterpart.")
    curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "record"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "record"], name="unique_confirmation"),
        ]

    def __str__(self) -> str:
        return f"meeting {self.meeting_id} confirmed by {self.record_id}"


# --------------------------------------------------------------------------- curation


class Tombstone(models.Model):
    """A record a curator deleted: ingestion must not create it again from the same evidence."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official"
        MEETING = "meeting", "Meeting"
        STATEMENT = "statement", "Statement"
        TOPIC_LINK = "topic", "Topic of an article"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=300, help_text="What identifies it: a normalized name, "
                                                     "or an article hash and evidence offset "
                                                     "(and a text hash or topic id).")
    label = models.CharField(max_length=300, blank=True, help_text="What it was, for people.")
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deleted_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="unique_tombstone"),
        ]

    def __str__(self) -> str:
        return f"deleted {self.kind}: {self.label or self.key}"
