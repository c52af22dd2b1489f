"""Meetings: in-person meetings, calls, summits, talks and visits an article reports.

Every trigger word ("met", "a meeting between", "a phone call", "talks") opens a
region of its sentence, up to the next trigger; the people, dates and places in that
region belong to it. Mentions of the same meeting ("Friday's meeting", a caption and
the lede) are then merged into one record per real meeting by ``encounters.py``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from meetings.countries import country_code, place_country
from meetings.ingest import patterns as P
from meetings.ingest.components import DESCRIPTORS
from meetings.ingest.dates import dateline_date, period_holding, resolve_date, weekday_anchors
from meetings.ingest.doccache import (
    doc_text,
    entities_between,
    positions,
    sent_span,
    sentence_of,
    topics_between,
)
from meetings.ingest.encounters import (
    Mention,
    fold_country_records,
    fold_plans_held,
    is_encounter,
    merge_mentions,
    occasion_of,
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
    # Not "earlier": "Earlier, he met ..." on a live page is earlier the same day.
    {"following", "after", "since", "previous", "last", "prior"}
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
# Also relative clauses: "received X, who delivered a letter from King Salman".
# And "since": "the first such visit since King Charles succeeded his mother".
_REGION_STOPS = frozenset(
    {";", "while", "but", "whereas", "although", "who", "whose", "which", "since"}
)
_GROUP_WORDS = frozenset(
    {"countries", "sides", "nations", "governments", "powers", "capitals", "militaries", "two"}
)
_WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)
_RELATIVE_DAYS = frozenset({"today", "yesterday", "tonight"})
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NAMED_EVENT_KINDS = {
    "summit": "summit",
    "ministerial": "multilateral",
    "conference": "multilateral",
    "meeting": "multilateral",
    "meetings": "multilateral",
    "session": "multilateral",
}


# Verbs that report a meeting only with their particle: "sat down with", "conferred with".
_PHRASAL = {"sat": ("down", "meeting"), "conferred": ("with", "meeting"),
            "confer": ("with", "meeting"), "confers": ("with", "meeting")}
_TRIGGER_WORDS = frozenset(P.MEETING_VERBS) | frozenset(P.MEETING_NOUNS) | frozenset(_PHRASAL)
# Words that may stand between "spoke" and its "with": "spoke briefly to", "spoke today with".
_SPOKE_FILLERS = frozenset(
    {"today", "yesterday", "tonight", "again", "also", "separately", "directly", "later",
     "earlier", "first", "last", "briefly"}
) | frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))


def find_meetings(
    doc: Doc,
    *,
    officials: Sequence[OfficialRecord],
    base_date: dt.date,
    topic_matcher=None,
    untitled: Sequence[OfficialRecord] = (),
) -> list[MeetingRecord]:
    """One MeetingRecord per real encounter the article mentions: those it reports, then
    those it recalls as background, each in order of first mention.

    ``untitled``: people the article names without an office ("Xi Jinping" alone).
    They take part in meetings as officials do; the caller makes officials of those who
    do (in diplomatic news, whoever meets an official is one).
    """
    everyone = [*officials, *untitled]
    people = _PersonIndex(everyone)
    triggers = _triggers(doc)
    trigger_at = [t for t, _ in triggers]
    mentions: list[Mention] = []
    sides = _article_sides(officials)
    # Who "he" is: the subject of the latest meeting ("He also met ..."), else the first
    # person of the latest sentence that names one.
    context: dict = {
        "actor": None, "actors": [], "subject": None, "date": None, "planned_date": None
    }
    for sent in doc.sents:
        lo = bisect.bisect_left(trigger_at, sent.start)
        ts = triggers[lo : bisect.bisect_left(trigger_at, sent.end, lo)]
        if ts:
            _sentence_mentions(doc, sent, ts, people, base_date, sides, context, mentions)
        named = people.in_range(sent.start_char, sent.end_char)
        # The person the sentence is about, not its speaker ("Spokesman X said ...").
        named = [
            item
            for item in named
            if not _speaker_between(doc, _token_at(doc, item[2]), sent.end)
        ]
        if named:
            context["subject"] = named[0][0]
    _add_continuations(doc, mentions)
    merged = merge_mentions(mentions, people.countries, sides)
    meetings = fold_country_records(merged, people.countries)
    meetings = fold_plans_held(meetings, base_date)
    titles = {o.name: o.title for o in everyone}
    dateline = dateline_date(doc_text(doc), base=base_date)
    out = []
    for mm in meetings:
        if not is_encounter(mm):
            continue
        if mm["date"] is None and not mm["background"] and not mm["planned"]:
            # Reported with no date of its own: the day of the occasion its two main people
            # were just reported at ("During the working visit, Jokowi and Yaakob ..."),
            # else the day of the dateline, if there is one.
            mm["date"] = occasion_of(mm, meetings) or dateline
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
                planned=mm["planned"],
            )
        )
    # The meetings the article reports (held or announced) before those it recalls as
    # background ("the two last met in 2019"), each group in order of first mention: a
    # caption of an earlier meeting does not put that meeting first.
    return sorted(out, key=lambda m: m.background)


def _sentence_mentions(doc, sent, ts, people, base_date, sides, context, mentions) -> None:
    """Read the meeting mentions of one sentence (``ts``: its triggers) into ``mentions``."""
    discusses = _discusses(sent)
    prev_last_person = sent.start
    for k, (ti, kind) in enumerate(ts):
        chunk_start = _chunk_start(doc, ti, sent.start)
        limit = _chunk_start(doc, ts[k + 1][0], ti + 1) if k + 1 < len(ts) else sent.end
        right_end = _stop_region(doc, ti + 1, limit)
        left_start = max(prev_last_person, sent.start)
        found = _read_mention(
            doc, sent, ti, kind, chunk_start, left_start, right_end, people, base_date, sides,
            context,
        )
        for m in found:
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
        # A trigger read as no mention ("On the sidelines of the summit, Abiy also met
        # ..."): the people after it are left for the next trigger's subject.
        # "During this visit Minister X held talks with Y": after a setting the people
        # before the next trigger are its subject too.
        setting = (
            k + 1 < len(ts)
            and chunk_start > sent.start
            and doc[chunk_start - 1].lower_ in _SETTING_PREPS
        )
        right_people = (
            people.in_range(doc[ti].idx, doc[right_end - 1].idx + 1)
            if right_end > ti and found and not setting
            else []
        )
        if right_people:
            prev_last_person = max(_token_at(doc, e) for _, _, e in right_people)


def _setting_of_clause(doc: Doc, chunk_start: int, ti: int) -> bool:
    """Whether a trigger noun is the setting of its clause: "in a phone call", "at a
    meeting", "during talks" (not a named event: "at the G20 Summit")."""
    # (The chunk may start with the "in" itself: it reads "in-person meeting" too.)
    return (
        not doc[ti].tag_.startswith("VB")
        and chunk_start > 0
        and (
            doc[chunk_start - 1].lower_ in ("in", "at", "during")
            or doc[chunk_start].lower_ == "in" and doc[chunk_start + 1].text != "-"
        )
        and not doc[ti].is_title
    )


