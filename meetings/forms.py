"""The meeting filter: a plain GET form, the same with and without htmx."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from meetings import queries
from meetings.models import MeetingKind, country_choices


class MeetingFilterForm(forms.Form):
    person = forms.CharField(required=False, max_length=200, label="Person",
                             widget=forms.TextInput(attrs={
                                 "type": "search", "autocomplete": "off",
                                 "placeholder": "Name or alias, e.g. Blinken"}))
    country = forms.ChoiceField(required=False, label="Country")
    topic = forms.MultipleChoiceField(required=False, label="Topics",
                                      widget=forms.SelectMultiple(attrs={"size": 6}))
    kind = forms.ChoiceField(required=False, label="Kind",
                             choices=[("", "Any kind"), *MeetingKind.choices])
    start = forms.DateField(required=False, label="From",
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label="To",
                          widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(required=False, max_length=200, label="Text",
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": "Words in meetings, "
                                                                     "statements, articles"}))
    confirmed = forms.ChoiceField(required=False, label="Official record",
                                  choices=[("", "Any"), ("yes", "Confirmed"),
                                           ("no", "Not confirmed")])

    # The URL uses the short names "from" and "to" for the date range.
    URL_NAMES = {"start": "from", "end": "to"}

    def __init__(self, data: QueryDict | None = None, *, topics=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["country"].choices = [("", "Any country"), *country_choices()]
        self.fields["topic"].choices = [(t.slug, t.name) for t in topics]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"filter-{name}")

    def add_prefix(self, field_name: str) -> str:
        return self.URL_NAMES.get(field_name, field_name)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The “from” date is after the “to” date.")
        return data

    def filters(self) -> queries.MeetingFilters:
        """The filter state; invalid fields are ignored (and reported by the form)."""
        self.is_valid()
        data = self.cleaned_data
        person = queries.official_for_filter(value=data.get("person") or "")
        return queries.MeetingFilters(
            person=person,
            country=data.get("country") or "",
            topics=queries.topics_by_slug(slugs=list(data.get("topic") or [])),
            kind=data.get("kind") or "",
            start=data.get("start"),
            end=data.get("end"),
            q=(data.get("q") or "").strip(),
            confirmed=data.get("confirmed") or "",
        )
