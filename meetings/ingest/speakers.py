"""Speakers: who said it.

A subject names an official when one of their mentions holds its head word ("Putin's
spokesman" is not Putin), by a surname the article gives them, or by a description that
fits their title, country and organization ("the Chinese leader", "the AU chief",
"Russia's top diplomat", "the PM"): the nearest such official named before, or for
"X's spokesman" soon after. "He" and "she" are an official named earlier in the same
sentence, else whom the sentences before were about (who spoke there, else their
subject). Institutions, documents ("the statement" is its issuer's) and untitled names
stay labels; subjects that name no one who could speak (journalists, "they", both sides)
give no speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from meetings.countries import country_code
from meetings.ingest import patterns as P
from meetings.ingest.doccache import doc_text
from meetings.ingest.records import OfficialRecord, StatementRecord

PRONOUNS = frozenset({"he", "she"})
# Heads of subjects that are institutions even when a person's name stands before them.
_INSTITUTION_HEADS = frozenset(
    "office ministry service government presidency administration cabinet embassy "
    "department palace kremlin secretariat team camp party agency".split()
)
_ABBREVIATED_TITLES = {"pm": "prime minister", "fm": "foreign minister"}
# Subjects that name no one who could be a speaker, or a joint voice of both sides.
NO_SPEAKER = frozenset(
    """
    they we i you it this that these those who which what there both one
    """.split()
)
JOINT = re.compile(r"^(?:the )?(?:both|two) (?:sides|leaders|countries|ministers|men|delegations)"
                    r"|^both\b|^the two\b|^the sides\b")
# People who ask rather than state: a journalist's question is no statement.
_ASKERS = frozenset(
    "reporter reporters journalist journalists correspondent correspondents interviewer "
    "anchor moderator host questioner".split()
)
# Documents that speak for their author: "the statement said" is its issuer's statement.
DOCUMENTS = frozenset(
    "statement readout communique communiqué release transcript notice post email "
    "e-mail letter message tweet".split()
)
# Organizations named by their acronym in a description ("the AU chief").
_ORG_NAMES = {
    "au": "african union", "eu": "european union", "un": "united nations",
    "u.n.": "united nations", "nato": "nato", "asean": "asean", "who": "world health",
    "iaea": "atomic energy", "imf": "monetary fund", "wto": "trade organization",
    "oas": "american states", "osce": "co-operation in europe", "opec": "opec",
}
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
SUBJECT_DEPS = ("nsubj", "nsubjpass")


class Speakers:
    """Who is speaking, and whom the sentences are about, as one document is read."""

    def __init__(self, doc: Doc, officials: Sequence[OfficialRecord], quote_pos: list[int]):
        self.doc = doc
        self.text = doc_text(doc)
        self.officials = officials
        self.has_dep = doc.has_annotation("DEP")
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.quote_pos = quote_pos
        self.mentions = sorted(
            ((s.start, s.end, o) for o in officials for s in o.mentions), key=lambda t: t[:2]
        )
        self.mention_starts = [m[0] for m in self.mentions]
        self.by_name = {o.name: o for o in officials}
        keys: dict[str, list[OfficialRecord]] = {}
        for o in officials:
            for key in {o.name.split()[-1].lower(), *(a.lower() for a in o.aliases)}:
                keys.setdefault(key, []).append(o)
        self.surnames = {k: v[0] for k, v in keys.items() if len(v) == 1}
        self.last_reporter = ""  # the institution that last reported or spoke
        self.last_issuer = ""  # who issued the document last named ("a statement by X")
        self.labels: list[str] = []  # institutions that spoke, latest last
        self.spoke: dict[int, str] = {}  # sentence index -> person speaker of a statement
        self.spoke_label: dict[int, str] = {}  # sentence index -> a name that spoke
        self.topics: dict[int, OfficialRecord | str | None] = {}  # see _topic_person
        self.first = 0  # the first sentence of the statement being read

    def record(self, k: int, statement: StatementRecord) -> None:
        """Remember who spoke in sentence ``k``: the antecedent of a later "he" or "it"."""
        if statement.speaker:
            self.spoke[k] = statement.speaker
        elif statement.speaker_label:
            if _is_name_text(statement.speaker_label):
                self.spoke_label[k] = statement.speaker_label
            self.last_reporter = statement.speaker_label
            self.labels.append(statement.speaker_label)

    def speaker(self, subject: SpacySpan, verb) -> tuple[str | None, str]:
        """(official's name, "") when a person spoke, else (None, label) or (None, "")."""
        person = self._head_person(subject)
        if person is not None:
            return person.name, ""
        words = [t.lower_ for t in subject if not t.is_punct]
        if not words:
            return None, ""
        if len(words) == 1 and words[0] in PRONOUNS:
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
        if first in NO_SPEAKER or JOINT.match(joined) or is_asker(subject):
            return None, ""
        issuer = self.document_issuer(subject)
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
        return None, np_text(subject)

    def _pronoun(self, word: str, before: int) -> OfficialRecord | str | None:
        """'he'/'she': an official named earlier in the same sentence ("Biden said he
        ..."), else whom the sentences before were about; for 'she', the nearest named
        before whose title says she is a woman, if any."""
        i = bisect_left(self.mention_starts, before)
        if word == "she":
            for _start, _, o in reversed(self.mentions[max(0, i - 12) : i]):
                if _female(o):
                    return o
        at = self.tok_at(before)
        floor = self.sents[self.sent_of(at)].start_char
        j = i
        while j > 0 and self.mentions[j - 1][0] >= floor and i - j < 20:
            j -= 1
        qp = self.quote_pos
        for start, _, o in self.mentions[j:i]:
            # The first official named in this sentence before the pronoun, outside
            # the quote it may attribute.
            if bisect_left(qp, at) == bisect_left(qp, self.tok_at(start)):
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
        person = self.person_at(span)
        if person is None:
            return None
        if head.lower_ in _INSTITUTION_HEADS or head.lower_ in DOCUMENTS:
            return None
        if (head.lower_ in P.TITLE_HEADS or head.lower_ in _ROLE_HEADS) and any(
            t.lower_ in ("'s", "’s") and t.i < head.i for t in span
        ):
            # "Putin's spokesman": the spokesman, named before or soon after.
            return self._described(span, owner=person)
        return person  # "Prime Minister of Georgia Irakli Garibashvili"

    def _by_surname(self, span: SpacySpan) -> OfficialRecord | None:
        """'Putin' where the article names 'Vladimir Putin' without this mention."""
        if not _is_name(span):
            return None
        return self.surnames.get(span[-1].lower_)

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

    def document_issuer(self, span: SpacySpan) -> str:
        """'the statement' / 'a statement issued by the White House' -> who issued it."""
        words = [t.lower_ for t in span]
        if not any(w in DOCUMENTS for w in words):
            return ""
        for k, t in enumerate(span):
            if t.lower_ in ("by", "from") and k + 1 < len(span):
                self.last_issuer = np_text(span[k + 1 :])
                return self.last_issuer
        return self.last_issuer or self.last_reporter

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
                if child.dep_ in SUBJECT_DEPS:
                    span = self.noun_phrase(child, root)
                    person = self._head_person(span) or self._by_surname(span)
                    if person is None and span[0].lower_ in ("the", "his", "her"):
                        person = self._described(span)
                    if person is None and _is_name(span):
                        return np_text(span)  # "Trump told reporters ...", untitled
                    if person is not None:
                        return person
        return self._first_person(sent)

    def _first_person(self, sent: SpacySpan) -> OfficialRecord | None:
        """The official mentioned first in the sentence (usually its subject), if any:
        the one a "he" or "she" in the next sentence most often means."""
        i = bisect_left(self.mentions, (sent.start_char,))
        if i < len(self.mentions) and self.mentions[i][0] < sent.end_char:
            return self.mentions[i][2]
        return None

    def person_at(self, span: SpacySpan) -> OfficialRecord | None:
        """The first official whose mention overlaps ``span``."""
        return self._mention_at(span.start_char, span.end_char)

    def _mention_at(self, start: int, end: int) -> OfficialRecord | None:
        i = bisect_right(self.mention_starts, end)
        hit = None
        for s, e, o in reversed(self.mentions[max(0, i - 8) : i]):
            if s < end and start < e:
                hit = o
        return hit

    def noun_phrase(self, head, verb) -> SpacySpan:
        """A subject's words: its head with what precedes it, its coordinated and
        apposed parts ("France, Britain and Germany"; "Khan, Pakistan's ambassador"),
        and for a document who issued it ("a statement issued by the White House")."""
        doc = self.doc
        end = head.i + 1
        for c in head.children:
            if c.i > head.i and (
                c.dep_ in ("conj", "appos", "cc")
                or (head.lower_ in DOCUMENTS and c.dep_ in ("acl", "prep"))
                or (head.lower_ in P.TITLE_HEADS and c.dep_ == "prep" and c.lower_ == "of")
            ):
                end = max(end, c.right_edge.i + 1)
        if verb.i > head.i:
            end = min(end, verb.i)
        start = min(head.left_edge.i, head.i)
        return doc[start : max(end, head.i + 1)]

    def sent_of(self, tok: int) -> int:
        return max(bisect_right(self.sent_starts, tok) - 1, 0)

    def tok_at(self, char: int) -> int:
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


def is_asker(span: SpacySpan) -> bool:
    return any(t.lower_ in _ASKERS for t in span)


def _female(o: OfficialRecord) -> bool:
    return bool(set(o.title.lower().split()) & _FEMALE)


def np_text(span: SpacySpan) -> str:
    return span.text.strip().replace("’", "'")
