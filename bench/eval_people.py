#!/usr/bin/env python3
"""People in the imported Office of the Historian records: names, countries, duplicates.

Usage (paths relative to the project root; see bench/README.md):

    .venv/bin/python bench/eval_people.py                      # import into a scratch db, score
    .venv/bin/python bench/eval_people.py --project ../wt-x    # score another worktree's import
    .venv/bin/python bench/eval_people.py --list --errors     # also the groups, non-people, errors
    .venv/bin/python bench/eval_people.py --db NAME            # score a database already imported
    .venv/bin/python bench/eval_people.py --self-check         # the rules on known cases only
    .venv/bin/python bench/eval_people.py --sample             # reprint the sampled records
    .venv/bin/python bench/eval_people.py --verify-source      # labels still fit the XML records

It creates a database ``bench_trips_<pid>`` on the cluster the project's settings point at
(DATABASE_URL when set), runs the project's own ``manage.py migrate`` and ``import_records``
into it, reads the rows with SQL, prints the figures and drops the database.

Exit status: 0 when figures were printed, whatever they are (a benchmark, not a test); 2 with
one line on stderr when it cannot run (no records folder, no project, import failed);
--self-check and --verify-source exit 1 when a check fails.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "trips_dev.jsonl"
DATA_FROM_PROJECT = Path("..") / "shared" / "data" / "historyatstate"
SEED = 20261130


class BenchError(Exception):
    """Something that stops the benchmark; printed as one line, exit 2."""


# --------------------------------------------------------------------------- the records

FOLDERS = {
    "secretary-travels": "travels/secretary-travels",
    "president-travels": "travels/president-travels",
    "visits": "visits",
}


@dataclass(frozen=True)
class Record:
    collection: str
    file: str
    id: str
    date: str
    traveller: str  # <name> of a trip, <visitor> of a visit
    country: str  # <country> visited, or <from> of a visit
    text: str  # <remarks> or <description>, whitespace collapsed


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def read_records(data: Path) -> list[Record]:
    """Every trip and visit under ``data``, in (collection, file, document) order."""
    if not all((data / folder).is_dir() for folder in FOLDERS.values()):
        raise BenchError(f"no Office of the Historian records in {data} (--data DIR)")
    records = []
    for collection, folder in FOLDERS.items():
        for path in sorted((data / folder).glob("*.xml")):
            try:
                root = ET.parse(path).getroot()
            except ET.ParseError as exc:
                raise BenchError(f"{path}: not XML ({exc})") from None
            trip = collection != "visits"
            for el in root:
                records.append(Record(
                    collection=collection, file=path.name, id=_collapse(el.findtext("id")),
                    date=_collapse(el.findtext("start-date")),
                    traveller=_collapse(el.findtext("name" if trip else "visitor")),
                    country=_collapse(el.findtext("country" if trip else "from")),
                    text=_collapse(el.findtext("remarks" if trip else "description"))))
    return records


# --------------------------------------------------------------------------- the sample

# Title words followed by a capitalised word: the record probably names someone. Only steers
# the sampling; the labels come from reading.
_NAMES_SOMEONE = re.compile(
    r"\b(?:Presidents?|Ministers?|Chancellor|Premier|King|Queen|Shah|Emperor|Empress|Sultan|"
    r"Emir|Amir|Prince|Pope|Generalissimo|Generals?|Chairman|Secretary|Taoiseach)\s+[A-Z]")
ERAS = (1945, 1969, 1989, 2009)  # before 1945, 1945-1968, 1969-1988, 1989-2008, 2009 on
QUOTAS = {  # per era: (collection, probably names someone) -> records
    ("secretary-travels", True): 10, ("secretary-travels", False): 2,
    ("president-travels", True): 7, ("president-travels", False): 2,
    ("visits", True): 11,
}  # fmt: skip
PER_FILE = {"secretary-travels": 3, "president-travels": 3, "visits": 4}  # per file and era


def era(date: str) -> int:
    year = int(date[:4])
    return sum(year >= bound for bound in ERAS)


def sample(records: list[Record]) -> list[Record]:
    """The deterministic candidate pool that bench/data/trips_dev.jsonl was labelled from."""
    seen, pool = set(), []
    for r in records:  # upstream twins (same traveller, day and text) once
        key = (r.collection, r.traveller, r.date, r.text.casefold())
        if key not in seen:
            seen.add(key)
            pool.append(r)
    pool.sort(key=lambda r: (r.collection, r.file, int(r.id)))
    random.Random(SEED).shuffle(pool)
    taken: collections.Counter = collections.Counter()
    per_file: collections.Counter = collections.Counter()
    chosen = []
    for r in pool:
        stratum = (r.collection, r.collection == "visits" or bool(_NAMES_SOMEONE.search(r.text)))
        e = era(r.date)
        if taken[stratum, e] >= QUOTAS.get(stratum, 0) or \
                per_file[r.collection, r.file, e] >= PER_FILE[r.collection]:
            continue
        taken[stratum, e] += 1
        per_file[r.collection, r.file, e] += 1
        chosen.append(r)
    return sorted(chosen, key=lambda r: (r.collection, r.date, int(r.id)))


# --------------------------------------------------------------------------- names

try:
    from anyascii import anyascii
except ImportError:  # the project's venv has it; plain accent stripping otherwise
    def anyascii(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s)
                       if not unicodedata.combining(c))

try:
    from rapidfuzz.fuzz import ratio as _ratio
except ImportError:
    from difflib import SequenceMatcher

    def _ratio(a: str, b: str) -> float:
        return 100 * SequenceMatcher(None, a, b).ratio()


def normalize(name: str) -> str:
    """ASCII (anyascii), casefolded, every non-alphanumeric run -> one space."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", anyascii(name or "").casefold()).split())


