"""Function views: parse input, call queries, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from meetings import exports, network, queries, throttle
from meetings.charts import month_chart
from meetings.forms import MeetingFilterForm
from meetings.highlight import highlighted_body
from meetings.models import Article, Meeting, MeetingKind, Official, Topic, country_name
from meetings.pagecache import cached_on_data

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


def _url(params: QueryDict, *, view: str = "meetings:meeting_list",
         **changes: list[str] | None) -> str:
    new = params.copy()
    for key, values in changes.items():
        if values:
            new.setlist(key, values)
        else:
            new.pop(key, None)
    encoded = new.urlencode()
    return reverse(view) + (f"?{encoded}" if encoded else "")


# Facets whose values add up (meetings involving all of them); the others replace.
ADDITIVE = ("topic", "person", "country")


def _facet_links(params: QueryDict, facets: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Each facet value with the URL that adds it (or removes it when active)."""
    linked: dict[str, list[dict]] = {}
    for key, rows in facets.items():
        current = params.getlist(key)
        for row in rows:
            active = row["value"] in current
            if key in ADDITIVE:
                values = [v for v in current if v != row["value"]] if active else \
                    [*current, row["value"]]
            else:
                values = [] if active else [row["value"]]
            row = {**row, "active": active, "url": _url(params, **{key: values})}
            linked.setdefault(key, []).append(row)
    return linked


def _canonical(request: HttpRequest, filters: queries.MeetingFilters) -> QueryDict:
    """The URL's filter state as applied: no empty values, and each person by slug.

    A typed name that matched a person is replaced by that person's slug, so the URL,
    the form and the chips name the same person, and nobody is guessed twice.
    """
    params = _filter_params(request.GET)
    if params.getlist("person"):
        slugs = [p.slug for p in filters.people]
        params.setlist("person", [*slugs, *filters.unknown_people])
    cursor = request.GET.get("cursor", "").strip()
    if cursor:
        params["cursor"] = cursor
    return params


def _chips(params: QueryDict, filters: queries.MeetingFilters, *,
           view: str = "meetings:meeting_list") -> list[dict]:
    """Active filters as removable chips."""

    def link(**changes: list[str] | None) -> str:
        return _url(params, view=view, **changes)

    chips = []
    for person in filters.people:
        rest = [s for s in params.getlist("person") if s != person.slug]
        chips.append({"label": f"Person: {person.name}", "url": link(person=rest)})
    for typed in filters.unknown_people:
        rest = [s for s in params.getlist("person") if s != typed]
        chips.append({"label": f"Person: “{typed}” (nobody by that name)",
                      "url": link(person=rest)})
    for code in filters.countries:
        rest = [c for c in params.getlist("country") if c != code]
        chips.append({"label": f"Country: {country_name(code)}", "url": link(country=rest)})
    for topic in filters.topics:
        rest = [s for s in params.getlist("topic") if s != topic.slug]
        chips.append({"label": f"Topic: {topic.name}", "url": link(topic=rest)})
    if filters.kind:
        kind = dict(MeetingKind.choices).get(filters.kind, filters.kind)
        chips.append({"label": f"Kind: {kind}", "url": link(kind=None)})
    if filters.start:
        chips.append({"label": f"From {filters.start:%-d %b %Y}",
                      "url": link(**{"from": None})})
    if filters.end:
        chips.append({"label": f"To {filters.end:%-d %b %Y}", "url": link(to=None)})
    if filters.q:
        chips.append({"label": f"Text: “{filters.q}”", "url": link(q=None)})
    if filters.confirmed:
        label = "Confirmed" if filters.confirmed == "yes" else "Not confirmed"
        chips.append({"label": label, "url": link(confirmed=None)})
    return chips


def _parse_filters(request: HttpRequest) -> tuple[MeetingFilterForm, queries.MeetingFilters]:
    form = MeetingFilterForm(request.GET, topics=queries.all_topics())
    return form, form.filters()


def _same_params(a: QueryDict, b: QueryDict) -> bool:
    return sorted(a.lists()) == sorted(b.lists())


