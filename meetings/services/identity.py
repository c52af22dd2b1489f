"""Who is who and which is which: pure rules, no database.

- ``same_official``: can two written names (with what the text says of each person's
  country) be one person? Spelling and transliteration variants (Zelensky/Zelenskyy,
  Sergei/Sergey, Benjamin/Binyamin, Ahmed/Ahmet), Arabic articles (al-/El-/Al),
  bin/ibn, accents and family-name-first order are one person; people sharing a family
  name (King Salman and Mohammed bin Salman, the al-Thanis, the Bushes) are not.
- ``kinds_compatible``, ``meeting_period`` and ``same_meeting``: can two reports be one
  real meeting?

Names are folded with anyascii (any script to ASCII) and compared token by token with
rapidfuzz, never by a home-made edit distance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

__all__ = [
    "ParsedName", "family_keys", "given_name_alone", "kinds_compatible", "meeting_period",
    "name_closeness", "name_key", "organisation_named", "parse_name", "same_country",
    "same_meeting", "same_official", "spelling_variant",
]

# Honorifics and regnal titles written in front of a name ("Sheikh Tamim", "King
# Salman"): not part of the name when comparing.
_HONORIFICS = frozenset({
    "sheikh", "sheikha", "shaikh", "sheik", "sir", "dame", "dr", "mr", "mrs", "ms",
    "king", "queen", "prince", "princess", "emir", "amir", "sultan", "crown", "hrh",
    "his", "her", "highness", "majesty", "excellency", "hh", "lord", "lady",
})
# Arabic articles glued or hyphenated to a family name: "al-Sisi", "El-Sisi", "Al Thani".
_ARTICLES = frozenset({"al", "el", "ad", "ash", "ar", "az", "ul"})
# "son of": bin/ibn (Arabic), ben (in the middle of a name only: "Ben" is also a name).
_SON_OF = frozenset({"bin", "ibn", "ben", "bint", "bn"})
_SUFFIX = re.compile(r"^(?:jr|sr|[ivx]+|\d+(?:st|nd|rd|th)?)$")
# Honorifics of Malaysia, Brunei and Myanmar ("Dato' Seri Anwar", "Tun Abdul Razak" keeps
# "Tun": it is also a name elsewhere, so only the longer ones go).
_HONORIFICS |= frozenset({"dato", "datuk", "seri", "haji", "daw", "tunku", "hon"})
# Particles of European family names ("de Gaulle", "da Silva", "Di Maio", "d'Estaing",
# "Cavaco e Silva", "Le Drian", "van Rompuy"): dropped, so "De Gaulle" is a family name
# alone and "Salinas de Gortari" the end of "Carlos Salinas de Gortari".
_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "di", "del", "della", "du", "d", "la",
                        "le", "l", "van", "von", "der", "den"})
# Particles that are also words of names ("E", "Y" as initials): dropped only inside a name.
_INNER_PARTICLES = frozenset({"e", "y"})
# Former states and their successors: one country for identity (Kozyrev of the Soviet
# Union in 1991 is Kozyrev of Russia in 1992).
_SUCCESSORS = {"SU": "RU", "YU": "RS", "CS": "CZ", "DD": "DE", "ZR": "CD", "BU": "MM"}


# International organisations: their officials have an organisation and no country.
_ORGANISATIONS = re.compile(
    r"\b(NATO|North Atlantic Treaty Organization|UN|U\.N\.|United Nations|UNHCR|EU|E\.U\.|"
    r"European Union|European Commission|European Council|African Union|AU|OSCE|OAS|"
    r"Organization of American States|ASEAN|Arab League|League of Arab States|IAEA|"
    r"World Bank|IMF|International Monetary Fund|WHO|World Health Organization|WTO|OECD|"
    r"Gulf Cooperation Council|GCC|ICRC|Red Cross)\b")


def organisation_named(text: str) -> str:
    """The international organisation a title or organisation names ("NATO"), else ""."""
    m = _ORGANISATIONS.search(text or "")
    return m.group(1) if m else ""


def same_country(a: str, b: str) -> bool:
    """Whether two country codes name one country (a former state = its successor)."""
    return _SUCCESSORS.get(a, a) == _SUCCESSORS.get(b, b)

# Given names that are one name in different spellings or a nickname; applied after
# folding, for pairs the fuzzy ratio would not join (or would join too loosely).
_GIVEN_GROUPS = """
joseph joe | michael mike | william bill | antony anthony tony | james jim | robert bob
richard dick | thomas tom | daniel dan | david dave | christopher chris | alexander alex
edward ed ted | john jack | benjamin ben bibi binyamin benyamin | samuel sam
stephen steven steve | matthew matt | nicholas nick | peter pete | andrew andy
timothy tim | lawrence larry | charles charlie chuck | francis frank | frederick fred
gregory greg | kenneth ken | jeffrey jeff | condoleezza condi | vladimir vlad
mohammed muhammad mohammad mohamed mohamad muhammed | abdullah abdallah | hillary hilary
youssef yousef yusuf youssif yousif | ahmed ahmet ahmad | hussein husain hussain
joey joe | mick mike | billy will willy bill | jimmy jamie jim | bobby rob robert
rick rich dick | tommy tom | danny dan | sasha alex | ted theodore | hank henry harry
ronald ron ronnie | donald don | gerald jerry | elizabeth liz beth betty
katherine kate kathy | harold harry | albert al | alan al | patrick pat | madeleine maddy
margaret maggie
"""


@lru_cache(maxsize=1)
def _given_groups() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in _GIVEN_GROUPS.replace("\n", " | ").split("|"):
        names = [_skeleton(n) for n in group.split()]
        for name in names:
            table.setdefault(name, set()).update(names)
    return {name: frozenset(group) for name, group in table.items()}


def _skeleton(token: str) -> str:
    """A token's spelling-insensitive form: doubled letters single, j/y as i.

    "zelenskyy" and "zelensky", "sergey" and "sergei", "benyamin" and "benjamin"
    ("beniamin") fold alike.
    """
    token = re.sub(r"(.)\1+", r"\1", token)
    return token.replace("j", "i").replace("y", "i")


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name cut into what comparison needs (all tokens folded to lower-case ASCII)."""

    given: tuple[str, ...]  # first given name, then middle names
    patronyms: tuple[str, ...]  # "bin Salman" -> ("salman",)
    family: str  # "" when the name has none (Mohammed bin Salman)
    regnal: str  # "ii" in "Abdullah II"
    tokens: tuple[str, ...]  # every name token, in order (no particles, no honorifics)

    @property
    def full(self) -> bool:
        """More than one name token: a bare "Salman" or "Blinken" is not full."""
        return len(self.tokens) > 1


