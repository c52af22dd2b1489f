"""Statements: direct quotes and reported speech, with speaker, reporter and meeting.

Sentence by sentence: a speech verb and its subject ("Taiwan's government has accused
China of ..."), "X said (that) ...", "X told Y (that) ...", "..., X said", "according to
X", partial quotes ('Maduro described "a fruitful meeting"'), and quotes whose speaker
stands beside them. A quote that runs over several sentences or paragraphs (the wire
convention: each paragraph of a long quote opens a quote mark, only the last closes it)
is one statement, attributed by the words after its close, before its open, by the next
sentence ("Wang said at a news conference.") or to the speaker of the sentence before.

Speakers given as a pronoun or a description ("he", "the Chinese leader", "the AU
chief") resolve to the nearest compatible official named before; institutions stay
labels. Every rule reads the tokens of one sentence or the positions of quote marks and
line breaks found once per document, so the cost stays linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from meetings.ingest import patterns as P
from meetings.ingest.countries import country_code
from meetings.ingest.nlp import NOISE, doc_text, positions, sent_span
from meetings.ingest.records import MeetingRecord, OfficialRecord, Span, StatementRecord

OPEN_QUOTES = {"“", '"', "‘", "«", "„"}
CLOSE_QUOTES = {"”", '"', "’", "»"}
QUOTES = OPEN_QUOTES | CLOSE_QUOTES

# Verbs that introduce the reporter of a statement ("..., the State Department said").
REPORTING = frozenset(
    {"said", "says", "say", "added", "adds", "stated", "wrote", "told", "noted", "reads",
     "read", "continued", "explained"}
)
# Verbs of saying whose clause is the statement itself: "said (that) X" keeps X only.
_SAY = frozenset(
    """
    said says say told tells added adds stated states noted notes wrote writes assessed
    assesses explained explains remarked observed believes believed claimed claims
    acknowledged acknowledges indicated indicates confirmed confirms insisted insists
    argued argues maintained maintains recalled replied responded predicted estimated
    tweeted posted commented disclosed specified revealed assured saying adding noting
    stating explaining insisting arguing
    """.split()
)
# Verbs whose object or clause is what was said, kept with the verb ("stressed ...").
_CONTENT_VERBS = frozenset(
    """
    stressed stresses underlined underlines emphasized emphasises emphasizes underscored
    underscores expressed voiced conveyed reiterated reiterates hailed praised lauded
    commended proposed suggested appreciated articulated thanked assured stressing
    emphasizing emphasising underlining urging warning highlighting expressing
    reiterating affirming reaffirming calling
    """.split()
)
_SPEECH = frozenset(P.SPEECH_VERBS | _SAY | _CONTENT_VERBS)
# Verbs after which a reporter may close a sentence ("..., Medinsky emphasized.").
_TRAILING = frozenset(
    REPORTING
    | set(
        "emphasized stressed underlined insisted recalled warned announced declared tweeted "
        "posted commented confirmed affirmed reiterated assessed explained".split()
    )
)
# Words skipped between a subject and its verb ("has accused", "on Friday raised").
_AUX = frozenset(
    {
        "has",
        "have",
        "had",
        "also",
        "again",
        "repeatedly",
        "previously",
        "earlier",
        "will",
        "would",
        "is",
        "was",
        "then",
        "on",
        "friday",
        "thursday",
        "wednesday",
        "tuesday",
        "monday",
        "saturday",
        "sunday",
        "strongly",
        "further",
    }
)
_PRONOUNS = frozenset({"he", "she"})
_PREPS = frozenset({"to", "in", "at", "on", "during", "after", "before", "while", "when"})
# Heads of subjects that are institutions even when a person's name stands before them.
_INSTITUTION_HEADS = frozenset(
    "office ministry service government presidency administration cabinet embassy "
    "department palace kremlin secretariat team camp party agency".split()
)
_ABBREVIATED_TITLES = {"pm": "prime minister", "fm": "foreign minister"}
# Subjects that name no one who could be a speaker, or a joint voice of both sides.
_NO_SPEAKER = frozenset(
    """
    they we i you it this that these those who which what there both one
    """.split()
)
_JOINT = re.compile(r"^(?:the )?(?:both|two) (?:sides|leaders|countries|ministers|men|delegations)"
                    r"|^both\b|^the two\b|^the sides\b")
# People who ask rather than state: a journalist's question is no statement.
_ASKERS = frozenset(
    "reporter reporters journalist journalists correspondent correspondents interviewer "
    "anchor moderator host questioner".split()
)
# Documents that speak for their author: "the statement said" is its issuer's statement.
_DOCUMENTS = frozenset(
    "statement readout communique communiqué release transcript notice post email "
    "e-mail letter message tweet".split()
)
# Verbs that state something even in a sentence that reports a meeting ("At the talks,
# Wang urged ..."); "raised concerns in a meeting" stays the meeting's topic.
_STRONG = frozenset(
    "urged urges stressed stresses underlined underlines emphasized emphasised emphasizes "
    "underscored underscores called warned warns insisted insists".split()
)
# Organizations named by their acronym in a description ("the AU chief").
_ORG_NAMES = {
    "au": "african union", "eu": "european union", "un": "united nations",
    "u.n.": "united nations", "nato": "nato", "asean": "asean", "who": "world health",
    "iaea": "atomic energy", "imf": "monetary fund", "wto": "trade organization",
    "oas": "american states", "osce": "co-operation in europe", "opec": "opec",
}
# Speech verbs that, in a sentence reporting a meeting, tell of the meeting instead.
_WEAK_IN_MEETING = frozenset(
    "raised raises welcomed welcomes agreed called calls asked told".split()
)
# Participles that go on with the same speaker's words (", adding that ...").
_PARTICIPLES = frozenset(
    "saying adding noting stating explaining insisting arguing stressing emphasizing "
    "emphasising underlining urging warning highlighting expressing reiterating "
    "affirming reaffirming calling".split()
)
_FUTURE = frozenset({"will", "would", "could", "may", "might", "shall", "should", "'ll"})
_SKIP_VERBS = frozenset(
    {"called", "calls", "call", "asked", "agreed", "welcomed", "told", "described", "calling",
     "assured"}
)
# Events told of by a reporter ("They discussed X, the ministry said") are no statement.
_EVENT_WORDS = frozenset(
    """
    discuss discussed discusses discussing exchange exchanged exchanges agree agreed
    agrees hold held holds sign signed signs meet met meets visit visited visits review
    reviewed talk talked talks speak spoke speaks attend attended arrive arrived host
    hosted hosts receive received receives call called travel travelled traveled leave
    left touched
    """.split()
)
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_QUOTE_WORDS = frozenset(QUOTES)
_VERB_WORDS = frozenset(_SPEECH | REPORTING | {"according"})
# Words a description of a person may carry besides its country and head noun.
_DESCRIPTION_WORDS = frozenset(
    "the his her their its visiting top former outgoing incoming new veteran senior host "
    "guest fellow 's ’s".split()
)
_ROLE_HEADS = frozenset({"leader", "diplomat", "official", "counterpart", "chief", "head"})
_LEADER_TITLES = frozenset(
    "president premier prime chancellor king queen emir amir sultan leader chairman "
    "secretary-general general taoiseach pope crown".split()
)
_DIPLOMAT_TITLES = frozenset({"foreign", "state", "ambassador", "envoy", "diplomat"})
_FEMALE = frozenset(
    "she her queen princess sheikha chairwoman spokeswoman mrs mrs. ms ms. madam madame "
    "dame duchess empress".split()
)


@dataclass(slots=True)
class _Quote:
    """A quote found over the whole document (token indices, character offsets)."""

    open_tok: int  # the opening mark
    close_tok: int | None  # the closing mark; None when the quote is never closed
    start: int  # first character inside the marks
    end: int  # character after the last one inside
    parts: list[tuple[int, int]]  # character ranges, one per paragraph, marks left out


def find_statements(
    doc: Doc, *, officials: Sequence[OfficialRecord], meetings: Sequence[MeetingRecord]
) -> list[StatementRecord]:
    """Direct quotes and reported speech in ``doc``, in text order."""
    return _Reader(doc, officials, meetings).read()


class _Reader:
    """One pass over the sentences of one document."""

    def __init__(self, doc: Doc, officials, meetings) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.officials = officials
        self.meetings = meetings
        self.mentions = sorted(
            ((s.start, s.end, o) for o in officials for s in o.mentions), key=lambda t: t[:2]
        )
        self.mention_starts = [m[0] for m in self.mentions]
        self.meeting_sents = {(e.start, e.end) for m in meetings for e in m.evidence}
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.quote_pos = positions(doc, _QUOTE_WORDS, "ORTH")
        self.verb_pos = positions(doc, _VERB_WORDS)
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        self.has_dep = doc.has_annotation("DEP")
        self.last_reporter = ""
        self.last_issuer = ""  # who issued the document last named ("a statement by X")
        self.captions = self._captions()
        self.first = 0  # the first sentence of the statement being read
        self.topics: dict[int, OfficialRecord | str | None] = {}  # see _topic_person
        self.spoke_label: dict[int, str] = {}  # sentence index -> a name that spoke
        keys: dict[str, list[OfficialRecord]] = {}
        for o in officials:
            for key in {o.name.split()[-1].lower(), *(a.lower() for a in o.aliases)}:
                keys.setdefault(key, []).append(o)
        self.surnames = {k: v[0] for k, v in keys.items() if len(v) == 1}
        self.out: list[StatementRecord] = []
        self.spoke: dict[int, str] = {}  # sentence index -> person speaker of a statement
        self.by_name = {o.name: o for o in officials}
        self.labels: list[str] = []  # institutions that spoke, latest last

    # ------------------------------------------------------------------ driver

    def read(self) -> list[StatementRecord]:
        units = self._quote_units()
        skip_to = -1
        for k, sent in enumerate(self.sents):
            if k > skip_to:
                self.first = k
                unit = units.get(k)
                done = self._quote_unit(k, unit) if unit is not None else None
                if done is not None:
                    skip_to = done
                else:
                    self._sentence(k, sent)
        return _tie_meetings(self.out, self.meetings)

    def _last_person(self) -> OfficialRecord | str | None:
        """Whom a "he" or "she" means: the topic of the nearest sentence before the
        statement that has one (a few sentences back at most), worked out only when a
        pronoun asks."""
        for j in range(self.first - 1, max(-1, self.first - 7), -1):
            if j not in self.topics:
                self.topics[j] = self._topic_person(j, self.sents[j])
            if self.topics[j] is not None:
                return self.topics[j]
        return None

    def _topic_person(self, k: int, sent: SpacySpan) -> OfficialRecord | str | None:
        """Whom a "he" or "she" in the next sentence most often means: the one who spoke
        in this sentence, else its subject, else the official it names first; or an
        untitled name that is its subject."""
        if k in self.spoke:
            return self.by_name.get(self.spoke[k])
        if k in self.spoke_label:
            return self.spoke_label[k]
        if self.has_dep:
            root = sent.root
            for child in root.children:
                if child.dep_ in _SUBJECT_DEPS:
                    span = self._np(child, root)
                    person = self._head_person(span) or self._by_surname(span)
                    if person is None and span[0].lower_ in ("the", "his", "her"):
                        person = self._described(span)
                    if person is None and _is_name(span):
                        return _np_text(span)  # "Trump told reporters ...", untitled
                    if person is not None:
                        return person
        return self._first_person(sent)

    def _by_surname(self, span: SpacySpan) -> OfficialRecord | None:
        """'Putin' where the article names 'Vladimir Putin' without this mention."""
        if not _is_name(span):
            return None
        return self.surnames.get(span[-1].lower_)

    def _captions(self) -> list[tuple[int, int]]:
        """Character ranges of photo captions: the line after a line that is only a
        credit ("REUTERS/Jane Doe"), or a line a credit closes. Nothing said there is
        a statement: captions describe a picture."""
        doc, text, newlines = self.doc, self.text, self.newlines
        out = []
        for span in doc.spans[NOISE] if NOISE in doc.spans else ():
            if span.label_ != "CREDIT":
                continue
            k = bisect_left(newlines, span.start_char)
            start = newlines[k - 1] + 1 if k else 0
            end = newlines[k] if k < len(newlines) else len(text)
            if text[start:end].strip() != span.text.strip():
                out.append((start, end))
                continue
            while end < len(text):  # the next line with words in it
                k += 1
                start, end = end + 1, newlines[k] if k < len(newlines) else len(text)
                if text[start:end].strip():
                    out.append((start, end))
                    break
        return out

    def _emit(self, k: int, statement: StatementRecord | None) -> None:
        if statement is None or not statement.text:
            return
        if any(a <= statement.evidence.start < b for a, b in self.captions):
            return
        if not (statement.speaker or statement.speaker_label):
            return
        self.out.append(statement)
        if statement.speaker:
            self.spoke[k] = statement.speaker
        elif statement.speaker_label:
            if _is_name_text(statement.speaker_label):
                self.spoke_label[k] = statement.speaker_label
            self.last_reporter = statement.speaker_label
            self.labels.append(statement.speaker_label)

    # ------------------------------------------------------------- one sentence

    def _sentence(self, k: int, sent: SpacySpan) -> None:
        doc = self.doc
        qp, vp = self.quote_pos, self.verb_pos
        qs = qp[bisect_left(qp, sent.start) : bisect_left(qp, sent.end)]
        vs = vp[bisect_left(vp, sent.start) : bisect_left(vp, sent.end)]
        if not vs and not qs:
            return
        span = sent_span(sent)
        if span[0] == span[1]:
            return
        quotes = _quote_ranges(sent, qs)
        has_meeting = span in self.meeting_sents
        content_start, content_end = sent.start, sent.end
        reporter, reporter_at, verb_at, aside = self._reporter(sent, quotes, vs)
        if reporter_at is not None and not aside:  # '..., said Wang': ends before "said"
            content_end = min(reporter_at[0], verb_at)
        according = _according(sent)
        source_at = None
        if according is not None and reporter_at is None:
            source_at, (content_start, content_end) = according
            reporter = _np_text(doc[source_at[0] : source_at[1]])
        if reporter_at is not None or source_at is not None:
            rep_span = doc[slice(*(reporter_at or source_at))]
            if reporter.lower() == "it":
                reporter = self.last_reporter
            elif reporter.lower() not in _NO_SPEAKER | _PRONOUNS:
                if self._person_at(rep_span) is None and not _is_asker(rep_span):
                    resolved = self._document_issuer(rep_span)
                    if resolved:
                        reporter = resolved
                    self.last_reporter = reporter
        exclude = (reporter_at[0], verb_at + 1) if aside else (0, 0)
        found = self._speech_verb(sent, content_start, content_end, quotes, vs, exclude)
        statement = None
        if found is not None:
            statement = self._reported(sent, span, found, content_end, quotes, reporter,
                                       has_meeting)
        if statement is None and found is None and quotes:
            if reporter_at and _opens_sentence(sent, quotes[0][0]):
                # “We oppose ...,” Wang said: a direct quote of the one who said it.
                statement = self._quoted(sent, span, quotes[0], doc[slice(*reporter_at)])
            elif self._colon_before(quotes[0][0]) and sent.root.i < quotes[0][0]:
                # 'Boric wrote on social media: “...”': the sentence's subject said it.
                subject = self._subject(sent.root, sent.start)
                if subject is not None:
                    statement = self._quoted(sent, span, quotes[0], subject)
        if statement is None and found is None and reporter_at is not None and aside:
            # "Looking ahead, the Secretary-General added, we continue to ...".
            after = verb_at + 2 if reporter_at[1] == verb_at else reporter_at[1] + 1
            statement = self._clause_of(
                k, sent, span, after, sent.end, doc[slice(*reporter_at)], quotes, has_meeting
            )
        elif statement is None and found is None and (
            reporter_at is not None or source_at is not None
        ):
            # "China is ready to talk, Wang said." / "According to Wang, the talks ...".
            statement = self._clause_of(
                k, sent, span, content_start, content_end,
                doc[slice(*(reporter_at or source_at))], quotes, has_meeting,
            )
        self._emit(k, statement)
        if statement is not None and reporter_at is not None and not aside:
            # '..., Macron said, adding that ...': more of the same speaker's words.
            self._emit(k, self._adding(sent, span, max(verb_at, reporter_at[1]), statement))

    def _reported(self, sent, span, found, content_end, quotes, reporter, has_meeting):
        """A speech verb's statement: "Wang said (that) ...", "Taiwan has accused ..."."""
        doc = self.doc
        verb, subject, text_start, clausal = found
        word = verb.lower_
        if has_meeting and not quotes and not clausal and word in _WEAK_IN_MEETING:
            if not (word in ("called", "calls") and doc[verb.i + 1 : verb.i + 2].text == "for"):
                return None  # the sentence reports a meeting; its topics go to the meeting
        if self._is_question(sent, subject):
            return None
        speaker, label = self._speaker(subject, verb)
        if not (speaker or label):
            return None
        if self.has_dep and verb.dep_ == "relcl" and verb.right_edge.i < content_end:
            # "Wang, who said the talks were useful, attends ...": the clause, not the rest.
            content_end = verb.right_edge.i + 1
        end = _end_char(sent, content_end, verb, quotes)
        for a, b in quotes:
            if doc[a].idx + len(doc[a].text) == text_start and b < sent.end:
                if all(t.is_punct or t.is_space for t in doc[b + 1 : content_end]):
                    end = doc[b].idx  # 'noted, "it is ..."': the quote is what was said
                else:
                    text_start = verb.idx  # 'noted “distortions” in reports': partial
        text = _clean_text(doc, text_start, end)
        rep = reporter if reporter and reporter not in (speaker, label) else ""
        return StatementRecord(
            text=text,
            direct=bool(quotes) and not _inside(verb.i, quotes),
            speaker=speaker,
            speaker_label="" if speaker else label,
            reported_by=rep,
            evidence=Span(*span),
        )

    def _adding(self, sent, span, after: int, first: StatementRecord):
        """', adding that X' / ', saying X' after the reporter: X, by the same speaker."""
        doc = self.doc
        vp = self.verb_pos
        for v in vp[bisect_left(vp, after) : bisect_left(vp, sent.end)]:
            tok = doc[v]
            if tok.lower_ not in _PARTICIPLES:
                continue
            start = self._complement(tok, sent.end)
            text_start = doc[start].idx if start is not None else tok.idx
            if start is None and tok.lower_ in _SAY:
                continue
            last = doc[sent.end - 1]
            text = _clean_text(doc, text_start, last.idx + len(last.text))
            return replace(first, text=text, reported_by="") if text else None
        return None

    def _colon_before(self, i: int) -> bool:
        doc = self.doc
        j = i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        return j >= 0 and doc[j].text == ":"

    def _quoted(self, sent, span, quote, rep_span) -> StatementRecord | None:
        if _is_asker(rep_span):
            return None
        speaker, label = self._speaker(rep_span, None)
        q0, q1 = quote
        doc = self.doc
        end = doc[q1].idx if q1 < len(doc) and q1 < sent.end else sent.end_char
        text = _clean_text(doc, doc[q0].idx + 1, end)
        if not text or text.endswith("?"):
            return None
        return StatementRecord(
            text=text,
            direct=True,
            speaker=speaker,
            speaker_label="" if speaker else label,
            evidence=Span(*span),
        )

    def _clause_of(self, k, sent, span, start, end, rep_span, quotes, has_meeting):
        """'<clause>, X said.': X's statement, unless the clause goes on telling of a
        meeting ("They also discussed ..., the ministry said")."""
        doc = self.doc
        if end - start < 3 or _is_asker(rep_span):
            return None
        if rep_span.text.lower() in P.NEWS_AGENCIES:
            return None
        clause = doc[start:end]
        root = next((t for t in clause if t.head.i == t.i or not (start <= t.head.i < end)), None)
        if (
            root is not None
            and root.lower_ in _EVENT_WORDS
            and not any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in root.children)
            and (
                has_meeting
                or (k > 0 and sent_span(self.sents[k - 1]) in self.meeting_sents)
                or any(
                    c.dep_ in _SUBJECT_DEPS
                    and (c.lower_ in ("they", "both")
                         or _JOINT.match(doc[c.left_edge.i : c.i + 1].text.lower()))
                    for c in root.children
                )
            )
        ):
            return None
        speaker, label = self._speaker(rep_span, None)
        text = _clean_text(doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        if not text or text.endswith("?") or not (speaker or label):
            return None
        return StatementRecord(
            text=text,
            direct=bool(quotes),
            speaker=speaker,
            speaker_label="" if speaker else label,
            evidence=Span(*span),
        )

    # -------------------------------------------------------- quotes over sentences

    def _quote_units(self) -> dict[int, _Quote]:
        """Quotes that span sentences or fill whole sentences, by their first sentence."""
        units: dict[int, _Quote] = {}
        for q in _doc_quotes(self.doc, self.text, self.quote_pos, self.newlines):
            k0 = self._sent_of(q.open_tok)
            k1 = self._sent_of(q.close_tok if q.close_tok is not None else
                               self._tok_at(max(q.end - 1, q.start)))
            if k0 in units:
                continue
            if k1 > k0 or (
                q.close_tok is not None and _fills(self.sents[k0], [(q.open_tok, q.close_tok)])
            ):
                units[k0] = q
        return units

    def _quote_unit(self, k0: int, q: _Quote) -> int | None:
        """Attribute a quote over several sentences; the last sentence it used, or None."""
        doc = self.doc
        close = q.close_tok
        k1 = self._sent_of(close if close is not None else self._tok_at(max(q.end - 1, q.start)))
        last = self.sents[k1]
        first = self.sents[k0]
        speaker_span = None
        used = k1
        reported_by = ""
        if close is not None:
            speaker_span = self._tail(close + 1, last.end)
        if speaker_span is None:
            speaker_span = self._lead(first, q.open_tok)
        if speaker_span is None and k0 > 0 and _opens_sentence(first, q.open_tok):
            prev = self.sents[k0 - 1]
            if prev.end > prev.start and doc[prev.end - 1].text == ":":
                speaker_span = self._lead(prev, prev.end)
        if speaker_span is None and k1 + 1 < len(self.sents) and self._ends_sentence(q, last):
            speaker_span = self._attribution_sentence(self.sents[k1 + 1])
            if speaker_span is not None:
                used = k1 + 1
        speaker, label = None, ""
        if speaker_span is not None:
            if _is_asker(speaker_span):
                return None
            speaker, label = self._speaker(speaker_span, None)
        elif _opens_sentence(first, q.open_tok) and self.spoke.get(k0 - 1):
            speaker = self.spoke[k0 - 1]
        elif _opens_sentence(first, q.open_tok) and self.spoke_label.get(k0 - 1):
            label = self.spoke_label[k0 - 1]
        if not (speaker or label):
            return None
        text = _clean_text_str(" ".join(self.text[a:b].strip() for a, b in q.parts))
        if not text or text.endswith("?"):
            return None
        start = sent_span(first)[0]
        end = sent_span(self.sents[used])[1]
        if speaker is None and label and label.lower() == "it":
            label = self.last_reporter
        self._emit(
            used,
            StatementRecord(
                text=text,
                direct=True,
                speaker=speaker,
                speaker_label="" if speaker else label,
                reported_by=reported_by,
                evidence=Span(start, max(start, end)),
            ),
        )
        if speaker is not None:
            for k in range(k0, used + 1):
                self.spoke[k] = speaker
        return used

    def _tail(self, a: int, b: int) -> SpacySpan | None:
        """', Wang said' / ', said Wang' / 'he added' after a closing quote: the speaker."""
        doc = self.doc
        while a < b and (doc[a].is_punct or doc[a].is_space) and doc[a].text not in QUOTES:
            a += 1
        if a >= b or doc[a].text in QUOTES:
            return None
        vp = self.verb_pos
        for v in vp[bisect_left(vp, a) : bisect_left(vp, min(b, a + 10))]:
            tok = doc[v]
            if tok.lower_ not in REPORTING and tok.lower_ not in _SPEECH:
                continue
            if tok.lower_ in _PARTICIPLES:
                continue
            if v > a:
                j = v
                while j > a and doc[j - 1].lower_ in _AUX:
                    j -= 1
                return doc[a:j] if j > a else None
            # "said Wang Yi, China's foreign minister": the name after the verb.
            e = v + 1
            while (e < b and not doc[e].is_punct and e - v <= 8 and doc[e].lower_ not in _PREPS
                   and doc[e].tag_ != "IN"):
                e += 1
            return doc[v + 1 : e] if e > v + 1 else None
        return None

    def _lead(self, sent: SpacySpan, open_tok: int) -> SpacySpan | None:
        """'Wang said: “...' / 'Wang told reporters, “...': the speaker before the open."""
        doc = self.doc
        j = open_tok
        while j > sent.start and doc[j - 1].text in (",", ":", "that", "—", "-", "–"):
            j -= 1
        vp = self.verb_pos
        verbs = vp[bisect_left(vp, max(sent.start, j - 4)) : bisect_left(vp, j)]
        for v in reversed(verbs):
            tok = doc[v]
            if tok.lower_ not in REPORTING and tok.lower_ not in _SAY:
                continue
            # Only the verb's indirect object may stand between it and the quote.
            if v + 1 < j and not (tok.lower_ in ("told", "tells") and j - v <= 4):
                continue
            subject = self._subject(tok, sent.start)
            return subject
        if self._colon_before(open_tok) and sent.root.i < open_tok and self.has_dep:
            # 'Zelenskyy posted on X: “...': the sentence's subject said it.
            return self._subject(sent.root, sent.start)
        return None

    def _attribution_sentence(self, sent: SpacySpan) -> SpacySpan | None:
        """'Wang said at a news conference in Beijing.': a sentence that only attributes."""
        doc = self.doc
        vp = self.verb_pos
        verbs = vp[bisect_left(vp, sent.start) : bisect_left(vp, min(sent.end, sent.start + 10))]
        for v in verbs:
            tok = doc[v]
            if tok.lower_ not in REPORTING:
                continue
            # Nothing said after the verb: no clause, no quote, no further verb.
            rest = doc[v + 1 : sent.end]
            if any(t.text in QUOTES or t.tag_.startswith("VB") or t.lower_ == "that"
                   for t in rest):
                return None
            return self._subject(tok, sent.start)
        return None

    def _ends_sentence(self, q: _Quote, sent: SpacySpan) -> bool:
        doc = self.doc
        after = q.close_tok + 1 if q.close_tok is not None else self._tok_at(q.end)
        return all(t.is_punct or t.is_space for t in doc[after : sent.end])

    # ------------------------------------------------------------ speech verbs

    def _speech_verb(self, sent, start: int, end: int, quotes, verbs, exclude=(0, 0)):
        """The first speech verb of the content: (verb, subject, text start, clausal)."""
        doc = self.doc
        for i in verbs:
            if i < start or exclude[0] <= i < exclude[1]:
                continue
            if i >= end:
                break
            tok = doc[i]
            word = tok.lower_
            if word not in _SPEECH:
                continue
            # A verb (VB*) or modal (MD) by its fine-grained tag: "said", not "the saying".
            if self.has_dep and tok.tag_ and not tok.tag_.startswith(("VB", "MD")):
                continue
            if self.has_dep and tok.dep_ in ("amod", "acl") and tok.tag_ == "VBN":
                continue  # "the so-called", "a statement issued by": not a speech act
            if self.has_dep and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
                continue  # "no agreements were announced": what was said is the subject
            complement = self._complement(tok, end)
            # 'called Lula a “nervous communist”': a quote opening within a few words.
            quote_next = any(doc[k].text in OPEN_QUOTES for k in range(i + 1, min(i + 5, end)))
            if word in REPORTING or (word in _SAY and word not in _CONTENT_VERBS):
                if complement is None and not quote_next:
                    continue
            elif word in _SKIP_VERBS and not quote_next and not any(
                c.lower_ in ("those", "the", "it", "them", "for", "on", "upon")
                for c in doc[i + 1 : i + 3]
            ):
                continue
            subject = self._subject(tok, sent.start)
            if subject is None:
                continue
            toks = [t for t in subject if t.text not in QUOTES and t.i >= sent.start]
            if not toks:
                continue
            subject = doc[toks[0].i : toks[-1].i + 1]
            if word in _SAY and word not in _CONTENT_VERBS:
                if complement is not None:
                    text_start = doc[complement].idx
                else:  # 'said: “...”', 'told reporters “...”'
                    k = i + 1
                    while k < end and doc[k].text not in OPEN_QUOTES:
                        k += 1
                    text_start = doc[k].idx + 1 if k < end else tok.idx
            else:
                text_start = tok.idx
            return tok, subject, text_start, complement is not None or quote_next
        return None

    def _complement(self, tok, end: int) -> int | None:
        """Where the clause said by ``tok`` starts ("that" left out), or None."""
        doc = self.doc
        i = tok.i
        if self.has_dep:
            for child in tok.children:
                if child.dep_ == "ccomp" and i < child.i < end:
                    if (child.right_edge.i - child.left_edge.i < 3
                            and any(t.text == "," for t in doc[i + 1 : child.left_edge.i])):
                        continue  # "said during the talks, Trend reports": a source
                    k = child.left_edge.i
                    while k < child.i and (doc[k].lower_ == "that" or doc[k].is_punct):
                        k += 1
                    return k if k > i else None
            if tok.lower_ in ("said", "says", "say") and not any(
                c.dep_ == "ccomp" for c in tok.children
            ):
                # A misparse ("said the two discussed X" with X the object, "said
                # admitting A as members will give ..."): what follows is what was said.
                obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > i), None)
                if obj is not None and obj.tag_ not in ("PRP", "DT") and end - i > 4:
                    return i + 1 + (doc[i + 1].lower_ == "that")
                nxt = doc[i + 1] if i + 1 < end else None
                if (nxt is not None and not nxt.is_punct and nxt.text not in QUOTES
                        and nxt.lower_ not in _PREPS and nxt.tag_ not in ("IN", "RB", "NNP")
                        and end - i > 5 and _has_verb(doc[i + 2 : end])):
                    return i + 1
        # "said that ...", "said at a press conference in Istanbul that ...", "told a
        # forum of ... that ...": a "that" after words that say nothing themselves.
        reach = 25 if tok.lower_ in ("told", "tells", "tell") else 12
        for k in range(i + 1, min(i + reach, end - 1)):
            t = doc[k]
            if t.lower_ == "that":
                return k + 1
            if t.is_punct or t.text in QUOTES or (self.has_dep and t.tag_.startswith("VB")):
                break
        return None

    def _subject(self, tok, floor: int) -> SpacySpan | None:
        doc = self.doc
        if self.has_dep:
            head = tok
            for _ in range(3):
                for child in head.children:
                    if child.dep_ in _SUBJECT_DEPS and child.i >= floor:
                        if child.lower_ in ("who", "which", "that") and head.dep_ == "relcl":
                            ante = head.head
                            return doc[ante.left_edge.i : ante.i + 1]
                        return self._np(child, tok)
                if (head.lower_ == "saying" and head.head.lower_ == "as"
                        and head.head.head.lower_ in ("quoted", "cited", "quotes", "cites")):
                    # "media quoted Pezeshkian as saying ...": the one quoted.
                    for c in head.head.head.children:
                        if c.dep_ == "dobj":
                            return self._np(c, head)
                if head.dep_ in ("conj", "xcomp", "advcl") and head.head.i != head.i:
                    head = head.head  # "and stressed ...", "..., saying ..."
                else:
                    break
        return _subject_before(doc, tok.i, floor)

    def _np(self, head, verb) -> SpacySpan:
        """A subject's words: its head with what precedes it, its coordinated and
        apposed parts ("France, Britain and Germany"; "Khan, Pakistan's ambassador"),
        and for a document who issued it ("a statement issued by the White House")."""
        doc = self.doc
        end = head.i + 1
        for c in head.children:
            if c.i > head.i and (
                c.dep_ in ("conj", "appos", "cc")
                or (head.lower_ in _DOCUMENTS and c.dep_ in ("acl", "prep"))
                or (head.lower_ in P.TITLE_HEADS and c.dep_ == "prep" and c.lower_ == "of")
            ):
                end = max(end, c.right_edge.i + 1)
        if verb.i > head.i:
            end = min(end, verb.i)
        start = min(head.left_edge.i, head.i)
        return doc[start : max(end, head.i + 1)]

    def _is_question(self, sent: SpacySpan, subject: SpacySpan) -> bool:
        last = sent_span(sent)[1]
        return _is_asker(subject) or self.text[last - 1 : last] == "?"

    # ---------------------------------------------------------------- reporters

    def _reporter(self, sent: SpacySpan, quotes, verbs: list[int]):
        """', the State Department said (in a statement).' -> ('the State Department',
        its token range, the verb's index); the trailing form only."""
        doc = self.doc
        for i in reversed(verbs):
            tok = doc[i]
            if tok.lower_ not in _TRAILING or _inside(tok.i, quotes):
                continue
            if self.has_dep and tok.tag_ and not tok.tag_.startswith(("VB", "MD")):
                continue  # "continued commitment", "a read"
            # Subject between the last comma / closing quote and the verb.
            j = tok.i
            while (
                j > sent.start
                and not (doc[j - 1].is_punct or doc[j - 1].text in QUOTES)
                and tok.i - j < 6
                and not (doc[j - 1].lower_ == "that" or doc[j - 1].tag_.startswith("VB"))
            ):
                j -= 1
            if j > sent.start and (doc[j - 1].lower_ == "that"
                                   or doc[j - 1].tag_.startswith("VB")):
                continue  # "said in an email that Trudeau noted ...": inside a clause
            if j == tok.i and j > sent.start and (
                doc[j - 1].text in CLOSE_QUOTES or doc[j - 1].text == ","
            ):
                # '..., said Wang Yi.': the speaker follows the verb.
                e = tok.i + 1
                while (e < sent.end and not doc[e].is_punct and e - tok.i <= 8
                       and doc[e].lower_ not in _PREPS):
                    e += 1
                if any(t.lower_ == "that" or t.tag_.startswith(("VB", "MD"))
                       for t in doc[tok.i + 1 : e]):
                    continue  # "..., said that he would ...": a clause, not a speaker
                if e > tok.i + 1 and e < sent.end and doc[e].lower_ in _PREPS:
                    return _np_text(doc[tok.i + 1 : e]), (tok.i + 1, e), tok.i, False
                if e > tok.i + 1 and (e == sent.end or doc[e].is_punct):
                    if e < sent.end and doc[e].text not in (".", ",", "!"):
                        continue
                    # "President Jokowi, said Retno, welcomed ...": a parenthesis.
                    aside = (doc[e].text == "," and sent.end - e > 3 and not _goes_on(doc, e)
                             and _has_verb(doc[e + 1 : sent.end]))
                    return _np_text(doc[tok.i + 1 : e]), (tok.i + 1, e), tok.i, aside
                continue
            if j == tok.i or j == sent.start:
                continue  # "Wang said ..." opens the sentence: a speech verb, not a reporter
            nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
            if tok.lower_ not in REPORTING and not (
                nxt is None or nxt.is_punct or nxt.lower_ in _PREPS or nxt.text in QUOTES
            ):
                continue  # "..., the minister highlighted X": a speech verb, not a reporter
            # The reporter ends the sentence: nothing said after its verb but circumstance.
            if self._complement(tok, sent.end) is not None:
                continue
            if self.has_dep:
                # The parse's subject, when it stops at the same boundary ("Khan,
                # Pakistan's ambassador to Kabul said"; "the foreign office at the time
                # had stated").
                subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
                if subj is not None and subj.i < tok.i:
                    a = self._np(subj, tok).start
                    if (sent.start < a < j and (doc[a - 1].is_punct or doc[a - 1].text in QUOTES)
                            and not any(t.text in QUOTES for t in doc[a:j])):
                        j = a
            # "Biden, the US government said, emphasized ...": a parenthesis; what was
            # said goes on after it.
            aside = (tok.i + 1 < sent.end and doc[tok.i + 1].text == ","
                     and sent.end - tok.i > 5 and doc[j - 1].text == ","
                     and not _goes_on(doc, tok.i + 1) and _has_verb(doc[tok.i + 2 : sent.end]))
            return _np_text(doc[j : tok.i]), (j, tok.i), tok.i, aside
        return "", None, -1, False

    def _document_issuer(self, span: SpacySpan) -> str:
        """'the statement' / 'a statement issued by the White House' -> who issued it."""
        words = [t.lower_ for t in span]
        if not any(w in _DOCUMENTS for w in words):
            return ""
        for k, t in enumerate(span):
            if t.lower_ in ("by", "from") and k + 1 < len(span):
                self.last_issuer = _np_text(span[k + 1 :])
                return self.last_issuer
        return self.last_issuer or self.last_reporter

    # ----------------------------------------------------------------- speakers

    def _speaker(self, subject: SpacySpan, verb) -> tuple[str | None, str]:
        """(official's name, "") when a person spoke, else (None, label) or (None, "")."""
        person = self._head_person(subject)
        if person is not None:
            return person.name, ""
        words = [t.lower_ for t in subject if not t.is_punct]
        if not words:
            return None, ""
        if len(words) == 1 and words[0] in _PRONOUNS:
            person = self._pronoun(words[0], subject.start_char)
            if isinstance(person, str):
                return None, person
            return (person.name, "") if person else (None, "")
        person = self._by_surname(subject)
        if person is not None:
            return person.name, ""
        if words[-1] in _INSTITUTION_HEADS and len(words) <= 3 and words[0] == "the":
            # "the ministry": the institution of that kind that spoke last.
            for label in reversed(self.labels[-6:]):
                if words[-1] in label.lower().split():
                    return None, label
        if words == ["it"]:
            return None, self.last_reporter
        joined = " ".join(words)
        first = re.split(r"['‘’]", words[0])[0]  # "I’m"
        if first in _NO_SPEAKER or _JOINT.match(joined) or _is_asker(subject):
            return None, ""
        issuer = self._document_issuer(subject)
        if issuer:
            return None, issuer
        described = self._described(subject)
        if described is not None:
            return described.name, ""
        if len(words) > 8 or "\n" in subject.text:
            return None, ""  # a headline or caption run into the sentence, not a name
        if words[-1] in _ROLE_HEADS or words[-1] in P.TITLE_HEADS:
            if words[0] in ("the", "his", "her", "their") and len(words) <= 5:
                return None, ""  # a person we cannot name: no statement rather than a wrong one
        return None, _np_text(subject)

    def _pronoun(self, word: str, before: int) -> OfficialRecord | str | None:
        """'he'/'she': an official named earlier in the same sentence ("Biden said he
        ..."), else whom the sentences before were about; for 'she', the nearest named
        before whose title says she is a woman, if any."""
        i = bisect_left(self.mention_starts, before)
        if word == "she":
            for _start, _, o in reversed(self.mentions[max(0, i - 12) : i]):
                if _female(o):
                    return o
        at = self._tok_at(before)
        floor = self.sents[self._sent_of(at)].start_char
        j = i
        while j > 0 and self.mentions[j - 1][0] >= floor:
            j -= 1
        qp = self.quote_pos
        for start, _, o in self.mentions[j:i]:
            # The first official named in this sentence before the pronoun, outside
            # the quote it may attribute.
            if bisect_left(qp, at) == bisect_left(qp, self._tok_at(start)):
                return o
        return self._last_person()

    def _head_person(self, span: SpacySpan) -> OfficialRecord | None:
        """The official a subject names: the one whose mention holds the subject's head
        word ("Putin's spokesman" is not Putin), else the first one named in it."""
        if not len(span):
            return None
        head = span.root if self.has_dep else span[-1]
        hit = self._mention_at(head.idx, head.idx + len(head.text))
        if hit is not None:
            return hit
        person = self._person_at(span)
        if person is None:
            return None
        if head.lower_ in _INSTITUTION_HEADS or head.lower_ in _DOCUMENTS:
            return None
        if (head.lower_ in P.TITLE_HEADS or head.lower_ in _ROLE_HEADS) and any(
            t.lower_ in ("'s", "’s") and t.i < head.i for t in span
        ):
            # "Putin's spokesman": the spokesman, named before or soon after.
            return self._described(span, owner=person)
        return person  # "Prime Minister of Georgia Irakli Garibashvili"

    def _described(self, subject: SpacySpan, owner=None) -> OfficialRecord | None:
        """'the Chinese leader', 'the AU chief', "Russia's top diplomat", 'the PM': the
        official named nearest before whose country, organization and title fit the
        description; "Putin's spokesman" (``owner``), who is often named just after."""
        toks = [t for t in subject if not t.is_punct and t.lower_ not in ("'s", "’s")]
        if owner is not None:
            # Only the words after the owner's name describe the one meant.
            named = [k for k, t in enumerate(toks) if self._mention_at(t.idx, t.idx + len(t.text))]
            toks = toks[named[-1] + 1 :] if named else toks
        elif not toks or (
            toks[0].lower_ not in ("the", "his", "her", "their", "its")
            and not (country_code(toks[0].text) and toks[0].i + 1 < len(self.doc)
                     and self.doc[toks[0].i + 1].lower_ in ("'s", "’s"))
        ):
            return None
        if not toks:
            return None
        head = toks[-1].lower_
        mods: list[str] = []
        if head in _ABBREVIATED_TITLES:
            *more, head = _ABBREVIATED_TITLES[head].split()
            mods.extend(more)
        if head not in P.TITLE_HEADS and head not in _ROLE_HEADS:
            return None
        country, orgs = "", []
        for t in toks[:-1]:
            w = t.lower_
            if w in _DESCRIPTION_WORDS:
                continue
            code = country_code(t.text)
            if code:
                country = code
            elif t.text.isupper() or w in P.ORG_IN_TITLE:
                orgs.append(w)
            elif w in P.TITLE_MODIFIERS or w in P.TITLE_HEADS:
                mods.append(w)
            else:
                return None
        start = subject.start_char
        i = bisect_left(self.mention_starts, start)
        seen: dict[str, bool] = {}

        def fits(o: OfficialRecord) -> bool:
            if o.name not in seen:
                seen[o.name] = self._fits(o, head, country, orgs, mods)
            return seen[o.name]

        # The nearest mention before that fits (a bounded walk back: the cost stays
        # flat however long the article).
        def before() -> OfficialRecord | None:
            return next((o for _, _, o in reversed(self.mentions[max(0, i - 200) : i])
                         if o is not owner and fits(o)), None)

        def after() -> OfficialRecord | None:
            # Named just after ("Putin's spokesman said ... Spokesman Dmitry Peskov").
            j = bisect_left(self.mention_starts, start + 800)
            return next((o for s, _, o in self.mentions[i:j]
                         if s > start and o is not owner and fits(o)), None)

        if owner is None:
            return before() or after()
        return after() or before()

    def _fits(self, o: OfficialRecord, head: str, country: str, orgs, mods) -> bool:
        title = o.title.lower().replace("-", " ")
        words = set(title.split())
        if country and o.country != country:
            return False
        if orgs and not all(self._org_fits(o, org) for org in orgs):
            return False
        if len(words) > 1 and any(m not in words and m not in title for m in mods):
            return False  # a bare "Minister" fits "the prime minister" (titles get cut)
        if head == "leader":
            return bool(words & _LEADER_TITLES)
        if head == "diplomat":
            return bool(words & _DIPLOMAT_TITLES) or (not words and bool(country))
        if head in ("official", "counterpart"):
            return True
        if head in ("chief", "head"):
            return bool(orgs or words & {"chief", "head", "director", "secretary-general",
                                         "general", "chairman", "chairperson", "chair",
                                         "chairwoman", "president", "commissioner"})
        return head in words

    def _org_fits(self, o: OfficialRecord, org: str) -> bool:
        """The official belongs to ``org`` by their title, organization, or the words
        right before one of their mentions ("African Union Commission Chairperson X")."""
        full = _ORG_NAMES.get(org, org)
        own = f"{o.title} {o.organization}".lower()
        if org in own.split() or full in own:
            return True
        for m in o.mentions[:4]:
            window = self.text[max(0, m.start - 80) : m.start].lower()
            if full in window or re.search(rf"\b{re.escape(org)}\b", window):
                return True
        return False

    def _person_at(self, span: SpacySpan) -> OfficialRecord | None:
        """The first official whose mention overlaps ``span``."""
        return self._mention_at(span.start_char, span.end_char)

    def _mention_at(self, start: int, end: int) -> OfficialRecord | None:
        i = bisect_right(self.mention_starts, end)
        hit = None
        for s, e, o in reversed(self.mentions[max(0, i - 8) : i]):
            if s < end and start < e:
                hit = o
        return hit

    def _first_person(self, sent: SpacySpan) -> OfficialRecord | None:
        """The official mentioned first in the sentence (usually its subject), if any:
        the one a "he" or "she" in the next sentence most often means."""
        i = bisect_left(self.mentions, (sent.start_char,))
        if i < len(self.mentions) and self.mentions[i][0] < sent.end_char:
            return self.mentions[i][2]
        return None

    # ------------------------------------------------------------------ helpers

    def _sent_of(self, tok: int) -> int:
        return max(bisect_right(self.sent_starts, tok) - 1, 0)

    def _tok_at(self, char: int) -> int:
        """Index of the token holding character ``char`` (or the last one before it)."""
        doc = self.doc
        lo, hi = 0, len(doc)
        while lo < hi:  # tokens are in character order: bisect on their offsets
            mid = (lo + hi) // 2
            if doc[mid].idx <= char:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)


