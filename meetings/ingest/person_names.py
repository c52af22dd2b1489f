"""Name reading: where a person's name starts and ends in a Doc, token by token.

Only orthographic attributes (plus NER's entity types when the statistical pipeline
ran), so the rules work on ``spacy.blank("en")`` too.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from meetings.ingest import patterns as P


def is_cap(token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper()


def name_token(token) -> bool:
    text = token.text
    if not text or token.is_space or token.is_punct:
        return False
    if (
        token.lower_ in P.NOT_NAME_WORDS
        or token.lower_ in P.TITLE_HEADS
        or token.lower_ in P.WEAK_HEADS  # "Chief Executive Officer X": "Officer" is no name
    ):
        return False
    if token.lower_ in P.HONORIFICS:
        return False
    if text[0].islower():
        # "d'Estaing", "al-Sisi" written as one token
        return bool(_PARTICLE_NAME.match(text))
    return text[0].isupper() and (
        text.isalpha() or "." in text or "-" in text or "'" in text or "’" in text
    )


_PARTICLE_NAME = re.compile(r"^(?:d|l|al|el|de|du)['’-][A-Z]")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "2nd", "3rd", "4th"})


# Heads that are also given names: "Acting Foreign Minister Amir Khan Muttaqi". "Shah"
# only right after another office ("Foreign Minister Shah Mehmood Qureshi"): alone it is
# still the title ("Shah Mohammed Reza Pahlavi").
_NAME_LIKE_HEADS = frozenset({"amir"})
_NAME_LIKE_AFTER_OFFICE = frozenset({"amir", "shah"})


def first_name_head(doc: Doc, i: int, *, after_office: bool = False) -> bool:
    """A head word NER reads as the first word of a longer person's name ("Amir Khan
    Muttaqi"), not followed by a rank ("Amir Sheikh Tamim" keeps the title)."""
    tok = doc[i]
    n = len(doc)
    if after_office and tok.lower_ in _NAME_LIKE_AFTER_OFFICE and is_cap(tok):
        # After an office two more name words make it a given name, whatever NER read.
        return (
            i + 2 < n
            and name_token(doc[i + 1])
            and name_token(doc[i + 2])
            and doc[i + 1].lower_ not in P.NOBLE_RANKS
        )
    return (
        tok.lower_ in _NAME_LIKE_HEADS
        and tok.ent_type_ == "PERSON"
        and i + 1 < n
        and doc[i + 1].ent_iob_ == "I"
        and doc[i + 1].lower_ not in P.NOBLE_RANKS
        and doc[i + 1].lower_ not in P.HONORIFICS
    )


def particle_start(doc: Doc, i: int) -> bool:
    """'de Charette', 'de la Madrid', 'al-Moualem': a name that starts lower-case."""
    n = len(doc)
    j = i
    while j < n and j - i < 3 and doc[j].lower_ in P.NAME_PARTICLES:
        j += 1
        if j < n and doc[j].text in ("-", "‑") and doc[j - 1].whitespace_ == "":
            j += 1
    return j > i and j < n and name_token(doc[j]) and doc[j].text[0].isupper()


def read_name(doc: Doc, i: int, has_ner: bool) -> int:
    """End (exclusive) of a person's name starting at token i, or i if there is none."""
    n = len(doc)
    if i >= n or doc[i].text in P.ROMAN_NUMERALS or doc[i].lower_ in P.ORG_NOUNS:
        return i
    if (
        not name_token(doc[i])
        and not particle_start(doc, i)
        and not first_name_head(doc, i, after_office=i > 0 and doc[i - 1].lower_ in P.TITLE_HEADS)
    ):
        return i
    if has_ner and doc[i].ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"):
        return i
    if (
        doc[i].is_upper
        and len(doc[i].text) > 1
        and "." not in doc[i].text
        and doc[i].ent_type_ != "PERSON"
    ):
        # Acronyms ("NATO", "UN") are not names unless NER says so.
        return i
    j = i + 1
    while j < n and j - i < 8:  # "Mohammed bin Abdulrahman bin Jassim Al Thani"
        tok = doc[j]
        prev = doc[j - 1]
        if prev.whitespace_ == "" and tok.text in ("-", "‑") and j + 1 < n and doc[j + 1].is_alpha:
            j += 2  # hyphenated: el-Sisi, Al-Sudani
            continue
        if tok.text in P.ROMAN_NUMERALS or tok.lower_ in _SUFFIXES:
            j += 1
            continue
        if tok.lower_ == "sheikh" and is_cap(tok) and j + 1 < n and name_token(doc[j + 1]):
            j += 1  # inside a name: "Hassan Sheikh Mohamud"
            continue
        if (
            tok.lower_ in P.NAME_PARTICLES
            and j + 2 < n
            and doc[j + 1].text in ("-", "‑")
            and tok.whitespace_ == ""
            and doc[j + 1].whitespace_ == ""
            and is_cap(doc[j + 2])
            and doc[j + 2].is_alpha
        ):
            j += 3  # "Hussein al-Sheikh": after "al-" even an office word is the name
            continue
        if tok.lower_ in P.NAME_PARTICLES and particle_start(doc, j):
            j += 1
            continue
        if tok.lower_ in P.NAME_PARTICLES and j + 1 < n and name_token(doc[j + 1]):
            j += 2
            continue
        if len(tok.text) == 2 and tok.text[1] == "." and tok.text[0].isupper():
            j += 1  # middle initial
            continue
        if tok.lower_ in _NAME_MONTHS and tok.is_title and not (j + 1 < n and doc[j + 1].like_num):
            j += 1  # "Theresa May"
            continue
        if name_token(tok) and not (
            has_ner
            and tok.ent_type_ in ("DATE", "TIME", "GPE")
            and tok.ent_iob_ == "B"
            and prev.lower_ not in P.NAME_PARTICLES
            # NER's GPE on a surname ("Shah Mehmood Qureshi") that is no known place
            and not (tok.ent_type_ == "GPE" and _surname_gpe(doc, j))
        ):
            j += 1
            continue
        break
    if any(t.lower_ in P.ORG_NOUNS or t.lower_ in _INSTITUTION_WORDS for t in doc[i:j]):
        return i  # "Bar Association", "Security Council": an institution, not a person
    return j


def _surname_gpe(doc: Doc, j: int) -> bool:
    """A one-word GPE right after a name word, no known place, and the sentence goes on
    without a comma: NER's place is the name's last word."""
    return (
        (j + 1 >= len(doc) or doc[j + 1].ent_iob_ != "I")
        and doc[j - 1].ent_type_ == "PERSON"
        and not is_place(doc[j].text)
    )


_NAME_MONTHS = frozenset({"may", "june", "april", "august"})
_INSTITUTION_WORDS = frozenset(
    "association foundation society forum conference summit treaty university college school "
    "institute center centre company corporation airlines bank club".split()
)



@functools.lru_cache(maxsize=4096)
def is_country(text: str) -> bool:
    from meetings.countries import country_code

    return bool(country_code(text))


@functools.lru_cache(maxsize=4096)
def is_place(text: str) -> bool:
    """A country or well-known city: such a word is not read as a person."""
    from meetings.countries import country_code, place_country

    return bool(country_code(text) or place_country(text))