def _clause_start(doc: Doc, floor: int, end: int) -> int:
    """Back from ``end`` to the start of its clause: a speech verb, a semicolon or a
    relative word ends the search (the people before them are not in the clause)."""
    k = end
    while k > floor:
        tok = doc[k - 1]
        if tok.lower_ in _SPEAKER_VERBS or tok.text == ";" or tok.lower_ in _RELATIVES:
            break
        k -= 1
    return k


def _speaker_between(doc: Doc, start: int, end: int) -> bool:
    """Whether a speech verb stands between tokens ``start`` and ``end``, with no "he" or
    "she" after it ("X said she will travel to ...": then X is the traveller)."""
    for k in range(start, min(end, start + 4)):
        if doc[k].lower_ in _SPEAKER_VERBS:
            return not any(
                doc[j].lower_ in ("he", "she") for j in range(k + 1, min(end, k + 12))
            )
    return False


_SPEAKER_VERBS = frozenset("said says told announced added stated noted confirmed".split())


def _group_last(doc: Doc, window: int, ti: int) -> bool:
    """Whether the subject right before a trigger is a group ("The Prime Minister's
    Office says the two men spoke"): the group, not the office named before it."""
    for k in range(ti - 1, window - 1, -1):
        low = doc[k].lower_
        if low in _GROUP_SUBJECTS:
            return True
        if low in _PRONOUNS or low in P.TITLE_HEADS:
            return False
    return False


def _said_on_occasion(doc: Doc, start: int, chunk_start: int) -> bool:
    """ "Anwar said after a special meeting with A and B": the speech verb is followed
    by the occasion itself, so the speaker took part in it."""
    for k in range(start, min(chunk_start, start + 4)):
        if doc[k].lower_ in _SPEAKER_VERBS:
            # Not "Kirby said after the conversation": the one already reported, which
            # a spokesman may describe without having been in it.
            return (
                k + 1 < chunk_start
                and doc[k + 1].lower_ in _SETTING_PREPS
                and doc[chunk_start].lower_ not in ("the", "this", "that", "their")
                and all(not doc[j].tag_.startswith("VB") for j in range(k + 2, chunk_start))
            )
    return False


def _said_he(doc: Doc, people: _PersonIndex, window: int, ti: int) -> str | None:
    """The person right before "said he" / "says she" in the words before a trigger."""
    for k in range(max(window, 2), ti):
        if doc[k].lower_ in ("he", "she") and doc[k - 1].lower_ in _SPEAKER_VERBS:
            before = doc[k - 2]
            return people.ending_at(before.idx + len(before.text))
    return None
_TAG_VERBS = frozenset("said says added stated noted explained confirmed announced told".split())


def _reporting_tag(doc: Doc, item: tuple[str, int, int], ti: int, sent_end: int) -> bool:
    """Whether a person after a trigger is the source of the report, not a party:
    a comma, the name, a speech verb, and then only the sentence's end or a comma
    ("..., Kirby said.", "..., Radi added, noting ...", "..., Ngqulunga said in a
    statement."), unlike "After meeting Biden, Xi said on Monday that ..."."""
    _, start, end = item
    k = _token_at(doc, end)
    if k + 1 < sent_end and doc[k].lower_ in ("has", "had"):
        k += 1  # "..., spokesperson Vincent Magwenya has confirmed."
    if k >= sent_end or doc[k].lower_ not in _TAG_VERBS:
        return False
    first = _token_at(doc, start + 1) - 1
    if not any(doc[j].text == "," for j in range(max(ti + 1, first - 6), first)):
        return False
    rest = sent_end - (k + 1)
    return rest <= 5 or doc[k + 1].text == ","
_SETTING_PREPS = frozenset({"during", "after", "following", "before", "ahead", "at"})


def _role(name: str, hosts: set[str]) -> str:
    if not hosts:
        return "participant"
    return "host" if name in hosts else "guest"


def _token_at(doc: Doc, char: int) -> int:
    tok = doc.char_span(char - 1, char, alignment_mode="expand")
    return tok.end if tok is not None else 0


class _PersonIndex:
    """Official mentions by character offset, and each official's country."""

    def __init__(self, officials: Sequence[OfficialRecord]) -> None:
        items = sorted((s.start, s.end, o.name) for o in officials for s in o.mentions)
        self.starts = [i[0] for i in items]
        self.ends = {i[1] for i in items}
        self.items = items
        self.countries = {o.name: o.country for o in officials if o.country}
        self.titles = {
            o.name: set(o.title.lower().replace("-", " ").split()) for o in officials
        }

    def holder(self, office: str, before: int, *, look: int = 200) -> str | None:
        """The person mentioned last before character ``before`` whose title has the
        word ``office`` (among the last ``look`` mentions: bounded work)."""
        k = bisect.bisect_left(self.starts, before) - 1
        stop = max(k - look, -1)
        while k > stop:
            name = self.items[k][2]
            if office in self.titles.get(name, ()):
                return name
            k -= 1
        return None

    def ending_at(self, char: int) -> str | None:
        """The person whose mention ends at character ``char``, if any."""
        if char not in self.ends:
            return None
        return next((name for name, _, e in self.backwards(char - 200, char) if e == char), None)

    def at(self, char: int) -> str | None:
        """The person whose mention starts at character ``char``, if any."""
        k = bisect.bisect_left(self.starts, char)
        return self.items[k][2] if k < len(self.starts) and self.starts[k] == char else None

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
        if low in _PHRASAL:
            particle, kind = _PHRASAL[low]
            if nxt == particle:
                out.append((i, kind))
            continue
        joint = i > 1 and doc[i - 2].lower_ == "joint"
        if low == "conference" and prev in ("press", "news") and joint:
            out.append((i, "meeting"))  # "held a joint press conference with X": together
            continue
        if prev in _GENERIC_CUES:
            continue  # "regular meetings", "press conference", "future talks"
        if low in ("phone", "telephone", "video"):
            continue  # "phone call": the noun after carries the trigger
        if low in ("host", "hosts") and not doc[i].tag_.startswith("VB"):
            continue  # "his Chinese hosts", "the host country": people, not a meeting
        if low == "discussion" and nxt != "with":
            continue  # "the discussion of the budget"; "a bilateral discussion with X" is one
        if low == "dialogue" and nxt not in ("with", "between"):
            continue  # "return to a dialogue", "holding a dialogue on ...": a process
        if low == "call" and nxt in ("for", "on", "to") and prev not in ("phone", "a", "courtesy"):
            continue  # "a call for restraint", "call on Beijing to ..."
        if low in ("called", "calls", "call") and doc[i].tag_.startswith("VB"):
            if nxt in ("on", "upon"):
                if _urges(doc, i + 2):
                    continue  # "called on North Korea to comply"
                out.append((i, "meeting"))  # "called on Prime Minister Modi": a courtesy call
                continue
            if nxt == "for" or _names_as(doc, i + 1):
                continue  # "called for restraint", "Milei called Lula a 'nervous communist'"
        if low == "call" and prev == "courtesy":
            out.append((i, "meeting"))
            continue
        if low in ("spoke", "spoken", "talked"):
            # "spoke briefly to X", "spoke today with X": past the adverbs to the "with".
            j = i + 1
            while j < len(doc) and j - i < 3 and (
                doc[j].lower_ in _SPOKE_FILLERS or doc[j].tag_ == "RB" and doc[j].is_alpha
            ):
                j += 1
            nxt = doc[j].lower_ if j < len(doc) else ""
        if (
            low in ("spoke", "spoken", "talked")
            and nxt not in ("with", "by", "to", "over", "on")
            and prev not in ("last", "had", "have", "also", "two", "they", "both")
        ):
            continue
        kind = P.MEETING_NOUNS.get(low) or P.MEETING_VERBS.get(low)
        if prev in ("phone", "telephone") and kind is not None:
            kind = "call"  # "a phone conversation"
        if kind is not None:
            out.append((i, kind))
    return out