def _doc_quotes(doc: Doc, text: str, quote_pos: list[int], newlines: list[int]) -> list[_Quote]:
    """Quotes over the whole text. A quote left open at a line break goes on when the
    next paragraph opens with a quote mark (the wire convention for long quotes) and ends
    at the break otherwise."""
    out: list[_Quote] = []
    open_tok: int | None = None
    open_mark = ""
    parts: list[tuple[int, int]] = []
    part_start = 0
    continued: set[int] = set()  # marks that reopen a quote going on in a new paragraph

    def follow(limit: int, mark: int | None) -> bool:
        """Carry the open quote over the line breaks before ``limit``; False if it ends."""
        nonlocal open_tok, part_start
        for nl in newlines[bisect_left(newlines, part_start) : bisect_left(newlines, limit)]:
            if nl < part_start:
                continue
            if mark is not None and _next_token(doc, nl + 1) == mark and _is_opener(doc, mark):
                parts.append((part_start, nl))
                part_start = doc[mark].idx + len(doc[mark].text)
                continued.add(mark)
                continue
            parts.append((part_start, nl))
            out.append(_Quote(open_tok, None, parts[0][0], nl, list(parts)))
            open_tok = None
            return False
        return True

    for i in quote_pos:
        t = doc[i].text
        if open_tok is not None:
            follow(doc[i].idx, i)
            if i in continued:
                continue
        if open_tok is None:
            if t in ("“", "«", "„", "‘") or (t == '"' and _is_opener(doc, i)):
                open_tok, open_mark, parts = i, t, []
                part_start = doc[i].idx + len(t)
            continue
        if _closes(open_mark, t):
            parts.append((part_start, doc[i].idx))
            out.append(_Quote(open_tok, i, parts[0][0], doc[i].idx, list(parts)))
            open_tok = None
    if open_tok is not None and follow(len(text), None):
        parts.append((part_start, len(text)))
        out.append(_Quote(open_tok, None, parts[0][0], len(text), list(parts)))
    return out


