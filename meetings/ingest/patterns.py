"""Rule vocabularies and token patterns for the extraction components.

Bump ``meetings.ingest.PIPELINE_VERSION`` whenever a pattern changes what is extracted:
each stored article records the version that read it, so the ones to re-process show.
"""

from __future__ import annotations

# Words that end a title and announce a name after them ("Minister Liu").
TITLE_HEADS = frozenset(
    """
    minister secretary president premier chancellor king queen emperor empress prince
    princess emir amir sultan sheikh pope ayatollah leader chairman chairwoman chair
    chairperson ambassador envoy adviser advisor director governor senator representative
    spokesman spokeswoman spokesperson general admiral commander counselor councilor
    councillor undersecretary under-secretary administrator commissioner mayor
    taoiseach chief head coordinator shah generalissimo tsar duke duchess archbishop
    patriarch grand-duke crown-prince czar negotiator treasurer marshal colonel
    lieutenant captain vice-president vice-premier deputy aide pm fm eam speaker
    """.split()
)

# Plural heads before a list of names ("accompanied by ministers A, B and C"): each
# name in the list holds the office as written.
PLURAL_HEADS = frozenset(
    """
    ministers secretaries presidents ambassadors envoys advisers advisors governors
    senators spokespersons commanders lawmakers
    """.split()
)

# Heads that mark a person but are not a title worth keeping ("senior official Liu").
WEAK_HEADS = frozenset(
    {"official", "diplomat", "officer", "lawmaker", "politician", "counterpart", "counterparts"}
)

# Lower-case words that can stand before a head inside a title.
TITLE_MODIFIERS = frozenset(
    """
    foreign defense defence commerce trade finance interior deputy vice prime national
    security senior special first second acting state assistant principal executive
    permanent chief supreme foreign-affairs economic economy industry energy justice
    health education labor labour agriculture treasury homeland home external affairs
    international cooperation development climate intelligence military armed forces
    army navy naval air force joint staff general top former outgoing incoming crown
    grand supreme high lord privy political public affairs transport transportation
    culture information communications digital science technology environment
    environmental defense-policy nuclear arms control non-proliferation human rights
    press interim caretaker minority majority speaker secretary-general unification
    strategic planning presidential kremlin
    """.split()
)

# After "Secretary of ...", "Minister for ...": what the office is of.
OFFICE_OBJECTS = frozenset(
    """
    state defense defence the treasury commerce energy agriculture labor labour education
    homeland security health transportation interior veterans affairs housing foreign
    external economy finance trade industry justice culture national unification
    environment climate science technology public international cooperation development
    and human services urban home war navy army air force commonwealth european staff
    operations naval joint chiefs mission general
    """.split()
)

# More portfolios after "Minister of ..." ("Minister of Human Resources", "of Sports and
# Culture"), kept apart from OFFICE_OBJECTS, which the remarks reader also uses as non-names.
PORTFOLIO_WORDS = frozenset(
    """
    resources communication communications multimedia rural information sport sports
    youth tourism water mines mining petroleum fisheries women children family social
    welfare works planning investment transport land lands natural local higher
    religious heritage arts immigration citizenship infrastructure aviation maritime
    telecommunications media regional cooperatives agrarian reform fiscal budget
    """.split()
)

# Ranks of nobility: after an office ("Foreign Minister Prince Saud") they are not part of it.
NOBLE_RANKS = frozenset(
    {"prince", "princess", "sheikh", "sheikha", "emir", "sultan", "king", "queen"}
)

# Honorifics are dropped from names and titles.
HONORIFICS = frozenset(
    """
    his her their majesty majesties excellency excellencies highness royal serene
    mr mr. mrs mrs. ms ms. dr dr. h.e. hon hon. honorable honourable rt rt. right sir dame
    madam madame cardinal holiness h.e dato dato' dato’ datuk seri sri tun
    """.split()
)

# Capitalized words that end an organization inside a descriptor
# ("... International Liaison Department Minister").
ORG_NOUNS = frozenset(
    """
    department ministry party committee commission house council office agency bank
    organization organisation union bureau service administration government cabinet
    parliament congress senate assembly army forces navy force command fund court
    kremlin pentagon secretariat directorate authority institute corporation group
    front movement league alliance coalition board staff guard guards
    """.split()
)

# International organizations whose name stays inside the title ("NATO Secretary General").
ORG_IN_TITLE = frozenset(
    """
    nato un u.n. eu e.u. asean opec who iaea imf wto oas osce au g7 g20 apec sco brics
    interpol unesco unicef unhcr fao icc
    """.split()
)

# Name particles kept inside a name when a capitalized word follows.
NAME_PARTICLES = frozenset(
    "bin bint ibn al el de del della da das dos du van von der den la le di ben abu ould y".split()
)