def _urges(doc: Doc, start: int) -> bool:
    """Whether "to" and a verb follow within the clause from ``start``: "called on X
    to comply" (an appeal), not "called on X" (a courtesy call)."""
    for j in range(start, min(len(doc) - 1, start + 12)):
        if doc[j].is_sent_start or doc[j].text in (";", ".") or doc[j].lower_ in ("and", "where"):
            return False
        if doc[j].lower_ == "to" and doc[j + 1].tag_ == "VB":
            return True
    return False


def _names_as(doc: Doc, start: int) -> bool:
    """ "called Lula a 'nervous communist'", "called him a liar": naming, not a call."""
    j = start
    while j < len(doc) and j - start < 4 and (doc[j].tag_ in ("NNP", "PRP") or doc[j].is_title):
        j += 1
    return j > start and j < len(doc) and (
        doc[j].lower_ in ("a", "an") or doc[j].is_quote
    )


def _chunk_start(doc: Doc, i: int, floor: int) -> int:
    """Start of the noun phrase a trigger noun ends ("a Wednesday meeting", "Friday's meeting")."""
    if doc[i].tag_.startswith("VB"):
        return i  # a verb has no noun phrase of its own ("Merkel and Hollande met")
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
    # "bilateral meetings with A, the President of Ghana; B, ...; and C": a list whose
    # items hold commas is cut by semicolons, not ended by them.
    listing = doc[start - 1].lower_ == "meetings" and start < end and doc[start].lower_ == "with"
    for i in range(start, end):
        tok = doc[i]
        if tok.lower_ in _REGION_STOPS and not (listing and tok.text == ";"):
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
    doc, sent, ti, kind, chunk_start, left_start, right_end, people, base_date, sides, context
) -> list[Mention]:
    trig = doc[ti]
    if _is_context(doc, chunk_start, ti):
        return []
    status = _status(doc, sent.start, chunk_start, ti, right_end)
    if status == "not":
        return []
    m = Mention(kind=kind, trigger=ti, sent=sent_span(sent), planned=status == "planned")
    first = doc[sent.start]
    m.remark = first.tag_ in ("VBD", "VBN") and first.is_title
    near = [
        doc[k].lower_
        for k in range(_window(doc, sent.start, chunk_start), min(right_end, ti + 10))
    ]
    m.again = "again" in near or any(
        a in ("second", "another") and b in _REPEATED
        for a, b in zip(near, near[1:], strict=False)
    )
    right = people.in_range(
        trig.idx, doc[right_end - 1].idx + len(doc[right_end - 1]) if right_end > ti else trig.idx
    )
    # "..., Kirby said.", "..., Radi added, noting ...": who reports the meeting.
    right = [r for r in right if not _reporting_tag(doc, r, ti, sent.end)]
    between = any(doc[k].lower_ == "between" for k in range(ti + 1, min(right_end, ti + 8)))
    if between:
        # "Referring to a summit between the leaders of Russia and North Korea in June,
        # Kishida expressed ...": the subject of the main clause after the "between"
        # phrase is no party (a list after the comma is: "between the ministers, A and B").
        comma = next((k for k in range(ti + 1, right_end) if doc[k].text == ","), None)
        if comma is not None:
            right = [
                r for r in right
                if r[1] < doc[comma].idx or not doc[_token_at(doc, r[2])].tag_.startswith("VB")
            ]
    left: list[tuple[str, int, int]] = []
    if not between and chunk_start > left_start:
        left = _nearest_group(
            doc, people.backwards(doc[left_start].idx, doc[chunk_start].idx), doc[chunk_start].idx
        )
        if left and _setting_of_clause(doc, chunk_start, ti):
            # "Trudeau congratulates Trump in a phone call", "Kishida discussed ... with
            # Khurelsukh at a meeting": the meeting is the setting of the whole clause.
            clause = list(people.backwards(doc[_clause_start(doc, left_start, chunk_start)].idx,
                                           doc[chunk_start].idx))
            if 1 < len(clause) <= 3:
                left = clause[::-1]
    if (
        left
        and _speaker_between(doc, _token_at(doc, left[-1][2]), chunk_start)
        and not _said_on_occasion(doc, _token_at(doc, left[-1][2]), chunk_start)
    ):
        # "Spokesman John Kirby said the visit to Kenya would ...": the speaker reports
        # the meeting; he is not a party to it.
        left = []
    window = _window(doc, sent.start, chunk_start)
    words = {doc[k].lower_ for k in range(window, ti)}
    if left:
        context["actor"] = left[0][0]
        context["actors"] = [a for a in context["actors"] if a != left[0][0]][-8:] + [left[0][0]]
        context["unknown_office"] = False
    elif not between and not _group_last(doc, window, ti) and (
        words & _PRONOUNS or "the" in words and words & P.TITLE_HEADS
    ):
        # "He also met ...", "his meeting with ...", "The Turkish president also met":
        # the person the text is about (for an office, the last one who holds it).
        heads = [doc[k].lower_ for k in range(window, ti) if doc[k].lower_ in P.TITLE_HEADS]
        # "Also on Wednesday, the King received": the King who received before, else
        # the last King named.
        actors = [a for a in context["actors"] if heads and heads[0] in people.titles.get(a, ())]
        found = actors[-1] if actors else people.holder(heads[0], trig.idx) if heads else None
        said = _said_he(doc, people, window, ti)
        if said is not None:
            # "Trump said he had a disappointing conversation with Putin": he is Trump.
            found, heads = said, []
        if heads and not found:
            # "The Secretary-General met ..." with no holder named: somebody the text
            # does not name here, not the last person it did; "He" after it is the same.
            context["unknown_office"] = True
        elif not heads and context.get("unknown_office"):
            pass
        else:
            found = found or context["actor"] or context["subject"]
        if found:
            left = [(found, -1, -1)]
    m.group = not left and not between and bool(words & _GROUP_SUBJECTS)
    m.same_people = m.group and bool(words & _SAME_PEOPLE)
    m.track = any(doc[k].lower_ in _TRACKS for k in range(chunk_start, ti))
    m.definite = (
        sent.start < chunk_start < ti
        and not trig.is_title  # "at the G20 Leaders' Summit": an event, not the meeting
        and doc[chunk_start].lower_ in ("the", "this", "their")
        and doc[chunk_start - 1].lower_ in ("during", "at", "in", "after", "following")
    )
    m.joins = bool(words & _JOIN_WORDS) or any(
        doc[k].lower_ in _JOIN_WORDS for k in range(ti + 1, min(right_end, ti + 4))
    )
    groups = _split_objects(doc, right)
    if left and len(right) > 1 and (
        trig.lower_ == "meetings"
        or trig.tag_.startswith("VB") and not m.joins and _separately(doc, sent, ti)
    ):
        # "also had bilateral meetings with A, B and C", "also met A and B. ... In
        # separate meetings with his counterparts, ...": one meeting with each.
        groups = [[r] for r in right]
    names = [n for n, _, _ in left] + [n for n, _, _ in groups[0]]
    m.participants = list(dict.fromkeys(names))
    if trig.lower_ in ("hosted", "hosts", "host", "hosting", "received", "welcomed", "receives"):
        passive = ti + 1 < len(doc) and doc[ti + 1].lower_ == "by"
        # "Al-Thani was received by al-Sisi": the host comes after "by".
        m.hosts = {n for n, _, _ in (right if passive else left)}
    # Parties named by office alone: "He also met Uzbekistan's foreign minister".
    own = {people.countries.get(n) for n in m.participants}
    m.countries = [
        c for c in _unnamed_parties(doc, ti + 1, right_end, people) if c not in own
    ]
    # Countries when no person is named: "talks between the U.S. and China",
    # "military talks between the countries".
    if not m.participants:
        # Only the governments the meeting is "between"/"with", or in its own phrase
        # ("U.S.-China talks"); "elections in Taiwan" or "ties between" further on
        # names no party to it.
        codes = list(m.countries)
        for k in range(ti + 1, min(right_end, ti + 3)):
            if doc[k].lower_ in ("between", "with", "among"):
                for e in entities_between(doc, _COUNTRY_LABELS, k + 1, right_end):
                    c = country_code(e.text)
                    if c:
                        codes.append(c)
                break
        for e in entities_between(doc, _COUNTRY_LABELS, chunk_start, ti):
            if country_code(e.text):
                codes.append(country_code(e.text))
        near = any(doc[k].lower_ == "between" for k in range(ti + 1, min(right_end, ti + 3)))
        if not codes and near and any(t.lower_ in _GROUP_WORDS for t in doc[ti + 1 : right_end]):
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
    # Last, the rest of the sentence: "received a visit from X during the latter's
    # working visit to the palace on Friday".
    # (Not past a relative clause: "the summit which will be held on 10 February".)
    # Nor past "before", "after", "until": "expected before Kishida hosts a G7 summit from
    # May 19" is the day of the summit, not of the meeting.
    rest = [
        c
        for c in (_date_candidates(doc, right_end, sent.end) if m.participants else [])
        if not _any_between(positions(doc, _RELATIVE_STARTS), right_end, c.start)
        and not _any_between(positions(doc, _OTHER_EVENT), ti + 1, c.start)
    ]
    held_before = context["date"]
    for far, group in ((False, own), (False, after), (True, before), (True, rest)):
        for c in group:
            if _historical(doc, c, ti, planned=m.planned):
                continue
            quoted = _quoted_relative_day(doc, c, base_date)
            if quoted is not None:
                m.date = quoted
                break
            if far and m.planned and _of_an_event_now(doc, c, ti):
                # "arrives in Fiji today and will meet ...", "began his visit on Monday,
                # setting the stage for talks": the day of the arrival, not of the talks.
                continue
            ref = _resolve(_date_phrase(doc, c, chunk_start, ti), base=base_date)
            if ref is None:
                ref = _resolve(c.text, base=base_date)
            if ref is not None:
                ref = _anchored(doc, c, ref, base_date)
            if ref is None and held_before is not None and _SAME_DAY.search(c.text.lower()):
                # "Later on the same day, he also met ...": the day just reported.
                ref = replace(held_before, phrase=c.text)
            if ref is not None and far and m.planned and (ref.end or ref.value) < base_date:
                # "received a warm welcome on Friday ahead of talks with Biden": a past
                # day outside the phrase of a meeting still to come is another event's.
                continue
            if ref is not None:
                m.date = ref
                break
        if m.date is not None:
            break
    if m.date is not None and m.date.precision == "day" and m.date.end is None:
        m.date = _stay_of(doc, sent, m.date)
    if (
        m.date is not None
        and not m.planned
        and m.date.value > base_date
        and _THIS_WEEKDAY.search(m.date.phrase.lower())
    ):
        # "had a telephone conversation ... this Sunday", written on a Monday: a meeting
        # reported as held is on the latest such day, not on the coming one.
        weekday = _THIS_WEEKDAY.search(m.date.phrase.lower()).group(1)
        m.date = replace(_resolve(weekday, base=base_date), phrase=m.date.phrase)
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
    before = ti - 1 - (ti - 1 > sent.start and doc[ti - 1].lower_ in _ADVERBS_OF_TIME)
    if chunk_start == ti and before >= sent.start and doc[before].lower_ in ("had", "'d"):
        m.background = True  # "the two had spoken in December", "had earlier spoken"
    clause = {doc[k].lower_ for k in range(window, ti)}
    occasion = context["planned_date"] if m.planned else context["date"]
    if m.date is None and not m.background and (
        "also" in clause or clause & _PRONOUNS and not m.planned
    ):
        # "He also met Plenkovic", "In his meeting with Lavrov, ...": on the occasion
        # just reported ("He will also meet ...": the one just announced).
        m.date = occasion
    if (
        m.date is None
        and not m.background
        and not m.planned
        and doc[sent.start].lower_ == "earlier"
        and sent.start + 1 < len(doc)
        and doc[sent.start + 1].text == ","
    ):
        # "Earlier, he met ...": earlier on the occasion just reported, else earlier the
        # day the article is written (a live page's update).
        m.date = occasion or DateRef(base_date, "day", doc[sent.start].text)
    if (
        m.date is None
        and m.planned
        and not m.background
        and set(m.participants) & context.get("planned_people", set())
    ):
        # "Kerry will travel to Kenya, Nigeria and Saudi Arabia next week ... In Saudi
        # Arabia, Kerry would meet ...": a leg of the trip just announced.
        m.date = context["planned_date"]
    if m.date is not None and m.date.value > base_date:
        m.planned = True
    elif m.planned and m.date is not None and (m.date.end or m.date.value) < base_date:
        # "will meet on Thursday": the coming Thursday; any other past date is not the
        # planned meeting's.
        weekday = next((w for w in _WEEKDAY_NAMES if w in m.date.phrase.lower()), None)
        coming = _resolve(f"next {weekday}", base=base_date) if weekday else None
        m.date = replace(coming, phrase=m.date.phrase) if coming else None
    recalled = m.background
    verb = _verb_of(trig)
    m.tenseless = (
        m.date is None
        and not m.planned
        and not m.background
        and not trig.tag_.startswith("VB")
        and (verb is None or verb.tag_ in ("VBP", "VBZ") and verb.lower_ in _COPULAS)
    )
    if m.date is not None and (m.date.end or m.date.value) < base_date - BACKGROUND_AFTER:
        m.background = True
    if (
        m.participants
        and m.date is not None
        and (not m.background or not recalled and m.date.precision == "day")
    ):
        # The occasion later mentions refer to ("He also met ..."), once the date is
        # settled; a meeting recalled ("following a November summit", "a summit in
        # June") or announced is not the one being reported, but a day reported weeks
        # later (a readout of a trip) still is.
        context["planned_date" if m.planned else "date"] = m.date
        if m.planned:
            context["planned_people"] = set(m.participants)
    out = [m]
    for more in groups[1:]:
        # "met Lavrov and, later, Qin": one meeting per counterpart, each with the subject.
        extra = replace(m, participants=list(dict.fromkeys(
            [n for n, _, _ in left] + [n for n, _, _ in more])), hosts=set(m.hosts))
        out.append(extra)
    return out