def _next_token(doc: Doc, char: int) -> int | None:
    """The first token at or after character ``char`` that is not whitespace."""
    lo, hi = 0, len(doc)
    while lo < hi:  # tokens are in character order: bisect on their offsets
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    while lo < len(doc) and doc[lo].is_space:
        lo += 1
    return lo if lo < len(doc) else None


def _is_opener(doc: Doc, i: int) -> bool:
    t = doc[i].text
    if t in ("“", "«", "„", "‘"):
        return True
    if t != '"':
        return False
    # A straight mark opens when it stands before a word: at a line start or after a space.
    before_space = i == 0 or doc[i - 1].is_space or bool(doc[i - 1].whitespace_)
    after_word = i + 1 < len(doc) and not doc[i].whitespace_ and not doc[i + 1].is_space
    # 'the press."There will be': a mark right after a sentence's end opens too.
    after_stop = i > 0 and doc[i - 1].text in (".", ":", "!", "?")
    return (before_space or after_stop) and after_word


def _closes(open_mark: str, t: str) -> bool:
    if open_mark == "‘":
        return t == "’"
    if open_mark == "«":
        return t == "»"
    if open_mark == "„":
        return t in ("“", "”", '"')
    return t in ("”", '"')


def _quote_ranges(sent: SpacySpan, quote_positions: list[int]) -> list[tuple[int, int]]:
    """Token index pairs (open, close) of the quotes in a sentence."""
    out = []
    open_at = None
    for i in quote_positions:
        tok = sent.doc[i]
        t = tok.text
        if t in ("“", "«", "„") or t == '"' and open_at is None:
            if open_at is None:
                open_at = tok.i
        elif t in ("”", '"', "»") and open_at is not None:
            out.append((open_at, tok.i))
            open_at = None
        elif t == "‘" and open_at is None:
            open_at = tok.i
        elif t == "’" and open_at is not None and sent.doc[open_at].text == "‘":
            out.append((open_at, tok.i))
            open_at = None
    if open_at is not None:
        out.append((open_at, sent.end))  # the quote runs past the sentence
    return out


