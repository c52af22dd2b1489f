import pytest

from meetings.countries import country_code, name_of, place_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("U.S.", "US"),
        ("US", "US"),
        ("United States", "US"),
        ("the United States", "US"),
        ("America", "US"),
        ("American", "US"),
        ("U.S.'s", "US"),
        ("China", "CN"),
        ("China's", "CN"),
        ("China’s", "CN"),
        ("Chinese", "CN"),
        ("PRC", "CN"),
        ("Russia", "RU"),
        ("Russian", "RU"),
        ("Russian Federation", "RU"),
        ("UK", "GB"),
        ("British", "GB"),
        ("Britain", "GB"),
        ("Jordan", "JO"),
        ("Jordanian", "JO"),
        ("South Korea", "KR"),
        ("North Korean", "KP"),
        ("Taiwan", "TW"),
        ("Taiwan’s", "TW"),
        ("Ukrainian", "UA"),
        ("Israeli", "IL"),
        ("Palestinian", "PS"),
        ("Saudi", "SA"),
        ("Emirati", "AE"),
        ("Viet Nam", "VN"),
        ("Germany", "DE"),
        ("Iran's", "IR"),
    ],
)
def test_country_code_reads_names_demonyms_and_abbreviations(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize(
    "text", ["Korean", "Congo", "EU", "European Union", "us", "in", "", "Atlantis"]
)
def test_country_code_is_empty_when_unknown_or_ambiguous(text):
    assert country_code(text) == ""


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("US", "United States"),
        ("CN", "China"),
        ("RU", "Russia"),
        ("KR", "South Korea"),
        ("TW", "Taiwan"),
        ("IR", "Iran"),
        ("VN", "Vietnam"),
        ("GB", "United Kingdom"),
        ("DE", "Germany"),
        ("JO", "Jordan"),
        ("XK", "Kosovo"),
        ("bo", "Bolivia"),
    ],
)
def test_name_of_gives_the_english_short_name(code, name):
    assert name_of(code) == name


def test_name_of_round_trips_country_code():
    for code in ["US", "CN", "RU", "KR", "KP", "TW", "IR", "VN", "SY", "PS", "GB", "FR", "JP"]:
        assert country_code(name_of(code)) == code


def test_name_of_unknown_code_returns_it_unchanged():
    assert name_of("ZZ") == "ZZ"
    assert name_of("") == ""


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Washington", "US"),
        ("San Francisco", "US"),
        ("New York", "US"),
        ("Beijing", "CN"),
        ("Moscow", "RU"),
        ("Kyiv", "UA"),
        ("Tokyo", "JP"),
        ("Brussels", "BE"),
        ("Geneva", "CH"),
        ("Washington, U.S.", "US"),
        ("Sochi, Russia", "RU"),
        ("Paris", "FR"),
        ("China", "CN"),
    ],
)
def test_place_country_for_capitals_and_cities(place, code):
    assert place_country(place) == code


def test_place_country_is_empty_when_unknown():
    assert place_country("Springfield Gorge") == ""
    assert place_country("") == ""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Korea, South", "KR"),
        ("China, People’s Republic of", "CN"),
        ("China, Republic of", "TW"),
        ("Germany, Federal Republic of", "DE"),
        ("Congo, Republic of", "CG"),
        ("Democratic Republic of the Congo (Zaire)", "CD"),
        ("Upper Volta (Burkina Faso)", "BF"),
        ("Poland (government-in-exile)", "PL"),
        ("St. Lucia", "LC"),
        ("U.S.S.R.", "SU"),
    ],
)
def test_official_record_spellings(text, code):
    assert country_code(text) == code


def test_countries_that_no_longer_exist_have_names():
    assert name_of("SU") == "Soviet Union"
    assert name_of("YU") == "Yugoslavia"