# "Abd" ("servant of") compounds are written whole or cut: Abdulaziz, Abdel Aziz,
# Abd-el Aziz, Abd al-Aziz; Abdullah, Abdallah. They are folded to one token "abd...".
_ABD = re.compile(r"^abd(?:[aeiou]l)?")


def _misspelt_abd(word: str) -> bool:
    """A cut "Abd" prefix misspelt with a letter added ("Albdul"): six letters, one
    insertion away from "abdul", "abdel" or "abdal", not already starting "abd"."""
    return len(word) == 6 and word[:1] == "a" and not word.startswith("abd") and any(
        Levenshtein.distance(word, form) == 1 for form in ("abdul", "abdel", "abdal"))


def _tokens(name: str) -> list[str]:
    plain = anyascii(re.sub(r"\([^)]*\)", " ", name)).casefold()
    plain = plain.replace("'s ", " ")
    words = [t for t in re.split(r"[^a-z0-9]+", plain) if t]
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if i + 1 < len(words) and _misspelt_abd(word):
            # "Albdul Aziz" for "Abdul Aziz": a letter slipped into the "Abd" prefix.
            word = "abdul"
        if _ABD.fullmatch(word) and i + 1 < len(words):
            # "abdel aziz", "abd el aziz", "abd al aziz" -> "abdaziz"
            j = i + 1
            if words[j] in ("al", "el", "ul") and j + 1 < len(words):
                j += 1
            out.append("abd" + words[j])
            i = j + 1
            continue
        out.append(_ABD.sub("abd", word) if word.startswith("abd") else word)
        i += 1
    return out


