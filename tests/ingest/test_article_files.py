import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from meetings.ingest.article_files import read_paths
from meetings.ingest.records import ArticleInput
from meetings.runs import InputError

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_b0e30d72d739cb83.txt"
BODY = "The ministers met in Geneva on January 12, 2024.\n\n  They discussed trade."


def read(*paths, **kwargs) -> list[ArticleInput | InputError]:
    return list(read_paths([str(p) for p in paths], **kwargs))


def one(*paths, **kwargs) -> ArticleInput | InputError:
    (result,) = read(*paths, **kwargs)
    return result


def error(*paths, **kwargs) -> InputError:
    result = one(*paths, **kwargs)
    assert isinstance(result, InputError), result
    return result


def article(*paths, **kwargs) -> ArticleInput:
    result = one(*paths, **kwargs)
    assert isinstance(result, ArticleInput), result
    return result


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- text files --------------------------------------------------------------------------


def test_seed_article_takes_its_title_and_date_from_the_text():
    seed = article(SEED)
    assert (
        seed.title
        == "Blinken Discusses Human Rights Issues, Taiwan Strait with Senior Chinese Official"
    )
    assert seed.date == dt.date(2024, 1, 12)
    assert seed.body.startswith("REUTERS/Anna Rose Layden\nU.S. Secretary of State Antony Blinken")
    assert seed.body.endswith("“dirty tricks.”")
    assert seed.origin == str(SEED)
    assert seed.id == ""


def test_text_metadata_lines_before_and_after_the_title(tmp_path):
    path = write(
        tmp_path / "a.txt",
        "\n\nDATE: 2023-11-15\nTitle line here\nsource: Reuters\nUrl: https://example.com/x\n\n"
        + BODY
        + "\n\n\n",
    )
    a = article(path)
    assert (a.title, a.date, a.source, a.url) == (
        "Title line here",
        dt.date(2023, 11, 15),
        "Reuters",
        "https://example.com/x",
    )
    assert a.body == BODY  # leading/trailing blank lines gone, the rest untouched


def test_metadata_date_wins_over_the_text(tmp_path):
    path = write(tmp_path / "a.txt", "Date: January 3, 2024\nTitle\n" + BODY)
    assert article(path).date == dt.date(2024, 1, 3)


def test_markdown_title_loses_its_hashes(tmp_path):
    a = article(write(tmp_path / "a.md", "# Ministers meet\n\n" + BODY))
    assert (a.title, a.body) == ("Ministers meet", BODY)


def test_crlf_line_endings_are_normalised(tmp_path):
    a = article(
        write(tmp_path / "a.txt", b"Title\r\n\r\nFirst line, January 12, 2024.\r\nSecond.\r\n")
    )
    assert a.body == "First line, January 12, 2024.\nSecond."


def test_utf8_bom_is_stripped(tmp_path):
    a = article(write(tmp_path / "a.txt", "\ufeffTitle\n" + BODY))
    assert a.title == "Title"


def test_windows_1252_text_is_decoded(tmp_path):
    raw = "Caf\u00e9 talks\n\u201cWe agreed,\u201d she said on January 12, 2024.".encode("cp1252")
    a = article(write(tmp_path / "a.txt", raw))
    assert a.title == "Café talks"
    assert a.body.startswith("“We agreed,”")


def test_undecodable_bytes_are_rejected(tmp_path):
    raw = b"Title\n" + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 20
    e = error(write(tmp_path / "a.txt", raw))
    assert "neither UTF-8 nor Windows-1252" in e.reason


def test_binary_without_nul_bytes_is_rejected(tmp_path):
    raw = bytes(range(1, 32)) * 10 + b"\xff\xfe\xfa"
    assert "not text" in error(write(tmp_path / "a.txt", raw)).reason


def test_binary_file_with_nul_bytes_is_rejected(tmp_path):
    e = error(write(tmp_path / "a.txt", b"Title\n\x00\x01\x02binary"))
    assert e.reason == "binary file (contains NUL bytes)"
    assert e.origin == str(tmp_path / "a.txt")


@pytest.mark.parametrize(
    ("content", "reason"), [(b"", "empty file"), (b"  \n\t\n ", "empty file (only whitespace)")]
)
def test_empty_and_whitespace_only_files_are_rejected(tmp_path, content, reason):
    assert error(write(tmp_path / "a.txt", content)).reason == reason


def test_title_without_body_is_rejected(tmp_path):
    assert "no body" in error(write(tmp_path / "a.txt", "Only a title\n\n")).reason


def test_too_large_file_is_rejected_before_reading(tmp_path, monkeypatch):
    path = write(tmp_path / "big.txt", "Title\n" + "x" * 200)

    def no_open(*args, **kwargs):
        raise AssertionError("opened a file over the limit")

    monkeypatch.setattr(Path, "open", no_open)
    e = error(path, max_bytes=100)
    assert e.reason == "file too large: 206 bytes (limit 100)"


