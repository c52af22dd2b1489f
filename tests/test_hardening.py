"""Hostile requests: every query parameter on every view goes through one cleaning rule."""

import pytest
from django.urls import path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/feed.atom?q=%01",
    "/feed.atom?person=%00",
    "/feed.atom?q=a%0Bb",
    "/feed.atom?q=%EF%BF%BE",
    "/officials/suggest/?person=a%00b",
    "/?q=%C2%85",
    "/export.csv?topic=%EF%BF%BF",
    "/export.json?%01=x",
    "/countries/%00/",
])
def test_unservable_characters_get_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "contains the character U+" in response.content.decode()


def test_the_400_names_the_parameter(client):
    response = client.get("/feed.atom?kind=meeting&q=a%01")
    assert "'q'" in response.content.decode() and "U+0001" in response.content.decode()


def test_tabs_line_breaks_and_other_scripts_pass(client):
    assert client.get("/?q=Erdo%C4%9Fan%09talks%0A").status_code == 200
    assert client.get("/feed.atom?q=%E4%B9%A0%E8%BF%91%E5%B9%B3").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
def test_more_than_a_thousand_parameters_is_a_400_with_and_without_debug(client, settings,
                                                                          debug):
    settings.DEBUG = debug
    query = "&".join(f"topic=t{n}" for n in range(1001))
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert "more than 1000 query parameters" in response.content.decode()
    assert client.get("/?" + "&".join(f"topic=t{n}" for n in range(1000))).status_code == 200


def _broken_view(request):
    raise RuntimeError("<script>alert(1)</script>")


# A URLconf with a view that fails, for the DEBUG 500 page (ROOT_URLCONF = this module).
urlpatterns = [path("broken/", _broken_view)]


def test_debug_404_and_500_pages_carry_the_csp(client, settings):
    settings.DEBUG = True
    not_found = client.get("/meetings/999999/")
    assert not_found.status_code == 404 and "Page not found" in not_found.content.decode()
    assert "script-src 'self'" in not_found.headers["Content-Security-Policy"]

    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    error = client.get("/broken/", HTTP_ACCEPT="text/html")
    assert error.status_code == 500 and "RuntimeError" in error.content.decode()
    assert "script-src 'self'" in error.headers["Content-Security-Policy"]


def test_the_cleaning_rule_on_its_own():
    from meetings.cleaning import clean_label, http_url, unsafe_character

    for bad in ["\x00", "a\x1fb", "\x7f", "\x85", "\ud800", "x\udfff", "\ufffe", "\uffff",
                "\U0001fffe", "\U0010ffff", "\ufdd0"]:
        assert unsafe_character(bad), repr(bad)
    for fine in ["", "Erdoğan", "習近平", "tab\there", "line\nbreak\r\n", "\ufffd", "😀"]:
        assert unsafe_character(fine) is None, repr(fine)
    assert clean_label(" Evil\u202egnp.exe\x00 \u2066name\u2069 ") == "Evilgnp.exe name"
    assert http_url(" https://example.org/a ") == "https://example.org/a"
    assert http_url("https://exa mple.org") == "" and http_url("https:///path") == ""