def _fills(sent: SpacySpan, quotes) -> bool:
    """The sentence is one quote and nothing else (but punctuation)."""
    q0, q1 = quotes[0]
    doc = sent.doc
    return _opens_sentence(sent, q0) and all(
        t.is_punct or t.is_space for t in doc[min(q1 + 1, sent.end) : sent.end]
    )


def _according(sent: SpacySpan):
    """'According to X, <clause>' / '<clause>, according to X': ((X's token range),
    (the clause's token range)), or None."""
    doc = sent.doc
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 4:
        return None
    first = toks[0].i
    if doc[first].lower_ == "according" and doc[first + 1].lower_ == "to":
        k = first + 2
        while k < sent.end and doc[k].text != ",":
            k += 1
        if k >= sent.end - 1 or k == first + 2:
            return None
        end = toks[-1].i + (0 if toks[-1].is_punct else 1)
        return (first + 2, k), (k + 1, max(end, k + 1))
    for t in toks:
        if t.lower_ == "according" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "to":
            if t.i == first or doc[t.i - 1].text != ",":
                return None
            k = t.i + 2
            while k < sent.end and not doc[k].is_punct:
                k += 1
            if k == t.i + 2:
                return None
            return (t.i + 2, k), (first, t.i - 1)
    return None


def _is_name(span) -> bool:
    """A proper name of one to three words ("Trump", "Mr Key"), no title or article."""
    toks = [t for t in span if not t.is_punct]
    if country_code(span.text):
        return False  # "Japan", "the U.S.": a country speaks, not a person
    return 0 < len(toks) <= 3 and all(
        t.tag_ in ("NNP", "NNPS") and t.text[:1].isupper() and t.lower_ not in P.TITLE_HEADS
        and t.lower_ not in P.ORG_NOUNS
        for t in toks
    )