@lru_cache(maxsize=65536)
def parse_name(name: str) -> ParsedName | None:
    """Given names, patronyms, family name and regnal number of a written name; None if empty."""
    words = _tokens(name)
    while len(words) > 1 and words[0] in _HONORIFICS:
        words.pop(0)
    regnal = ""
    while len(words) > 1 and _SUFFIX.match(words[-1]):
        popped = words.pop()
        if re.fullmatch(r"[ivx]+", popped):
            regnal = popped
    if not regnal and len(words) > 2 and re.fullmatch(r"[ivx]{2,}", words[1]) and \
            words[2] in _SON_OF:
        # "Abdullah II ibn Al Hussein": the number follows the regnal name.
        regnal = words.pop(1)
    kept = [w for i, w in enumerate(words)
            if not (w in _PARTICLES and i < len(words) - 1)
            and not (w in _INNER_PARTICLES and 0 < i < len(words) - 1)]
    words = kept or words
    if not words:
        return None
    given: list[str] = []
    patronyms: list[str] = []
    family = ""
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if word in _ARTICLES and nxt is not None and (i > 0 or len(words) == 2):
            # "El-Sisi" alone is a family name with its article.
            # "al Sisi", "el-Sisi", "Al Thani": the family name follows the article.
            family = nxt
            i += 2
            continue
        if word in _SON_OF and nxt is not None and i > 0:
            if nxt in _ARTICLES and i + 2 < len(words):
                # "ibn Al Hussein": the article belongs to the father's name.
                i += 1
                nxt = words[i + 1]
            patronyms.append(nxt)
            i += 2
            continue
        if patronyms and not family and i == len(words) - 1 and nxt is None:
            # "Hamad bin Khalifa Thani": a last word after a patronym chain is a family.
            family = word
            i += 1
            continue
        given.append(word)
        i += 1
    if not family and not patronyms and len(given) > 1:
        family = given.pop()
    elif not family and not patronyms and len(given) == 1:
        family, given = given[0], []
    # A glued article ("Alsisi") stays as written: rare, and too risky to cut.
    tokens = tuple(t for t in (*given, *patronyms, family) if t)
    return ParsedName(given=tuple(given), patronyms=tuple(patronyms), family=family,
                      regnal=regnal, tokens=tokens)


def name_key(name: str) -> str:
    """A folded form for exact look-ups: the same for spellings that differ only in
    accents, case, punctuation, Arabic articles, bin/ibn or doubled letters."""
    parsed = parse_name(name)
    if parsed is None:
        return ""
    return " ".join(_skeleton(t) for t in parsed.tokens)


def family_keys(name: str) -> tuple[str, ...]:
    """Words a candidate look-up should search for: the family name and the last
    patronym; both ends of a two-word name (which may be written family name first)."""
    parsed = parse_name(name)
    if parsed is None:
        return ()
    # "Mohamed bin Zayed Al Nahyan" is also written "Mohammed bin Zayed": both the family
    # and the last patronym find him.
    keys = [parsed.family, parsed.patronyms[-1] if parsed.patronyms else ""]
    if len(parsed.tokens) == 2 and not parsed.patronyms:
        keys.append(parsed.tokens[0])
    return tuple(dict.fromkeys(k for k in keys if k))


# First letters one Cyrillic or Arabic letter is written with (Г: Geidar/Heydar).
_SAME_FIRST = ({"g", "h"},)