def test_date_falls_back_to_the_default_then_fails(tmp_path):
    path = write(tmp_path / "a.txt", "Title\nThey met on Friday.")
    assert article(path, default_date=dt.date(2024, 1, 12)).date == dt.date(2024, 1, 12)
    assert error(path).reason.startswith("no date")


def test_unreadable_metadata_date_is_an_error(tmp_path):
    e = error(write(tmp_path / "a.txt", "Date: someday\nTitle\n" + BODY))
    assert "cannot read the date 'someday'" in e.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_rejected(tmp_path):
    path = write(tmp_path / "a.txt", "Title\n" + BODY)
    path.chmod(0)
    try:
        assert error(path).reason == "permission denied"
    finally:
        path.chmod(0o644)


def test_permission_error_on_open_is_reported_and_the_rest_goes_on(tmp_path, monkeypatch):
    # Simulated: the suite may run as root, for whom chmod 000 changes nothing.
    bad = write(tmp_path / "a.txt", "Title\n" + BODY)
    good = write(tmp_path / "b.txt", "Title\n" + BODY)
    real_open = Path.open

    def guarded_open(self, *args, **kwargs):
        if self == bad:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    first, second = read(tmp_path)
    assert first == InputError(str(bad), "permission denied")
    assert isinstance(second, ArticleInput) and second.origin == str(good)


# -- html --------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Ministers meet | Example News</title>
<meta property="og:title" content="Ministers meet">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-01-12T09:30:00Z">
<link rel="canonical" href="https://news.example.com/ministers-meet">
<style>p { color: red }</style><script>var tracking = "SCRIPTTEXT";</script></head>
<body><nav>Home | World | Sport</nav><article><h1>Ministers meet</h1>
<p>U.S. Secretary of State Antony Blinken met senior Chinese official Liu Jianchao in Washington
on Friday, the State Department said in a statement released after the talks.</p>
<script>document.write("SCRIPTTEXT")</script>
<p>They discussed maintaining peace and stability across the Taiwan Strait and in the South
China Sea, and the cases of American citizens who are wrongfully detained in China.</p>
</article><footer>Copyright 2019 Example News</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    a = article(write(tmp_path / "page.html", PAGE))
    assert a.title == "Ministers meet"
    assert a.date == dt.date(2024, 1, 12)
    assert a.source == "Example News"
    assert a.url == "https://news.example.com/ministers-meet"
    assert a.body.startswith("U.S. Secretary of State Antony Blinken")
    assert "Taiwan Strait" in a.body
    assert "SCRIPTTEXT" not in a.body and "color" not in a.body and "Home | World" not in a.body


def test_html_date_from_the_text_when_the_markup_has_none(tmp_path):
    page = PAGE.replace(
        '<meta property="article:published_time" content="2024-01-12T09:30:00Z">', ""
    )
    page = page.replace("on Friday,", "on Friday, January 5, 2024,")
    assert article(write(tmp_path / "page.htm", page)).date == dt.date(2024, 1, 5)


def test_html_in_windows_1252_with_an_xml_declaration(tmp_path):
    page = '<?xml version="1.0" encoding="windows-1252"?>\n' + PAGE.replace(
        "the talks.", "the talks at the caf\u00e9."
    )
    a = article(write(tmp_path / "page.html", page.encode("cp1252")))
    assert "the talks at the café." in a.body


def test_html_of_only_scripts_is_rejected(tmp_path):
    page = (
        "<html><head><script>var a = 1;</script></head>"
        "<body><script>alert('x')</script></body></html>"
    )
    assert "no main text" in error(write(tmp_path / "page.html", page)).reason


# -- json and jsonl ------------------------------------------------------------------------


def record(**fields) -> dict:
    base = {
        "title": "Ministers meet",
        "text": BODY,
        "date": "2024-01-12",
        "source": "Reuters",
        "url": "https://x",
        "id": "a1",
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def test_json_object(tmp_path):
    a = article(write(tmp_path / "a.json", json.dumps(record(id=7))))
    assert (a.title, a.body, a.date, a.source, a.url, a.id, a.origin) == (
        "Ministers meet",
        BODY,
        dt.date(2024, 1, 12),
        "Reuters",
        "https://x",
        "7",
        str(tmp_path / "a.json"),
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"text": None}, "missing 'text'"),
        ({"title": 5}, "'title' must be a string"),
        ({"text": "  "}, "empty 'text'"),
        ({"date": 20240112}, "'date' must be a string"),
    ],
)
def test_json_with_missing_or_bad_fields_is_rejected(tmp_path, fields, reason):
    assert error(write(tmp_path / "a.json", json.dumps(record(**fields)))).reason == reason


def test_json_without_a_title_is_titled_by_its_opening(tmp_path):
    text = "Met with President Zelenskyy and Foreign Minister Kuleba. " * 3
    a = article(write(tmp_path / "a.json", json.dumps(record(title="", text=text))))
    assert a.title.startswith("Met with President Zelenskyy") and a.title.endswith("…")
    assert len(a.title) <= 80


def test_json_date_falls_back_to_the_text(tmp_path):
    a = article(write(tmp_path / "a.json", json.dumps(record(date=None, id=None))))
    assert (a.date, a.id) == (dt.date(2024, 1, 12), "")


