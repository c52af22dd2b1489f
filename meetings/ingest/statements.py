"""Statements: direct quotes and reported speech, with speaker, reporter and meeting."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from meetings.ingest import patterns as P
from meetings.ingest.doccache import doc_text, has_annotation, positions, sent_span
from meetings.ingest.records import MeetingRecord, OfficialRecord, Span, StatementRecord

OPEN_QUOTES = {"“", '"', "‘"}
CLOSE_QUOTES = {"”", '"', "’"}
QUOTES = OPEN_QUOTES | CLOSE_QUOTES

# Verbs that introduce the reporter of a statement ("..., the State Department said").
REPORTING = frozenset({"said", "says", "say", "added", "adds", "stated", "wrote", "told", "noted"})
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
_SKIP_VERBS = frozenset({"called", "asked", "agreed", "welcomed", "told", "described"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_QUOTE_WORDS = frozenset(QUOTES)
_VERB_WORDS = frozenset(P.SPEECH_VERBS | REPORTING | {"according"})


def find_statements(
    doc: Doc, *, officials: Sequence[OfficialRecord], meetings: Sequence[MeetingRecord]
) -> list[StatementRecord]:
    """Direct quotes and reported speech in ``doc``, in text order."""
    mentions = sorted(
        ((s.start, s.end, o) for o in officials for s in o.mentions), key=lambda t: t[:2]
    )
    meeting_sents = _meeting_sentences(meetings)
    out: list[StatementRecord] = []
    last_reporter = ""
    last_person: OfficialRecord | None = None
    quote_pos = positions(doc, _QUOTE_WORDS, "ORTH")
    verb_pos = positions(doc, _VERB_WORDS)
    for sent in doc.sents:
        qs = quote_pos[bisect_left(quote_pos, sent.start) : bisect_left(quote_pos, sent.end)]
        vs = verb_pos[bisect_left(verb_pos, sent.start) : bisect_left(verb_pos, sent.end)]
        if not vs:
            last_person = _first_person(mentions, sent) or last_person
            continue
        span = sent_span(sent)
        if span[0] == span[1]:
            continue
        quotes = _quote_ranges(sent, qs)
        reporter, reporter_at = _reporter(sent, quotes, vs)
        if reporter.lower() in ("it", "they"):
            reporter = last_reporter if reporter.lower() == "it" else reporter
        if reporter and reporter.lower() not in ("it", "they", "he", "she"):
            if _person_at(mentions, sent.doc[reporter_at[0] : reporter_at[1]]) is None:
                last_reporter = reporter
        content_end = reporter_at[0] if reporter_at else sent.end
        found = _speech_verb(sent, content_end, quotes, vs)
        has_meeting = span in meeting_sents
        statement = None
        if found is not None:
            verb, subject = found
            inside_quote = _inside(verb.i, quotes)
            if has_meeting and not quotes:
                pass  # the sentence reports a meeting; its topics go to the meeting
            elif subject is not None:
                speaker, label = _speaker(subject, mentions, officials, last_person)
                text = _clean_text(doc, verb.idx, _end_char(sent, content_end, verb, quotes))
                direct = bool(quotes) and not inside_quote
                statement = StatementRecord(
                    text=text,
                    direct=direct,
                    speaker=speaker,
                    speaker_label="" if speaker else label,
                    reported_by=reporter if reporter and reporter != (speaker or label) else "",
                    evidence=Span(*span),
                )
        elif quotes and reporter_at and _opens_sentence(sent, quotes[0][0]):
            # “We oppose ...,” Wang said: a direct quote of the one who said it.
            rep_span = sent.doc[reporter_at[0] : reporter_at[1]]
            speaker, label = _speaker(rep_span, mentions, officials, last_person)
            q0, q1 = quotes[0]
            text = _clean_text(doc, sent.doc[q0].idx + 1, sent.doc[q1].idx)
            if text:
                statement = StatementRecord(
                    text=text,
                    direct=True,
                    speaker=speaker,
                    speaker_label="" if speaker else label,
                    evidence=Span(*span),
                )
        if statement is not None and (statement.speaker or statement.speaker_label):
            out.append(statement)
        last_person = _first_person(mentions, sent) or last_person
    return _tie_meetings(out, meetings)


def _first_person(mentions, sent: SpacySpan) -> OfficialRecord | None:
    """The official mentioned first in the sentence (usually its subject), if any:
    the one a "he" or "she" in the next sentence most often means."""
    i = bisect_left(mentions, (sent.start_char,))
    if i < len(mentions) and mentions[i][0] < sent.end_char:
        return mentions[i][2]
    return None


def _quote_ranges(sent: SpacySpan, quote_positions: list[int]) -> list[tuple[int, int]]:
    """Token index pairs (open, close) of the quotes in a sentence."""
    out = []
    open_at = None
    for i in quote_positions:
        tok = sent.doc[i]
        t = tok.text
        if t in ("“",) or t == '"' and open_at is None:
            open_at = tok.i
        elif (t == "”" or t == '"') and open_at is not None:
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


def _opens_sentence(sent: SpacySpan, i: int) -> bool:
    return all(t.is_space for t in sent.doc[sent.start : i])


def _inside(i: int, quotes: list[tuple[int, int]]) -> bool:
    return any(a < i < b for a, b in quotes)


def _reporter(sent: SpacySpan, quotes, verbs: list[int]) -> tuple[str, tuple[int, int] | None]:
    """', the State Department said (in a statement).' -> ('the State Department', span)."""
    doc = sent.doc
    for i in reversed(verbs):
        tok = doc[i]
        if tok.lower_ not in REPORTING or _inside(tok.i, quotes):
            continue
        # Subject between the last comma / closing quote and the verb.
        j = tok.i
        while (
            j > sent.start
            and not (doc[j - 1].is_punct or doc[j - 1].text in QUOTES)
            and tok.i - j < 6
        ):
            j -= 1
        if j == tok.i or j == sent.start:
            # "Wang said ..." at the start: the reporter introduces what follows.
            if j == sent.start and j < tok.i:
                return _np_text(doc[j : tok.i]), (j, tok.i)
            continue
        return _np_text(doc[j : tok.i]), (j, tok.i)
    if len(sent) > 3 and sent[0].lower_ == "according" and sent[1].lower_ == "to":
        k = sent.start + 2
        while k < sent.end and doc[k].text != ",":
            k += 1
        return _np_text(doc[sent.start + 2 : k]), None
    return "", None


def _speech_verb(sent: SpacySpan, end: int, quotes, verbs: list[int]) -> tuple | None:
    """The first speech verb of the content with its subject span."""
    doc = sent.doc
    has_dep = has_annotation(doc, "DEP")
    for i in verbs:
        if i >= end:
            break
        tok = doc[i]
        if tok.lower_ not in P.SPEECH_VERBS or tok.lower_ in REPORTING:
            continue
        if tok.lower_ in _SKIP_VERBS and not any(
            c.lower_ in ("those", "the", "it", "them") for c in doc[tok.i + 1 : tok.i + 3]
        ):
            continue
        # A verb (VB*) or modal (MD) by its fine-grained tag: "said", not "the saying".
        if has_dep and tok.tag_ and not tok.tag_.startswith(("VB", "MD")):
            continue
        subject = None
        if has_dep:
            for child in tok.children:
                if child.dep_ in _SUBJECT_DEPS:
                    subject = doc[child.left_edge.i : child.i + 1]
                    break
            if subject is None and tok.dep_ == "conj":
                for child in tok.head.children:
                    if child.dep_ in _SUBJECT_DEPS:
                        subject = doc[child.left_edge.i : child.i + 1]
                        break
        if subject is None:
            subject = _subject_before(doc, tok.i, sent.start)
        if subject is not None and len(subject) > 0:
            # Keep subjects inside the sentence and without quote marks.
            toks = [t for t in subject if t.text not in QUOTES and t.i >= sent.start]
            if toks:
                subject = doc[toks[0].i : toks[-1].i + 1]
                return tok, subject
    return None


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


def _speaker(subject: SpacySpan, mentions, officials, last_person):
    for s, e, o in mentions:
        if s < subject.end_char and subject.start_char < e:
            return o.name, ""
    words = [t.lower_ for t in subject]
    if words and words[0] in ("the",) and len(words) == 2 and words[1] in P.TITLE_HEADS:
        head = words[1]
        best = None
        for o in officials:
            if (
                head in o.title.lower().split()
                and o.mentions
                and o.mentions[0].start < subject.start_char
            ):
                if best is None or max(
                    m.start for m in o.mentions if m.start < subject.start_char
                ) > max(m.start for m in best.mentions if m.start < subject.start_char):
                    best = o
        if best is not None:
            return best.name, ""
    if len(words) == 1 and words[0] in _PRONOUNS and last_person is not None:
        return last_person.name, ""
    return None, _np_text(subject)


def _person_at(mentions, span: SpacySpan):
    # Bisect into the sorted mentions: a scan of all of them per sentence is quadratic.
    k = max(bisect_left(mentions, (span.start_char,)) - 1, 0)
    while k < len(mentions) and mentions[k][0] < span.end_char:
        s, e, o = mentions[k]
        if span.start_char < e:
            return o
        k += 1
    return None


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
    text = doc_text(doc)[start:end].strip()
    text = text.rstrip(" ,;:")
    if text.endswith(",") or text.endswith("."):
        text = text[:-1]
    # Balance a closing quote the span kept without its opening one, and vice versa.
    opens = text.count("“")
    closes = text.count("”")
    if closes > opens and text.endswith("”") and not text.startswith("“") and opens == 0:
        text = text[:-1].rstrip(" ,.")
    return text.strip()


def _meeting_sentences(meetings: Sequence[MeetingRecord]) -> set[tuple[int, int]]:
    return {(e.start, e.end) for m in meetings for e in m.evidence}


def _tie_meetings(statements: list[StatementRecord], meetings: Sequence[MeetingRecord]):
    """A participant's statement in a meeting's sentence, or reported right after it."""
    from dataclasses import replace

    mentions = sorted((e.start, i) for i, m in enumerate(meetings) for e in m.evidence)
    out = []
    for st in statements:
        index = None
        before = [i for start, i in mentions if start <= st.evidence.start]
        if before and st.speaker:
            last = before[-1]
            if any(p.name == st.speaker for p in meetings[last].participants):
                index = last
        out.append(replace(st, meeting=index) if index is not None else st)
    return out
