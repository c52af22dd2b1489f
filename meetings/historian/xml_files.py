"""Office of the Historian XML (trips and visits) -> plain records.

Files are streamed with lxml's ``iterparse`` and each element is cleared once read. A file is
read whole before anything is yielded from it, so a file that turns out to be malformed
half-way yields an error and no records: nothing of a broken file is ever stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from meetings.cleaning import without_bidi_controls
from meetings.runs import InputError

SITE = "https://history.state.gov/departmenthistory"

SECRETARY_TRAVELS = "secretary-travels"
PRESIDENT_TRAVELS = "president-travels"
VISITS = "visits"

_ROLE_COLLECTION = {"secretary": SECRETARY_TRAVELS, "president": PRESIDENT_TRAVELS}
_ROLE_TITLE = {"secretary": "Secretary of State", "president": "President"}
_SPACE = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    """Runs of whitespace (the XML's indentation inside sentences) become one space; bidi
    overrides go (a stored name must display as it reads)."""
    return _SPACE.sub(" ", without_bidi_controls(text or "")).strip()


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One trip or visit, as the record gives it (text collapsed, nothing interpreted)."""

    collection: str  # secretary-travels | president-travels | visits
    file: str  # file name, e.g. "blinken-antony-j.xml"
    record_id: str
    start: dt.date
    end: dt.date
    traveller: str  # <name> of a trip, <visitor> of a visit
    text: str = ""  # <remarks> or <description>
    country: str = ""  # <country> (trips: country visited) or <from> (visits)
    country_id: str = ""  # its id attribute, a slug ("japan")
    locale: str = ""  # trips only: "Tokyo", "Jerusalem, Ramallah"
    who: str = ""  # trips only: the traveller's slug ("blinken-antony-j")
    role: str = ""  # trips only: secretary | president
    origin: str = ""  # "path/file.xml#3992", for messages

    @property
    def is_trip(self) -> bool:
        return self.collection != VISITS

    @property
    def traveller_title(self) -> str:
        return _ROLE_TITLE.get(self.role, "")

    @property
    def url(self) -> str:
        """The record's page (the traveller's trips, or the year's visits) on history.state.gov."""
        if self.is_trip:
            return f"{SITE}/travels/{self.role}/{self.who}"
        return f"{SITE}/visits/{self.start.year}"


def xml_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The XML files named, and those under the folders named (recursively, sorted)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.xml") if p.is_file())
        else:
            yield path


def read_file(path: str | Path) -> list[HistoryRecord | InputError]:
    """All records of one file, or errors: one for the file, or one per bad record."""
    path = Path(path)
    items: list[HistoryRecord | InputError] = []
    root_tag = None
    try:
        # No DTDs, no entity expansion, no network: the files are data, nothing more.
        for event, elem in etree.iterparse(str(path), events=("start", "end"),
                                           resolve_entities=False, load_dtd=False,
                                           no_network=True):
            if root_tag is None:
                root_tag = elem.tag
                if root_tag not in ("trips", "visits"):
                    return [InputError(str(path), f"unknown root element <{root_tag}>, "
                                                 "expected <trips> or <visits>")]
                continue
            if event == "end" and elem.tag in ("trip", "visit"):
                items.append(_record(path, elem))
                elem.clear()
    except etree.XMLSyntaxError as exc:
        return [InputError(str(path), f"malformed XML: {exc}")]
    except OSError as exc:
        return [InputError(str(path), f"cannot read: {exc.strerror or exc}")]
    if root_tag is None:
        return [InputError(str(path), "empty file")]
    return items


def read_paths(
        paths: Iterable[str | Path]) -> Iterator[tuple[Path, list[HistoryRecord | InputError]]]:
    """Each file with its records (see ``read_file``)."""
    for path in xml_files(paths):
        yield path, read_file(path)


def _date(elem: etree._Element, tag: str) -> dt.date | None:
    text = collapse(elem.findtext(tag))
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _record(path: Path, elem: etree._Element) -> HistoryRecord | InputError:
    record_id = collapse(elem.findtext("id"))
    origin = f"{path}#{record_id or '?'}"
    if not record_id:
        return InputError(origin, "record without an <id>")
    start, end = _date(elem, "start-date"), _date(elem, "end-date")
    if start is None:
        return InputError(origin, "record without a valid <start-date>")
    end = end or start
    if end < start:
        return InputError(origin, f"<end-date> {end} is before <start-date> {start}")
    if elem.tag == "trip":
        role = elem.get("role") or collapse(elem.findtext("role"))
        collection = _ROLE_COLLECTION.get(role) or _ROLE_COLLECTION.get(
            path.parent.name.removesuffix("-travels"), "")
        if not collection:
            return InputError(origin, f"trip with an unknown role {role!r}")
        role = role if role in _ROLE_COLLECTION else collection.removesuffix("-travels")
        country = elem.find("country")
        name = collapse(elem.findtext("name"))
        if not name:
            return InputError(origin, "trip without a traveller <name>")
        return HistoryRecord(
            collection=collection, file=path.name, record_id=record_id, start=start, end=end,
            traveller=name, text=collapse(elem.findtext("remarks")),
            country=collapse(country.text if country is not None else ""),
            country_id=collapse(country.get("id") if country is not None else ""),
            locale=collapse(elem.findtext("locale")),
            who=elem.get("who") or path.stem, role=role, origin=origin)
    origin_country = elem.find("from")
    visitor = collapse(elem.findtext("visitor"))
    if not visitor:
        return InputError(origin, "visit without a <visitor>")
    # The schema allows <em> inside <description>: itertext keeps its words.
    description = elem.find("description")
    text = collapse("".join(description.itertext())) if description is not None else ""
    return HistoryRecord(
        collection=VISITS, file=path.name, record_id=record_id, start=start, end=end,
        traveller=visitor, text=text,
        country=collapse(origin_country.text if origin_country is not None else ""),
        country_id=collapse(origin_country.get("id") if origin_country is not None else ""),
        origin=origin)