# Words before a trigger that say the meeting did not or will not happen, or is only
# wished for: "no bilateral", "did not meet", "denied plans for a summit", "wants talks".
_NOT_CUES = frozenset(
    """
    no not n't never cancel cancels cancelled canceled cancelling postpone postponed postpones
    deny denies denied denying refuse refused refuses reject rejected rejects rule ruled
    want wants wanted wanting hope hopes hoped hoping wish wishes wished seek seeks sought
    seeking urge urges urged urging bring bringing brought ready willing pledge pledged
    pledges vow vowed promise promised aims aim aimed offer offered offers could might
    possibility prospect prospects idea proposal push pushed pushing demand demanded
    whenever
    """.split()
)
# Modals after a trigger that make it a possibility: "a meeting between Putin and Biden
# could be coordinated quickly if necessary".
_MAYBE_AFTER = frozenset({"could", "might"})
# Words after a trigger that undo it: "the summit was cancelled", "called off".
_UNDONE_AFTER = frozenset({"cancelled", "canceled", "postponed", "off", "scrapped"})
# Words before a trigger that make it a planned meeting: "will meet", "is due to visit".
_PLANNED_CUES = frozenset(
    """
    will 'll would shall scheduled expected due plan plans planned planning set upcoming
    next invite invited invites invitation prepare prepares preparing
    """.split()
)
_PREPARES = frozenset({"stage", "way", "ground", "groundwork"})
_CEREMONIES = frozenset(
    {
        "airport",
        "ceremony",
        "arrival",
        "carpet",
        "inauguration",
        "funeral",
        "swearing-in",
    }
)
# Words of an arrival: "welcomed upon arrival", "after touching down", "on landing".
_ARRIVALS = frozenset({"arrival", "landing", "touching"})
_MOTION = frozenset({"came", "went", "travelled", "traveled", "flew", "arrived", "headed"})
# Subjects that stand for people already named: "the two leaders met".
_GROUP_SUBJECTS = frozenset(
    """
    two both they sides leaders presidents ministers secretaries counterparts delegations
    premiers chancellors diplomats envoys officials
    """.split()
)
_PRONOUNS = frozenset({"he", "she", "his", "her"})
_SAME_PEOPLE = frozenset({"two", "both", "they", "pair", "their"})
_TRACKS = frozenset(
    {"military", "trade", "nuclear", "security", "economic", "defense", "defence", "strategic"}
)
# "attended the meeting", "the meeting was also attended by": people added to a meeting.
_JOIN_WORDS = frozenset({"attended", "attending", "joined", "present", "accompanied"})
# Heads of a party named by office alone: "Uzbekistan's foreign minister".
_PARTY_HEADS = frozenset(
    """
    minister president premier leader leaders counterpart counterparts officials delegation
    envoy ambassador king emir chancellor secretary
    """.split()
)
_LATER = frozenset({"later", "then", "separately", "afterwards", "subsequently", "next"})
_CONTEXT_BEFORE = (("sidelines", "of"), ("sideline", "of"), ("margins", "of"), ("margin", "of"))


