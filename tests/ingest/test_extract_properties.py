"""Properties of extraction on open-ended text: it never raises, and what it returns is
valid (offsets inside the body, statements made of the body's words, indexes that point
at records). Texts mix sentences of the kinds news has with quotes of every style,
stray punctuation, control characters, bidirectional marks and other Unicode.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.ingest.pipeline import extract_article, extract_many
from meetings.ingest.records import ArticleInput, Extraction, Lexicon

pytestmark = pytest.mark.nlp

DAY = dt.date(2024, 1, 12)
NAMES = [
    "Antony Blinken", "Wang Yi", "Sergei Lavrov", "Xi Jinping", "Claudia Sheinbaum",
    "Ursula von der Leyen", "Mohammed bin Salman", "Recep Tayyip Erdoğan", "Liu Jianchao",
    "Moussa Faki Mahamat", "Blinken", "Wang", "Nguyễn Phú Trọng", "Abdel Fattah el-Sisi",
]
TITLES = [
    "U.S. Secretary of State", "Chinese Foreign Minister", "Russian President", "President",
    "Prime Minister", "the AU chief", "his Japanese counterpart,", "H.E. Dr.", "Sheikh",
    "presidential aide", "", "",
]
SPEAKERS = ["he", "she", "the minister", "the Chinese leader", "the Egyptian presidency",
            "the State Department", "it", "a reporter", "officials", "they"]
VERBS = ["said", "says", "told reporters", "stressed", "added", "noted", "urged",
         "emphasized", "assessed that", "called for", "described", "told his counterpart"]
DATES = ["on Friday", "on Jan. 13", "last week", "in March 2023", "on 2024-01-10", "late Monday",
         "this week", "since the 1959 revolution", "on December 1", ""]
# Opening and closing marks, balanced or not: curly, straight, single, guillemets,
# low-high, and quotes left open or closed without an opening.
MARKS = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“"), ("'", "'"), ('"', ""),
         ("“", ""), ("", "”"), ("«", '"'), ("“", "“"), ("", "")]
CONTENT = ["We will not back down", "Dialogue matters. We leave with a plan",
           "the talks were useful", "a fruitful first meeting", "Will you meet Xi?",
           "Our countries share the same sea.\n\n“We will protect it", "", "…", "dirty tricks"]
# Characters that have broken text pipelines: controls, bidirectional overrides and
# isolates, zero-width joiners, a BOM, line and paragraph separators, combining marks.
ODD = ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\u202e", "\u202d", "\u200f", "\u2066",
       "\u2069", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029", "\u0301", "\ufffe", "🇺🇸",
       "—", "–", "…", "(", ")", "[", "]", ",", ";", ":", ".", "!", "?", "/", "\\", "#", "@"]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\t", " \u00a0", "\n \n"]

words = st.sampled_from
person = st.builds(lambda t, n: f"{t} {n}".strip(), words(TITLES), words(NAMES))
quoted = st.builds(lambda m, c: f"{m[0]}{c}{m[1]}", words(MARKS), words(CONTENT))

meeting_sentence = st.builds(
    lambda a, b, d: f"{a} met {b} {d}.", person, person, words(DATES)
)
quote_then_speaker = st.builds(
    lambda q, s, v: f"{q}, {s} {v}.", quoted, st.one_of(person, words(SPEAKERS)), words(VERBS)
)
speaker_then_quote = st.builds(
    lambda s, v, q: f"{s} {v}: {q}", st.one_of(person, words(SPEAKERS)), words(VERBS), quoted
)
reported = st.builds(
    lambda s, v, c: f"{s} {v} {c}.", st.one_of(person, words(SPEAKERS)), words(VERBS),
    words(CONTENT)
)
according = st.builds(
    lambda src, a, b: f"According to {src}, {a} met {b}.",
    st.one_of(person, words(SPEAKERS), words(["Reuters", "state media", ""])), person, person,
)
according_after = st.builds(
    lambda c, src: f"{c}, according to {src}.", words(CONTENT), st.one_of(person, words(SPEAKERS))
)
junk = st.one_of(
    st.lists(st.sampled_from(ODD), max_size=6).map("".join),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
)
sentence = st.one_of(meeting_sentence, quote_then_speaker, speaker_then_quote, reported,
                     according, according_after, quoted, junk)


@st.composite
def bodies(draw) -> str:
    parts = draw(st.lists(st.tuples(sentence, words(SEPARATORS)), min_size=1, max_size=10))
    body = "".join(s + sep for s, sep in parts)
    # A stray character anywhere, even inside a word or a name.
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.sampled_from(ODD)) + body[at:]
    return body


def check_valid(extraction: Extraction, body: str) -> None:
    """The records of one extraction are well formed against ``body``."""
    n = len(body)

    def inside(span) -> bool:
        return 0 <= span.start <= span.end <= n

    names = {o.name for o in extraction.officials}
    for o in extraction.officials:
        assert o.name.strip()
        assert all(inside(s) for s in o.mentions + o.evidence), o
    for m in extraction.meetings:
        assert all(inside(s) for s in m.evidence), m
        assert {p.name for p in m.participants} <= names, m
        if m.date is not None:
            assert m.date.precision in ("day", "week", "month", "year")
            assert isinstance(m.date.value, dt.date)
    for s in extraction.statements:
        assert inside(s.evidence), s
        assert s.text.strip(), s
        assert s.speaker in names or (s.speaker is None and s.speaker_label.strip()), s
        assert s.meeting is None or 0 <= s.meeting < len(extraction.meetings), s
        # The statement's words are the body's: the text itself, or (for a quote over
        # paragraphs) its paragraphs joined without the marks that reopen them.
        assert s.text in body or all(w in body for w in s.text.split()), s
    for t in extraction.topics:
        assert all(inside(s) for s in t.evidence), t


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=bodies())
def test_extract_returns_valid_records_for_any_text(body):
    article = ArticleInput(title="t", body=body, date=DAY)
    check_valid(extract_article(article, lexicon=Lexicon()), body)


def test_according_to_a_source_before_a_meeting_extracts_the_meeting():
    # Issue 17 item 1: this sentence made extraction raise and the article be rejected.
    body = "According to Reuters, Secretary of State Antony Blinken met Foreign Minister Wang Yi."
    extraction = extract_article(ArticleInput(title="t", body=body, date=DAY))
    check_valid(extraction, body)
    (meeting,) = extraction.meetings
    assert {p.name for p in meeting.participants} == {"Antony Blinken", "Wang Yi"}


TEMPLATES = [
    "{t1} {p1} met {t2} {p2} in {place} {date}.",
    "{p1} and {p2} held talks in {place} {date}, the {org} said.",
    "According to {org}, {p1} met {p2} {date}.",
    "According to {src}, {t1} {p1} met {t2} {p2}.",
    "“{c}. {c2},” {t1} {p1} said.",
    "{q0}{c}{q1} {p2} told reporters {date}.",
    "{p1} said the two countries would {act}.",
    "{p2} stressed that {c2}",
    "“{c}", "{c2}.”",
    "{p1} described “{c}” with his guest.",
    "The {org} said {p1} urged {p2} to {act}.",
    "He also noted, “{c}.”",
    "{c}, according to {src}.",
    "{p1}'s spokesman said there were no plans {date}.",
]
FILL = {
    "t": ["U.S. Secretary of State", "Chinese Foreign Minister", "Russian President",
          "Prime Minister", "", "the AU chief"],
    "p": NAMES,
    "place": ["Washington", "Beijing", "Addis Ababa", "São Paulo"],
    "date": DATES,
    "org": ["State Department", "Kremlin", "Egyptian presidency", "foreign ministry"],
    "src": ["Reuters", "a readout", "state media", "Lavrov", "the minister"],
    "c": ["We will not back down", "The talks were useful", "Will you meet Xi?"],
    "c2": ["we leave with a plan", "dialogue matters", "the sea is ours"],
    "act": ["continue to cooperate on migration", "return to talks", "cut tariffs"],
    "q": list(MARKS),
}


def random_article(rng: random.Random) -> str:
    """Many sentences from the templates, in random order, with random fillings."""
    out = []
    for _ in range(rng.randint(10, 60)):
        template = rng.choice(TEMPLATES)
        q = rng.choice(FILL["q"])
        out.append(template.format(
            t1=rng.choice(FILL["t"]), t2=rng.choice(FILL["t"]), p1=rng.choice(FILL["p"]),
            p2=rng.choice(FILL["p"]), place=rng.choice(FILL["place"]),
            date=rng.choice(FILL["date"]), org=rng.choice(FILL["org"]),
            src=rng.choice(FILL["src"]), c=rng.choice(FILL["c"]), c2=rng.choice(FILL["c2"]),
            act=rng.choice(FILL["act"]), q0=q[0], q1=q[1],
        ))
        out.append(rng.choice([" ", " ", "\n\n", "\n"]))
    return "".join(out)


def test_random_articles_from_templates_never_raise():
    rng = random.Random(17)
    bodies_ = [random_article(rng) for _ in range(60)]
    articles = [ArticleInput(title="t", body=b, date=DAY, id=str(i)) for i, b in enumerate(bodies_)]
    extractions = list(extract_many(articles, lexicon=Lexicon()))
    assert len(extractions) == len(articles)
    for extraction, body in zip(extractions, bodies_, strict=True):
        check_valid(extraction, body)