def test_json_timestamp_date(tmp_path):
    a = article(write(tmp_path / "a.json", json.dumps(record(date="2023-12-31T23:00:00+00:00"))))
    assert a.date == dt.date(2023, 12, 31)


def test_malformed_json_file(tmp_path):
    assert error(write(tmp_path / "a.json", '{"title": "x",')).reason.startswith("malformed JSON")


def test_jsonl_bad_line_in_the_middle_names_file_and_line_and_the_rest_is_read(tmp_path):
    lines = [
        json.dumps(record(id="one")),
        '{"title": "broken"',
        "",
        json.dumps(record(id="three")),
        json.dumps(record(text=None)),
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    results = read(path)
    assert [type(r).__name__ for r in results] == [
        "ArticleInput",
        "InputError",
        "ArticleInput",
        "InputError",
    ]
    assert results[0].origin == f"{path}:1" and results[0].id == "one"
    assert results[1].origin == f"{path}:2" and results[1].reason.startswith("malformed JSON")
    assert results[2].origin == f"{path}:4" and results[2].id == "three"
    assert results[3] == InputError(f"{path}:5", "missing 'text'")


def test_jsonl_size_limit_applies_per_line(tmp_path):
    lines = [json.dumps(record(id=str(i))) for i in range(5)]
    lines.insert(2, json.dumps(record(text="word " * 100)))
    path = write(tmp_path / "a.jsonl", "\n".join(lines))
    results = read(path, max_bytes=300)
    assert [getattr(r, "id", None) for r in results] == ["0", "1", None, "2", "3", "4"]
    assert results[2] == InputError(f"{path}:3", "line too long: over 300 bytes")


def test_binary_jsonl_is_one_error(tmp_path):
    assert "binary" in error(write(tmp_path / "a.jsonl", b"\x00\x01" * 100 + b"\n" * 5)).reason


def test_jsonl_from_stdin(tmp_path):
    stream = io.StringIO("\ufeff" + json.dumps(record(id="s1")) + "\nnot json\n")
    first, second = read_paths(["-"], stdin=stream)
    assert isinstance(first, ArticleInput) and (first.id, first.origin) == ("s1", "-:1")
    assert second.origin == "-:2" and second.reason.startswith("malformed JSON")


def test_reading_is_lazy(tmp_path):
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(record(id=str(i))) for i in range(3)))
    stream = read_paths([str(path)])
    assert next(stream).id == "0"  # a generator: nothing beyond the first line is needed yet


# -- folders, symlinks, odd paths ---------------------------------------------------------


def test_folders_are_read_recursively_in_sorted_order_skipping_other_files(tmp_path):
    write(tmp_path / "b" / "2.txt", "Two\n" + BODY)
    write(tmp_path / "b" / "1.md", "One\n" + BODY)
    write(tmp_path / "a.json", json.dumps(record(title="Zero")))
    write(tmp_path / "notes.csv", "x,y")
    write(tmp_path / "image.png", b"\x89PNG\x00")
    assert [r.title for r in read(tmp_path)] == ["Zero", "One", "Two"]


def test_explicit_file_with_unknown_extension_is_an_error(tmp_path):
    e = error(write(tmp_path / "notes.csv", "x,y"))
    assert "unsupported file type '.csv'" in e.reason


def test_missing_path_is_an_error(tmp_path):
    assert error(tmp_path / "nope.txt").reason == "no such file or directory"


def test_symlink_loop_is_reported_once_and_the_rest_is_read(tmp_path):
    write(tmp_path / "top" / "a.txt", "A\n" + BODY)
    write(tmp_path / "top" / "sub" / "b.txt", "B\n" + BODY)
    (tmp_path / "top" / "sub" / "back").symlink_to(tmp_path / "top", target_is_directory=True)
    (tmp_path / "top" / "self.txt").symlink_to(tmp_path / "top" / "self.txt")
    results = read(tmp_path / "top")
    errors = [r for r in results if isinstance(r, InputError)]
    assert [r.title for r in results if isinstance(r, ArticleInput)] == ["A", "B"]
    assert sorted(e.origin for e in errors) == sorted(
        [str(tmp_path / "top" / "self.txt"), str(tmp_path / "top" / "sub" / "back")]
    )
    assert all("symlink loop" in e.reason for e in errors)


def test_symlinked_folder_is_followed_once(tmp_path):
    write(tmp_path / "real" / "a.txt", "A\n" + BODY)
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert [r.title for r in read(tmp_path)] == ["A"]


def test_explicit_self_loop(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert "symlink loop" in error(tmp_path / "loop.txt").reason


def test_every_article_has_an_origin(tmp_path):
    write(tmp_path / "x" / "a.txt", "A\n" + BODY)
    write(tmp_path / "x" / "b.jsonl", json.dumps(record()))
    assert [r.origin for r in read(tmp_path / "x")] == [
        str(tmp_path / "x" / "a.txt"),
        f"{tmp_path / 'x' / 'b.jsonl'}:1",
    ]