def _window(doc: Doc, floor: int, start: int, *, width: int = 7) -> int:
    """First token of the clause words just before ``start`` (at most ``width`` of them):
    back to a punctuation mark or "but"."""
    k = start
    while k > floor and start - k < width:
        tok = doc[k - 1]
        if tok.is_punct and tok.text not in ("'s", "’s", "-") or tok.lower_ in ("but", "while"):
            break
        k -= 1
    return k


def _is_context(doc: Doc, chunk_start: int, ti: int) -> bool:
    """ "on the sidelines of the SCO summit", "at SCO Summit": the event is where another
    meeting took place, not a meeting of the people around it."""
    if doc[ti].tag_.startswith("VB") or chunk_start == ti:
        return False
    j = chunk_start
    if j >= 2 and (doc[j - 2].lower_, doc[j - 1].lower_) in _CONTEXT_BEFORE:
        return True
    return j >= 1 and doc[j - 1].lower_ in ("at", "during", "ahead") and doc[ti].is_title


def _status(doc: Doc, floor: int, chunk_start: int, ti: int, right_end: int) -> str:
    """'not' (did not, will not or should happen), 'planned', or '' (held)."""
    start = _window(doc, floor, chunk_start)
    words = [doc[k].lower_ for k in range(start, ti)]
    # A noun's clause reaches further back: "hoped to bring Biden and Xi together for talks".
    noun = not doc[ti].tag_.startswith("VB")
    wide = _window(doc, floor, chunk_start, width=15) if noun else start
    if any(doc[k].lower_ in _NOT_CUES for k in range(wide, ti)):
        return "not"
    after = [doc[k].lower_ for k in range(ti + 1, min(right_end, ti + 5))]
    if any(w in _UNDONE_AFTER for w in after):
        return "not"
    if noun and _first_verb_after(doc, ti, right_end) in _MAYBE_AFTER:
        return "not"
    if any(
        doc[k].lower_ in _CEREMONIES
        and _after_at(doc, k, ti)
        or doc[k].lower_ in _ARRIVALS
        and _after_at(doc, k, ti, _ARRIVAL_PREPS)
        for k in range(ti + 1, min(right_end, ti + 14))
    ):
        # "welcomed at the airport", "received ... at his inauguration": an arrival or a
        # ceremony, not a meeting.
        return "not"
    if any(w in _PLANNED_CUES for w in words):
        return "planned"
    k = chunk_start - 1
    if k - 1 >= floor and doc[k].lower_ == "of" and doc[k - 1].lower_ == "ahead":
        return "planned"  # "ahead of talks with Biden"
    prep = doc[ti].head
    if (
        prep.lower_ == "for"
        and floor <= prep.head.i < ti
        and (
            prep.head.lower_ in _PREPARES
            or any(ch.lower_ in _PREPARES and ch.dep_ == "dobj" for ch in prep.head.children)
        )
    ):
        return "planned"  # "setting the stage for crucial talks", "paving the way for a summit"
    verb = doc[ti].tag_.startswith("VB") or chunk_start == ti
    if k >= floor and doc[k].lower_ in ("hold", "have"):
        k -= 1  # "to hold talks"
        verb = True
    if (
        k >= floor
        and doc[k].lower_ == "to"
        and not (k > floor and doc[k - 1].lower_ in _MOTION)
        and verb
    ):
        # "Kishida to visit Seoul", "is set to meet", "to hold talks"; not "in relation
        # to the meeting", "referring to a summit" (a preposition before a noun).
        return "planned"
    # "to visit Seoul for a summit with Yoon": the summit shares the "to" or "will" of
    # the verb it hangs from.
    trig = doc[ti]
    gov = trig.head.head if trig.head.lower_ == "for" else None
    if (
        gov is not None
        and not trig.tag_.startswith("VB")
        and floor <= gov.i < ti
        and gov.tag_ == "VB"
        and any(ch.dep_ == "aux" and ch.lower_ in _FUTURE_AUX for ch in gov.children)
    ):
        return "planned"
    if not trig.tag_.startswith("VB") and _under_future_verb(trig, floor):
        return "planned"
    return ""