def _is_name_text(text: str) -> bool:
    words = text.split()
    if country_code(text):
        return False
    return 0 < len(words) <= 3 and all(
        w[:1].isupper() and w.lower() not in P.TITLE_HEADS and w.lower() not in P.ORG_NOUNS
        and w.lower() not in ("the", "a") and not w.isupper()
        for w in words
    )


def _has_verb(span) -> bool:
    """Whether a span holds a finite verb (a clause, not an apposition)."""
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


def _goes_on(doc: Doc, comma: int) -> bool:
    """', adding that ...' / ', although ...': what follows a reporter's comma is no
    statement the reporter interrupted."""
    nxt = doc[comma + 1] if comma + 1 < len(doc) else None
    return nxt is None or nxt.lower_ in _PARTICIPLES or nxt.dep_ == "mark" or nxt.tag_ == "VBG"


def _is_asker(span: SpacySpan) -> bool:
    return any(t.lower_ in _ASKERS for t in span)


def _female(o: OfficialRecord) -> bool:
    return bool(set(o.title.lower().split()) & _FEMALE)


def _opens_sentence(sent: SpacySpan, i: int) -> bool:
    return all(t.is_space for t in sent.doc[sent.start : i])


def _inside(i: int, quotes: list[tuple[int, int]]) -> bool:
    return any(a < i < b for a, b in quotes)


