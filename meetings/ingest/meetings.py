"""Meetings: in-person meetings, calls, summits, talks and visits an article reports.

Every trigger word ("met", "a meeting between", "a phone call", "talks") opens a
region of its sentence, up to the next trigger; the people, dates and places in that
region belong to it. Mentions of the same meeting ("Friday's meeting", a caption and
the lede) are then merged into one record per real meeting.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from meetings.ingest import patterns as P
from meetings.ingest.countries import country_code, place_country
from meetings.ingest.dates import resolve_date
from meetings.ingest.doccache import (
    doc_text,
    entities_between,
    positions,
    sent_span,
    sentence_of,
    topics_between,
)
from meetings.ingest.records import (
    DateRef,
    MeetingRecord,
    OfficialRecord,
    Participant,
    Span,
)

# A date this long before the article's is background, whatever the wording.
BACKGROUND_AFTER = dt.timedelta(days=14)

_BACKGROUND_CUES = frozenset(
    {"following", "after", "since", "previous", "last", "earlier", "prior"}
)
_GENERIC_CUES = frozenset(
    {
        "regular",
        "frequent",
        "future",
        "further",
        "more",
        "possible",
        "planned",
        "upcoming",
        "next",
        "many",
        "several",
        "few",
        "press",
        "news",
    }
)
# A trigger noun's own phrase ("the long-awaited high-level Wednesday meeting") is short.
_CHUNK_WIDTH = 12
_REGION_STOPS = frozenset({";", "while", "but", "whereas", "although"})
_GROUP_WORDS = frozenset(
    {"countries", "sides", "nations", "governments", "powers", "capitals", "militaries", "two"}
)
_WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)
_NAMED_EVENT_KINDS = {
    "summit": "summit",
    "ministerial": "multilateral",
    "conference": "multilateral",
    "meeting": "multilateral",
    "meetings": "multilateral",
    "session": "multilateral",
}


@dataclass
class _Mention:
    kind: str
    trigger: int  # token index
    sent: tuple[int, int]  # sentence char span
    participants: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    countries: list[str] = field(default_factory=list)
    date: DateRef | None = None
    scope: tuple[int, int] = (0, 0)  # the text its topics come from
    place: str = ""
    venue: str = ""
    name: str | None = None
    background: bool = False


_TRIGGER_WORDS = frozenset(P.MEETING_VERBS) | frozenset(P.MEETING_NOUNS)


def find_meetings(
    doc: Doc,
    *,
    officials: Sequence[OfficialRecord],
    base_date: dt.date,
    topic_matcher=None,
) -> list[MeetingRecord]:
    """One MeetingRecord per real meeting the article mentions, in order of first mention."""
    people = _PersonIndex(officials)
    triggers = _triggers(doc)
    trigger_at = [t for t, _ in triggers]
    mentions: list[_Mention] = []
    sides = _article_sides(officials)
    for sent in doc.sents:
        lo = bisect.bisect_left(trigger_at, sent.start)
        ts = triggers[lo : bisect.bisect_left(trigger_at, sent.end, lo)]
        if not ts:
            continue
        discusses = _discusses(sent)
        prev_last_person = sent.start
        for k, (ti, kind) in enumerate(ts):
            chunk_start = _chunk_start(doc, ti, sent.start)
            right_end = _chunk_start(doc, ts[k + 1][0], ti + 1) if k + 1 < len(ts) else sent.end
            right_end = _stop_region(doc, ti + 1, right_end)
            left_start = max(prev_last_person, sent.start)
            m = _read_mention(
                doc, sent, ti, kind, chunk_start, left_start, right_end, people, base_date, sides
            )
            if m is None:
                continue
            if not m.participants and not m.countries and not discusses:
                # A bare reference ("Friday's meeting came a day ahead of elections in
                # Taiwan") places the meeting in time; its sentence is not what was discussed.
                m.scope = (m.sent[0], m.sent[0])
            elif len(ts) > 1:
                # Several meetings in one sentence: each gets only its own words' topics.
                last = doc[max(right_end - 1, ti)]
                m.scope = (doc[chunk_start].idx, last.idx + len(last.text))
            else:
                m.scope = m.sent
            mentions.append(m)
            right_people = (
                people.in_range(doc[ti].idx, doc[right_end - 1].idx + 1) if right_end > ti else []
            )
            if right_people:
                prev_last_person = max(
                    p_end_tok for p_end_tok in (_token_at(doc, e) for _, _, e in right_people)
                )
    _add_continuations(doc, mentions)
    meetings = _merge(mentions)
    titles = {o.name: o.title for o in officials}
    out = []
    for mm in meetings:
        if not mm["participants"] and not mm["countries"] and not mm["name"]:
            continue
        evidence = tuple(Span(s, e) for s, e in mm["evidence"])
        topics: tuple[str, ...] = ()
        if topic_matcher is not None:
            topics = tuple(
                dict.fromkeys(
                    name
                    for s, e in mm["scopes"]
                    for name in topics_between(doc, topic_matcher, s, e)
                )
            )
        out.append(
            MeetingRecord(
                kind=mm["kind"],
                participants=tuple(
                    Participant(name=n, title=titles.get(n, ""), role=_role(n, mm["hosts"]))
                    for n in mm["participants"]
                ),
                countries=tuple(mm["countries"]),
                name=mm["name"],
                date=mm["date"],
                place=mm["place"],
                place_country=(place_country(mm["place"]) or country_code(mm["place"]))
                if mm["place"]
                else "",
                venue=mm["venue"],
                background=mm["background"],
                topics=topics,
                evidence=evidence,
            )
        )
    return out


def _role(name: str, hosts: set[str]) -> str:
    if not hosts:
        return "participant"
    return "host" if name in hosts else "guest"


def _token_at(doc: Doc, char: int) -> int:
    tok = doc.char_span(char - 1, char, alignment_mode="expand")
    return tok.end if tok is not None else 0


class _PersonIndex:
    """Official mentions by character offset."""

    def __init__(self, officials: Sequence[OfficialRecord]) -> None:
        items = sorted((s.start, s.end, o.name) for o in officials for s in o.mentions)
        self.starts = [i[0] for i in items]
        self.items = items

    def in_range(self, start: int, end: int) -> list[tuple[str, int, int]]:
        lo = bisect.bisect_left(self.starts, start)
        out = []
        for k in range(lo, len(self.items)):
            s, e, name = self.items[k]
            if s >= end:
                break
            out.append((name, s, e))
        return out

    def backwards(self, start: int, end: int) -> Iterator[tuple[str, int, int]]:
        """Mentions inside [start, end), last first (stop early: no list of them all)."""
        k = bisect.bisect_left(self.starts, end) - 1
        while k >= 0 and self.items[k][0] >= start:
            s, e, name = self.items[k]
            yield name, s, e
            k -= 1


def _triggers(doc: Doc) -> list[tuple[int, str]]:
    """(token index, kind) of the words that report a meeting."""
    out = []
    for i in positions(doc, _TRIGGER_WORDS):
        low = doc[i].lower_
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        prev = doc[i - 1].lower_ if i > 0 else ""
        if prev in _GENERIC_CUES:
            continue  # "regular meetings", "press conference", "future talks"
        if low in ("phone", "telephone", "video"):
            continue  # "phone call": the noun after carries the trigger
        if low == "call" and nxt in ("for", "on", "to") and prev not in ("phone", "a"):
            continue  # "a call for restraint", "call on Beijing to ..."
        if low in ("spoke", "talked") and nxt not in ("with", "by", "to", "over", "on"):
            continue
        kind = P.MEETING_NOUNS.get(low) or P.MEETING_VERBS.get(low)
        if kind is not None:
            out.append((i, kind))
    return out


def _chunk_start(doc: Doc, i: int, floor: int) -> int:
    """Start of the noun phrase a trigger noun ends ("a Wednesday meeting", "Friday's meeting")."""
    j = i
    floor = max(floor, i - _CHUNK_WIDTH)
    while j > floor:
        tok = doc[j - 1]
        low = tok.lower_
        if low in ("a", "an", "the", "their", "his", "her", "its", "this", "that"):
            j -= 1
            break
        if (
            low in ("'s", "’s")
            or low in _WEEKDAYS_MONTHS
            or low
            in (
                "phone",
                "telephone",
                "video",
                "military",
                "long",
                "-",
                "frozen",
                "high",
                "level",
                "bilateral",
                "virtual",
                "in",
                "person",
                "brief",
                "rare",
                "first",
                "second",
            )
        ):
            j -= 1
            continue
        if (tok.is_title or tok.is_upper and tok.is_alpha) and tok.ent_type_ in (
            "DATE",
            "ORG",
            "GPE",
            "NORP",
            "EVENT",
            "",
        ):
            if tok.lower_ in P.DESCRIPTOR_STOPS:
                break
            j -= 1
            continue
        if tok.ent_type_ == "DATE":
            j -= 1
            continue
        break
    return j


def _stop_region(doc: Doc, start: int, end: int) -> int:
    for i in range(start, end):
        tok = doc[i]
        if tok.lower_ in _REGION_STOPS:
            return i
        if tok.lower_ in P.SPEECH_VERBS and tok.lower_ not in (
            "called",
            "told",
            "asked",
            "agreed",
            "welcomed",
        ):
            return i
    return end


def _read_mention(
    doc, sent, ti, kind, chunk_start, left_start, right_end, people, base_date, sides
) -> _Mention | None:
    trig = doc[ti]
    m = _Mention(kind=kind, trigger=ti, sent=sent_span(sent))
    right = people.in_range(
        trig.idx, doc[right_end - 1].idx + len(doc[right_end - 1]) if right_end > ti else trig.idx
    )
    between = any(doc[k].lower_ == "between" for k in range(ti + 1, min(right_end, ti + 8)))
    left: list[tuple[str, int, int]] = []
    if not between and chunk_start > left_start:
        left = _nearest_group(doc, people.backwards(doc[left_start].idx, doc[chunk_start].idx))
    names = [n for n, _, _ in left] + [n for n, _, _ in right]
    m.participants = list(dict.fromkeys(names))
    if trig.lower_ in ("hosted", "hosts", "host", "hosting", "received", "welcomed", "receives"):
        m.hosts = {n for n, _, _ in left}
    # Countries when no person is named: "talks between the U.S. and China",
    # "military talks between the countries".
    if not m.participants:
        # Only the governments the meeting is "between"/"with", or in its own phrase
        # ("U.S.-China talks"); "elections in Taiwan" names no party to it.
        codes = []
        for k in range(ti + 1, right_end):
            if doc[k].lower_ in ("between", "with", "among"):
                for e in entities_between(doc, _COUNTRY_LABELS, k + 1, right_end):
                    c = country_code(e.text)
                    if c:
                        codes.append(c)
                break
        for e in entities_between(doc, _COUNTRY_LABELS, chunk_start, ti):
            if country_code(e.text):
                codes.append(country_code(e.text))
        if not codes and between and any(t.lower_ in _GROUP_WORDS for t in doc[ti + 1 : right_end]):
            codes = list(sides)
        m.countries = list(dict.fromkeys(codes))
    # Named events: "the NATO Summit", "G7 Leaders' Summit".
    if trig.is_title and kind in ("summit", "multilateral", "meeting") and chunk_start < ti:
        name_toks = doc[chunk_start : ti + 1]
        words = [t for t in name_toks if t.lower_ not in ("a", "an", "the")]
        if len(words) > 1 and all(
            t.is_title
            or t.is_upper
            or t.lower_ in ("'s", "’s", "’", "'")
            or t.text == "-"
            or t.like_num
            for t in words
        ):
            m.name = doc[words[0].i : ti + 1].text
            if not m.participants:
                m.kind = _NAMED_EVENT_KINDS.get(trig.lower_, kind)
    # Date: in the trigger's own phrase, else right after it, else just before it.
    cands = _date_candidates(doc, left_start, right_end)
    own = [c for c in cands if chunk_start <= c.start < ti]
    after = [c for c in cands if c.start > ti]
    before = (
        c for c in reversed(cands) if c.end <= chunk_start and not _in_relative_clause(doc, c, ti)
    )
    for group in (own, after, before):
        for c in group:
            ref = _resolve(_date_phrase(doc, c, chunk_start, ti), base=base_date)
            if ref is None:
                ref = _resolve(c.text, base=base_date)
            if ref is not None:
                m.date = ref
                break
        if m.date is not None:
            break
    # Place and venue: "in Washington", "at the State Department", "to Beijing".
    for k in range(ti + 1, right_end - 1 if (m.participants or m.countries) else ti + 1):
        low = doc[k].lower_
        if low not in ("in", "at", "to"):
            continue
        nxt = doc[k + 1]
        j = k + 1 if nxt.lower_ != "the" or nxt.ent_iob_ == "B" else k + 2
        if j >= right_end:
            continue
        tok = doc[j]
        if (
            tok.ent_type_ in ("GPE", "LOC")
            and tok.ent_iob_ == "B"
            and not m.place
            and (low in ("in", "at") or kind == "visit")
        ):
            m.place = _ent_from(doc, j).text
        elif (
            tok.ent_type_ in ("ORG", "FAC") and tok.ent_iob_ == "B" and low == "at" and not m.venue
        ):
            ent = _ent_from(doc, j)
            m.venue = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    if kind == "visit" and not m.place:
        for k in range(ti + 1, min(ti + 4, right_end)):
            if doc[k].ent_type_ == "GPE" and doc[k].ent_iob_ == "B":
                m.place = _ent_from(doc, k).text
                break
    # Background: an earlier meeting recalled ("following a November summit"), or a
    # date well before the article's.
    cue_from = max(sent.start, chunk_start - 2)
    if any(doc[k].lower_ in _BACKGROUND_CUES for k in range(cue_from, chunk_start)):
        m.background = True
    if m.date is not None and (m.date.end or m.date.value) < base_date - BACKGROUND_AFTER:
        m.background = True
    return m


def _in_relative_clause(doc: Doc, c: SpacySpan, ti: int) -> bool:
    """'Baerbock, who arrived on Monday, also met ...': the date is not the meeting's."""
    start = sentence_of(doc, c.start).start
    return _any_between(positions(doc, _RELATIVES), start, c.start) and _any_between(
        positions(doc, _COMMA, "ORTH"), c.end, ti
    )