ROMAN_NUMERALS = frozenset("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI".split())

# Capitalized words that never start or continue a person's name after a title.
NOT_NAME_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec today yesterday tomorrow the a an and or of in on at
    for to with by from as but that this these those his her their its our who which
    said says met meets visited hosted told called emphasized reiterated urged warned
    department ministry office house state council committee party government
    administration embassy mission general emeritus elect designate-elect designate
    photo photos file video agree agrees meet meets hold holds wraps talks visit visits discuss
    discusses sign signs urge urges lt lt. gen gen. col col. maj maj. brig brig. sgt
    """.split()
)

# Verbs and function words that stop the leftward walk over a descriptor even when
# capitalized at the start of a sentence.
DESCRIPTOR_STOPS = frozenset(
    """
    met meet meets meeting visited hosted welcomed received attended discussed said
    told spoke called held signed consulted accompanied joined greeted thanked
    and or with by between of to for from in on at as the a an this that
    """.split()
)

# Photo credits: "REUTERS/Anna Rose Layden", "AP Photo/Evan Vucci", "Photo: Jane Doe".
CREDIT_AGENCIES = frozenset(
    """
    reuters ap afp getty epa xinhua bloomberg pool efe ansa kyodo yonhap tass
    anadolu sputnik dpa upi
    """.split()
)
NEWS_AGENCIES = frozenset(
    {
        "reuters",
        "ap",
        "associated press",
        "afp",
        "agence france-presse",
        "xinhua",
        "bloomberg",
        "tass",
        "kyodo",
        "yonhap",
        "efe",
        "dpa",
        "upi",
        "anadolu",
        "ria novosti",
        "interfax",
        "getty images",
    }
)

# Other names NER often reads as people: media, social networks, seats of government
# named for the government ("Malacanang said"), international organizations.
NOT_PERSON_NAMES = frozenset(
    """
    sputnik bild twitter facebook telegram instagram youtube whatsapp weibo wechat tiktok
    x linkedin malacanang malacañang akorda kremlin elysee élysée quirinale zhongnanhai
    asean nato opec interpol sco brics apec
    """.split()
) | frozenset({"the hindu", "al jazeera", "the guardian", "le monde", "der spiegel"})

# Last words of a facility or project, not of a person ("Trump Tower", "Keystone XL").
FACILITY_WORDS = frozenset(
    "tower towers pipeline xl palace hotel airport square hall stadium bridge dam".split()
)

# Meetings: trigger lemmas (lower-cased forms) and the kind they signal.
MEETING_VERBS = {
    "meet": "meeting",
    "met": "meeting",
    "meets": "meeting",
    "meeting": "meeting",
    "host": "meeting",
    "hosted": "meeting",
    "hosts": "meeting",
    "hosting": "meeting",
    "visit": "visit",
    "visited": "visit",
    "visits": "visit",
    "visiting": "visit",
    "receive": "meeting",
    "received": "meeting",
    "receives": "meeting",
    "welcomed": "meeting",
    "call": "call",
    "called": "call",
    "spoke": "call",
    "spoken": "call",
    "talked": "call",
}
MEETING_NOUNS = {
    "meeting": "meeting",
    "meetings": "meeting",
    "talks": "talks",
    "talk": "talks",
    "discussions": "talks",
    "discussion": "talks",  # only "a discussion with X" (see meetings._triggers)
    "dialogue": "talks",
    "negotiations": "talks",
    "consultations": "talks",
    "conversation": "talks",
    "conversations": "talks",
    "call": "call",
    "phone": "call",
    "telephone": "call",
    "videoconference": "call",
    "video": "call",
    "summit": "summit",
    "visit": "visit",
    "trip": "visit",
    "audience": "meeting",
    "session": "meeting",
    "ministerial": "multilateral",
    "conference": "multilateral",
}
# Well-known institutions that stand for their country in a descriptor.
ORG_COUNTRY = {
    "white house": "US",
    "state department": "US",
    "pentagon": "US",
    "treasury department": "US",
    "national security council": "US",
    "kremlin": "RU",
    "downing street": "GB",
    "elysee": "FR",
    "élysée": "FR",
    "zhongnanhai": "CN",
    "chinese communist party": "CN",
    "communist party of china": "CN",
}

# Reporting verbs for statements: lower-case forms.
SPEECH_VERBS = frozenset(
    """
    said says say emphasized emphasised emphasizes reiterated reiterates accused accuses
    labeled labelled labels called calls urged urges warned warns stressed stresses
    raised raises told tells noted notes added adds insisted insists argued argues
    underscored underlined highlighted expressed expresses welcomed condemned denied
    denies pledged vowed affirmed reaffirmed declared announced
    described criticized criticised demanded asked agreed
    """.split()
)