def _given_agree(a: str, b: str) -> bool:
    sa, sb = _skeleton(a), _skeleton(b)
    if sa == sb or sb in _given_groups().get(sa, ()):
        return True
    if sa[1:] and sa[1:] == sb[1:] and {sa[0], sb[0]} in _SAME_FIRST:
        return True
    short, long = sorted((sa, sb), key=len)
    if len(short) >= 3 and long.startswith(short):
        return True  # "Alex"/"Alexander", "Abdel"/"Abdelfattah"
    # Transliterations: Ahmed/Ahmet, Alexios/Alexis, Abdel/Abdul, Binyamin/Benjamin.
    return sa[:1] == sb[:1] and len(short) >= 4 and fuzz.ratio(sa, sb) >= 80


def _family_agree(a: str, b: str) -> bool:
    sa, sb = _skeleton(a), _skeleton(b)
    if sa == sb:
        return True
    # A family name may differ by a letter in long transliterations or misspellings
    # (Davutoglu/Davutoghlu, Zardari/Zadari), never in short ones (Bush/Busch are two
    # families). Callers also require the given names to agree.
    return min(len(sa), len(sb)) >= 6 and sa[:1] == sb[:1] and fuzz.ratio(sa, sb) >= 85


def _misspelt_family(pa: ParsedName, pb: ParsedName, *, same_country: bool = False) -> bool:
    """A letter off in the family name (Kofod/Koford, Guelleh/Guellah, Loong/Loung), the
    first given names written alike: a misspelling in the records. A short family name
    (Sall/Sali, Home/Hume) only with one letter replaced and the same country stated on
    both sides."""
    if not pa.given or not pb.given or _skeleton(pa.given[0]) != _skeleton(pb.given[0]):
        return False
    fa, fb = _skeleton(pa.family), _skeleton(pb.family)
    if min(len(pa.family), len(pb.family)) >= 5 and fa[:1] == fb[:1] and \
            fuzz.ratio(fa, fb) >= 80:
        return True
    if same_country and spelling_variant(pa.family, pb.family):
        # Vowels moved or a letter off, the same country stated on both sides:
        # Bolanos/Bolonas, Hassan Sheikh Mahmoud/Mohamud.
        return True
    return same_country and len(pa.family) == len(pb.family) >= 4 and \
        pa.family[:1] == pb.family[:1] and Levenshtein.distance(pa.family, pb.family) == 1


def _consonants(token: str) -> str:
    """The first letter and the consonants after it ("papoulias" -> "ppls")."""
    folded = _skeleton(token)
    return folded[:1] + re.sub(r"[aeiou]", "", folded[1:])


def spelling_variant(a: str, b: str) -> str:
    """How one word of five letters or more is a misspelling of another with the same
    first letter: "vowels" when only vowels or a doubled letter differ (one added,
    dropped or replaced: Papoulias/Papoulios, Martony/Martonyi, Weizman/Weizmann; or, in
    words of seven letters or more, the same letters with vowels moved: Bolanos/Bolonas,
    Mahmoud/Mohamud; not Pardo/Prado), "letter" when one
    consonant does (Aleman/Alerman, Markovic/Marovic), "" when neither (or the words are
    spelled alike).

    Only a hint: "letter" also joins two families (Markovic, Marovic), so callers ask
    for more (the same title, dates near each other, no one else who fits)."""
    fa, fb = anyascii(a).casefold(), anyascii(b).casefold()
    if fa == fb or min(len(fa), len(fb)) < 5 or fa[:1] != fb[:1] or \
            not fa.isalpha() or not fb.isalpha():
        return ""
    one_off = Levenshtein.distance(fa, fb) == 1
    # Vowels moved only in a long word: in a short one they make another name
    # (Pardo/Prado).
    if _consonants(fa) == _consonants(fb) and (
            one_off or (sorted(fa) == sorted(fb) and min(len(fa), len(fb)) >= 7)):
        return "vowels"
    return "letter" if one_off else ""


