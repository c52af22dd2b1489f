"""Readers repair what they can and say so: stray bytes, bidi overrides, link schemes."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from meetings.historian.xml_files import collapse
from meetings.ingest.article_files import read_paths
from meetings.runs import InputError

BODY = "The ministers met at the café in Geneva on January 12, 2024. They discussed trade."


def read(path, warnings):
    [result] = list(read_paths([str(path)], on_warning=warnings.append))
    assert not isinstance(result, InputError), result
    return result


def test_utf8_with_a_stray_byte_stays_utf8_and_the_file_is_named(tmp_path):
    path = tmp_path / "stray.txt"
    path.write_bytes(("Café talks\n\n" + BODY).encode() + b" Trade\xff.")
    warnings = []
    article = read(path, warnings)
    assert article.title == "Café talks" and "café" in article.body
    assert "Ã" not in article.body and article.body.endswith("Trade\ufffd.")
    assert warnings == [f"{path}: not valid UTF-8: 1 undecodable byte sequence(s) "
                        "replaced by U+FFFD"]


def test_windows_1252_is_read_with_a_warning(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(("Café talks\n\n" + BODY).encode("cp1252"))
    warnings = []
    assert read(path, warnings).title == "Café talks"
    assert warnings == [f"{path}: not UTF-8: read as Windows-1252"]


def test_a_clean_file_gives_no_warning(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("Café talks\n\n" + BODY, encoding="utf-8")
    warnings = []
    read(path, warnings)
    assert warnings == []


def test_jsonl_lines_are_repaired_and_named_by_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    good = json.dumps({"title": "Café", "text": BODY, "date": "2024-01-12"},
                      ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + good.replace(b"trade", b"trade\xfe") + b"\n")
    warnings = []
    results = list(read_paths([str(path)], on_warning=warnings.append))
    assert [r.title for r in results] == ["Café", "Café"]
    assert warnings == [f"{path}:2: not valid UTF-8: 1 undecodable byte sequence(s) "
                        "replaced by U+FFFD"]


def test_bidi_overrides_are_removed_from_titles_bodies_and_records(tmp_path):
    path = tmp_path / "bidi.json"
    path.write_text(json.dumps({
        "title": "Talks with \u202eredaeL\u202c today", "source": "\u2066Wire\u2069",
        "text": "Minister \u202eAnna\u202c Smith met Minister Bob Jones on January 12, 2024.",
    }))
    article = read(path, [])
    assert article.title == "Talks with redaeL today" and article.source == "Wire"
    assert article.body == "Minister Anna Smith met Minister Bob Jones on January 12, 2024."
    assert collapse("  Antony \u202eBlinken\u202c\n  ") == "Antony Blinken"


@pytest.mark.parametrize("url, kept", [
    ("javascript:alert(document.cookie)", ""),
    ("data:text/html;base64,PHNjcmlwdD4=", ""),
    ("JaVaScRiPt:alert(1)", ""),
    ("//evil.example/x", ""),
    ("https://www.example.org/news/1", "https://www.example.org/news/1"),
    ("http://example.org/a?b=c", "http://example.org/a?b=c"),
])
def test_only_http_and_https_urls_are_accepted(tmp_path, url, kept):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "T", "text": BODY, "url": url}))
    warnings = []
    assert read(path, warnings).url == kept
    assert bool(warnings) == (not kept)


def test_no_link_is_rendered_for_a_stored_javascript_url(client, make_article):
    article = make_article(title="Old", url="javascript:alert(1)")
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "javascript:" not in html and ">original</a>" not in html
    safe = make_article(title="New", url="https://example.org/n")
    assert 'href="https://example.org/n"' in client.get(f"/articles/{safe.pk}/").content.decode()


@pytest.mark.django_db
def test_error_lines_are_not_followed_by_empty_lines(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 10)
    (tmp_path / "stray.txt").write_bytes(b"Caf\xc3\xa9\n\nNo date here, caf\xc3\xa9 \xff.")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().split("\n")
    assert sum(line.startswith("error: ") for line in lines) == 3
    assert any(line.startswith("warning: ") and "stray.txt" in line for line in lines)
    assert "" not in lines[:-1], lines


def test_noscript_text_is_not_part_of_an_html_body(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Talks in Geneva</title></head><body><noscript>Please enable "
        "JavaScript to read this site.</noscript><article><p>The ministers met in Geneva on "
        "January 12, 2024. They discussed trade for a long while.<noscript>Enable "
        "JavaScript now.</noscript> Both sides said the talks were useful.</p>"
        "</article></body></html>")
    article = read(path, [])
    assert "JavaScript" not in article.body
    assert "for a long while. Both sides said" in article.body