_CHAIN_DEPS = frozenset({"pobj", "prep", "dobj", "xcomp", "ccomp", "amod", "compound"})


def _under_future_verb(tok, floor: int) -> bool:
    """Whether a noun hangs, through objects and complements only, from a verb told with
    "will": "Today will see the commanders engage in informal discussions"."""
    while tok.dep_ in _CHAIN_DEPS and tok.head.i != tok.i and tok.head.i >= floor:
        tok = tok.head
        if tok.tag_.startswith("VB") and any(
            ch.dep_ == "aux" and ch.lower_ in ("will", "shall", "'ll") for ch in tok.children
        ):
            return True
    return False


def _first_verb_after(doc: Doc, ti: int, end: int) -> str:
    """The first verb or modal after a trigger noun, lower-cased ("" if none): the
    predicate of "a meeting between A and B could be ..."."""
    for k in range(ti + 1, min(end, ti + 20)):
        if doc[k].tag_ == "MD" or doc[k].tag_.startswith("VB"):
            return doc[k].lower_
    return ""


_DEFINITE = frozenset({"the", "this", "that", "their", "his", "her", "its"})


def _after_at(doc: Doc, k: int, floor: int, preps=("at", "during")) -> bool:
    """Whether token k follows one of ``preps`` ("at the airport", "at his inauguration";
    for arrivals also "upon arrival", "after touching down")."""
    if any(doc[j].lower_ in preps for j in range(max(floor, k - 3), k)):
        return True
    # "at Noi Bai International Airport": back over the words of the place's name.
    j = k - 1
    while j > floor and k - j <= 5 and (doc[j].is_title or doc[j].lower_ == "the"):
        j -= 1
    return j > floor and doc[j].lower_ in preps


_ARRIVAL_PREPS = ("at", "during", "upon", "on", "after")


def _separately(doc: Doc, sent: SpacySpan, ti: int) -> bool:
    """Whether the text says the meetings of a trigger were apart: "separately" after it
    in its sentence, or "separate meetings/talks" after it in the sentence or in the next
    ones (60 tokens at most)."""
    end = min(len(doc), sent.end + 60)
    for k in positions(doc, _SEPARATE):
        if k < ti:
            continue
        if k >= end:
            break
        if doc[k].lower_ == "separately" and k < sent.end:
            return True
        if doc[k].lower_ == "separate" and any(
            doc[j].lower_ in _TRIGGER_WORDS for j in range(k + 1, min(len(doc), k + 6))
        ):
            return True
    return False


_SEPARATE = frozenset({"separate", "separately"})


def _split_objects(doc: Doc, right: list[tuple[str, int, int]]) -> list[list]:
    """The people after a trigger, in groups met one after the other ("Lavrov and,
    later, Qin")."""
    if len(right) < 2:
        return [right]
    text = doc_text(doc)
    groups = [[right[0]]]
    for prev, cur in zip(right, right[1:], strict=False):
        gap = text[prev[2] : cur[1]].lower().replace(",", " ").split()
        if any(w in _LATER for w in gap):
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


