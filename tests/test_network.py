"""Who met whom: the network of any filter state."""

import datetime as dt
import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(make_official, make_meeting):
    blinken = make_official("Antony Blinken", country="US")
    wang = make_official("Wang Yi", country="CN")
    lavrov = make_official("Sergey Lavrov", country="RU")
    for day in (1, 2, 3):
        make_meeting(officials=[blinken, wang], date=dt.date(2024, 1, day),
                     country_codes=["CN", "US"])
    make_meeting(officials=[wang, lavrov], date=dt.date(2024, 2, 1), country_codes=["CN", "RU"])
    return {"blinken": blinken, "wang": wang, "lavrov": lavrov}


def test_nodes_and_edges_link_to_their_meetings(client, trio, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html = client.get("/network/").content.decode()
    assert html.count('class="node"') == 3
    # Node: the list filtered by that person; edge: by both, i.e. the meetings between them.
    assert '<a href="/?person=wang-yi" class="node"' in html
    assert '<a href="/?person=antony-blinken&amp;person=wang-yi" class="edge">' in html
    assert "Antony Blinken and Wang Yi: 3 meetings" in html
    pairs = html.split("<h2>Met most often</h2>")[1]
    assert pairs.index("Antony Blinken and Wang Yi") < pairs.index("Wang Yi and Sergey Lavrov")
    assert "<script" not in html.split("<body>")[1]  # server-drawn: no script, no CDN


def test_the_network_follows_the_filter_and_switches_to_countries(client, trio):
    html = client.get("/network/?person=sergey-lavrov").content.decode()
    assert "Sergey Lavrov and Wang Yi" in html or "Wang Yi and Sergey Lavrov" in html
    assert "Antony Blinken" not in html
    # A node adds to the filter already there.
    assert 'href="/?person=sergey-lavrov&amp;person=wang-yi" class="node"' in html
    countries = client.get("/network/?nodes=countries").content.decode()
    assert '<a href="/?country=CN" class="node"' in countries
    assert '<a href="/?country=CN&amp;country=US" class="edge">' in countries \
        or '<a href="/?country=US&amp;country=CN" class="edge">' in countries
    assert "China and United States: 3 meetings" in countries


def test_beyond_the_top_nodes_the_rest_fold_into_others(client, make_official, make_meeting):
    hub = make_official("Hub Person", country="US")
    for n in range(30):
        guest = make_official(f"Guest {n:02d}", country="FR")
        for day in range(1 + n % 3):
            make_meeting(officials=[hub, guest], date=dt.date(2023, 1, 1 + day + 3 * n % 25))
    html = client.get("/network/?top=20").content.decode()
    assert html.count('class="node"') == 20
    assert "11 others" in html
    assert len(re.findall(r'<g class="node others">', html)) == 1
    assert "Hub Person and 11 others" not in html.split("<h2>Met most often</h2>")[1]


def test_an_empty_filter_says_so(client, trio):
    html = client.get("/network/?person=Zorblax").content.decode()
    assert "nobody is known as “Zorblax”" in html and "<svg" not in html


def test_the_list_links_to_its_network(client, trio):
    html = client.get("/?country=CN").content.decode()
    assert 'href="/network/?country=CN">Who met whom' in html
