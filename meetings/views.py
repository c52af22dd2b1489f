"""Function views: parse input, call queries, render."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from meetings import queries
from meetings.charts import month_chart
from meetings.forms import MeetingFilterForm
from meetings.highlight import highlighted_body
from meetings.models import Article, Meeting, Official, Topic, country_name

FILTER_KEYS = ("person", "country", "topic", "kind", "from", "to", "q", "confirmed")


def _wants_fragment(request: HttpRequest) -> bool:
    """htmx swaps get the fragment; a history restore needs the whole page."""
    return (bool(request.htmx) and not request.htmx.boosted
            and not request.htmx.history_restore_request)


def _filter_params(params: QueryDict) -> QueryDict:
    """Only the filter keys, without empty values or the page cursor."""
    clean = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        values = [v for v in params.getlist(key) if v.strip()]
        if values:
            clean.setlist(key, values)
    return clean


def _url(params: QueryDict, **changes: list[str] | None) -> str:
    new = params.copy()
    for key, values in changes.items():
        if values:
            new.setlist(key, values)
        else:
            new.pop(key, None)
    encoded = new.urlencode()
    return reverse("meetings:meeting_list") + (f"?{encoded}" if encoded else "")


def _facet_links(params: QueryDict, facets: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Each facet value with the URL that adds it (or removes it when active)."""
    linked: dict[str, list[dict]] = {}
    for key, rows in facets.items():
        current = params.getlist(key)
        for row in rows:
            active = row["value"] in current
            if key == "topic":
                values = [v for v in current if v != row["value"]] if active else \
                    [*current, row["value"]]
            else:
                values = [] if active else [row["value"]]
            row = {**row, "active": active, "url": _url(params, **{key: values})}
            linked.setdefault(key, []).append(row)
    return linked


def _chips(params: QueryDict, filters: queries.MeetingFilters) -> list[dict]:
    """Active filters as removable chips."""
    chips = []
    if filters.person:
        chips.append({"label": f"Person: {filters.person.name}", "url": _url(params, person=None)})
    elif params.get("person"):
        chips.append({"label": f"Person: “{params['person']}” (no match)",
                      "url": _url(params, person=None)})
    if filters.country:
        chips.append({"label": f"Country: {country_name(filters.country)}",
                      "url": _url(params, country=None)})
    for topic in filters.topics:
        rest = [s for s in params.getlist("topic") if s != topic.slug]
        chips.append({"label": f"Topic: {topic.name}", "url": _url(params, topic=rest)})
    if filters.kind:
        chips.append({"label": f"Kind: {filters.kind}", "url": _url(params, kind=None)})
    if filters.start:
        chips.append({"label": f"From {filters.start:%-d %b %Y}",
                      "url": _url(params, **{"from": None})})
    if filters.end:
        chips.append({"label": f"To {filters.end:%-d %b %Y}", "url": _url(params, to=None)})
    if filters.q:
        chips.append({"label": f"Text: “{filters.q}”", "url": _url(params, q=None)})
    if filters.confirmed:
        label = "Confirmed by a record" if filters.confirmed == "yes" else "Not confirmed"
        chips.append({"label": label, "url": _url(params, confirmed=None)})
    return chips


def _parse_filters(request: HttpRequest) -> tuple[MeetingFilterForm, queries.MeetingFilters]:
    form = MeetingFilterForm(request.GET, topics=queries.all_topics())
    return form, form.filters()


@require_safe
@vary_on_headers("HX-Request", "HX-Boosted", "HX-History-Restore-Request")
def meeting_list(request: HttpRequest) -> TemplateResponse:
    form, filters = _parse_filters(request)
    params = _filter_params(request.GET)
    page = queries.meeting_list(filters=filters, cursor=request.GET.get("cursor", ""))
    query = params.urlencode()
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "facets": _facet_links(params, page.facets),
        "chips": _chips(params, filters),
        "query": query,
        "next_url": _url(params, cursor=[page.next_cursor]) if page.next_cursor else None,
        "first_url": _url(params),
        "paged": bool(request.GET.get("cursor")),
        "export_suffix": f"?{query}" if query else "",
        "facet_sample": queries.FACET_SAMPLE,
    }
    template = "meetings/meeting_list.html"
    if _wants_fragment(request):
        template += "#results"
    return TemplateResponse(request, template, context)


@require_safe
@vary_on_headers("HX-Request")
def official_suggest(request: HttpRequest) -> TemplateResponse:
    """Type-ahead: officials whose name or alias resembles the typed text."""
    text = request.GET.get("person", "")
    params = _filter_params(request.GET)
    suggestions = [
        {"official": o, "url": _url(params, person=[o.slug])}
        for o in queries.official_search(text=text)
    ]
    return TemplateResponse(request, "meetings/meeting_list.html#suggestions",
                            {"suggestions": suggestions, "typed": text})


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    try:
        meeting = queries.meeting_detail(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    return TemplateResponse(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "related": queries.related_meetings(meeting=meeting),
    })


@require_safe
def official_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    try:
        official = queries.official_detail(slug=slug)
    except Official.DoesNotExist:
        # A merged official's address leads to the one it was merged into.
        if (survivor := queries.official_redirect(slug=slug)) is not None:
            return HttpResponsePermanentRedirect(survivor.get_absolute_url())
        raise Http404("No such official") from None
    stats = queries.official_stats(official=official)
    months = [(dt.date.fromisoformat(month), n) for month, n in stats.months]
    return TemplateResponse(request, "meetings/official_detail.html", {
        "official": official,
        "titles": stats.titles,
        "meetings": queries.official_meetings(official=official),
        "chart": month_chart(months),
        "counterparts": stats.counterparts,
        "topics": stats.topics,
        "statements": queries.official_statements(official=official),
        "all_url": _url(QueryDict(), person=[official.slug]),
    })