_RELATIVES = frozenset({"who", "which", "where"})
_COMMA = frozenset({","})
_COUNTRY_LABELS = frozenset({"GPE", "NORP"})


def _any_between(found: list[int], start: int, end: int) -> bool:
    """Whether a sorted list of token indices has one in [start, end)."""
    k = bisect.bisect_left(found, start)
    return k < len(found) and found[k] < end


@functools.lru_cache(maxsize=4096)
def _resolve(phrase: str, *, base: dt.date) -> DateRef | None:
    # Pure in (phrase, base): the same phrases recur in every article of a day.
    return resolve_date(phrase, base=base)


def _date_phrase(doc: Doc, c: SpacySpan, chunk_start: int, ti: int) -> str:
    """The phrase a date came from: "a Wednesday meeting", "on Thursday"."""
    if chunk_start <= c.start < ti:
        return doc[chunk_start : ti + 1].text
    if c.start > 0 and doc[c.start - 1].lower_ in ("on", "in", "late", "early", "last", "since"):
        return doc[c.start - 1 : c.end].text
    return c.text


def _ent_from(doc: Doc, i: int) -> SpacySpan:
    """The entity that starts at token i."""
    j = i + 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    return doc[i:j]


def _nearest_group(
    doc: Doc, left: Iterator[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """The last person before the trigger, with those joined to it by 'and' or commas
    (``left``: the people before the trigger, last first)."""
    last = next(left, None)
    if last is None:
        return []
    group = [last]
    for item in left:
        gap = doc_text(doc)[item[2] : group[0][1]]
        if (
            len(gap) < 80
            and (" and " in f" {gap} " or gap.strip() in (",", ""))
            and not any(w in P.SPEECH_VERBS or w in P.MEETING_VERBS for w in gap.lower().split())
        ):
            group.insert(0, item)
        else:
            break
    return group


def _date_candidates(doc: Doc, start: int, end: int) -> list[SpacySpan]:
    """DATE/TIME entities, and weekday or month words NER missed, in [start, end)."""
    all_dates = doc.user_data.get("diplomacy_dates")
    if all_dates is None:
        all_dates = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
        covered = {i for e in all_dates for i in range(e.start, e.end)}
        for i in positions(doc, _WEEKDAYS_MONTHS):
            if i not in covered and doc[i].is_title:
                all_dates.append(doc[i : i + 1])
        all_dates.sort(key=lambda d: d.start)
        doc.user_data["diplomacy_dates"] = all_dates
        doc.user_data["diplomacy_date_starts"] = [d.start for d in all_dates]
    starts = doc.user_data["diplomacy_date_starts"]
    out = []
    for k in range(bisect.bisect_left(starts, start), len(all_dates)):
        d = all_dates[k]
        if d.start >= end:
            break
        if d.end <= end:
            out.append(d)
    return out


def _article_sides(officials: Sequence[OfficialRecord]) -> list[str]:
    """The two countries most present in the article's officials: its two sides."""
    counts = Counter(o.country for o in officials if o.country)
    return [c for c, _ in counts.most_common(2)] if len(counts) >= 2 else []


def _inflections(verb: str) -> set[str]:
    """A regular English verb and its -s, -ed and -ing forms ("raise" -> "raised")."""
    base = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x")) else verb + "s"
    return {verb, third, base + ("d" if verb.endswith("ee") else "ed"), base + "ing"}


# Words that say what a meeting discussed, in all their forms: the pipeline runs
# without its lemmatizer, which nothing else needs.
_DISCUSSION_WORDS = frozenset().union(*map(_inflections, (
    "discuss", "raise", "talk", "address", "focus", "cover", "agree", "emphasize",
    "emphasise", "reiterate", "stress", "urge", "press", "review", "exchange", "concern",
)), {"focussed", "focussing", "discussion", "discussions", "agenda", "agendas"})


def _discusses(sent: SpacySpan) -> bool:
    """Whether a sentence says what was discussed (its topics belong to the meeting)."""
    return any(t.lower_ in _DISCUSSION_WORDS for t in sent)


def _add_continuations(doc: Doc, mentions: list[_Mention]) -> None:
    """'They also discussed ...' right after a meeting's sentence is more of it."""
    by_sent = {m.sent: m for m in mentions}
    sents = list(doc.sents)
    extra = []
    for i in range(1, len(sents)):
        s = sents[i]
        prev = sent_span(sents[i - 1])
        first = s[0].lower_ if len(s) else ""
        if (
            prev in by_sent
            and sent_span(s) not in by_sent
            and first in ("they", "both", "the")
            and any(
                t.lower_ in ("discussed", "agreed", "talked", "addressed", "reviewed") for t in s
            )
        ):
            if first == "the" and not (len(s) > 2 and s[1].lower_ in ("two", "leaders", "sides")):
                continue
            base = by_sent[prev]
            extra.append(
                _Mention(
                    kind=base.kind,
                    trigger=-1,
                    sent=sent_span(s),
                    participants=list(base.participants),
                    scope=sent_span(s),
                )
            )
            extra[-1].date = base.date
    mentions.extend(extra)
    mentions.sort(key=lambda m: m.sent[0])


def _merge(mentions: list[_Mention]) -> list[dict]:
    meetings: list[dict] = []
    for m in mentions:
        target = None
        for mm in meetings:
            if _same(mm, m):
                target = mm
                break
        if target is None:
            if not m.participants and not m.countries and not m.name:
                continue  # "the meeting" with nothing to tie it to
            meetings.append(
                {
                    "kind": m.kind,
                    "participants": list(m.participants),
                    "hosts": set(m.hosts),
                    "countries": list(m.countries),
                    "name": m.name,
                    "date": m.date,
                    "place": m.place,
                    "venue": m.venue,
                    "background": m.background,
                    "evidence": [m.sent],
                    "scopes": [m.scope],
                }
            )
            continue
        for n in m.participants:
            if n not in target["participants"]:
                target["participants"].append(n)
        target["hosts"] |= m.hosts
        target["date"] = _better_date(target["date"], m.date)
        target["place"] = target["place"] or m.place
        target["venue"] = target["venue"] or m.venue
        target["name"] = target["name"] or m.name
        if target["kind"] == "meeting" and m.kind in ("summit", "talks", "call") and m.participants:
            target["kind"] = m.kind
        if m.sent not in target["evidence"]:
            target["evidence"].append(m.sent)
        if m.scope not in target["scopes"]:
            target["scopes"].append(m.scope)
    for mm in meetings:
        mm["evidence"].sort()
    return meetings


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _better_date(a: DateRef | None, b: DateRef | None) -> DateRef | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _PRECISION_RANK[b.precision] < _PRECISION_RANK[a.precision] else a


def _dates_compatible(a: DateRef | None, b: DateRef | None) -> bool:
    if a is None or b is None:
        return True
    a_end = a.end or a.value
    b_end = b.end or b.value
    return a.value <= b_end and b.value <= a_end


def _same(mm: dict, m: _Mention) -> bool:
    if not _dates_compatible(mm["date"], m.date):
        return False
    mp, p = set(mm["participants"]), set(m.participants)
    if p and mp:
        return (p <= mp or mp <= p) and _kinds_compatible(mm["kind"], m.kind)
    if m.countries or mm["countries"]:
        return (
            bool(m.countries)
            and set(m.countries) == set(mm["countries"])
            and not p
            and mm["kind"] == m.kind
        )
    if m.name and mm["name"]:
        return m.name == mm["name"]
    if not p and not m.countries and not m.name:
        # "Friday's meeting": the meeting of that day, if the article reported one.
        return (
            m.date is not None
            and mm["date"] is not None
            and m.date.precision == "day"
            and mm["date"].precision == "day"
            and _kinds_compatible(mm["kind"], m.kind)
        )
    return False


def _kinds_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    loose = {"meeting", "talks", "visit"}
    return a in loose and b in loose