# Given names that also end Malay, Somali or Arab names as the father's name ("Mahathir
# Mohamed", "Hassan Sheikh Mohamud", "Saddam Hussein"): such a person is called by the
# first name alone.
_PATRONYMIC_LAST = frozenset({
    "mohammed", "muhammad", "mohammad", "mohamed", "mohamad", "muhammed", "mohamud",
    "mahmoud", "mahmud", "ahmed", "ahmad", "ahmet", "hussein", "husain", "hussain",
    "ibrahim", "ismail", "abdullah", "abdallah",
})


def given_name_alone(short: str, full: str) -> bool:
    """Whether a one-word name ("King Salman", "Sultan Qaboos", "Mahathir") is the given
    name a person of this fuller name is called by alone: the first name of a name of
    patronyms ("Salman bin Abdulaziz Al Saud", "Qaboos bin Said") or of a name whose
    last word is the father's given name ("Mahathir Mohamed").

    Never a patronym ("Salman" is not "Mohammed bin Salman"), never the given name of a
    family name ("Antony" is not "Antony Blinken"), and regnal numbers must agree
    ("Mohammed VI" is not "Mohammed bin Zayed"). Callers check that no one else of the
    country fits the one word."""
    ps, pf = parse_name(short), parse_name(full)
    if ps is None or pf is None or ps.full or not pf.full or not pf.given or \
            ps.regnal != pf.regnal:
        return False
    if _skeleton(ps.tokens[0]) != _skeleton(pf.given[0]):
        return False
    return bool(pf.patronyms) or pf.family in _PATRONYMIC_LAST


def _misspelt_given(pa: ParsedName, pb: ParsedName) -> bool:
    """A letter off in the first given name of a long family name written alike
    (Dalia/Galia Grybauskaite, Armando/Ermando Guebuza), or in one word of a name of
    three words or more, the others written alike (Kin/Kim Dae-Jung)."""
    fa, fb = _skeleton(pa.family), _skeleton(pb.family)
    if not fa or fa != fb:
        return False
    ga, gb = _skeleton(pa.given[0]), _skeleton(pb.given[0])
    if len(fa) >= 8 and min(len(ga), len(gb)) >= 4 and fuzz.ratio(ga, gb) >= 80:
        return True
    if len(fa) >= 7 and min(len(ga), len(gb)) >= 5 and fuzz.ratio(ga, gb) >= 85:
        return True
    return len(pa.tokens) >= 3 and len(pa.tokens) == len(pb.tokens) and \
        pa.given[1:] == pb.given[1:] and len(pa.given[0]) == len(pb.given[0]) >= 3 and \
        pa.given[0][:1] == pb.given[0][:1] and Levenshtein.distance(pa.given[0], pb.given[0]) == 1


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    # Middle names given on both sides must share their initials: George H. W. Bush is
    # not George W. Bush; one side without middles can be either.
    if not a or not b:
        return True
    whole_a, whole_b = [m for m in a if len(m) > 1], [m for m in b if len(m) > 1]
    if whole_a and whole_a == whole_b:
        # The same whole middle names, one side adding an initial ("Daniel T. arap Moi").
        return True
    return [m[0] for m in a] == [m[0] for m in b]


def _initials_stand_for(pa: ParsedName, pb: ParsedName) -> bool:
    """Given names written as initials on one side only, standing for the other's: with
    two initials or more ("F.W." / "Frederik Willem"), or one before a long family name
    ("S. Jaishankar"). One initial before a common family name ("A. Blinken") says too
    little."""
    for short, long in ((pa, pb), (pb, pa)):
        if all(len(t) == 1 for t in short.given) and all(len(t) > 1 for t in long.given) \
                and len(short.given) == len(long.given) and \
                all(s == t[0] for s, t in zip(short.given, long.given, strict=True)):
            return len(short.given) >= 2 or min(len(pa.family), len(pb.family)) >= 8
    return False