@require_safe
def topic_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    try:
        topic = queries.topic_detail(slug=slug)
    except Topic.DoesNotExist:
        raise Http404("No such topic") from None
    return TemplateResponse(request, "meetings/topic_detail.html", {
        "topic": topic,
        "meetings": queries.topic_meetings(topic=topic),
        "chart": month_chart(queries.monthly_counts(qs=Meeting.objects.about(topic))),
        "officials": queries.topic_officials(topic=topic),
        "countries": queries.topic_countries(topic=topic),
        "all_url": _url(QueryDict(), topic=[topic.slug]),
        "feed_url": reverse("meetings:feed") + f"?topic={topic.slug}",
    })


@require_safe
def country_detail(request: HttpRequest, code: str) -> TemplateResponse:
    code = code.upper()
    name = country_name(code)
    if not name or name == code:
        raise Http404("No such country")
    ids = queries.country_sample_ids(code=code)
    return TemplateResponse(request, "meetings/country_detail.html", {
        "code": code,
        "name": name,
        "meetings": queries.country_meetings(code=code),
        "chart": month_chart(queries.monthly_counts(qs=Meeting.objects.filter(pk__in=ids))),
        "sampled": len(ids) >= queries.FACET_SAMPLE,
        "facet_sample": queries.FACET_SAMPLE,
        "officials": queries.country_officials(code=code, ids=ids),
        "partners": queries.country_partners(code=code, ids=ids),
        "all_url": _url(QueryDict(), country=[code]),
        "confirmed_url": _url(QueryDict(), country=[code], confirmed=["yes"]),
    })


@require_safe
def article_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    try:
        article = queries.article_detail(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    return TemplateResponse(request, "meetings/article_detail.html", {
        "article": article, "body": highlighted_body(article),
    })


# --------------------------------------------------------------------------- exports

EXPORT_COLUMNS = ["id", "kind", "name", "date", "end_date", "date_precision", "date_phrase",
                  "place", "place_country", "background", "participants", "countries",
                  "topics", "summary", "url"]


def _export_row(request: HttpRequest, meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "name": meeting.name,
        "date": meeting.date.isoformat() if meeting.date else None,
        "end_date": meeting.end_date.isoformat() if meeting.end_date else None,
        "date_precision": meeting.date_precision,
        "date_phrase": meeting.date_phrase,
        "place": meeting.place,
        "place_country": meeting.place_country,
        "background": meeting.background,
        "participants": [
            {"name": p.official.name, "title": p.title, "country": p.official.country}
            for p in meeting.participations.all()
        ],
        "countries": list(meeting.country_codes),
        "topics": [t.name for t in meeting.topics.all()],
        "summary": meeting.summary,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = _parse_filters(request)
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(EXPORT_COLUMNS)
        for meeting in queries.meetings_for_export(filters=filters):
            row = _export_row(request, meeting)
            row["participants"] = "; ".join(
                f"{p['name']} ({p['title']})" if p["title"] else p["name"]
                for p in row["participants"])
            row["countries"] = "; ".join(row["countries"])
            row["topics"] = "; ".join(row["topics"])
            yield writer.writerow([row[c] if row[c] is not None else "" for c in EXPORT_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetings.csv"'
    return response


@require_safe
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = _parse_filters(request)

    def chunks() -> Iterator[str]:
        yield "["
        for n, meeting in enumerate(queries.meetings_for_export(filters=filters)):
            yield ("," if n else "") + "\n" + json.dumps(_export_row(request, meeting),
                                                         ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="meetings.json"'
    return response


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    """An Atom feed of the newest meetings matching the filter."""
    form, filters = _parse_filters(request)
    params = _filter_params(request.GET)
    described = ", ".join(c["label"] for c in _chips(params, filters)) or "all meetings"
    atom = Atom1Feed(
        title=f"Diplomatic meetings: {described}",
        link=request.build_absolute_uri(_url(params)),
        description=f"New meetings for {described}",
        feed_url=request.build_absolute_uri(),
        language="en",
    )
    for meeting in queries.meetings_for_feed(filters=filters):
        people = ", ".join(f"{p.official.name}" + (f" ({p.title})" if p.title else "")
                           for p in meeting.participations.all())
        topics = ", ".join(t.name for t in meeting.topics.all())
        atom.add_item(
            title=meeting.summary or str(meeting),
            link=request.build_absolute_uri(meeting.get_absolute_url()),
            description=f"{meeting.get_kind_display()} on "
                        f"{meeting.date.isoformat() if meeting.date else 'an unknown date'}"
                        f"{'. Participants: ' + people if people else ''}"
                        f"{'. Topics: ' + topics if topics else ''}.",
            unique_id=request.build_absolute_uri(meeting.get_absolute_url()),
            pubdate=meeting.created_at,
            updateddate=meeting.updated_at,
            categories=[t.name for t in meeting.topics.all()],
        )
    return HttpResponse(atom.writeString("utf-8"),
                        content_type="application/atom+xml; charset=utf-8")
