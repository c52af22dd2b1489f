"""Frozen records passed between the ingest steps.

Extraction is a pure function of text: nothing here knows about the database.
Offsets are character offsets into ``ArticleInput.body``. Countries are ISO 3166
alpha-2 codes ("US", "CN"); ``countries.name_of`` turns them into English short
names for output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "week", "month", "year"]
MeetingKind = Literal["meeting", "call", "summit", "talks", "visit", "multilateral"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of the article body."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article as read from a file, before any NLP."""

    title: str
    body: str
    date: dt.date | None = None
    source: str = ""
    url: str = ""
    id: str = ""
    origin: str = ""  # where it came from, for messages: "path/file.jsonl:12"


@dataclass(frozen=True, slots=True)
class DateRef:
    """A resolved date with its precision and the phrase it came from."""

    value: dt.date  # first day of the period for week/month/year precision
    precision: Precision
    phrase: str
    end: dt.date | None = None  # last day of the period, or of a multi-day event


@dataclass(frozen=True, slots=True)
class OfficialRecord:
    """A person named in the article, merged over all their mentions."""

    name: str  # the fullest form of the name in the article: "Antony Blinken"
    title: str = ""  # without nationality or honorific: "Secretary of State"
    organization: str = ""  # "State Department", "Chinese Communist Party"
    country: str = ""  # ISO alpha-2, "" when unknown
    aliases: tuple[str, ...] = ()  # other forms used in the article: "Blinken"
    mentions: tuple[Span, ...] = ()  # each mention's own characters
    evidence: tuple[Span, ...] = ()  # sentences that mention the person


@dataclass(frozen=True, slots=True)
class Participant:
    name: str  # OfficialRecord.name
    title: str = ""  # title held at the time, as the article gives it
    role: Literal["participant", "host", "guest"] = "participant"


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    kind: MeetingKind
    participants: tuple[Participant, ...] = ()
    countries: tuple[str, ...] = ()  # ISO alpha-2; for talks between governments
    name: str | None = None  # named events: "NATO Summit"
    date: DateRef | None = None
    place: str = ""  # "Washington", "San Francisco"
    place_country: str = ""  # ISO alpha-2
    venue: str = ""  # "State Department"
    background: bool = False  # mentioned as background, not reported as news
    topics: tuple[str, ...] = ()  # Topic names from the taxonomy
    evidence: tuple[Span, ...] = ()  # sentences that report the meeting
    planned: bool = False  # announced or expected ("will meet in January"), not yet held


@dataclass(frozen=True, slots=True)
class StatementRecord:
    text: str
    direct: bool  # a direct quote, or reported speech
    speaker: str | None = None  # OfficialRecord.name when a person spoke
    speaker_label: str = ""  # "Taiwan's government", when no person did
    reported_by: str = ""  # "the State Department"
    meeting: int | None = None  # index into Extraction.meetings
    topics: tuple[str, ...] = ()
    evidence: Span = field(default_factory=lambda: Span(0, 0))


@dataclass(frozen=True, slots=True)
class TopicRecord:
    name: str
    evidence: tuple[Span, ...] = ()  # sentences that mention the topic


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    article: ArticleInput
    officials: tuple[OfficialRecord, ...] = ()
    meetings: tuple[MeetingRecord, ...] = ()
    statements: tuple[StatementRecord, ...] = ()
    topics: tuple[TopicRecord, ...] = ()
    not_officials: tuple[str, ...] = ()  # people named who are not officials (credits, bylines)


@dataclass(frozen=True, slots=True)
class KnownOfficial:
    """An official already in the database; feeds the extractor's rules."""

    name: str
    title: str = ""
    organization: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()  # accepted aliases only


@dataclass(frozen=True, slots=True)
class TopicDef:
    """One entry of the topic taxonomy."""

    name: str
    slug: str
    aliases: tuple[str, ...] = ()  # phrases that mean this topic, matched case-insensitively
    parent: str | None = None  # parent topic's slug


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What the database knows that the extractor should use.

    ``rejected`` holds strings a curator said are not people ("Anna Rose Layden",
    or "Blinken" as a place): they are never extracted as that thing again.
    """

    officials: tuple[KnownOfficial, ...] = ()
    rejected_people: frozenset[str] = frozenset()
    topics: tuple[TopicDef, ...] = ()