def _names_agree(pa: ParsedName, pb: ParsedName, *, same_country: bool = False) -> bool:
    if pa.regnal and pb.regnal and pa.regnal != pb.regnal:
        return False
    if bool(pa.regnal) != bool(pb.regnal):
        # A regnal number on one side only: only the same name ("Baudouin" / "Baudouin I";
        # "George V" is not "Lloyd George").
        return [_skeleton(t) for t in pa.tokens] == [_skeleton(t) for t in pb.tokens]
    if pa.regnal and pa.regnal == pb.regnal and (not pa.full or not pb.full):
        # The same regnal name and number: "Abdullah II" is "Abdullah II ibn Al Hussein".
        first_a = (pa.given or pa.tokens)[0]
        first_b = (pb.given or pb.tokens)[0]
        return _skeleton(first_a) == _skeleton(first_b)
    if not pa.full or not pb.full:
        # A single word is a family name ("Blinken", "King Salman" -> "salman") and meets
        # only the other's family name, never a given name or a patronym.
        one, other = (pa, pb) if not pa.full else (pb, pa)
        words = {_skeleton(pa.tokens[0]), _skeleton(pb.tokens[0])}
        if same_country and not other.full and len(words) == 2 and \
                any("abd" + word in words for word in words):
            # "Tunku Abdul Rahman" called "Rahman": an "Abd" name is its own one word,
            # and "Abd" ("servant of") is dropped; only with the same country stated.
            return True
        # Spelled alike: with no given name to confirm it, a near miss is someone else.
        return bool(other.family) and _skeleton(one.tokens[0]) == _skeleton(other.family)
    if pa.family and pb.family:
        if not _family_agree(pa.family, pb.family) and \
                not _misspelt_family(pa, pb, same_country=same_country):
            return False
    elif (pa.family and not pa.patronyms and len(pb.patronyms) == 1 and not pb.family) or \
            (pb.family and not pb.patronyms and len(pa.patronyms) == 1 and not pa.family):
        # Malay names drop "bin" as often as they write it: "Anwar Ibrahim" is "Anwar bin
        # Ibrahim", "Mahathir Mohamed" "Mahathir bin Muhammad".
        family, patronym = (pa.family, pb.patronyms[0]) if pa.family else \
            (pb.family, pa.patronyms[0])
        if not _given_agree(family, patronym):
            return False
        return bool(pa.given and pb.given) and _given_agree(pa.given[0], pb.given[0]) and \
            _middles_agree(pa.given[1:], pb.given[1:])
    elif pa.family or pb.family:
        # One side names a family, the other only given names and patronyms
        # ("Mohammed bin Salman Al Saud" / "Mohammed bin Salman"): the patronyms decide.
        if not (pa.patronyms and pb.patronyms):
            return False
    if pa.patronyms and pb.patronyms and not _given_agree(pa.patronyms[0], pb.patronyms[0]):
        return False
    if len(pa.patronyms) > 1 and len(pb.patronyms) > 1 and \
            not _given_agree(pa.patronyms[1], pb.patronyms[1]):
        return False
    if pa.given and pb.given:
        if _initials_stand_for(pa, pb):
            return True
        if _given_agree(pa.given[0], pb.given[0]) or _misspelt_given(pa, pb):
            return _middles_agree(pa.given[1:], pb.given[1:])
        # Known by a middle name: "Tayyip Erdogan" is Recep Tayyip Erdogan, "Javad Zarif"
        # Mohammad Javad Zarif (whole names, not initials).
        short, long = sorted((pa.given, pb.given), key=len)
        return len(short) < len(long) and all(len(t) > 2 for t in short) and \
            all(_given_agree(x, y) for x, y in zip(short, long[len(long) - len(short):],
                                                    strict=True))
    # No given names on one side ("bin Salman"): the patronyms and family decided.
    return bool(pa.patronyms or pb.patronyms) or pa.given == pb.given