@require_safe
@vary_on_headers("HX-Request", "HX-Boosted", "HX-History-Restore-Request")
@cached_on_data
def meeting_list(request: HttpRequest) -> HttpResponse:
    form, filters = _parse_filters(request)
    canonical = _canonical(request, filters)
    clean_url = _url(canonical)
    if not request.htmx and not _same_params(canonical, request.GET):
        # A plain GET (no JavaScript) with empty fields or a typed name: the URL that
        # says what is applied.
        return HttpResponseRedirect(clean_url)
    canonical.pop("cursor", None)
    params = canonical
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
        "network_url": _url(params, view="meetings:network"),
        "facet_sample": queries.FACET_SAMPLE,
        "person_tokens": [{"official": p, "url": _url(params, person=[
            s for s in params.getlist("person") if s != p.slug])} for p in filters.people],
        "country_selects": [form.options("country", selected=[c])
                            for c in filters.countries],
        "controls": {"country": form.options("country", selected=[]),
                     "topic": form.options("topic", selected=[t.slug for t in filters.topics]),
                     "kind": form.options("kind", selected=[filters.kind]),
                     "confirmed": form.options("confirmed", selected=[filters.confirmed])},
    }
    template = "meetings/meeting_list.html"
    if _wants_fragment(request):
        template += "#browse"
    response = TemplateResponse(request, template, context)
    if _wants_fragment(request):
        # The address bar shows the state applied, never the form's empty fields.
        response["HX-Push-Url"] = clean_url
    return response


NETWORK_NODES = ("officials", "countries")
NETWORK_TOPS = (20, 40, 100, 200)


def _with(values: list[str], value: str) -> list[str]:
    return values if value in values else [*values, value]


@require_safe
@cached_on_data
def meeting_network(request: HttpRequest) -> TemplateResponse:
    """Who met whom among the meetings of a filter; a node or an edge opens their meetings."""
    _, filters = _parse_filters(request)
    params = _canonical(request, filters)
    params.pop("cursor", None)
    nodes = request.GET.get("nodes", "")
    nodes = nodes if nodes in NETWORK_NODES else "officials"
    try:
        top = int(request.GET.get("top", ""))
    except ValueError:
        top = NETWORK_TOPS[1]
    top = min(max(top, NETWORK_TOPS[0]), NETWORK_TOPS[-1])
    graph = network.meeting_graph(filters=filters, nodes=nodes, top=top)
    key = "country" if nodes == "countries" else "person"
    current = params.getlist(key)
    for node in graph.nodes:
        node.url = _url(params, **{key: _with(current, node.value)}) if node.value else ""
    for edge in graph.edges:
        both = [v for v in (edge.a.value, edge.b.value) if v]
        edge.url = _url(params, **{key: _with(_with(current, both[0]), both[-1])}) \
            if len(both) == 2 else ""
    view = {"view": "meetings:network"}
    own = {"nodes": [nodes], "top": [str(top)]}
    here = params.copy()
    for name, values in own.items():
        here.setlist(name, values)
    return TemplateResponse(request, "meetings/network.html", {
        "filters": filters,
        "graph": graph,
        "nodes": nodes,
        "top": top,
        "chips": _chips(here, filters, view="meetings:network"),
        "list_url": _url(params),
        "switch": [{"label": label, "active": value == nodes,
                    "url": _url(here, **view, nodes=[value])}
                   for value, label in (("officials", "Officials"), ("countries", "Countries"))],
        "tops": [{"n": n, "active": n == top, "url": _url(here, **view, top=[str(n)])}
                 for n in NETWORK_TOPS],
        "width": network.WIDTH,
        "height": network.HEIGHT,
        "sample": queries.NETWORK_SAMPLE,
    })


@require_safe
@vary_on_headers("HX-Request")
def official_suggest(request: HttpRequest) -> TemplateResponse:
    """Type-ahead: officials whose name or alias resembles the typed text.

    The form sends the people already chosen (hidden inputs) before the typed text (the
    last ``person`` value); a pick adds to them.
    """
    values = request.GET.getlist("person")
    text = values[-1] if values else ""
    params = _filter_params(request.GET)
    chosen = [v for v in values[:-1] if v.strip()]
    params.pop("person", None)
    suggestions = [
        {"official": o, "url": _url(params, person=[*chosen, o.slug])}
        for o in queries.official_search(text=text) if o.slug not in chosen
    ]
    return TemplateResponse(request, "meetings/meeting_list.html#suggestions",
                            {"suggestions": suggestions, "typed": text})


@require_safe
@cached_on_data
def meeting_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    try:
        meeting = queries.meeting_detail(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    return TemplateResponse(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "related": queries.related_meetings(meeting=meeting),
        "permalink": request.build_absolute_uri(meeting.get_absolute_url()),
        "accessed": dt.datetime.now(dt.UTC).date(),
    })


@require_safe
@cached_on_data
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
    counterparts, colleagues = queries.split_counterparts(official=official,
                                                          rows=stats.counterparts)
    return TemplateResponse(request, "meetings/official_detail.html", {
        "official": official,
        "titles": stats.titles,
        "meetings": queries.official_meetings(official=official),
        "chart": month_chart(months),
        "counterparts": counterparts,
        "colleagues": colleagues,
        "topics": stats.topics,
        "statements": queries.official_statements(official=official),
        "all_url": _url(QueryDict(), person=[official.slug]),
    })


