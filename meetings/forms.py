"""The meeting filter: a plain GET form, the same with and without htmx.

The form validates; the template draws its controls by hand from ``options`` (a country
list of about 250 options drawn through Django's widget templates cost about 50 ms a
page, most of a home page's time in the server).
"""

from __future__ import annotations

from functools import cache, lru_cache

from django import forms
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from meetings import queries
from meetings.models import MeetingKind, Topic, country_choices

CONFIRMED_CHOICES = [
    ("", "Any source"),
    ("yes", "Confirmed: an official record, or news a record confirms"),
    ("no", "Not confirmed: news only"),
]


class SomeOfField(forms.MultipleChoiceField):
    """Several choices; unknown values are reported by the form but do not void the others.

    ``known`` (a set of values) replaces the choices for checking: the form draws its own
    options, and normalizing 250 country choices on every request cost more than the
    rest of the form.
    """

    def __init__(self, *args, known: frozenset[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known

    def valid_value(self, value) -> bool:
        return str(value) in self.known if self.known is not None else super().valid_value(value)

    def validate(self, value):
        pass

    def clean(self, value):
        values = self.to_python(value)
        self.unknown = [v for v in values if not self.valid_value(v)]
        return [v for v in values if self.valid_value(v)]


MAX_PEOPLE = 5


class MeetingFilterForm(forms.Form):
    country = SomeOfField(required=False, label="Country")  # ISO codes, set in __init__
    topic = SomeOfField(required=False, label="Topics")
    kind = forms.ChoiceField(
        required=False, label="Kind", choices=[("", "Any kind"), *MeetingKind.choices],
        error_messages={"invalid_choice": "“%(value)s” is not a kind of meeting; it is ignored."})
    start = forms.DateField(
        required=False, label="From", input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Not a date: write it as YYYY-MM-DD (e.g. 2024-01-31). "
                                   "This end of the range is ignored."})
    end = forms.DateField(
        required=False, label="To", input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Not a date: write it as YYYY-MM-DD (e.g. 2024-01-31). "
                                   "This end of the range is ignored."})
    q = forms.CharField(required=False, max_length=200, label="Text")
    confirmed = forms.ChoiceField(
        required=False, label="Official record", choices=CONFIRMED_CHOICES,
        error_messages={"invalid_choice": "“%(value)s” is not yes or no; it is ignored."})

    # The URL uses the short names "from" and "to" for the date range.
    URL_NAMES = {"start": "from", "end": "to"}

    def __init__(self, data: QueryDict | None = None, *, topics: list[Topic] = (), **kwargs):
        super().__init__(data, **kwargs)
        self.topics = list(topics)
        self.fields["country"].known = _country_codes()
        self.fields["topic"].known = frozenset(t.slug for t in self.topics)
        given = list(dict.fromkeys(v.strip() for v in (data.getlist("person") if data else [])
                                   if v.strip()))
        # Each typed name costs a query: a bounded number of them keeps a page's cost fixed.
        self.person_values = given[:MAX_PEOPLE]
        self.people_dropped = given[MAX_PEOPLE:]

    def add_prefix(self, field_name: str) -> str:
        return self.URL_NAMES.get(field_name, field_name)

    UNKNOWN = {"country": "“{}” is not a country code; it is ignored.",
               "topic": "No topic is called “{}”; it is ignored."}

    def clean(self):
        data = super().clean()
        for name, message in self.UNKNOWN.items():
            for value in getattr(self.fields[name], "unknown", []):
                # Reported on the field; the valid values stay applied.
                self.errors.setdefault(name, self.error_class()).append(message.format(value))
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The “from” date is after the “to” date: "
                                        "no meeting can match.")
        return data

    def _valid(self, name: str):
        """A field's cleaned value, or its empty value when it is invalid (and reported)."""
        self.is_valid()
        if name in self.errors and name not in self.UNKNOWN:
            return self.fields[name].to_python(None)
        return self.cleaned_data.get(name)

    def filters(self) -> queries.MeetingFilters:
        """The filter state; invalid fields are ignored and reported on their field."""
        self.is_valid()
        people, unknown = queries.people_for_filter(values=self.person_values)
        by_slug = {t.slug: t for t in self.topics}
        topics = tuple(by_slug[s] for s in dict.fromkeys(self._valid("topic") or [])
                       if s in by_slug)
        start, end = self._valid("start"), self._valid("end")
        return queries.MeetingFilters(
            people=people,
            unknown_people=unknown,
            countries=tuple(dict.fromkeys(self._valid("country") or [])),
            topics=topics,
            topic_ids=queries.topic_descendants(topics=self.topics) if topics else {},
            kind=self._valid("kind") or "",
            start=start,
            end=end,
            q=(self._valid("q") or "").strip(),
            confirmed=self._valid("confirmed") or "",
        )

    # ------------------------------------------------------------------ drawing

    def options(self, name: str, *, selected: list[str]) -> SafeString:
        """The <option>s of a select, with the given values selected."""
        chosen = frozenset(selected)
        if name == "country":
            choices = _country_pairs()
        elif name == "topic":
            choices = tuple((t.slug, t.name) for t in self.topics)
        else:
            choices = tuple((str(v), str(label)) for v, label in self.fields[name].choices)
        return _options_html(choices, chosen)


@cache
def _country_pairs() -> tuple[tuple[str, str], ...]:
    return tuple((code, name) for code, name in country_choices())


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _ in country_choices())


@lru_cache(maxsize=4096)
def _options_html(choices: tuple[tuple[str, str], ...], selected: frozenset[str]) -> SafeString:
    """<option>s drawn once per list and selection (the countries' list is long)."""
    return format_html_join("", '<option value="{}"{}>{}</option>',
                            ((value, " selected" if value in selected else "", label)
                             for value, label in choices))
