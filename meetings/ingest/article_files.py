"""Files, folders and stdin -> ArticleInput records, one bad input never stopping the rest.

``read_paths`` is a generator: folders are walked lazily, JSONL is read line by line,
and each input yields either an ``ArticleInput`` or an ``InputError`` naming the input
and the reason. Formats:
- ``.txt`` / ``.md``: optional ``Date:``, ``Source:``, ``URL:`` lines, before or right
  after the title (the first other non-empty line); the rest is the body.
- ``.html`` / ``.htm``: main text and metadata via trafilatura.
- ``.json``: one object; ``.jsonl`` and ``-`` (stdin): one object per line. Fields
  ``title``, ``text``, ``date``, ``source``, ``url``, ``id``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from meetings.cleaning import clean_label, http_url, without_bidi_controls
from meetings.ingest.dates import first_full_date, resolve_date
from meetings.ingest.records import ArticleInput
from meetings.runs import InputError

__all__ = ["MissingDateError", "SUFFIXES", "base_date", "read_paths"]

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".json", ".jsonl"})
_META_LINE = re.compile(r"^\s*(date|source|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_ISO_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T\s]|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_PLAIN = re.compile(r"[^\W\d_]|\s")
# A well-formed UTF-8 sequence of two to four bytes: a file that has one is UTF-8.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SNIFF = 8192  # bytes looked at to tell a binary JSONL file from a text one
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class _Reject(Exception):
    """Raised inside a reader; becomes an InputError for the current input."""


def read_paths(
    paths: Sequence[str],
    *,
    max_bytes: int = 10_000_000,
    default_date: dt.date | None = None,
    stdin: TextIO | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[ArticleInput | InputError]:
    """Yield one ArticleInput or InputError per article found in files, folders or "-" (stdin).

    ``on_warning`` gets one line per input read with a repair ("path: not valid UTF-8 ..."),
    by default written to stderr.
    """
    reader = _Reader(max_bytes=max_bytes, default_date=default_date,
                     on_warning=on_warning or _warn_on_stderr)
    for raw in paths:
        if raw == "-":
            yield from reader.jsonl_lines(stdin if stdin is not None else sys.stdin, "-")
        else:
            yield from reader.path(Path(raw))


def _warn_on_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


class _Reader:
    def __init__(self, *, max_bytes: int, default_date: dt.date | None,
                 on_warning: Callable[[str], None]) -> None:
        self.warn = on_warning
        self.max_bytes = max_bytes
        self.default_date = default_date
        self.seen_files: set[tuple[int, int]] = set()
        self.seen_dirs: set[tuple[int, int]] = set()
        self.reported_loops: set[str] = set()

    # -- walking -------------------------------------------------------------------

    def path(self, path: Path) -> Iterator[ArticleInput | InputError]:
        try:
            info = path.stat()
        except OSError as exc:
            yield from self._stat_error(path, exc, explicit=True)
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self._folder(path, ancestors=())
        elif path.suffix.lower() not in SUFFIXES:
            yield InputError(
                str(path),
                f"unsupported file type {path.suffix or '(no extension)'!r}; "
                f"expected one of {', '.join(sorted(SUFFIXES))}",
            )
        else:
            yield from self._file(path, info)

    def _stat_error(self, path: Path, exc: OSError, *, explicit: bool) -> Iterator[InputError]:
        if exc.errno == errno.ELOOP:
            yield from self._loop(path, "symlink loop: the link never resolves to a file")
        elif exc.errno == errno.ENOENT and path.is_symlink():
            if explicit or path.suffix.lower() in SUFFIXES:
                yield InputError(str(path), f"broken symlink to {os.readlink(path)}")
        elif exc.errno == errno.ENOENT:
            yield InputError(str(path), "no such file or directory")
        elif exc.errno == errno.EACCES:
            yield InputError(str(path), "permission denied")
        else:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")

    def _loop(self, path: Path, reason: str) -> Iterator[InputError]:
        key = os.path.abspath(path)
        if key not in self.reported_loops:
            self.reported_loops.add(key)
            yield InputError(str(path), reason)

    def _folder(
        self, folder: Path, *, ancestors: tuple[tuple[int, int], ...]
    ) -> Iterator[ArticleInput | InputError]:
        try:
            info = folder.stat()
        except OSError as exc:
            yield from self._stat_error(folder, exc, explicit=True)
            return
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            target = os.path.realpath(folder)
            yield from self._loop(
                folder, f"symlink loop: leads back to {target}, a folder above it"
            )
            return
        if key in self.seen_dirs:
            return  # reached again through another symlink: already read
        self.seen_dirs.add(key)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            reason = "permission denied" if exc.errno == errno.EACCES else exc.strerror or str(exc)
            yield InputError(str(folder), f"cannot list folder: {reason}")
            return
        for entry in entries:
            child = Path(entry.path)
            try:
                child_info = child.stat()  # follows symlinks
            except OSError as exc:
                yield from self._stat_error(child, exc, explicit=False)
                continue
            if stat.S_ISDIR(child_info.st_mode):
                yield from self._folder(child, ancestors=(*ancestors, key))
            elif stat.S_ISREG(child_info.st_mode) and child.suffix.lower() in SUFFIXES:
                yield from self._file(child, child_info)

    # -- files -----------------------------------------------------------------------

    def _file(self, path: Path, info: os.stat_result) -> Iterator[ArticleInput | InputError]:
        key = (info.st_dev, info.st_ino)
        if key in self.seen_files:
            return  # the same file through a symlink or a repeated argument
        self.seen_files.add(key)
        origin = str(path)
        suffix = path.suffix.lower()
        if not stat.S_ISREG(info.st_mode):
            yield InputError(origin, "not a regular file")
            return
        if suffix == ".jsonl":
            # A JSONL corpus may be large: the size limit applies to each line.
            yield from self._jsonl_file(path)
            return
        if info.st_size > self.max_bytes:
            yield InputError(
                origin, f"file too large: {info.st_size} bytes (limit {self.max_bytes})"
            )
            return
        try:
            with path.open("rb") as handle:
                data = handle.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:  # grew after the size check
                raise _Reject(f"file too large: over {self.max_bytes} bytes")
            text = _decode(data, warn=lambda reason: self.warn(f"{origin}: {reason}"))
            if suffix in {".txt", ".md"}:
                article = self._text(text, origin, markdown=suffix == ".md")
            elif suffix in {".html", ".htm"}:
                article = self._html(text, origin)
            else:
                article = self._json_object(_loads(text), origin)
        except _Reject as exc:
            yield InputError(origin, str(exc))
        except OSError as exc:
            yield InputError(origin, _os_reason(exc))
        else:
            yield article

    def _jsonl_file(self, path: Path) -> Iterator[ArticleInput | InputError]:
        origin = str(path)
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield InputError(origin, _os_reason(exc))
            return
        with handle:
            head = handle.read(_SNIFF)
            if not head.strip():
                yield InputError(origin, "empty file")
                return
            if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                yield InputError(origin, "binary file (contains NUL bytes), not JSON lines")
                return
            handle.seek(0)
            yield from self._jsonl_records(_bounded_lines(handle, self.max_bytes), origin)

    def jsonl_lines(self, stream: TextIO, name: str) -> Iterator[ArticleInput | InputError]:
        """Read a text stream of JSON lines (stdin)."""

        def lines() -> Iterator[str | _Reject]:
            for line in stream:
                if len(line) > self.max_bytes:
                    yield _Reject(f"line too long: over {self.max_bytes} characters")
                else:
                    yield line

        yield from self._jsonl_records(lines(), name)

    def _jsonl_records(
        self, lines: Iterable[bytes | str | _Reject], name: str
    ) -> Iterator[ArticleInput | InputError]:
        for number, line in enumerate(lines, start=1):
            origin = f"{name}:{number}"
            try:
                if isinstance(line, _Reject):
                    raise line
                text = (_decode(line, allow_empty=True,
                                warn=lambda reason, at=origin: self.warn(f"{at}: {reason}"))
                        if isinstance(line, bytes) else line)
                if number == 1:
                    text = text.removeprefix("\ufeff")
                if not text.strip():
                    continue
                yield self._json_object(_loads(text), origin)
            except _Reject as exc:
                yield InputError(origin, str(exc))

    # -- formats -----------------------------------------------------------------------

    def _text(self, text: str, origin: str, *, markdown: bool) -> ArticleInput:
        lines = text.split("\n")
        meta: dict[str, str] = {}
        title = ""
        index = 0
        # Metadata lines before the title, then the title, then metadata right after it.
        while index < len(lines):
            line = lines[index]
            index += 1
            if not line.strip():
                continue
            if m := _META_LINE.match(line):
                meta.setdefault(m.group(1).lower(), m.group(2))
                continue
            title = line.strip()
            break
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                index += 1
                continue
            if m := _META_LINE.match(line):
                meta.setdefault(m.group(1).lower(), m.group(2))
                index += 1
                continue
            break
        if markdown:
            title = re.sub(r"^#+\s*", "", title).strip()
        body = _strip_blank_lines(lines[index:])
        if not title:
            raise _Reject("no title: the file holds only metadata lines")
        if not body.strip():
            raise _Reject("no body text after the title")
        return self._article(
            title=title,
            body=body,
            date_value=meta.get("date"),
            source=meta.get("source", ""),
            url=meta.get("url", ""),
            origin=origin,
        )

    def _html(self, html: str, origin: str) -> ArticleInput:
        try:
            document = _extract_html(html)
        except Exception as exc:  # noqa: BLE001 - a parser failure is this file's problem only
            raise _Reject(f"cannot parse the HTML: {type(exc).__name__}: {exc}") from None
        body = (getattr(document, "text", None) or "").strip() if document else ""
        if not body:
            raise _Reject("no main text found in the HTML (only scripts, styles or markup)")
        lines = body.split("\n")
        title = (document.title or "").strip()
        if title and lines[0].strip() == title and len(lines) > 1:
            lines = lines[1:]  # trafilatura repeats the headline at the top of the text
        elif not title:
            title = lines.pop(0).strip() if len(lines) > 1 else lines[0].strip()
        return self._article(
            title=title,
            body=_strip_blank_lines(lines),
            date_value=document.date,
            source=(document.sitename or "").strip(),
            url=(document.url or "").strip(),
            origin=origin,
        )

    def _json_object(self, data: object, origin: str) -> ArticleInput:
        if not isinstance(data, dict):
            raise _Reject(f"expected a JSON object, got {type(data).__name__}")
        text = data.get("text")
        if text is None:
            raise _Reject("missing 'text'")
        if not isinstance(text, str):
            raise _Reject("'text' must be a string")
        if not text.strip():
            raise _Reject("empty 'text'")
        for field in ("title", "date", "source", "url"):
            if data.get(field) is not None and not isinstance(data[field], str):
                raise _Reject(f"{field!r} must be a string")
        raw_id = data.get("id")
        if raw_id is not None and not isinstance(raw_id, str | int):
            raise _Reject("'id' must be a string or an integer")
        body = _strip_blank_lines(_normalise_newlines(text).split("\n"))
        # A record without a headline (a trip remark, a wire line) is titled by its opening.
        title = (data.get("title") or "").strip() or _opening(body)
        return self._article(
            title=title,
            body=_strip_blank_lines(_normalise_newlines(data["text"]).split("\n")),
            date_value=data.get("date"),
            source=(data.get("source") or "").strip(),
            url=(data.get("url") or "").strip(),
            origin=origin,
            id="" if raw_id is None else str(raw_id),
        )

    def _article(
        self,
        *,
        title: str,
        body: str,
        date_value: str | None,
        source: str,
        url: str,
        origin: str,
        id: str = "",
    ) -> ArticleInput:
        date = self._date(date_value, body)
        link = http_url(url)
        if url.strip() and not link:
            self.warn(f"{origin}: URL {url.strip()[:80]!r} dropped: only http and https "
                      "links are kept")
        # Bidirectional overrides would let a stored name or title display as something
        # else (reversed); the text loses nothing a reader needs without them.
        return ArticleInput(
            title=clean_label(title), body=without_bidi_controls(body), date=date,
            source=clean_label(source), url=link, id=id, origin=origin
        )

    def _date(self, value: str | None, body: str) -> dt.date:
        if value and value.strip():
            parsed = parse_date_value(value)
            if parsed is None:
                raise _Reject(f"cannot read the date {value.strip()!r}; use e.g. 2024-01-12")
            return parsed
        found = first_full_date(body)
        if found is not None:
            return found
        if self.default_date is not None:
            return self.default_date
        raise _Reject("no date: none in the metadata or the text, and no default date given")


# -- helpers -------------------------------------------------------------------------


class MissingDateError(ValueError):
    """An article has no date and none can be read from its text."""


def base_date(article: ArticleInput) -> dt.date:
    """The article's date, or the first full date its text gives; else MissingDateError."""
    if article.date is not None:
        return article.date
    found = first_full_date(article.body) or first_full_date(article.title)
    if found is None:
        where = article.origin or article.id or article.title[:60] or "article"
        raise MissingDateError(f"{where}: no article date given and none found in the text")
    return found