# Leading words that are titles or honorifics, not part of a person's name.
HONORIFICS = {
    "king", "queen", "prince", "princess", "crown", "emir", "amir", "sheikh", "sheikha",
    "sultan", "shah", "emperor", "empress", "pope", "president", "prime", "minister",
    "chancellor", "premier", "his", "her", "majesty", "highness", "excellency", "holiness",
    "mr", "mrs", "ms", "dr", "sir", "dame", "general", "generalissimo", "marshal", "regent",
    "grand", "duke", "duchess", "lord", "lady", "cardinal", "archbishop", "the", "h", "e",
    "dato", "datuk", "seri", "tun", "tunku", "haji", "sheik", "hadj", "daw",
}  # fmt: skip
SUFFIXES = {"jr", "sr", "2nd", "3rd", "4th"}
# Regnal numbers; "i", "v" and "x" only as the last word (elsewhere they are initials).
NUMERALS = {"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv",
            "xvi", "xvii", "xviii", "xix", "xx"}
ARTICLES = {"al", "el", "ul", "ad", "ed", "as", "ash", "at", "an", "az"}  # "al-Sisi" ~ "Sisi"
LINKS = {"de", "da", "do", "dos", "das", "di", "del", "della", "du", "e", "y"}  # "Lula da Silva"
PATRONYMIC = {"bin", "ibn", "bint", "ben"}  # "Mohammed bin Salman": the given name comes first
# "Abdel"/"Abdul"/"Abd al-" + name = "abd" + name ("Abdullah" stays a name of its own).
_ABD = re.compile(r"^abd[aeiou]l(?=.)")


@dataclass(frozen=True)
class NameForm:
    tokens: tuple[str, ...]  # without honorifics, suffixes, numerals, articles, "bin"
    patronymic: bool = False  # "X bin Y": compare from the given name on, not by the last word
    numeral: str = ""  # regnal number: "George V" and "George VI" are two people
    article: bool = False  # had "al-"/"el-": "Jaber al-Sabah" is not the end of "Sabah
    # al-Ahmed al-Jaber al-Sabah", as "Rodriguez Zapatero" is of "Jose Luis Rodriguez Zapatero"


def name_form(name: str) -> NameForm:
    """The comparable tokens of a name; see bench/README.md."""
    words = normalize(name).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    numeral = ""
    for i, w in enumerate(words[1:], 1):
        if w in NUMERALS or (i == len(words) - 1 and w in {"i", "v", "x"}):
            numeral = w
            words = words[:i] + words[i + 1:]
            break
    # "ben" is a patronymic only between two names ("Zine El Abidine Ben Ali" is not).
    patronymic = any(w in {"bin", "ibn", "bint"} for w in words[1:-1])
    kept = [w for w in words if w not in ARTICLES and w not in LINKS
            and not (w in PATRONYMIC and patronymic)]
    merged: list[str] = []
    for w in kept:  # "Abd al-Aziz" = "Abdel Aziz" = "Abdulaziz"
        if merged and merged[-1] == "abd":
            merged[-1] = "abd" + w
        else:
            merged.append("abd" if w in {"abd", "abdel", "abdul", "abdal", "abdol", "abdil"}
                          else _ABD.sub("abd", w) if w.startswith(("abdel", "abdul"))
                          and not w.startswith(("abdulla", "abdella")) else w)
    return NameForm(tuple(merged or words), patronymic, numeral,
                    any(w in ARTICLES for w in words[1:]))


_VOWELS = re.compile(r"[aeiouy]")


def _skeleton(token: str) -> str:
    """Consonants after the first letter, doubled letters once, j = y, v = f: 'Binyamin' =
    'Benjamin' = 'bnmn', 'Muhammad' = 'Mohammed' = 'mhmd', 'Gustav' = 'Gustaf'."""
    t = token.replace("j", "y").replace("ph", "f").replace("v", "f")
    t = re.sub(r"(.)\1+", r"\1", t)
    return t[:1] + _VOWELS.sub("", t[1:])


def tokens_alike(a: str, b: str, threshold: float = 85) -> bool:
    """Spelling or transliteration variants of one word ('Zelensky'/'Zelenskyy', 'Sisi'/'Sissi',
    'Mohammed'/'Muhammad'); given names pass a lower threshold ('Ahmed'/'Ahmet')."""
    if a == b:
        return True
    if a.startswith("abd") != b.startswith("abd"):  # "Abdul Razak" is not "Najib Razak"'s Razak
        return False
    if min(len(a), len(b)) < 4:  # 'Li'/'Le', 'Kim'/'Kam': too short to guess
        return False
    sa, sb = _skeleton(a), _skeleton(b)
    return (len(sa) >= 3 and sa == sb) or _ratio(a, b) >= threshold


def _given_alike(a: str, b: str) -> bool:
    return (min(len(a), len(b)) == 1 and a[0] == b[0]) or tokens_alike(a, b, 80)


