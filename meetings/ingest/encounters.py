"""Encounters: an article's meeting mentions resolved into one record per real meeting.

``meetings.py`` reads each mention of a meeting (its trigger, people, date, place and
status); here the mentions of one encounter ("Blinken met Wang", "the talks", "the two
sides", the headline) become one record with the best date, the place, every party and
the evidence of each mention, and plans later reported held fold into the held meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from meetings.ingest.records import DateRef


@dataclass
class Mention:
    """One mention of a meeting in an article, as read from its sentence."""

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
    planned: bool = False  # announced, expected or scheduled; not yet held
    group: bool = False  # "the two leaders met", "both sides": the parties are not named
    joins: bool = False  # "the meeting was also attended by X": more people, same meeting
    track: bool = False  # "military talks": a line of talks of its own
    same_people: bool = False  # "the two", "both", "they": the people just named
    remark: bool = False  # a subjectless record line: "Attended the NATO Ministerial."
    definite: bool = False  # "During the call, X ...": the meeting just reported, as setting
    again: bool = False  # "spoke again", "for the second time": a repeat of an encounter
    tenseless: bool = False  # "the representatives for the boundary talks": no verb tells


def merge_mentions(mentions: list[Mention], countries_of: dict[str, str],
                   sides: list[str]) -> list[dict]:
    """Resolve the mentions, in text order, into one record per real encounter.

    A mention that names its parties joins the meeting with the same (or more, or
    fewer) parties, kind and compatible date; one that does not ("the talks", "during
    the visit", "both sides", "the two presidents met") refers to the meeting the text
    was just about. Indexes by person, country and name keep this linear.
    """
    meetings: list[dict] = []
    by_key: dict[tuple[str, str], list[int]] = {}
    recent: list[int] = []  # the meetings mentioned last, latest first
    for m in mentions:
        if m.same_people and m.participants and recent:
            # "They last spoke in 2013, when Obama hosted a conversation": they and Obama.
            m.participants = list(
                dict.fromkeys([*meetings[recent[0]]["participants"], *m.participants])
            )
        concrete = bool(m.participants or m.countries or m.name)
        target = None
        if m.joins:
            target = next((i for i in recent if _refers_to(m, meetings[i])), None)
        elif (
            m.definite
            and recent
            and _refers_to(m, meetings[recent[0]], any_kind=True)
            and _may_join(m, meetings[recent[0]], countries_of)
        ):
            # "During the phone call, the Crown Prince and Mr Pezeshkian discussed ...",
            # "During the meeting, President X noted": the meeting just reported.
            target = recent[0]
        if target is not None:
            pass
        elif concrete:
            target = _find_same(m, meetings, by_key, countries_of)
        else:
            target = next((i for i in recent if _refers_to(m, meetings[i])), None)
            if target is None and m.group and m.same_people and recent:
                # "The two last spoke in March": the people of the meeting just reported,
                # at another time.
                m.participants = list(meetings[recent[0]]["participants"])
                concrete = True
                target = _find_same(m, meetings, by_key, countries_of)
            elif target is None and m.group and len(sides) == 2:
                # "The foreign secretaries will meet in Islamabad": the article's two sides.
                m.countries = list(sides)
                concrete = True
                target = _find_same(m, meetings, by_key, countries_of)
        if target is None:
            if not concrete:
                continue  # "the meeting" with nothing to tie it to
            target = len(meetings)
            meetings.append(
                {
                    "kind": m.kind,
                    "participants": [],
                    "hosts": set(),
                    "countries": [],
                    "name": m.name,
                    "date": m.date,
                    "place": m.place,
                    "venue": m.venue,
                    "background": m.background,
                    "planned": m.planned,
                    "remark": m.remark,
                    "track": m.track,
                    "again": m.again,
                    "evidence": [],
                    "scopes": [],
                }
            )
        mm = meetings[target]
        _absorb(mm, m, concrete, countries_of)
        for n in m.participants:
            _index(by_key, ("p", n), target)
        for c in mm["countries"]:
            _index(by_key, ("c", c), target)
        for n in m.participants:
            if countries_of.get(n):
                _index(by_key, ("c", countries_of[n]), target)
        if mm["name"]:
            _index(by_key, ("n", mm["name"]), target)
        if target in recent:
            recent.remove(target)
        recent.insert(0, target)
        del recent[4:]
    for mm in meetings:
        mm["evidence"].sort()
    return meetings


def fold_country_records(meetings: list[dict], countries_of: dict[str, str]) -> list[dict]:
    """A record of countries only ("the first meeting between a Pakistani official and
    the representative of the Afghan government") that the people of another record can
    be (one of their countries at least; the rest, as many people whose country the text
    does not give), at a compatible time, is that record: one record per encounter."""
    out = [mm for mm in meetings if mm["participants"] or len(mm["countries"]) < 2]
    for mm in meetings:
        if mm["participants"] or len(mm["countries"]) < 2:
            continue
        for other in out:
            if not other["participants"] or not _may_be(mm, other, countries_of):
                continue
            other["evidence"] = sorted(set(other["evidence"]) | set(mm["evidence"]))
            other["scopes"] += [s for s in mm["scopes"] if s not in other["scopes"]]
            other["date"] = _better_date(other["date"], mm["date"])
            other["place"] = other["place"] or mm["place"]
            break
        else:
            out.append(mm)
    order = {id(mm): i for i, mm in enumerate(meetings)}
    return sorted(out, key=lambda mm: order[id(mm)])


def fold_plans_held(meetings: list[dict], base: dt.date) -> list[dict]:
    """ "He will hold a meeting on Tuesday with Cavusoglu ... Lavrov is holding a press
    conference after their meeting", written that Tuesday: the plan for the article's own
    day is the meeting then reported held (with no date, or that day), so one record,
    held, on that day.
    So too a held mention that names one party only ("on Tuesday its envoy met Mutaqi"),
    no meeting by itself, for the meeting of that party the text names in full undated."""
    out = list(meetings)
    for plan in meetings:
        when = plan["date"]
        if plan["background"] or when is None or plan["kind"] == "call":
            continue
        if plan["planned"] and (when.precision != "day" or when.end or when.value != base):
            continue
        if not plan["planned"] and is_encounter(plan):
            continue
        people = set(plan["participants"])
        held = next(
            (
                mm
                for mm in out
                if not mm["planned"]
                and not mm["background"]
                and (
                    mm["date"] is None or plan["planned"] and _dates_compatible(mm["date"], when)
                )
                and people
                and people <= set(mm["participants"])
                and _kinds_compatible(mm["kind"], plan["kind"])
            ),
            None,
        )
        if held is None:
            continue
        held["date"] = when
        held["evidence"] = sorted(set(held["evidence"]) | set(plan["evidence"]))
        held["scopes"] += [s for s in plan["scopes"] if s not in held["scopes"]]
        held["place"] = held["place"] or plan["place"]
        out.remove(plan)
    return out


def occasion_of(mm: dict, meetings: list[dict]):
    """The day of another reported meeting of the article that two of ``mm``'s people
    attended, if there is one."""
    people = set(mm["participants"])
    for other in meetings:
        if (
            other is not mm
            and (other["kind"] == "call") == (mm["kind"] == "call")  # a call is no visit
            and other["date"] is not None
            and other["date"].precision == "day"
            and not other["background"]
            and not other["planned"]
            and len(people & set(other["participants"])) >= 2
        ):
            return other["date"]
    return None


def is_encounter(mm: dict) -> bool:
    """Whether a resolved meeting has parties enough to be one: two people, a person and
    a country, two countries, or a named event ("the NATO Summit")."""
    n = len(mm["participants"])
    if n >= 2 or n == 1 and mm["countries"]:
        return True
    if n == 0:
        # A named event with no party named ("the G20 Summit") is a meeting only in a
        # record's own line ("Attended the NATO Foreign Ministerial."), where the
        # traveller is the party; in news it is the setting of other meetings.
        return len(mm["countries"]) >= 2 or bool(mm["name"]) and mm["remark"]
    return False


def _may_be(mm: dict, other: dict, countries_of: dict[str, str]) -> bool:
    """Whether the countries of record ``mm`` can be the parties of record ``other``."""
    if mm["track"] or (mm["planned"], mm["background"]) != (other["planned"], other["background"]):
        return False  # "military talks between the U.S. and China": a line of talks of its own
    if not _dates_compatible(mm["date"], other["date"]) or not _kinds_compatible(
        mm["kind"], other["kind"]
    ) and "call" not in (mm["kind"], other["kind"]):
        return False
    known = {countries_of.get(n) for n in other["participants"]} | set(other["countries"])
    unknown = sum(1 for n in other["participants"] if not countries_of.get(n))
    # One party at least must be known to be there; the rest may be the people whose
    # country the text does not give.
    return bool(set(mm["countries"]) & known) and len(set(mm["countries"]) - known) <= unknown


def _may_join(m: Mention, mm: dict, countries_of: dict[str, str]) -> bool:
    """Whether the people of "During the meeting, X ..." can be at meeting ``mm``: its
    people, or people of its countries (or of a country the text does not give)."""
    theirs = {countries_of.get(n) for n in mm["participants"]} | set(mm["countries"])
    return bool(set(m.participants) & set(mm["participants"])) or all(
        countries_of.get(n) in (None, *theirs) for n in m.participants
    )


def _index(by_key: dict, key: tuple[str, str], i: int) -> None:
    found = by_key.setdefault(key, [])
    if not found or found[-1] != i:
        found.append(i)


def _find_same(m: Mention, meetings: list[dict], by_key: dict, countries_of) -> int | None:
    """The first meeting (in text order) that ``m`` is a mention of, if any."""
    keys = [("p", n) for n in m.participants] or [("c", c) for c in m.countries]
    # "Chinese, Brazilian presidents hold talks" before the people are named: the
    # meeting of the two countries is found by the people's countries.
    keys += [("c", countries_of[n]) for n in m.participants if countries_of.get(n)]
    if m.name:
        keys.append(("n", m.name))
    candidates = sorted({i for key in keys for i in by_key.get(key, ())})
    return next((i for i in candidates if _same(meetings[i], m, countries_of)), None)


def _absorb(mm: dict, m: Mention, concrete: bool, countries_of: dict[str, str]) -> None:
    """Add what mention ``m`` says to meeting ``mm``."""
    for n in m.participants:
        if n not in mm["participants"]:
            mm["participants"].append(n)
    mm["hosts"] |= m.hosts
    represented = {countries_of.get(n) for n in mm["participants"]}
    mm["countries"] = [
        c for c in dict.fromkeys([*mm["countries"], *m.countries]) if c not in represented
    ] if mm["participants"] else list(dict.fromkeys([*mm["countries"], *m.countries]))
    if concrete:
        mm["date"] = _better_date(mm["date"], m.date)
    elif mm["date"] is None:
        mm["date"] = m.date  # "Friday's meeting" dates the meeting the text is about
    mm["place"] = mm["place"] or m.place
    mm["venue"] = mm["venue"] or m.venue
    mm["name"] = mm["name"] or m.name
    if mm["kind"] == "meeting" and m.kind in ("summit", "talks", "call") and m.participants:
        mm["kind"] = m.kind
    if m.sent not in mm["evidence"]:
        mm["evidence"].append(m.sent)
    if m.scope not in mm["scopes"]:
        mm["scopes"].append(m.scope)


def _refers_to(m: Mention, mm: dict, *, any_kind: bool = False) -> bool:
    """Whether a mention naming no party ("the talks") can be meeting ``mm``."""
    if m.planned != mm["planned"] or m.background != mm["background"]:
        return False
    if not _dates_compatible(mm["date"], m.date):
        return False
    if "call" in (m.kind, mm["kind"]) and not any_kind:
        return m.kind == mm["kind"]  # "the call" is not "the meeting"
    return True


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _better_date(a: DateRef | None, b: DateRef | None) -> DateRef | None:
    if a is None:
        return b
    if b is None:
        return a
    if a.precision == b.precision:
        # "will visit Canada from July 14-16 ... On July 15, the two will meet": the
        # meeting's own day, inside the visit's days.
        return b if (b.end or b.value) - b.value < (a.end or a.value) - a.value else a
    return b if _PRECISION_RANK[b.precision] < _PRECISION_RANK[a.precision] else a


def _dates_compatible(a: DateRef | None, b: DateRef | None) -> bool:
    if a is None or b is None:
        return True
    a_end = a.end or a.value
    b_end = b.end or b.value
    return a.value <= b_end and b.value <= a_end


def _same(mm: dict, m: Mention, countries_of: dict[str, str]) -> bool:
    if mm["planned"] != m.planned and not m.tenseless:
        # (A mention no verb dates, "Wang and Doval are the representatives for the
        # talks", may be the talks just announced.)
        return False
    if not _dates_compatible(mm["date"], m.date):
        return False
    if mm["again"] != m.again and mm["date"] is not None and m.date is not None:
        # "spoke for the second time on Sunday" and "On Sunday afternoon, the two spoke":
        # two encounters on one day.
        return False
    if mm["background"] != m.background and (mm["date"] is None or m.date is None):
        return False  # "they last met ..." is not the meeting reported today
    mp, p = set(mm["participants"]), set(m.participants)
    if p and not mp and len(mm["countries"]) >= 2:
        return set(mm["countries"]) <= {countries_of.get(n) for n in p} and _kinds_compatible(
            mm["kind"], m.kind
        )
    if p and mp:
        if m.countries:
            # "He also met Uzbekistan's foreign minister": another party, another meeting.
            theirs = {countries_of.get(n) for n in mp} | set(mm["countries"])
            if not set(m.countries) <= theirs:
                return False
        new = {countries_of.get(n) for n in p - mp}
        if mm["countries"] and new and not new & set(mm["countries"]):
            # "He met the President of Croatia. He also met Slovak Prime Minister X":
            # the meeting with an unnamed party is not the one with X.
            return False
        return (p <= mp or mp <= p) and _kinds_compatible(mm["kind"], m.kind)
    if not p and m.countries:
        if mp:
            # "negotiations between Russia and Ukraine" are the talks of their delegates,
            # unless a track of their own ("military talks between the U.S. and China").
            theirs = {countries_of.get(n) for n in mp} | set(mm["countries"])
            return (
                set(m.countries) <= theirs
                and not m.track
                and _kinds_compatible(mm["kind"], m.kind)
            )
        return set(m.countries) == set(mm["countries"]) and mm["kind"] == m.kind
    if m.name and mm["name"]:
        return m.name == mm["name"]
    return False


def _kinds_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    loose = {"meeting", "talks", "visit", "summit"}
    return a in loose and b in loose