@require_safe
@cached_on_data
def topic_detail(request: HttpRequest, slug: str) -> TemplateResponse:
    try:
        topic = queries.topic_detail(slug=slug)
    except Topic.DoesNotExist:
        raise Http404("No such topic") from None
    # A topic covers its narrower topics: "Taiwan" includes "Taiwan Strait".
    taxonomy = queries.all_topics()
    ids = queries.topic_descendants(topics=taxonomy).get(topic.pk, (topic.pk,))
    # Rankings over the most recent meetings, as on the country page: their cost stays
    # the same however many meetings the topic has.
    sample = queries.topic_sample_ids(topic_ids=ids)
    return TemplateResponse(request, "meetings/topic_detail.html", {
        "topic": topic,
        "children": [t for t in taxonomy if t.parent_id == topic.pk],
        "meetings": queries.topic_meetings(topic_ids=ids),
        "chart": month_chart(queries.monthly_counts(qs=queries.meetings_about(topic_ids=ids))),
        "officials": queries.topic_officials(ids=sample),
        "countries": queries.topic_countries(ids=sample),
        "sampled": len(sample) >= queries.FACET_SAMPLE,
        "facet_sample": queries.FACET_SAMPLE,
        "all_url": _url(QueryDict(), topic=[topic.slug]),
        "feed_url": reverse("meetings:feed") + f"?topic={topic.slug}",
    })


@require_safe
@cached_on_data
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
@cached_on_data
def article_detail(request: HttpRequest, pk: int) -> TemplateResponse:
    try:
        article = queries.article_detail(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    return TemplateResponse(request, "meetings/article_detail.html", {
        "article": article, "body": highlighted_body(article),
    })


# --------------------------------------------------------------------------- exports


def _export(request: HttpRequest, *, suffix: str, content_type: str,
            body: Callable[..., Iterator[str]]) -> HttpResponse:
    """A streamed export of the filtered meetings, rate-limited per client address."""
    allowed, retry_after = throttle.export_allowed(request)
    if not allowed:
        response = HttpResponse(
            f"Too many exports from your address: at most {settings.EXPORT_RATE_LIMIT} every "
            f"{settings.EXPORT_RATE_WINDOW // 60} minutes. Try again in {retry_after} s.\n",
            status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(retry_after)
        return response
    _, filters = _parse_filters(request)
    params = _filter_params(request.GET)
    described = ", ".join(c["label"] for c in _chips(params, filters)) or "all meetings"
    meta = exports.metadata(query=params.urlencode(), description=described)
    # One meeting's URL as a template, built once: reverse() for each of 100,000 rows
    # would cost more than writing them.
    meeting_url = request.build_absolute_uri(reverse("meetings:meeting", args=[0]))
    meeting_url = meeting_url.replace("{", "{{").replace("}", "}}").replace("/0/", "/{id}/")
    rows = exports.export_rows(queries.filtered_meetings(filters=filters), form=suffix)
    response = StreamingHttpResponse(body(rows, meeting_url=meeting_url, meta=meta),
                                     content_type=content_type)
    pairs = [(key, value) for key, values in params.lists() for value in values]
    name = exports.file_name(params=pairs, today=dt.date.today(), suffix=suffix)
    response["Content-Disposition"] = content_disposition_header(True, name)
    for header, value in meta.headers().items():
        response[header] = value
    return response


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered meetings as CSV (UTF-8 with BOM, formula-safe cells)."""
    return _export(request, suffix="csv", content_type="text/csv; charset=utf-8",
                   body=lambda rows, meeting_url, meta: exports.csv_lines(
                       rows, meeting_url=meeting_url))


@require_safe
def export_json(request: HttpRequest) -> HttpResponse:
    """The filtered meetings as JSON, with a metadata object for citation."""
    return _export(request, suffix="json", content_type="application/json; charset=utf-8",
                   body=exports.json_chunks)


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
        when = exports.date_in_words(meeting.date, meeting.date_precision, meeting.end_date)
        text = (f"{meeting.get_kind_display()}, {when}"
                f"{'. Participants: ' + people if people else ''}"
                f"{'. Topics: ' + topics if topics else ''}.")
        atom.add_item(
            title=meeting.summary or meeting.name or f"{meeting.get_kind_display()}, {when}",
            link=request.build_absolute_uri(meeting.get_absolute_url()),
            # Atom's summary is type="html": the text is HTML-escaped here, then XML-escaped
            # by the writer, so a feed reader shows names and titles as text, never markup.
            description=escape(text),
            unique_id=request.build_absolute_uri(meeting.get_absolute_url()),
            pubdate=meeting.created_at,
            updateddate=meeting.updated_at,
            categories=[t.name for t in meeting.topics.all()],
        )
    return HttpResponse(atom.writeString("utf-8"),
                        content_type="application/atom+xml; charset=utf-8")