def same_person(x: NameForm, y: NameForm) -> bool:
    """Could these two name forms be one person? The rule of bench/README.md."""
    a, b = x.tokens, y.tokens
    if not a or not b:
        return False
    if x.numeral != y.numeral:
        # A regnal name: another number is another person; without one, only the same name
        # ("Baudouin" ~ "Baudouin I", "George" !~ "George V", "Mohammed V" !~ "Mohammed bin X").
        return not (x.numeral and y.numeral) and a == b
    if sorted(a) == sorted(b):  # also family name first: "Kishida Fumio" / "Fumio Kishida"
        return True
    if x.patronymic or y.patronymic or x.numeral:
        # Given name, then father's name...: one must be a prefix of the other, word by word.
        # "Salman" ~ "Salman bin Abdulaziz"; "Mohammed bin Salman" !~ "Salman".
        n = min(len(a), len(b))
        return _given_alike(a[0], b[0]) and all(
            tokens_alike(p, q) for p, q in zip(a[1:n], b[1:n], strict=True))
    for one, other in ((a, b), (b, a)):
        if len(one) == 1 and one[0].startswith("abd"):  # "Abdul Razak" is a given name
            return tokens_alike(one[0], other[0])
    if not tokens_alike(a[-1], b[-1]):
        return False
    if len(a) == 1 or len(b) == 1:  # a family name alone: "Netanyahu"
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < len(long) and not (x.article or y.article) and all(  # "Rodriguez Zapatero"
            tokens_alike(p, q) for p, q in zip(short, long[-len(short):], strict=True)):
        return True
    if not _given_alike(a[0], b[0]):
        return False
    ma, mb = a[1:-1], b[1:-1]
    if ma and mb:  # "George H. W. Bush" !~ "George W. Bush"; "John F. Kerry" ~ "John Forbes Kerry"
        return "".join(t[0] for t in ma) == "".join(t[0] for t in mb)
    return True


# Former states and their successors, for comparing countries.
SUCCESSORS = {"SU": "RU", "YU": "RS", "CS": "CZ", "DD": "DE", "ZR": "CD", "BU": "MM"}


def country_of(code: str | None) -> str:
    code = (code or "").strip().upper()
    return SUCCESSORS.get(code, code)


def countries_agree(a: str | None, b: str | None) -> bool:
    """Same country (a former state = its successor), or one of them unknown."""
    a, b = country_of(a), country_of(b)
    return not a or not b or a == b


# --------------------------------------------------------------------------- one-person groups


@dataclass
class Official:
    id: int
    name: str
    country: str
    organization: str = ""
    aliases: list[str] = field(default_factory=list)
    meetings: int = 0

    def forms(self) -> list[NameForm]:
        """The name's form, and those of the aliases of two words or more (a one-word alias,
        a family name alone, says little about who is meant: "Zuma", "Aquino")."""
        seen, out = set(), []
        for n, f in ((n, name_form(n)) for n in [self.name, *self.aliases]):
            if f.tokens and f not in seen and (n == self.name or len(f.tokens) > 1):
                seen.add(f)
                out.append(f)
        return out


def _keys(form: NameForm) -> set[str]:
    return {form.tokens[0][:3], form.tokens[-1][:3]}


def linked(a: Official, b: Official) -> bool:
    """Probably one person: some name or alias of each alike, and countries agree."""
    return countries_agree(a.country, b.country) and any(
        same_person(x, y) for x in a.forms() for y in b.forms())