def _unnamed_parties(doc: Doc, start: int, end: int, people: _PersonIndex) -> list[str]:
    """Countries of the parties named by their office alone between tokens [start, end):
    "Uzbekistan's foreign minister", "Chinese officials", "the leaders of Australia and
    New Zealand"."""
    codes: list[str] = []
    titled = _descriptor_tokens(doc)
    for k in range(start, end):
        tok = doc[k]
        if tok.lower_ not in _PARTY_HEADS or k in titled:
            continue
        if k + 1 < len(doc) and people.at(doc[k + 1].idx) is not None:
            continue  # "counterpart Wang Yi": named
        if _apposition_of_named(doc, k, people):
            continue  # "Kashim Shettima, the Vice-President of Nigeria": named
        if k + 1 < end and doc[k + 1].lower_ == "of":
            for e in entities_between(doc, _PARTY_LABELS, k + 2, min(end, k + 12)):
                if code := country_code(e.text):
                    codes.append(code)
            continue
        if code := _country_before(doc, k, max(start, k - 5)):
            codes.append(code)
    return list(dict.fromkeys(codes))


_PARTY_LABELS = frozenset({"GPE", "NORP", "ORG"})


def _apposition_of_named(doc: Doc, head: int, people: _PersonIndex) -> bool:
    """Whether an office word stands in an apposition right after a name ("Kashim
    Shettima, the Vice-President of Nigeria"): it describes that person."""
    j = head - 1
    while j > 0 and head - j <= 4 and (
        doc[j].is_title or doc[j].lower_ == "the" or doc[j].text in ("-", "‑")
    ):
        j -= 1
    return j > 0 and doc[j].text == "," and doc[j - 1].idx + len(doc[j - 1].text) in people.ends


def _country_before(doc: Doc, head: int, floor: int) -> str:
    """The country in the words before an office: "Uzbekistan's foreign minister",
    "the Chinese delegation" (NER may call the country an organization)."""
    j = head
    while j > floor and (doc[j - 1].is_lower and doc[j - 1].lower_ not in ("'s", "’s")):
        j -= 1  # "foreign", "prime", "the"
    if j > floor and doc[j - 1].lower_ in ("'s", "’s"):
        j -= 1
    end = j
    for width in (3, 2, 1):
        if end - width >= floor and all(t.is_title or t.is_upper for t in doc[end - width : end]):
            if code := country_code(doc[end - width : end].text):
                return code
    return ""


def _descriptor_tokens(doc: Doc) -> set[int]:
    """Tokens of the descriptors of named people ("Chinese Foreign Minister" Wang Yi)."""
    found = doc.user_data.get("diplomacy_descriptor_tokens")
    if found is None:
        found = {i for d in doc.spans.get(DESCRIPTORS, ()) for i in range(d.start, d.end)}
        doc.user_data["diplomacy_descriptor_tokens"] = found
    return found


_SAID_TOO = frozenset({"reported", "announced", "confirmed", "disclosed", "tweeted", "wrote"})


def _historical(doc: Doc, c: SpacySpan, ti: int, *, planned: bool = False) -> bool:
    """A date that belongs to something else: "since the 1959 revolution", "the 2019
    election", "until 2020"."""
    for k in range(max(0, c.start - 3), c.start):
        if doc[k].lower_ in ("since", "until", "till", "before"):
            return True
    if (
        ti < c.start
        and any(t.like_num and len(t.text) == 4 for t in c)
        and any(doc[k].lower_ == "since" for k in range(ti + 1, c.start))
    ):
        return True  # "the first talks since Trump collapsed the deal in 2018"
    # "Kyodo said on Saturday the two will meet": the day it was said, not the day of a
    # meeting still to come (for one held, a readout's "SPA reported on Sunday" is its day).
    k = c.start - 1 - (c.start > 0 and doc[c.start - 1].lower_ in ("on", "late", "early"))
    if planned and k >= 0 and k != ti and doc[k].lower_ in P.SPEECH_VERBS | _SAID_TOO:
        return True
    last = doc[c.end - 1]
    if c.end < len(doc) and last.like_num and len(last.text) == 4 and c.end != ti:
        nxt = doc[c.end]
        return nxt.is_alpha and nxt.is_lower and nxt.lower_ not in ("and", "or", "to", "in")
    return False