def parse_date_value(value: str) -> dt.date | None:
    """A date from a metadata field: ISO ("2024-01-12", "2024-01-12T08:00Z") or written out."""
    if m := _ISO_PREFIX.match(value):
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
    if found := first_full_date(value):
        return found
    ref = resolve_date(value, base=dt.date.today())
    if ref is not None and ref.precision == "day" and re.search(r"\d{4}", value):
        return ref.value
    return None


def _extract_html(html: str):  # -> trafilatura Document | None
    import trafilatura  # imported lazily: only HTML inputs need it

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    return trafilatura.bare_extraction(
        _without_noscript(html),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Dates from the page's markup only: text heuristics pick copyright years.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _without_noscript(html: str):  # -> lxml HtmlElement | str
    """The page without its <noscript> elements ("Please enable JavaScript" is not news)."""
    from lxml import etree
    from lxml import html as lxml_html

    # lxml refuses a str that declares its encoding; the text is decoded already.
    text = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return html  # trafilatura reports what it cannot parse
    for element in list(tree.iter("noscript")):
        element.drop_tree()  # keeps the text after it (its tail)
    return tree


def _bounded_lines(handle, max_bytes: int) -> Iterator[bytes | _Reject]:
    """Lines of a binary file; a line over ``max_bytes`` is skipped and reported, not loaded."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while chunk := handle.readline(max_bytes + 1):  # skip the rest of the line
                if chunk.endswith(b"\n"):
                    break
            yield _Reject(f"line too long: over {max_bytes} bytes")
        else:
            yield line


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Reject(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise _Reject("malformed JSON: nested too deeply") from None


def _decode(data: bytes, *, allow_empty: bool = False,
            warn: Callable[[str], None] = lambda reason: None) -> str:
    """UTF-8 (BOM stripped); UTF-8 with a few bad bytes replaced by U+FFFD; else Windows-1252
    when that reads as text; else _Reject. Each repair is reported through ``warn``."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Reject("not valid UTF-16 text despite its byte-order mark") from None
        return _check_text(text, allow_empty=allow_empty)
    if b"\x00" in data:
        raise _Reject("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        replaced = data.decode("utf-8-sig", errors="replace")
        bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
        if _UTF8_MULTIBYTE.search(data) and _looks_like_text(replaced.replace("\ufffd", "")):
            # Real UTF-8 (it has valid multi-byte characters) with stray bytes: read as
            # Windows-1252 every "é" would become "Ã©". Keep the UTF-8, mark the bad bytes.
            warn(f"not valid UTF-8: {bad} undecodable byte sequence(s) replaced by U+FFFD")
            return _check_text(replaced, allow_empty=allow_empty)
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _Reject("not text: neither UTF-8 nor Windows-1252") from None
        if not _looks_like_text(text):
            raise _Reject("not text: not UTF-8, and not readable as Windows-1252 either") from None
        warn("not UTF-8: read as Windows-1252")
    return _check_text(text, allow_empty=allow_empty)


def _check_text(text: str, *, allow_empty: bool) -> str:
    text = _normalise_newlines(text)
    if not allow_empty and not text.strip():
        raise _Reject("empty file" if not text else "empty file (only whitespace)")
    if _control_ratio(text) > 0.01:
        raise _Reject("binary file (control characters)")
    return text


def _control_ratio(text: str) -> float:
    """Share of control characters other than tabs and line breaks."""
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


def _looks_like_text(text: str) -> bool:
    """Windows-1252 decodes almost any bytes; real text has no control characters and is
    mostly letters and spaces (JSON syntax included)."""
    if not text or _CONTROL.search(text):
        return False
    return len(_PLAIN.findall(text)) / len(text) >= 0.4


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _opening(body: str, limit: int = 80) -> str:
    first = " ".join(body.split())
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def _strip_blank_lines(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.EACCES or isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a folder"
    return f"cannot read: {exc.strerror or exc}"
