"""Statements: direct quotes and reported speech, with speaker, reporter and meeting.

Sentence by sentence: a speech verb and its subject ("Taiwan's government has accused
China of ..."), "X said (that) ...", "X told Y (that) ...", "..., X said", "according to
X", partial quotes ('Maduro described "a fruitful meeting"'), and quotes whose speaker
stands beside them. A quote that runs over several sentences or paragraphs (the wire
convention: each paragraph of a long quote opens a quote mark, only the last closes it)
is one statement, attributed by the words after its close, before its open, by the next
sentence ("Wang said at a news conference.") or to the speaker of the sentence before.

Which marks make a quote is ``quotes``'s business; who a subject is ("he", "the Chinese
leader", "the AU chief", "the ministry") is ``speakers``'s. Every rule reads the tokens
of one sentence or the positions of quote marks and line breaks found once per document,
so the cost stays linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from meetings.ingest import patterns as P
from meetings.ingest.components import NOISE
from meetings.ingest.doccache import doc_text, positions, sent_span
from meetings.ingest.quotes import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    QUOTES,
    Quote,
    doc_quotes,
    fills,
    inside,
    opens_sentence,
    quote_ranges,
)
from meetings.ingest.records import MeetingRecord, OfficialRecord, Span, StatementRecord
from meetings.ingest.speakers import (
    JOINT,
    NO_SPEAKER,
    PRONOUNS,
    SUBJECT_DEPS,
    Speakers,
    is_asker,
    np_text,
)

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
_PREPS = frozenset({"to", "in", "at", "on", "during", "after", "before", "while", "when"})
# Verbs that state something even in a sentence that reports a meeting ("At the talks,
# Wang urged ..."); "raised concerns in a meeting" stays the meeting's topic.
_STRONG = frozenset(
    "urged urges stressed stresses underlined underlines emphasized emphasised emphasizes "
    "underscored underscores called warned warns insisted insists".split()
)
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
_QUOTE_WORDS = frozenset(QUOTES)
_VERB_WORDS = frozenset(_SPEECH | REPORTING | {"according"})




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
        self.meetings = meetings
        self.meeting_sents = {(e.start, e.end) for m in meetings for e in m.evidence}
        self.quote_pos = positions(doc, _QUOTE_WORDS, "ORTH")
        self.verb_pos = positions(doc, _VERB_WORDS)
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        self.has_dep = doc.has_annotation("DEP")
        self.who = Speakers(doc, officials, self.quote_pos)
        self.sents = self.who.sents
        self.captions = self._captions()
        self.aside: tuple[int, int] | None = None  # characters left out of this sentence's text
        self.out: list[StatementRecord] = []

    # ------------------------------------------------------------------ driver

    def read(self) -> list[StatementRecord]:
        units = self._quote_units()
        skip_to = -1
        for k, sent in enumerate(self.sents):
            if k > skip_to:
                self.who.first = k
                unit = units.get(k)
                done = self._quote_unit(k, unit) if unit is not None else None
                if done is not None:
                    skip_to = done
                else:
                    self._sentence(k, sent)
        return _tie_meetings(self.out, self.meetings)




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
        self.who.record(k, statement)

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
        quotes = quote_ranges(sent, qs)
        has_meeting = span in self.meeting_sents
        content_start, content_end = sent.start, sent.end
        reporter, reporter_at, verb_at, aside = self._reporter(sent, quotes, vs)
        if reporter_at is not None and not aside:  # '..., said Wang': ends before "said"
            content_end = min(reporter_at[0], verb_at)
        according = _according(sent)
        source_at = None
        self.aside = None
        if according is not None and reporter_at is None:
            source_at, (content_start, content_end), self.aside = according
            reporter = np_text(doc[source_at[0] : source_at[1]])
        if reporter_at is not None or source_at is not None:
            rep_span = doc[slice(*(reporter_at or source_at))]
            if reporter.lower() == "it":
                reporter = self.who.last_reporter
            elif reporter.lower() not in NO_SPEAKER | PRONOUNS:
                if self.who.person_at(rep_span) is None and not is_asker(rep_span):
                    resolved = self.who.document_issuer(rep_span)
                    if resolved:
                        reporter = resolved
                    self.who.last_reporter = reporter
        exclude = (reporter_at[0], verb_at + 1) if aside else (0, 0)
        found = self._speech_verb(sent, content_start, content_end, quotes, vs, exclude)
        statement = None
        if found is not None:
            statement = self._reported(sent, span, found, content_end, quotes, reporter,
                                       has_meeting)
        if statement is None and found is None and quotes:
            if reporter_at and opens_sentence(sent, quotes[0][0]):
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
        speaker, label = self.who.speaker(subject, verb)
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
        text = self._text(text_start, end)
        rep = reporter if reporter and reporter not in (speaker, label) else ""
        return StatementRecord(
            text=text,
            direct=bool(quotes) and not inside(verb.i, quotes),
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

    def _text(self, start: int, end: int) -> str:
        """The statement's words between two offsets, less a parenthesis (", according
        to X,") the sentence put inside them."""
        if self.aside is not None and start < self.aside[0] and self.aside[1] < end:
            a, b = self.aside
            return _clean_text_str(f"{self.text[start:a].strip()} {self.text[b:end].strip()}")
        return _clean_text_str(self.text[start:end])

    def _colon_before(self, i: int) -> bool:
        doc = self.doc
        j = i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        return j >= 0 and doc[j].text == ":"

    def _quoted(self, sent, span, quote, rep_span) -> StatementRecord | None:
        if is_asker(rep_span):
            return None
        speaker, label = self.who.speaker(rep_span, None)
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
        if end - start < 3 or is_asker(rep_span):
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
                    c.dep_ in SUBJECT_DEPS
                    and (c.lower_ in ("they", "both")
                         or JOINT.match(doc[c.left_edge.i : c.i + 1].text.lower()))
                    for c in root.children
                )
            )
        ):
            return None
        speaker, label = self.who.speaker(rep_span, None)
        text = self._text(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
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

    def _quote_units(self) -> dict[int, Quote]:
        """Quotes that span sentences or fill whole sentences, by their first sentence."""
        units: dict[int, Quote] = {}
        for q in doc_quotes(self.doc, self.text, self.quote_pos, self.newlines):
            k0 = self.who.sent_of(q.open_tok)
            k1 = self.who.sent_of(q.close_tok if q.close_tok is not None else
                               self.who.tok_at(max(q.end - 1, q.start)))
            if k0 in units:
                continue
            if k1 > k0 or (
                q.close_tok is not None and fills(self.sents[k0], [(q.open_tok, q.close_tok)])
            ):
                units[k0] = q
        return units

    def _quote_unit(self, k0: int, q: Quote) -> int | None:
        """Attribute a quote over several sentences; the last sentence it used, or None."""
        doc = self.doc
        close = q.close_tok
        at = close if close is not None else self.who.tok_at(max(q.end - 1, q.start))
        k1 = self.who.sent_of(at)
        last = self.sents[k1]
        first = self.sents[k0]
        speaker_span = None
        used = k1
        reported_by = ""
        if close is not None:
            speaker_span = self._tail(close + 1, last.end)
        if speaker_span is None:
            speaker_span = self._lead(first, q.open_tok)
        if speaker_span is None and k0 > 0 and opens_sentence(first, q.open_tok):
            prev = self.sents[k0 - 1]
            if prev.end > prev.start and doc[prev.end - 1].text == ":":
                speaker_span = self._lead(prev, prev.end)
        if speaker_span is None and k1 + 1 < len(self.sents) and self._ends_sentence(q, last):
            speaker_span = self._attribution_sentence(self.sents[k1 + 1])
            if speaker_span is not None:
                used = k1 + 1
        speaker, label = None, ""
        if speaker_span is not None:
            if is_asker(speaker_span):
                return None
            speaker, label = self.who.speaker(speaker_span, None)
        elif opens_sentence(first, q.open_tok) and self.who.spoke.get(k0 - 1):
            speaker = self.who.spoke[k0 - 1]
        elif opens_sentence(first, q.open_tok) and self.who.spoke_label.get(k0 - 1):
            label = self.who.spoke_label[k0 - 1]
        if not (speaker or label):
            return None
        text = _clean_text_str(" ".join(self.text[a:b].strip() for a, b in q.parts))
        if not text or text.endswith("?"):
            return None
        start = sent_span(first)[0]
        end = sent_span(self.sents[used])[1]
        if speaker is None and label and label.lower() == "it":
            label = self.who.last_reporter
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
                self.who.spoke[k] = speaker
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

    def _ends_sentence(self, q: Quote, sent: SpacySpan) -> bool:
        doc = self.doc
        after = q.close_tok + 1 if q.close_tok is not None else self.who.tok_at(q.end)
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
                    if child.dep_ in SUBJECT_DEPS and child.i >= floor:
                        if child.lower_ in ("who", "which", "that") and head.dep_ == "relcl":
                            ante = head.head
                            return doc[ante.left_edge.i : ante.i + 1]
                        return self.who.noun_phrase(child, tok)
                if (head.lower_ == "saying" and head.head.lower_ == "as"
                        and head.head.head.lower_ in ("quoted", "cited", "quotes", "cites")):
                    # "media quoted Pezeshkian as saying ...": the one quoted.
                    for c in head.head.head.children:
                        if c.dep_ == "dobj":
                            return self.who.noun_phrase(c, head)
                if head.dep_ in ("conj", "xcomp", "advcl") and head.head.i != head.i:
                    head = head.head  # "and stressed ...", "..., saying ..."
                else:
                    break
        return _subject_before(doc, tok.i, floor)


    def _is_question(self, sent: SpacySpan, subject: SpacySpan) -> bool:
        last = sent_span(sent)[1]
        return is_asker(subject) or self.text[last - 1 : last] == "?"

    # ---------------------------------------------------------------- reporters

    def _reporter(self, sent: SpacySpan, quotes, verbs: list[int]):
        """', the State Department said (in a statement).' -> ('the State Department',
        its token range, the verb's index); the trailing form only."""
        doc = self.doc
        for i in reversed(verbs):
            tok = doc[i]
            if tok.lower_ not in _TRAILING or inside(tok.i, quotes):
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
                    return np_text(doc[tok.i + 1 : e]), (tok.i + 1, e), tok.i, False
                if e > tok.i + 1 and (e == sent.end or doc[e].is_punct):
                    if e < sent.end and doc[e].text not in (".", ",", "!"):
                        continue
                    # "President Jokowi, said Retno, welcomed ...": a parenthesis.
                    aside = (doc[e].text == "," and sent.end - e > 3 and not _goes_on(doc, e)
                             and _has_verb(doc[e + 1 : sent.end]))
                    return np_text(doc[tok.i + 1 : e]), (tok.i + 1, e), tok.i, aside
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
                subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
                if subj is not None and subj.i < tok.i:
                    a = self.who.noun_phrase(subj, tok).start
                    if (sent.start < a < j and (doc[a - 1].is_punct or doc[a - 1].text in QUOTES)
                            and not any(t.text in QUOTES for t in doc[a:j])):
                        j = a
            # "Biden, the US government said, emphasized ...": a parenthesis; what was
            # said goes on after it.
            aside = (tok.i + 1 < sent.end and doc[tok.i + 1].text == ","
                     and sent.end - tok.i > 5 and doc[j - 1].text == ","
                     and not _goes_on(doc, tok.i + 1) and _has_verb(doc[tok.i + 2 : sent.end]))
            return np_text(doc[j : tok.i]), (j, tok.i), tok.i, aside
        return "", None, -1, False


    # ----------------------------------------------------------------- speakers










    # ------------------------------------------------------------------ helpers
















def _according(sent: SpacySpan):
    """'According to X, <clause>' / '<clause>, according to X' / '<clause>, according to
    X, <clause>': (X's token range, the clause's token range, the characters of the
    parenthesis to leave out of the text or None), or None."""
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
        return (first + 2, k), (k + 1, max(end, k + 1)), None
    for t in toks:
        if t.lower_ == "according" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "to":
            if t.i == first or doc[t.i - 1].text != ",":
                return None
            k = t.i + 2
            while k < sent.end and not doc[k].is_punct:
                k += 1
            if k == t.i + 2:
                return None
            last = toks[-1].i + (0 if toks[-1].is_punct else 1)
            if doc[k].text == "," and last - k > 2:
                # "The meeting, according to X, took place ...": the clause around it.
                return (t.i + 2, k), (first, last), (doc[t.i - 1].idx, doc[k].idx + 1)
            return (t.i + 2, k), (first, t.i - 1), None
    return None






def _has_verb(span) -> bool:
    """Whether a span holds a finite verb (a clause, not an apposition)."""
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


def _goes_on(doc: Doc, comma: int) -> bool:
    """', adding that ...' / ', although ...': what follows a reporter's comma is no
    statement the reporter interrupted."""
    nxt = doc[comma + 1] if comma + 1 < len(doc) else None
    return nxt is None or nxt.lower_ in _PARTICIPLES or nxt.dep_ == "mark" or nxt.tag_ == "VBG"










def _subject_before(doc: Doc, i: int, floor: int) -> SpacySpan | None:
    j = i
    while j > floor and (doc[j - 1].lower_ in _AUX or doc[j - 1].text in QUOTES):
        j -= 1
    end = j
    while j > floor and not doc[j - 1].is_punct and doc[j - 1].text not in QUOTES and end - j < 6:
        j -= 1
    return doc[j:end] if end > j else None




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