_COPULAS = frozenset({"is", "are", "'s", "'re"})
_ADVERBS_OF_TIME = frozenset({"earlier", "already", "previously", "also", "last", "first"})
_REPEATED = frozenset({"time", "call", "conversation", "meeting"})
_OTHER_EVENT = frozenset({"before", "after", "until", "till"})  # ("since 2018": _historical)
_SAME_DAY = re.compile(r"\b(?:same|that) day\b")
_THIS_WEEKDAY = re.compile(
    r"\bthis\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "would", "to", "going"})


_BARE_WEEKDAY = re.compile(
    r"^(?!.*\b(?:last|next|this|week)\b)[^\d]*\b(monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b[^\d]*$"
)


def _anchored(doc: Doc, c: SpacySpan, ref: DateRef, base: dt.date) -> DateRef:
    """A bare weekday ("Later on Friday") is the day the text gave that weekday before
    ("On Friday, 13 February"), if it did; else ``ref`` (the latest before the article)."""
    m = _BARE_WEEKDAY.match(ref.phrase.lower())
    if ref.precision != "day" or m is None:
        return ref
    anchors = doc.user_data.get("diplomacy_weekday_anchors")
    if anchors is None:
        anchors = weekday_anchors(doc_text(doc), base=base)
        doc.user_data["diplomacy_weekday_anchors"] = anchors
    weekday = _WEEKDAY_NAMES.index(m.group(1))
    named = [day for at, w, day in anchors if w == weekday and at < c.start_char and day <= base]
    return replace(ref, value=named[-1]) if named else ref


_QUOTE_RELATIVE = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _quote_opening(doc: Doc, at: int) -> int | None:
    """Where the quote holding character ``at`` opens (within its paragraph), or None."""
    text = doc_text(doc)
    para = text.rfind("\n", 0, at) + 1
    head = text[para:at]
    curly = head.rfind("“")
    if curly > head.rfind("”"):
        return para + curly
    if head.count('"') % 2:
        return para + head.rfind('"')
    return None


def _quoted_relative_day(doc: Doc, c: SpacySpan, base: dt.date) -> DateRef | None:
    """ 'A statement on Wednesday read: "Today, the minister held talks ..."': a quote's
    "today" counts from the day the text gives the quote; None when it gives none (a quote
    of the day: the article's) or ``c`` is no relative day inside a quote."""
    word = c.text.lower()
    if word not in _QUOTE_RELATIVE:
        return None
    opening = _quote_opening(doc, c.start_char)
    if opening is None:
        return None
    sent = sentence_of(doc, c.start)
    para = doc_text(doc).rfind("\n", 0, opening) + 1
    for d in reversed(_date_candidates(doc, sent.start, c.start)):
        if d.start_char < para or d.end_char > opening:
            continue
        ref = _resolve(d.text, base=base)
        if ref is not None and ref.precision == "day" and ref.end is None:
            ref = _anchored(doc, d, ref, base)
            day = ref.value + dt.timedelta(days=_QUOTE_RELATIVE[word])
            return DateRef(day, "day", c.text)
    return None


_STAY_ENDS = frozenset({"concluded", "concludes", "wrapped", "ended", "ends", "completed"})
_STAY_DAYS = re.compile(r"\b(two|three|four|five|[2-5])[- ]day\b")


def _stay_of(doc: Doc, sent: SpacySpan, ref: DateRef) -> DateRef:
    """ "concluded a two-day visit today": the meetings of the visit fall on one of its
    days, so the date is the week (else the month) holding them all."""
    text = sent.text.lower()
    m = _STAY_DAYS.search(text)
    if m is None or not any(t.lower_ in _STAY_ENDS for t in sent):
        return ref
    days = _NUMBER_WORDS.get(m.group(1)) or int(m.group(1))
    first = ref.value - dt.timedelta(days=days - 1)
    return period_holding(first, ref.value, phrase=ref.phrase) or ref


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _verb_of(tok):
    """The verb a token hangs from (itself for a verb), or None."""
    while not tok.tag_.startswith("VB"):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok


def _of_an_event_now(doc: Doc, c: SpacySpan, ti: int) -> bool:
    """Whether date ``c`` belongs to another verb told in the past or present tense
    ("arrives today", "began on Monday") than the one of the meeting at ``ti``."""
    verb, own = _verb_of(c.root), _verb_of(doc[ti])
    if verb is None or verb == own or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    if own is not None and own.head == verb and any(ch.lower_ == "to" for ch in own.children):
        return False  # "arrived in Kyiv this morning to meet Zelensky": the same occasion
    return not any(ch.dep_ == "aux" and ch.lower_ in _FUTURE_AUX for ch in verb.children)


def _in_relative_clause(doc: Doc, c: SpacySpan, ti: int) -> bool:
    """'Baerbock, who arrived on Monday, also met ...': the date is not the meeting's."""
    start = sentence_of(doc, c.start).start
    return _any_between(positions(doc, _RELATIVES), start, c.start) and _any_between(
        positions(doc, _COMMA, "ORTH"), c.end, ti
    )


_RELATIVES = frozenset({"who", "which", "where"})
_RELATIVE_STARTS = frozenset({"who", "which", "whose"})
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
    doc: Doc, left: Iterator[tuple[str, int, int]], before: int
) -> list[tuple[str, int, int]]:
    """The last person before the trigger, with those joined to it by 'and' or commas
    (``left``: the people before the trigger's phrase, which starts at ``before``, last
    first)."""
    text = doc_text(doc)
    last = next(left, None)
    while (
        last is not None
        and text[last[2] : last[2] + 2] in ("'s", "’s")
        and text[last[2] + 2 : before].strip()
    ):
        # "Marco Rubio, President Donald Trump's new secretary of state, spoke ...":
        # the possessor describes the subject; it is not the subject.
        last = next(left, None)
    if last is None:
        return []
    group = [last]
    for item in left:
        gap = doc_text(doc)[item[2] : group[0][1]]
        if (
            len(gap) < 80
            and (" and " in f" {gap} " or gap.strip() in (",", "") or _listed(doc, item, group[0]))
            and not any(w in P.SPEECH_VERBS or w in P.MEETING_VERBS for w in gap.lower().split())
        ) or _told(doc, item, group[0]):
            group.insert(0, item)
        else:
            break
    return group


def _told(doc: Doc, a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    """ "Trump told Ukrainian leader Zelenskyy ... the call": the two sides of one
    conversation ("told", then only the listener's descriptor)."""
    span = doc.char_span(a[2], b[1], alignment_mode="expand")
    if span is None or not len(span) or span[0].lower_ != "told":
        return False
    titled = _descriptor_tokens(doc)
    return all(t.i in titled or t.is_title for t in span[1:])


def _listed(doc: Doc, a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    """Whether two people are items of one list, each with their title: "French
    President Emmanuel Macron, German Chancellor Olaf Scholz" (a comma, then only the
    next one's descriptor)."""
    span = doc.char_span(a[2], b[1], alignment_mode="expand")
    if span is None or not len(span) or span[0].text != ",":
        return False
    titled = _descriptor_tokens(doc)
    return all(t.i in titled or t.lower_ == "and" for t in span[1:])


def _date_candidates(doc: Doc, start: int, end: int) -> list[SpacySpan]:
    """DATE/TIME entities, and weekday or month words NER missed, in [start, end)."""
    all_dates = doc.user_data.get("diplomacy_dates")
    if all_dates is None:
        all_dates = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
        covered = {i for e in all_dates for i in range(e.start, e.end)}
        for i in positions(doc, _WEEKDAYS_MONTHS | _RELATIVE_DAYS):
            if i not in covered and (doc[i].is_title or doc[i].lower_ in _RELATIVE_DAYS):
                all_dates.append(doc[i : i + 1])
        all_dates.sort(key=lambda d: d.start)
        all_dates = _join_alternatives(doc, all_dates)
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


_ALTERNATIVE_STARTS = _WEEKDAYS_MONTHS | {"next", "this"}


def _join_alternatives(doc: Doc, dates: list[SpacySpan]) -> list[SpacySpan]:
    """ "around May 7 or" + "8" -> "around May 7 or 8": NER cuts two possible days apart."""
    out: list[SpacySpan] = []
    for d in dates:
        prev = out[-1] if out else None
        if prev is not None and doc[prev.end - 1].lower_ == "or" and d.start == prev.end:
            out[-1] = doc[prev.start : d.end]
        elif (
            prev is not None
            and d.start == prev.end + 1
            and doc[prev.end].lower_ == "or"
            and (doc[d.start].lower_ in _ALTERNATIVE_STARTS or doc[d.start].like_num)
        ):
            out[-1] = doc[prev.start : d.end]  # "Thursday" + "or" + "Friday", "May 7" + "or" + "8"
        else:
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


def _add_continuations(doc: Doc, mentions: list[Mention]) -> None:
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
                Mention(
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