def one_person_groups(officials: list[Official]) -> list[list[Official]]:
    """Groups of officials that are probably one person (bench/README.md)."""
    by_key: dict[str, set[int]] = collections.defaultdict(set)
    for i, o in enumerate(officials):
        for f in o.forms():
            for k in _keys(f):
                by_key[k].add(i)
    edges: dict[int, set[int]] = collections.defaultdict(set)
    tried = set()
    for members in by_key.values():
        for i, j in itertools.combinations(sorted(members), 2):
            if (i, j) in tried:
                continue
            tried.add((i, j))
            if linked(officials[i], officials[j]):
                edges[i].add(j)
                edges[j].add(i)
    # A shorter name that fits two people who do not fit each other ("George Bush" next to
    # "George H. W. Bush" and "George W. Bush") says nothing: it links nobody.
    size = [len(name_form(o.name).tokens) for o in officials]
    ambiguous = {i for i, near in edges.items()
                 if any(v not in edges[u] and size[i] < min(size[u], size[v])
                        for u, v in itertools.combinations(sorted(near), 2))}
    parent = list(range(len(officials)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, near in edges.items():
        if i in ambiguous:
            continue
        for j in near:
            if j not in ambiguous:
                parent[find(i)] = find(j)
    groups: dict[int, list[Official]] = collections.defaultdict(list)
    for i, o in enumerate(officials):
        groups[find(i)].append(o)
    return sorted((sorted(g, key=lambda o: o.name) for g in groups.values() if len(g) > 1),
                  key=lambda g: normalize(g[0].name))


# Known cases for the rule: (names with countries, expected "one person").
KNOWN_CASES = [
    ((("Volodymyr Zelensky", "UA"), ("Volodymyr Zelenskyy", "UA")), True),
    ((("Sergei Lavrov", "RU"), ("Sergey Lavrov", "RU")), True),
    ((("Benjamin Netanyahu", "IL"), ("Binyamin Netanyahu", "IL")), True),
    ((("Benyamin Netanyahu", "IL"), ("Netanyahu", "")), True),
    ((("Abdel Fattah al-Sisi", "EG"), ("Abdel Fattah el-Sisi", "EG")), True),
    ((("Abdel Fattah Al Sisi", "EG"), ("Abdel-Fattah el-Sissi", "EG")), True),
    ((("Abdel Fattah al-Sisi", "EG"), ("Abdel Fattah Al-Sisi", "")), True),
    ((("Ahmed Davutoglu", "TR"), ("Ahmet Davutoğlu", "TR")), True),
    ((("Alexios Tsipras", "GR"), ("Alexis Tsipras", "GR")), True),
    ((("Kishida Fumio", "JP"), ("Fumio Kishida", "JP")), True),
    ((("Mohammed bin Zayed", "AE"), ("Mohammed bin Zayed Al Nahyan", "AE")), True),
    ((("Mohamed bin Zayed", "AE"), ("Muhammad ibn Zayed", "AE")), True),
    ((("King Salman bin Abdulaziz al-Saud", "SA"), ("Salman", "SA")), True),
    ((("Salman bin Abdulaziz al-Saud", "SA"), ("Mohammed bin Salman", "SA")), False),
    ((("Salman", "SA"), ("Mohammed bin Salman", "SA")), False),
    ((("Tamim bin Hamad Al Thani", "QA"), ("Hamad bin Khalifa Al Thani", "QA")), False),
    ((("Hamad bin Khalifa Al Thani", "QA"), ("Hamad bin Jassim Al Thani", "QA")), False),
    ((("Mohammed bin Abdulrahman Al Thani", "QA"), ("Tamim bin Hamad Al-Thani", "QA")), False),
    ((("George H. W. Bush", "US"), ("George W. Bush", "US")), False),
    ((("George H.W. Bush", "US"), ("George Herbert Walker Bush", "US")), True),
    ((("Jeb Bush", "US"), ("George W. Bush", "US")), False),
    ((("Mohammed bin Zayed", "AE"), ("Abdullah bin Zayed", "AE")), False),
    ((("Kim Jong Un", "KP"), ("Kim Jong Il", "KP")), False),
    ((("Emmanuel Macron", "FR"), ("Emmanuel Macron", "IT")), False),
    ((("Salman bin Abd al-Aziz", "SA"), ("Salman bin Abdulaziz Al Saud", "SA")), True),
    ((("Baudouin I", "BE"), ("Baudouin", "BE")), True),
    ((("George V.", "GB"), ("George VI", "GB")), False),
    ((("George V.", "GB"), ("Lloyd George", "GB")), False),
    ((("Mohammed V.", "MA"), ("Mohammed bin Zayed Al Nahyan", "MA")), False),
    ((("Najib Razak", "MY"), ("Tun Abdul Razak", "MY")), False),
    ((("Alpha Conde", "GN"), ("Conte", "GN")), False),
    ((("Najib ben Abdul Razak", "MY"), ("Tun Abdul Razak", "MY")), False),
    ((("Jose Luis Rodriguez Zapatero", "ES"), ("Rodriquez Zapatero", "ES")), True),
    ((("Jacob Zuma", "ZA"), ("Nkosazana Dlamini-Zuma", "")), False),
    ((("Jabir al-Sabah", "KW"), ("Sheik Sabah al-Ahmed al-Jaber al-Sabah", "KW")), False),
    ((("Sergei Lavrov", "RU"), ("Sergey Lavrov", "SU")), True),
]
# Groups the whole procedure must find (or not) among these officials.
KNOWN_GROUPS = [
    (["George H. W. Bush", "George W. Bush", "George Bush"], 0),
    (["Benjamin Netanyahu", "Binyamin Netanyahu", "Benyamin Netanyahu", "Netanyahu"], 1),
    (["Abdel Fattah al-Sisi", "Abdel Fattah el-Sisi", "Abdel Fattah Al Sisi",
      "Abdel-Fattah el-Sissi"], 1),
    (["King Salman", "Salman bin Abdulaziz", "Mohammed bin Salman"], 1),
]


NOT_PEOPLE = ["Communist", "Director of Chinese", "Prime Ministers of Greece", "Amir of Kuwait",
              "North Atlantic Council", "Chinese Communist Party", "Soviet", "Delegation", "Dato",
              "of the Presidency Bakir Izetbegovic", "United States", "Foreign Minister", "Jordan"]
PEOPLE = ["Ban Ki-moon", "Mackenzie King", "De Gaulle", "Bush", "Li Peng", "Abdullah II",
          "Lord Tweedsmuir", "Shah Mohammed Reza Pahlavi", "Don Pramudwinai", "Vincent", "Cook",
          "de Valera", "Benigno S. Aquino 3rd"]
SELF_CHECKS = len(KNOWN_CASES) + len(KNOWN_GROUPS) + 1 + len(NOT_PEOPLE) + len(PEOPLE) + 3


def _database_from(labels: list[dict], *, country_of_place: bool = False) -> Database:
    """A database holding exactly the labels (plus each trip's traveller): the scorer's
    check. With ``country_of_place`` every counterpart gets the visited country instead."""
    officials, meeting_of, participants = [], {}, {}
    for n, row in enumerate(labels):
        people = [(Official(len(officials), row["traveller"], "US"), "guest")] \
            if row["collection"] != "visits" else []
        for person in row["counterparts"]:
            country = "ZZ" if country_of_place else person["country"]
            people.append((Official(len(officials) + len(people), person["name"], country,
                                    person.get("organization", "")), "participant"))
        officials.extend(o for o, _ in people)
        meeting_of[row["collection"], row["id"]] = n
        participants[n] = people
    return Database(officials, meeting_of, participants, len(labels))


def self_check() -> list[str]:
    """Failures of the name rules on the known cases (empty when all pass)."""
    failures = []
    for ((n1, c1), (n2, c2)), expected in KNOWN_CASES:
        got = linked(Official(0, n1, c1), Official(1, n2, c2))
        if got != expected:
            failures.append(f"{n1} ({c1}) / {n2} ({c2}): {'one' if got else 'two'} "
                            f"person(s), expected {'one' if expected else 'two'}")
    for names, expected in KNOWN_GROUPS:
        groups = one_person_groups([Official(i, n, "") for i, n in enumerate(names)])
        if len(groups) != expected:
            failures.append(f"{names}: {[[o.name for o in g] for g in groups]}, expected "
                            f"{expected} group(s)")
    labels = load_labels(LABELS)
    gold = score(labels, _database_from(labels))
    if (gold["f1"], gold["country_accuracy"], gold["org_ok"]) != (1.0, 1.0, gold["org_gold"]):
        failures.append(f"labels scored against themselves: F1 {gold['f1']:.3f}, country "
                        f"{gold['country_accuracy']:.3f}, organisations {gold['org_ok']}")
    empty = score(labels, Database([], {}, {}, 0))
    if empty["f1"] or empty["missing"] != len(labels):
        failures.append(f"an empty database scores F1 {empty['f1']:.3f}")
    wrong = score(labels, _database_from(labels, country_of_place=True))
    if wrong["f1"] != 1.0 or wrong["country_ok"]:
        failures.append(f"every country wrong: F1 {wrong['f1']:.3f}, country right "
                        f"{wrong['country_ok']} times")
    mbs = one_person_groups([Official(i, n, "SA") for i, n in enumerate(
        ["King Salman", "Salman bin Abdulaziz", "Mohammed bin Salman"])])
    if mbs and any(o.name == "Mohammed bin Salman" for o in mbs[0]):
        failures.append("Mohammed bin Salman grouped with King Salman")
    for name in NOT_PEOPLE:
        if looks_like_a_person(name):
            failures.append(f"{name!r} looks like a person")
    for name in PEOPLE:
        if not looks_like_a_person(name):
            failures.append(f"{name!r} does not look like a person")
    return failures


# --------------------------------------------------------------------------- not people

_NOT_NAME_WORDS = HONORIFICS - {"h", "e"} | {
    # offices
    "secretary", "foreign", "director", "chairman", "chairwoman", "chairperson", "chair",
    "ambassador", "envoy", "special", "representative", "high", "commissioner", "deputy",
    "vice", "chief", "head", "heads", "leader", "leaders", "governor", "mayor", "senator",
    "minister", "ministers", "presidents", "kings", "premiers", "officials", "official",
    "spokesman", "spokeswoman", "adviser", "advisor", "counselor", "undersecretary", "under",
    "assistant", "attorney", "judge", "justice", "speaker", "commander", "admiral", "colonel",
    "captain", "member", "members", "delegate", "delegation", "secretaries", "generals",
    "interim", "acting", "former", "senior", "designate", "elect", "first", "national",
    "security", "defense", "defence", "state", "states", "affairs", "external", "interior",
    "finance", "trade", "policy", "staff", "executive", "supreme", "military", "royal",
    # bodies
    "ministry", "ministries", "party", "government", "council", "committee", "embassy",
    "department", "office", "agency", "union", "organization", "organisation", "republic",
    "kingdom", "congress", "parliament", "assembly", "forces", "army", "navy", "university",
    "nations", "news", "press", "reuters", "people", "peoples", "federal", "democratic",
    "communist", "socialist", "republican", "liberal", "conservative", "nationalist",
    "labour", "labor", "conference", "summit", "nato", "un", "eu", "au", "asean",
    # small words
    "of", "for", "and", "to", "in", "on", "at", "with", "a", "an", "its", "their", "both",
}  # fmt: skip
# Nationality adjectives (a list of the usual ones; pycountry has no demonyms).
DEMONYMS = set("""
afghan albanian algerian american andorran angolan argentine argentinian armenian australian
austrian azerbaijani bahraini bangladeshi belarusian belgian beninese bolivian bosnian
brazilian british bulgarian burmese burundian cambodian cameroonian canadian chadian chilean
chinese colombian congolese croatian cuban cypriot czech danish djiboutian dominican dutch
ecuadorian egyptian emirati eritrean estonian ethiopian fijian filipino finnish french gabonese
gambian georgian german ghanaian greek guatemalan guinean haitian honduran hungarian icelandic
indian indonesian iranian iraqi irish israeli italian ivorian jamaican japanese jordanian
kazakh kenyan korean kosovar kuwaiti kyrgyz lao laotian latvian lebanese liberian libyan
lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian malian maltese
mauritanian mauritian mexican moldovan mongolian montenegrin moroccan mozambican namibian
nepalese nepali nicaraguan nigerian nigerien norwegian omani pakistani palestinian panamanian
paraguayan peruvian philippine polish portuguese qatari romanian russian rwandan salvadoran
samoan saudi scottish senegalese serbian singaporean slovak slovakian slovenian somali
south sudanese spanish sri lankan swedish swiss syrian taiwanese tajik tanzanian thai togolese
tongan tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese yemeni
yugoslav zambian zimbabwean soviet arab arabian european african asian latin western eastern
northern southern allied
""".split())


def _country_names() -> tuple[set[str], set[str]]:
    """Country names (normalized) and the one-word ones, from pycountry when it is there."""
    names = {"korea", "iran", "russia", "syria", "vietnam", "laos", "bolivia", "venezuela",
             "tanzania", "moldova", "britain", "england", "ussr", "usa", "us", "uk",
             "holy see", "vatican", "soviet union", "united states", "united kingdom"}
    try:
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                if value := normalize(getattr(c, attr, "") or ""):
                    names.add(value)
    except ImportError:
        pass
    return names, {n for n in names if " " not in n}


COUNTRY_NAMES, COUNTRY_WORDS = _country_names()
# Lower-case words that may begin a name ("de Valera", "al-Sabah", "van Rompuy").
PARTICLES = {"de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van",
             "von", "der", "den", "ter", "ten", "al", "el", "bin", "ibn", "ben", "zu", "y"}
ORGANISATION_WORDS = {"ministry", "party", "government", "council", "committee", "embassy",
                      "department", "agency", "organization", "organisation", "parliament",
                      "congress", "university", "reuters", "presidency", "delegation"}
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")


def looks_like_a_person(name: str) -> bool:
    """False for strings that are no person's name (bench/README.md): every word a title,
    body, nationality, country or small word ("Communist", "Director of Chinese"); a body's
    name; a country; a digit; a name that begins with a lower-case word ("of the ...")."""
    text = (name or "").strip()
    raw = text.split()
    if not raw or (raw[0][:1].islower() and normalize(raw[0]) not in PARTICLES):
        return False
    words = normalize(text).split()
    if not words or any(ch.isdigit() for w in words if not _ORDINAL.match(w) for ch in w):
        return False
    if " ".join(words) in COUNTRY_NAMES or any(w in ORGANISATION_WORDS for w in words):
        return False
    return not all(w in _NOT_NAME_WORDS or w in DEMONYMS or w in COUNTRY_WORDS for w in words)


# --------------------------------------------------------------------------- scoring


def _sig(tokens: tuple[str, ...]) -> str:
    return tokens[-1] if tokens else ""


def _ends(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    return 0 < len(short) <= len(long) and long[-len(short):] == short


def _tiers(gold: str, pred_names: list[str]) -> int | None:
    """How well a predicted official (name + aliases) matches a gold name: 0 equal,
    1 same words in another order or a final word sequence, 2 same family name; None no."""
    g = normalize(gold).split()
    gf = name_form(gold)
    best = None
    for p in pred_names:
        pt = normalize(p).split()
        pf = name_form(p)
        if not pt:
            continue
        if pt == g:
            tier = 0
        elif sorted(pf.tokens) == sorted(gf.tokens) or _ends(pf.tokens, gf.tokens) or \
                _ends(gf.tokens, pf.tokens):
            tier = 1
        elif _sig(pf.tokens) == _sig(gf.tokens):
            tier = 2
        else:
            continue
        best = tier if best is None else min(best, tier)
    return best


def match_record(gold: list[dict], pred: list[Official]):
    """One-to-one pairs (gold label, predicted official), best tiers first; then misses."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            tier = _tiers(g["name"], [p.name, *p.aliases])
            if tier is not None:
                candidates.append((tier, i, j))
    pairs, used_g, used_p = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], pred[j]))
    fn = [g for i, g in enumerate(gold) if i not in used_g]
    fp = [p for j, p in enumerate(pred) if j not in used_p]
    return pairs, fp, fn


def country_correct(gold: dict, official: Official) -> bool:
    """Country equal (successor states count), and no country for an organisation's
    official."""
    return country_of(gold.get("country")) == country_of(official.country)


def is_traveller(official: Official, traveller: str) -> bool:
    """The U.S. President or Secretary whose trip it is (same family name, given name agrees)."""
    t = name_form(re.sub(r"\([^)]*\)", " ", traveller))
    return any(
        f.tokens[-1] == t.tokens[-1] and (len(f.tokens) == 1 or _given_alike(f.tokens[0],
                                                                                 t.tokens[0]))
        for f in official.forms() if f.tokens and t.tokens)


def counterparts_of(record: dict, participants: list[tuple[Official, str]]) -> list[Official]:
    """A meeting's participants less the U.S. side the record implies: the traveller of a
    trip, the U.S. host (country US) of a visit."""
    out = []
    for official, role in participants:
        if record["collection"] == "visits":
            if country_of(official.country) == "US" or role == "host" and not official.country:
                continue
        elif is_traveller(official, record["traveller"]):
            continue
        out.append(official)
    return out


def score(labels: list[dict], db: Database) -> dict:
    tp = fp = fn = country_ok = org_ok = org_gold = missing = 0
    errors: dict[str, list] = {"fp": [], "fn": [], "country": []}
    for row in labels:
        meeting = db.meeting_of.get((row["collection"], row["id"]))
        if meeting is None:
            missing += 1
            participants = []
        else:
            participants = db.participants.get(meeting, [])
        pred = counterparts_of(row, participants)
        pairs, fps, fns = match_record(row["counterparts"], pred)
        tp += len(pairs)
        fp += len(fps)
        fn += len(fns)
        for gold, official in pairs:
            if country_correct(gold, official):
                country_ok += 1
            else:
                errors["country"].append((row, gold, official))
            if gold.get("organization"):
                org_gold += 1
                org_ok += bool(official.organization) and not official.country
        errors["fp"] += [(row, o) for o in fps]
        errors["fn"] += [(row, g) for g in fns]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"records": len(labels), "missing": missing, "gold": tp + fn, "predicted": tp + fp,
            "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0, "country_ok": country_ok,
            "country_accuracy": country_ok / tp if tp else 0.0, "org_gold": org_gold,
            "org_ok": org_ok, "errors": errors}


# --------------------------------------------------------------------------- the database


@dataclass
class Database:
    officials: list[Official]
    meeting_of: dict[tuple[str, str], int]  # (collection, record id) -> meeting id
    participants: dict[int, list[tuple[Official, str]]]  # meeting -> (official, role)
    meetings: int


def _connect(conn: dict, dbname: str):
    import psycopg

    kwargs = {k: v for k, v in conn.items() if v and k not in ("options", "served")}
    kwargs.update(conn.get("options") or {})
    return psycopg.connect(dbname=dbname, autocommit=True, **kwargs)


def read_database(conn: dict, dbname: str) -> Database:
    """The rows the import wrote, read with plain SQL."""
    import psycopg

    try:
        with _connect(conn, dbname) as c:
            officials = {
                oid: Official(oid, name, country or "", organization or "")
                for oid, name, country, organization in c.execute(
                    "SELECT id, name, country, organization FROM meetings_official")}
            for oid, alias in c.execute(
                    "SELECT official_id, alias FROM meetings_officialalias WHERE NOT rejected"):
                if oid in officials:
                    officials[oid].aliases.append(alias)
            meeting_of = {(coll, rid): mid for coll, rid, mid in c.execute(
                "SELECT collection, record_id, meeting_id FROM meetings_recordsource")}
            participants: dict[int, list] = collections.defaultdict(list)
            for mid, oid, role in c.execute(
                    "SELECT meeting_id, official_id, role FROM meetings_participation "
                    "ORDER BY meeting_id, id"):
                participants[mid].append((officials[oid], role))
                officials[oid].meetings += 1
            (meetings,) = c.execute("SELECT count(*) FROM meetings_meeting").fetchone()
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise BenchError(f"cannot read database {dbname}: {first}") from None
    return Database(sorted(officials.values(), key=lambda o: o.id), meeting_of, participants,
                    meetings)


def project_database(project: Path, python: Path) -> dict:
    """The connection settings of the project (its settings module, so DATABASE_URL too)."""
    code = ("import json, django; django.setup(); from django.conf import settings; "
            "d = settings.DATABASES['default']; print(json.dumps({k.lower(): d.get(k) for k in "
            "('NAME', 'USER', 'PASSWORD', 'HOST', 'PORT', 'OPTIONS')}))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
           "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([str(python), "-c", code], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchError(f"cannot read the database settings of {project}: {last}")
    settings = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"host": settings["host"], "port": str(settings["port"] or ""),
            "user": settings["user"], "password": settings["password"],
            "options": settings["options"] or {}, "served": settings["name"]}


def _url(conn: dict, dbname: str) -> str:
    auth = quote(conn["user"] or "", safe="")
    if conn.get("password"):
        auth += ":" + quote(conn["password"], safe="")
    host = conn["host"] or ""
    query = {**(conn.get("options") or {})}
    netloc = f"{auth}@" if auth else ""
    if host.startswith("/"):
        query["host"] = host
        netloc += f":{conn['port']}" if conn.get("port") else ""
    else:
        netloc += host + (f":{conn['port']}" if conn.get("port") else "")
    qs = "&".join(f"{k}={quote(str(v), safe='/')}" for k, v in query.items())
    return f"postgres://{netloc}/{dbname}" + (f"?{qs}" if qs else "")


def run_import(project: Path, python: Path, conn: dict, dbname: str, data: Path,
               log: Path) -> str:
    """migrate + import_records into ``dbname``; the import's summary (stdout)."""
    # No bytecode written into the project scored (it may be another helper's worktree).
    env = {**os.environ, "DATABASE_URL": _url(conn, dbname),
           "DJANGO_SETTINGS_MODULE": "diplomacy.settings", "PYTHONDONTWRITEBYTECODE": "1"}
    summary = ""
    with open(log, "w", encoding="utf-8") as fh:
        for args in (["migrate", "--no-input", "-v", "0"], ["import_records", str(data)]):
            fh.write(f"$ manage.py {' '.join(args)}\n")
            fh.flush()
            proc = subprocess.run([str(python), str(project / "manage.py"), *args], cwd=project,
                                  env=env, stdout=subprocess.PIPE, stderr=fh, text=True)
            fh.write(proc.stdout)
            if args[0] == "import_records":
                summary = proc.stdout.strip()
                if proc.returncode not in (0, 1):  # 1: some inputs failed, the rest stored
                    raise BenchError(f"import_records exited {proc.returncode} (see {log})")
            elif proc.returncode != 0:
                raise BenchError(f"migrate exited {proc.returncode} (see {log})")
    return summary


# --------------------------------------------------------------------------- spot checks

# The officials issue 14 names with a wrong country: (label, name pattern, expected).
SPOT_CHECKS = [
    ("Emmanuel Macron", r"\bmacron\b", "FR"),
    ("Angela Merkel", r"\bmerkel\b", "DE"),
    ("Mike Waltz", r"\bwaltz\b", "US"),
    ("Yuri Ushakov", r"\bushakov\b", "RU"),
    ("Mohammed bin Zayed", r"\bm\w*h?amm?[ae]d (?:bin |ibn )?zayed\b", "AE"),
    ("Jens Stoltenberg", r"\bstoltenberg\b", "NATO"),
    ("Ban Ki-moon", r"\bban ki moon\b", "UN"),
]


def spot_checks(officials: list[Official]) -> list[tuple[str, str, list[Official]]]:
    out = []
    for label, pattern, expected in SPOT_CHECKS:
        found = [o for o in officials
                 if any(re.search(pattern, normalize(n)) for n in [o.name, *o.aliases])]
        out.append((label, expected, sorted(found, key=lambda o: -o.meetings)))
    return out


# --------------------------------------------------------------------------- labels


def load_labels(path: Path) -> list[dict]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BenchError(f"cannot read {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            for key in ("collection", "id", "traveller"):
                if not isinstance(row[key], str):
                    raise TypeError(f"{key} is not a string")
            for person in row["counterparts"]:
                if not person["name"] or not isinstance(person["country"], str):
                    raise TypeError("a counterpart needs a name and a country string")
        except (ValueError, KeyError, TypeError) as exc:
            raise BenchError(f"{path}:{n}: not a labelled record ({exc})") from None
        rows.append(row)
    if not rows:
        raise BenchError(f"{path}: no labelled records")
    return rows


def verify_source(labels: list[dict], records: list[Record]) -> list[str]:
    """Labels that no longer fit their record (missing, other date, name not in the text)."""
    by_id = {(r.collection, r.id): r for r in records}
    problems = []
    for row in labels:
        r = by_id.get((row["collection"], row["id"]))
        if r is None:
            problems.append(f"{row['collection']} {row['id']}: no such record")
            continue
        if r.file != row.get("file") or r.date != row.get("date") or \
                r.traveller != row["traveller"]:
            problems.append(f"{row['collection']} {row['id']}: file, date or traveller differ")
        text = r.traveller + " " + r.text if r.collection == "visits" else r.text
        for person in row["counterparts"]:
            if person["name"] not in text:
                problems.append(f"{row['collection']} {row['id']}: {person['name']!r} "
                                f"is not written in the record")
    return problems


# --------------------------------------------------------------------------- output


def _who(o: Official) -> str:
    where = o.country or "-"
    if o.organization:
        where += f", {o.organization}"
    return f"{o.name} [{where}]"


def report(res: dict, db: Database, groups, non_people, spots, *, show_list: bool,
           show_errors: bool) -> None:
    print(f"  meetings {db.meetings}, officials {len(db.officials)}")
    print(f"\ncounterparts on the labelled sample ({res['records']} records, "
          f"{res['missing']} without a meeting):")
    print(f"  names:    precision {res['precision']:.3f}  recall {res['recall']:.3f}  "
          f"F1 {res['f1']:.3f}  (tp {res['tp']}, fp {res['fp']}, fn {res['fn']}; "
          f"gold {res['gold']})")
    print(f"  country:  accuracy {res['country_accuracy']:.3f}  "
          f"({res['country_ok']}/{res['tp']} matched names)")
    print(f"  organisations: {res['org_ok']}/{res['org_gold']} matched officials of an "
          f"organisation have one and no country")
    short = sum(any(len(name_form(o.name).tokens) == 1 for o in g) for g in groups)
    print(f"\nofficials that are probably one person: {len(groups)} groups "
          f"({sum(len(g) for g in groups)} officials; {len(groups) - short} between full names, "
          f"{short} with a one-word name such as a family name alone)")
    if show_list:
        for g in groups:
            print("  " + "  |  ".join(_who(o) for o in g))
    print(f"\nofficials that do not look like people: {len(non_people)}")
    if show_list:
        for o in non_people:
            print(f"  {_who(o)}  ({o.meetings} meetings)")
    print("\nspot checks (issue 14): expected -> found")
    for label, expected, found in spots:
        shown = "; ".join(f"{_who(o)} {o.meetings} meetings" for o in found[:4]) or "not found"
        more = f" (+{len(found) - 4} more)" if len(found) > 4 else ""
        print(f"  {label:<20} {expected:<5} -> {shown}{more}")
    print("\ntargets (issue 14): at most 5 one-person groups, country accuracy >= 0.97, "
          "names F1 >= 0.95, 0 non-people")
    if not show_errors:
        return
    e = res["errors"]
    print(f"\nmissed counterparts ({len(e['fn'])}):")
    for row, g in e["fn"]:
        where = g["country"] or g.get("organization")
        print(f"  {row['collection']} {row['id']}: {g['name']} [{where}]")
    print(f"\nextra counterparts ({len(e['fp'])}):")
    for row, o in e["fp"]:
        print(f"  {row['collection']} {row['id']}: {_who(o)}")
    print(f"\nwrong countries ({len(e['country'])}): gold -> found")
    for row, g, o in e["country"]:
        print(f"  {row['collection']} {row['id']}: {g['name']} "
              f"{g['country'] or g.get('organization')} -> {_who(o)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--project", type=Path, default=ROOT,
                    help="the project whose import is scored (default: this one)")
    ap.add_argument("--data", type=Path, default=None,
                    help="the records folder (default: ../shared/data/historyatstate from the "
                         "project root)")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--db", help="score this database, already imported (no import, no drop)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    ap.add_argument("--list", action="store_true", help="print the groups and non-people")
    ap.add_argument("--errors", action="store_true", help="print misses and wrong countries")
    ap.add_argument("--self-check", action="store_true")
    ap.add_argument("--sample", action="store_true")
    ap.add_argument("--verify-source", action="store_true")
    args = ap.parse_args(argv)

    if args.self_check:
        failures = self_check()
        for f in failures:
            print(f"FAIL {f}")
        print(f"self-check: {SELF_CHECKS - len(failures)}/{SELF_CHECKS} known cases right")
        return 1 if failures else 0

    project = args.project.resolve()
    data = (args.data or project / DATA_FROM_PROJECT).resolve()
    try:
        if not (data / "visits").is_dir():
            print(f"eval_people: skipped: no records folder {data} (--data DIR)", file=sys.stderr)
            return 2
        records = read_records(data)
        if args.sample:
            for r in sample(records):
                print(f"{r.collection}|{r.file}|{r.id}|{r.date}|{r.traveller}|{r.country}|{r.text}")
            return 0
        labels = load_labels(args.labels)
        problems = verify_source(labels, records)
        if args.verify_source:
            for p in problems:
                print(p)
            print(f"verify-source: {len(labels)} labelled records, {len(problems)} problems")
            return 1 if problems else 0
        if problems:
            print(f"note: {len(problems)} labels do not fit the records (--verify-source)",
                  file=sys.stderr)
        python = project / ".venv" / "bin" / "python"
        if not (project / "manage.py").is_file() or not python.exists():
            raise BenchError(f"no manage.py or .venv/bin/python in {project}")
        conn = project_database(project, python)
        dbname = args.db or f"bench_trips_{os.getpid()}"
        if dbname == conn["served"]:
            raise BenchError(f"{dbname} is the database the project serves: not touching it")
        print(f"eval_people: {project} -> database {dbname}")
        created = False
        try:
            if not args.db:
                with _connect(conn, "postgres") as c:
                    c.execute(f'CREATE DATABASE "{dbname}"')
                created = True
                log = Path(tempfile.gettempdir()) / f"{dbname}.log"
                start = time.monotonic()
                summary = run_import(project, python, conn, dbname, data, log)
                print(f"  import: {time.monotonic() - start:.0f} s (log {log})")
                for line in summary.splitlines():
                    print(f"  {line}")
            db = read_database(conn, dbname)
        finally:
            if created and not args.keep:
                with _connect(conn, "postgres") as c:
                    c.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            elif created:
                print(f"  kept database {dbname}")
        res = score(labels, db)
        groups = one_person_groups(db.officials)
        non_people = [o for o in db.officials if not looks_like_a_person(o.name)]
        report(res, db, groups, non_people, spot_checks(db.officials),
               show_list=args.list, show_errors=args.errors)
        failures = self_check()
        print(f"\nname rules on the known cases: {'all right' if not failures else failures}")
        return 0
    except BenchError as exc:
        print(f"eval_people: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a benchmark says why it stopped, in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(f"eval_people: cannot run: {type(exc).__name__}: {first}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