def _reordered(pa: ParsedName, pb: ParsedName) -> bool:
    """Family name first on one side: "Kishida Fumio" / "Fumio Kishida", "Moon Jae-in"."""
    if pa.patronyms or pb.patronyms or len(pa.tokens) != len(pb.tokens) or len(pa.tokens) < 2:
        return False
    sa, sb = [_skeleton(t) for t in pa.tokens], [_skeleton(t) for t in pb.tokens]
    if sa == sb:
        return False  # same order: the ordinary rules apply
    # The family name moved from one end to the other; the given names kept their order.
    return sa[1:] + sa[:1] == sb or sa[-1:] + sa[:-1] == sb


def same_official(a: str, b: str, *, country_a: str = "", country_b: str = "") -> bool:
    """Whether two written names, with the countries the texts give them, can be one person.

    A country unknown on either side (or an international organisation's official, who
    has none) does not decide; two different countries do.
    """
    if country_a and country_b and not same_country(country_a, country_b):
        return False
    pa, pb = parse_name(a), parse_name(b)
    if pa is None or pb is None:
        return False
    return _names_agree(pa, pb, same_country=bool(country_a and country_b)) or \
        _reordered(pa, pb)


def name_closeness(a: str, b: str) -> int:
    """How closely two names that can be one person agree: 3 every word alike, 2 the first
    given names alike, 1 otherwise (known by a middle name: "Javad Zarif"); 0 when
    they cannot be one person. A resolver with several candidates takes the closest."""
    if not same_official(a, b):
        return 0
    pa, pb = parse_name(a), parse_name(b)
    if len(pa.tokens) == len(pb.tokens) and all(
            _skeleton(x) == _skeleton(y) or _given_agree(x, y)
            for x, y in zip(pa.tokens, pb.tokens, strict=True)):
        return 3
    if pa.given and pb.given and _given_agree(pa.given[0], pb.given[0]):
        return 2
    return 1


# --------------------------------------------------------------------------- meetings

# Kinds that can describe the same event in two reports ("talks" vs "meeting").
_COMPATIBLE_KINDS = {
    "meeting": {"meeting", "talks", "visit"},
    "talks": {"meeting", "talks"},
    "visit": {"meeting", "visit"},
    "call": {"call"},
    "summit": {"summit", "multilateral"},
    "multilateral": {"summit", "multilateral"},
}


def kinds_compatible(a: str, b: str) -> bool:
    """Whether two kinds can describe one event (a call is never a meeting)."""
    return b in _COMPATIBLE_KINDS.get(a, {a})


def compatible_kinds(kind: str) -> frozenset[str]:
    """The kinds ``kind`` may be merged with."""
    return frozenset(_COMPATIBLE_KINDS.get(kind, {kind}))


def meeting_period(start: dt.date | None, end: dt.date | None = None
                   ) -> tuple[dt.date, dt.date] | None:
    """A meeting's days (first, last), both included; None when undated.

    An end before the start (a misread range) is taken as the start.
    """
    if start is None:
        return None
    return start, max(end or start, start)


def periods_overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None
                    ) -> bool:
    """Whether two periods share a day (undated ones never do)."""
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True, slots=True)
class MeetingKey:
    """What decides whether two reports are one meeting."""

    kind: str
    period: tuple[dt.date, dt.date] | None
    officials: frozenset[int] = frozenset()  # Official ids
    countries: frozenset[str] = frozenset()  # parties when no person is named


def same_meeting(a: MeetingKey, b: MeetingKey) -> bool:
    """One real meeting: compatible kinds, overlapping days and the same parties (the
    same officials, or with no one named, the same governments)."""
    if not kinds_compatible(a.kind, b.kind) or not periods_overlap(a.period, b.period):
        return False
    if a.officials or b.officials:
        return a.officials == b.officials
    return bool(a.countries) and a.countries == b.countries


def unique(candidates: Collection[int]) -> int | None:
    """The only element, or None when there are none or several."""
    return next(iter(candidates)) if len(candidates) == 1 else None