def _subject_before(doc: Doc, i: int, floor: int) -> SpacySpan | None:
    j = i
    while j > floor and (doc[j - 1].lower_ in _AUX or doc[j - 1].text in QUOTES):
        j -= 1
    end = j
    while j > floor and not doc[j - 1].is_punct and doc[j - 1].text not in QUOTES and end - j < 6:
        j -= 1
    return doc[j:end] if end > j else None


def _np_text(span: SpacySpan) -> str:
    return span.text.strip().replace("’", "'")


def _end_char(sent: SpacySpan, content_end: int, verb, quotes) -> int:
    doc = sent.doc
    for a, b in quotes:
        if a < verb.i < b:
            return doc[min(b, sent.end - 1)].idx if b < sent.end else sent.end_char
    end = content_end
    if end <= verb.i:
        end = sent.end
    last = doc[end - 1]
    return last.idx + len(last.text)


def _clean_text(doc: Doc, start: int, end: int) -> str:
    return _clean_text_str(doc_text(doc)[start:end])


def _clean_text_str(text: str) -> str:
    text = text.strip().rstrip(" ,;:")
    if text.endswith(",") or text.endswith("."):
        text = text[:-1]
    # Balance a closing quote the span kept without its opening one, and vice versa.
    opens = text.count("“")
    closes = text.count("”")
    if closes > opens and text.endswith("”") and not text.startswith("“") and opens == 0:
        text = text[:-1].rstrip(" ,.")
    return text.strip()


def _tie_meetings(statements: list[StatementRecord], meetings: Sequence[MeetingRecord]):
    """A participant's statement in a meeting's sentence, or reported right after it."""
    mentions = sorted((e.start, i) for i, m in enumerate(meetings) for e in m.evidence)
    starts = [s for s, _ in mentions]
    out = []
    for st in statements:
        index = None
        k = bisect_right(starts, st.evidence.start)
        if k and st.speaker:
            last = mentions[k - 1][1]
            if any(p.name == st.speaker for p in meetings[last].participants):
                index = last
        out.append(replace(st, meeting=index) if index is not None else st)
    return out
