"""The admin is the curators' editing tool: every edit marks the record curated.

Merges, splits and deletions go through ``meetings.curation`` so that they happen in
one transaction and leave what ingestion needs to respect them (aliases, curated flags,
tombstones). Actions are offered only to users who may change (or delete) records, so
the read-only "viewer" group can browse everything and alter nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateJob

from meetings import curation
from meetings.models import (
    Article,
    ArticleCopy,
    ArticleTopic,
    Meeting,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    QueuedArticle,
    RejectedName,
    Statement,
    Tombstone,
    Topic,
    country_name,
)
from meetings.services import derived

# --------------------------------------------------------------------------- helpers


def evidence_html(article: Article, spans: Iterable[Iterable[int]]) -> str:
    """Each [start, end] as its sentence, linked to the highlighted sentence in the article."""
    body, url = article.body, article.get_absolute_url()
    items = [(url, s, e, body[s:e]) for s, e in spans if 0 <= s <= e <= len(body)]
    if not items:
        return "—"
    return format_html('<ol class="evidence">{}</ol>', format_html_join(
        "", '<li><a href="{}#e-{}-{}">{}</a></li>', items))


def public_link(obj) -> str:
    if not obj or not obj.pk:
        return "—"
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())


def _released(form) -> bool:
    """True when the curator unticked "curated" on purpose: hand the record back to ingestion."""
    return "curated" in form.changed_data and not form.cleaned_data.get("curated")


class PrefetchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its selected value from an object already loaded.

    The stock widget runs one query per form to label the selected option: an inline
    with 40 participants would cost 40 queries.
    """

    known: dict[str, object] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known is None or any(v not in self.known for v in selected):
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for v in selected:
            label = self.choices.field.label_from_instance(self.known[v])
            default[1].append(self.create_option(name, v, label, set(selected),
                                                 len(default[1])))
        return [default]


class CuratedFormSet(forms.BaseInlineFormSet):
    """Labels autocomplete fields from the rows' own (select_related) objects."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        instance = form.instance
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PrefetchedAutocompleteSelect):
                continue
            related = getattr(instance, name, None) if getattr(instance, f"{name}_id", None) \
                else None
            widget.known = {str(related.pk): related} if related is not None else {}
        return form


class CurationInline(admin.TabularInline):
    """An inline whose saved rows are marked curated and whose autocompletes are cheap."""

    extra = 0
    formset = CuratedFormSet
    related: tuple[str, ...] = ()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.select_related(*self.related) if self.related else qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrefetchedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CurationAdmin(admin.ModelAdmin):
    """Saving in the admin marks the record (and edited inline rows) curated."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrefetchedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for name, field in form.base_fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, PrefetchedAutocompleteSelect) and obj is not None:
                related = getattr(obj, name, None) if getattr(obj, f"{name}_id", None) else None
                widget.known = {str(related.pk): related} if related is not None else {}
        return form

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "curated") and (form.has_changed() or not change) and not _released(form):
            obj.curated = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            if hasattr(row.instance, "curated") and not _released(row):
                row.instance.curated = True
        # Statements and article topics deleted here stay deleted (tombstones).
        gone = [row.instance for row in formset.deleted_forms if row.instance.pk]
        if gone and formset.model is Statement:
            curation.statements_delete(statements=gone)
        elif gone and formset.model is ArticleTopic:
            curation.article_topics_delete(links=gone)
        formset.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        parent = form.instance
        if (hasattr(parent, "curated") and not parent.curated and not _released(form)
                and any(fs.has_changed() for fs in formsets)):
            type(parent).objects.filter(pk=parent.pk).update(curated=True)
            parent.curated = True
        # Whatever was edited, the meetings made of it show it everywhere at once.
        derived.meetings_refresh(meeting_ids=meetings_of(parent))


def meetings_of(obj) -> set[int]:
    """The meetings whose derived fields (summary, countries, search) depend on ``obj``."""
    if isinstance(obj, Meeting):
        return {obj.pk}
    if isinstance(obj, Official):
        return set(Participation.objects.filter(official=obj).values_list("meeting_id",
                                                                         flat=True))
    if isinstance(obj, OfficialAlias):
        return meetings_of(obj.official)
    if isinstance(obj, Topic):
        return set(MeetingTopic.objects.filter(topic=obj).values_list("meeting_id", flat=True))
    if isinstance(obj, Statement):
        return {obj.meeting_id} if obj.meeting_id else set()
    if isinstance(obj, MeetingSource):
        return {obj.meeting_id}
    if isinstance(obj, Article):
        return (set(MeetingSource.objects.filter(article=obj).values_list("meeting_id",
                                                                          flat=True))
                | set(Statement.objects.filter(article=obj).exclude(meeting=None)
                      .values_list("meeting_id", flat=True)))
    return set()


class CountryListFilter(admin.SimpleListFilter):
    """Countries present in the data, by name."""

    title = "country"
    parameter_name = "country"
    field = "country"

    def codes(self, model) -> list[str]:
        return list(model.objects.exclude(**{self.field: ""}).order_by(self.field)
                    .values_list(self.field, flat=True).distinct())

    def lookups(self, request, model_admin):
        pairs = [(code, country_name(code)) for code in self.codes(model_admin.model)]
        return sorted(pairs, key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class MeetingCountryListFilter(CountryListFilter):
    def codes(self, model) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT unnest(country_codes) FROM meetings_meeting")
            return [row[0] for row in cursor.fetchall()]

    def queryset(self, request, queryset):
        return queryset.involving_country(self.value()) if self.value() else queryset


def _selected_ids(request) -> list[str]:
    return request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)


def merge_url(officials) -> str:
    """The admin page that merges these officials (the survivor is chosen there)."""
    ids = ",".join(str(o.pk) for o in officials)
    return f"{reverse('admin:meetings_official_merge')}?ids={ids}"


def _action_page(modeladmin, request, template: str, **context) -> TemplateResponse:
    opts = modeladmin.model._meta
    return TemplateResponse(request, template, {
        **modeladmin.admin_site.each_context(request),
        "opts": opts,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "action": request.POST.get("action", ""),
        **context,
    })


# --------------------------------------------------------------------------- officials


class OfficialAliasInline(CurationInline):
    model = OfficialAlias
    fields = ["alias", "rejected", "curated"]


@admin.register(Official)
class OfficialAdmin(CurationAdmin):
    list_display = ["name", "title", "organization", "country_display", "meeting_count",
                    "alias_list", "curated", "updated_at"]
    list_filter = ["curated", CountryListFilter]
    search_fields = ["name", "aliases__alias", "title", "organization"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["public_page", "mention_evidence", "created_at", "updated_at"]
    fields = ["name", "slug", "title", "organization", "country", "curated", "public_page",
              "mention_evidence", "created_at", "updated_at"]
    inlines = [OfficialAliasInline]
    actions = ["merge_officials", "not_a_person"]

    def get_queryset(self, request):
        return (super().get_queryset(request)
                .annotate(meeting_total=Count("participations", distinct=True))
                .prefetch_related(Prefetch("aliases",
                                           queryset=OfficialAlias.objects.order_by("alias"))))

    @admin.display(description="country", ordering="country")
    def country_display(self, obj):
        return obj.country_name or "—"

    @admin.display(description="meetings", ordering="meeting_total")
    def meeting_count(self, obj):
        return obj.meeting_total

    @admin.display(description="also written")
    def alias_list(self, obj):
        names = [a.alias + (" ✗" if a.rejected else "") for a in obj.aliases.all()]
        return Truncator(", ".join(names)).chars(80) or "—"

    @admin.display(description="public page")
    def public_page(self, obj):
        return public_link(obj)

    @admin.display(description="named in (first 20 articles)")
    def mention_evidence(self, obj):
        if not obj or not obj.pk:
            return "—"
        mentions = (OfficialMention.objects.filter(official=obj).select_related("article")
                    .order_by("-article__published_on", "-id")[:20])
        rows = [format_html("<p><a href=\"{}\">{}</a>{}</p>", m.article.get_absolute_url(),
                            m.article, evidence_html(m.article, m.evidence)) for m in mentions]
        return format_html_join("", "{}", ((r,) for r in rows)) if rows else "—"

    def get_urls(self):
        from django.urls import path

        return [
            path("duplicates/", self.admin_site.admin_view(self.duplicates_view),
                 name="meetings_official_duplicates"),
            path("merge/", self.admin_site.admin_view(self.merge_view),
                 name="meetings_official_merge"),
            *super().get_urls(),
        ]

    def duplicates_view(self, request):
        """Probable duplicates (the list ``manage.py people_audit`` prints), with merge links."""
        from meetings.services.audit import probable_duplicates

        if not self.has_change_permission(request):
            raise PermissionDenied
        groups = [(group, merge_url(group)) for group in probable_duplicates()]
        return TemplateResponse(request, "admin/meetings/official/duplicates.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": "Probable duplicate officials", "groups": groups,
        })

    def merge_view(self, request):
        """The merge confirmation for the officials in ?ids= (a link from the duplicates
        list); it posts to the changelist's merge action."""
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        ids = [i for i in request.GET.get("ids", "").split(",") if i.isdigit()]
        officials = list(self.get_queryset(request).filter(pk__in=ids)
                         .order_by("-meeting_total", "id"))
        if len(officials) < 2:
            self.message_user(request, "Those officials no longer exist: nothing to merge.",
                              messages.WARNING)
            return redirect("admin:meetings_official_duplicates")
        return _action_page(self, request, "admin/meetings/official/merge.html",
                            title="Merge officials", objects=officials,
                            survivor=officials[0].pk, action="merge_officials",
                            form_action=reverse("admin:meetings_official_changelist"))

    def delete_model(self, request, obj):
        curation.officials_delete(officials=[obj])

    def delete_queryset(self, request, queryset):
        curation.officials_delete(officials=list(queryset))

    @admin.action(description="Merge selected officials…", permissions=["change", "delete"])
    def merge_officials(self, request, queryset):
        officials = list(queryset.order_by("-meeting_total", "id"))
        if len(officials) < 2:
            self.message_user(request, "Select at least two officials to merge.",
                              messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            survivor = next((o for o in officials
                             if str(o.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "Choose the official to keep.", messages.ERROR)
            else:
                others = [o for o in officials if o.pk != survivor.pk]
                names = ", ".join(o.name for o in others)
                self.log_deletions(request, others)
                survivor = curation.officials_merge(survivor=survivor, others=others)
                self.log_change(request, survivor, f"Merged {names} into this official.")
                self.message_user(request, f"Merged {names} into {survivor.name}.",
                                  messages.SUCCESS)
                return None
        return _action_page(self, request, "admin/meetings/official/merge.html",
                            title="Merge officials", objects=officials,
                            survivor=officials[0].pk)

    @admin.action(description="Not a person: delete and never extract again",
                  permissions=["delete"])
    def not_a_person(self, request, queryset):
        officials = list(queryset)
        self.log_deletions(request, officials)
        count = curation.officials_reject(
            officials=officials, note=f"rejected in the admin by {request.user.get_username()}")
        self.message_user(request, f"{count} name(s) rejected: they will not be extracted as "
                                   f"people again.", messages.SUCCESS)


@admin.register(OfficialAlias)
class OfficialAliasAdmin(CurationAdmin):
    list_display = ["alias", "official", "rejected", "curated"]
    list_filter = ["rejected", "curated"]
    list_select_related = ["official"]
    search_fields = ["alias", "official__name"]
    autocomplete_fields = ["official"]


@admin.register(RejectedName)
class RejectedNameAdmin(admin.ModelAdmin):
    list_display = ["name", "note"]
    search_fields = ["name", "note"]


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Deleted records ingestion must not bring back; delete a tombstone to allow it again."""

    list_display = ["label", "kind", "key", "deleted_at"]
    list_filter = ["kind"]
    search_fields = ["label", "key"]
    date_hierarchy = "deleted_at"
    readonly_fields = ["kind", "key", "label", "deleted_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------------- meetings


class ParticipationInline(CurationInline):
    model = Participation
    autocomplete_fields = ["official"]
    fields = ["official", "title", "role", "curated"]
    related = ("official",)


class MeetingTopicInline(CurationInline):
    model = MeetingTopic
    autocomplete_fields = ["topic"]
    fields = ["topic", "curated"]
    related = ("topic",)


class MeetingSourceForm(forms.ModelForm):
    class Meta:
        model = MeetingSource
        fields = ["article", "evidence", "background"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2, "cols": 24})}

    def clean(self):
        cleaned = super().clean()
        article, evidence = cleaned.get("article"), cleaned.get("evidence")
        if article is None or evidence is None:
            return cleaned
        valid = isinstance(evidence, list) and all(
            isinstance(pair, list) and len(pair) == 2
            and all(isinstance(n, int) for n in pair)
            and 0 <= pair[0] < pair[1] <= len(article.body) for pair in evidence)
        if not valid:
            raise ValidationError({"evidence": f"A list of [start, end] character offsets "
                                               f"into the article (0–{len(article.body)})."})
        return cleaned


# A meeting's sources are listed read-only on its page, the first SOURCES_SHOWN of them,
# and edited on their own pages: as inline forms, a meeting reported by hundreds of
# articles could be neither opened nor saved (TooManyFieldsSent).
SOURCES_SHOWN = 20


@admin.register(MeetingSource)
class MeetingSourceAdmin(CurationAdmin):
    form = MeetingSourceForm
    list_display = ["meeting", "article", "background"]
    list_filter = ["background"]
    list_select_related = ["meeting", "article"]
    autocomplete_fields = ["meeting", "article"]
    fields = ["meeting", "article", "evidence", "sentences", "background"]
    readonly_fields = ["sentences"]
    search_fields = ["article__title", "meeting__summary"]

    @admin.display(description="evidence, as sentences")
    def sentences(self, obj):
        return evidence_html(obj.article, obj.evidence) if obj and obj.pk else "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Meeting.objects.filter(pk=obj.meeting_id).update(curated=True)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        derived.meetings_refresh(meeting_ids=[obj.meeting_id])


@admin.register(Meeting)
class MeetingAdmin(CurationAdmin):
    list_display = ["label", "participants", "kind", "date", "date_precision", "place",
                    "source_count", "background", "curated"]
    list_filter = ["kind", "background", "curated", "from_record", "date_precision",
                   MeetingCountryListFilter, "topics"]
    search_fields = ["summary", "name", "place", "venue", "participations__official__name",
                     "participations__official__aliases__alias"]
    date_hierarchy = "date"
    # The summary and the countries are derived from the rest (services.derived).
    readonly_fields = ["summary", "public_page", "country_codes", "source_list", "created_at",
                       "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "summary", "public_page", "curated"]}),
        ("When", {"fields": ["date", "date_precision", "date_phrase", "end_date"]}),
        ("Where", {"fields": ["place", "place_country", "venue"]}),
        ("Who", {"fields": ["countries", "country_codes"]}),
        ("Sources", {"fields": ["source_list"]}),
        ("Status", {"fields": ["background", "from_record", "created_at", "updated_at"]}),
    ]
    inlines = [ParticipationInline, MeetingTopicInline]
    actions = ["merge_meetings", "split_meeting", "mark_background", "mark_news"]

    def get_queryset(self, request):
        return (super().get_queryset(request)
                .annotate(source_total=Count("sources", distinct=True))
                .prefetch_related(Prefetch(
                    "participations",
                    queryset=Participation.objects.select_related("official").order_by("id"))))

    @admin.display(description="meeting", ordering="summary")
    def label(self, obj):
        return Truncator(obj.name or obj.summary or f"#{obj.pk}").chars(60)

    @admin.display(description="participants")
    def participants(self, obj):
        names = [p.official.name for p in obj.participations.all()]
        return Truncator(", ".join(names)).chars(80) or ", ".join(obj.countries) or "—"

    @admin.display(description="sources", ordering="source_total")
    def source_count(self, obj):
        return obj.source_total

    @admin.display(description="public page")
    def public_page(self, obj):
        return public_link(obj)

    @admin.display(description="sources")
    def source_list(self, obj):
        if not obj or not obj.pk:
            return "—"
        sources = (MeetingSource.objects.filter(meeting=obj).select_related("article")
                   .order_by("-article__published_on", "id"))
        total = sources.count()
        rows = [format_html('<p><a href="{}">{}</a>{}</p>',
                            reverse("admin:meetings_meetingsource_change", args=[source.pk]),
                            source.article, evidence_html(source.article, source.evidence))
                for source in sources[:SOURCES_SHOWN]]
        all_url = (f"{reverse('admin:meetings_meetingsource_changelist')}"
                   f"?meeting__id__exact={obj.pk}")
        add_url = f"{reverse('admin:meetings_meetingsource_add')}?meeting={obj.pk}"
        return format_html(
            '{}<p>{} source(s). <a href="{}">All sources</a> · <a href="{}">Add a source</a></p>',
            format_html_join("", "{}", ((r,) for r in rows)), total, all_url, add_url)

    def delete_model(self, request, obj):
        curation.meetings_delete(meetings=[obj])

    def delete_queryset(self, request, queryset):
        curation.meetings_delete(meetings=list(queryset))

    @admin.action(description="Merge selected meetings…", permissions=["change", "delete"])
    def merge_meetings(self, request, queryset):
        meetings = list(queryset.order_by("-source_total", "id"))
        if len(meetings) < 2:
            self.message_user(request, "Select at least two meetings to merge.",
                              messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            survivor = next((m for m in meetings
                             if str(m.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "Choose the meeting to keep.", messages.ERROR)
            else:
                others = [m for m in meetings if m.pk != survivor.pk]
                labels = ", ".join(f"#{m.pk}" for m in others)
                self.log_deletions(request, others)
                survivor = curation.meetings_merge(survivor=survivor, others=others)
                self.log_change(request, survivor, f"Merged meetings {labels} into this one.")
                self.message_user(request, f"Merged {labels} into {survivor}.",
                                  messages.SUCCESS)
                return None
        return _action_page(self, request, "admin/meetings/meeting/merge.html",
                            title="Merge meetings", objects=meetings, survivor=meetings[0].pk)

    @admin.action(description="Split a meeting by source…", permissions=["change"])
    def split_meeting(self, request, queryset):
        meetings = list(queryset[:2])
        if len(meetings) != 1:
            self.message_user(request, "Select exactly one meeting to split.", messages.WARNING)
            return None
        meeting = meetings[0]
        sources = list(meeting.sources.select_related("article").order_by("id"))
        if len(sources) < 2:
            self.message_user(request, "This meeting has only one source: nothing to split.",
                              messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            chosen = set(request.POST.getlist("source"))
            try:
                created = curation.meeting_split(
                    meeting=meeting, sources=[s for s in sources if str(s.pk) in chosen])
            except curation.CurationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                ids = ", ".join(f"#{m.pk}" for m in created)
                for new in created:
                    self.log_addition(request, new, f"Split from meeting #{meeting.pk}.")
                self.log_change(request, meeting, f"Split sources off into meetings {ids}.")
                self.message_user(request, f"Split into new meetings {ids}.", messages.SUCCESS)
                return None
        rows = [(s, evidence_html(s.article, s.evidence)) for s in sources]
        return _action_page(self, request, "admin/meetings/meeting/split.html",
                            title="Split a meeting by source", meeting=meeting, rows=rows)

    def _mark(self, request, queryset, *, background: bool) -> None:
        meetings = list(queryset)
        curation.meetings_mark_background(meetings=meetings, background=background)
        label = "background" if background else "news"
        for meeting in meetings:
            self.log_change(request, meeting, f"Marked as {label}.")
        self.message_user(request, f"{len(meetings)} meeting(s) marked as {label}.",
                          messages.SUCCESS)

    @admin.action(description="Mark as background", permissions=["change"])
    def mark_background(self, request, queryset):
        self._mark(request, queryset, background=True)

    @admin.action(description="Mark as news (not background)", permissions=["change"])
    def mark_news(self, request, queryset):
        self._mark(request, queryset, background=False)


# --------------------------------------------------------------------------- topics


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "slug", "aliases", "parent", "description"]

    def clean(self):
        from meetings.ingest.records import TopicDef
        from meetings.ingest.topics import TaxonomyError, validate_taxonomy

        cleaned = super().clean()
        if self.errors:
            return cleaned
        others = Topic.objects.exclude(pk=self.instance.pk).select_related("parent")
        parents = {t.pk: t.slug for t in others}
        old_slug = self.instance.slug if self.instance.pk else None
        parent = cleaned.get("parent")

        def parent_slug(topic: Topic) -> str | None:
            if topic.parent_id is None:
                return None
            return cleaned["slug"] if topic.parent_id == self.instance.pk else \
                parents.get(topic.parent_id, old_slug)

        definitions = [TopicDef(name=t.name, slug=t.slug, aliases=tuple(t.aliases),
                                parent=parent_slug(t)) for t in others]
        definitions.append(TopicDef(
            name=cleaned["name"], slug=cleaned["slug"], aliases=tuple(cleaned.get("aliases") or ()),
            parent=(cleaned["slug"] if parent.pk == self.instance.pk else parent.slug)
            if parent else None))
        try:
            validate_taxonomy(definitions, where="the taxonomy")
        except TaxonomyError as exc:
            raise ValidationError(str(exc)) from exc
        return cleaned


@admin.register(Topic)
class TopicAdmin(CurationAdmin):
    form = TopicForm
    list_display = ["name", "slug", "parent", "alias_list", "meeting_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            meeting_total=Count("meeting_links", distinct=True))

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return Truncator(", ".join(obj.aliases)).chars(80) or "—"

    @admin.display(description="meetings", ordering="meeting_total")
    def meeting_count(self, obj):
        return obj.meeting_total

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"name", "aliases", "parent"} & set(form.changed_data):
            self.message_user(request, "The taxonomy changed: run “manage.py retag” to apply "
                                       "it to stored articles.", messages.INFO)


# --------------------------------------------------------------------------- articles


def _statement_hash(statement: Statement) -> None:
    # Only new statements get a hash of their text: an edited one keeps the hash of the
    # extracted text, so re-ingestion recognises it instead of adding the original again.
    if not statement.text_hash:
        statement.text_hash = hashlib.sha256(statement.text.encode()).hexdigest()


class StatementInline(CurationInline):
    model = Statement
    fields = ["text", "direct", "speaker", "speaker_label", "reported_by", "meeting",
              "evidence_start", "evidence_end", "sentence", "curated"]
    readonly_fields = ["sentence"]
    autocomplete_fields = ["speaker", "meeting"]
    related = ("speaker", "meeting", "article")

    @admin.display(description="evidence")
    def sentence(self, obj):
        if not obj.pk:
            return "—"
        return evidence_html(obj.article, [[obj.evidence_start, obj.evidence_end]])


class ArticleTopicInline(CurationInline):
    model = ArticleTopic
    autocomplete_fields = ["topic"]
    fields = ["topic", "curated", "sentences"]
    readonly_fields = ["sentences"]
    related = ("topic", "article")

    @admin.display(description="evidence")
    def sentences(self, obj):
        return evidence_html(obj.article, obj.evidence) if obj.pk else "—"


class ArticleCopyInline(admin.TabularInline):
    """Near-identical copies ingestion folded into this article ("also published as")."""

    model = ArticleCopy
    fields = ["title", "source", "url", "published_on", "similarity"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ArticleMeetingInline(admin.TabularInline):
    """The meetings this article reports, read-only here: edit them on the meeting."""

    model = MeetingSource
    verbose_name = "meeting reported"
    verbose_name_plural = "meetings reported"
    extra = 0
    fields = ["meeting_link", "sentences", "background"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "article")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="meeting")
    def meeting_link(self, obj):
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:meetings_meeting_change", args=[obj.meeting_id]),
                           obj.meeting)

    @admin.display(description="evidence")
    def sentences(self, obj):
        return evidence_html(obj.article, obj.evidence)


@admin.register(Article)
class ArticleAdmin(CurationAdmin):
    list_display = ["title", "source", "published_on", "meeting_count", "ingested_at",
                    "pipeline_version"]
    list_filter = ["source", "pipeline_version", "topics"]
    search_fields = ["title", "url", "external_id", "origin"]
    date_hierarchy = "published_on"
    # The body is the evidence: offsets point into it, so it is never edited here.
    readonly_fields = ["public_page", "body", "sha256", "ingested_at", "pipeline_version",
                       "origin"]
    fields = ["title", "source", "url", "external_id", "published_on", "public_page", "body",
              "sha256", "ingested_at", "pipeline_version", "origin"]
    inlines = [ArticleMeetingInline, StatementInline, ArticleTopicInline, ArticleCopyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            meeting_total=Count("meeting_sources", distinct=True))

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            # Words in the body, through the full-text index rather than a scan.
            results = results | queryset.filter(search_vector=SearchQuery(
                search_term, config="english", search_type="websearch"))
        return results, duplicates

    @admin.display(description="meetings", ordering="meeting_total")
    def meeting_count(self, obj):
        return obj.meeting_total

    @admin.display(description="public page")
    def public_page(self, obj):
        return public_link(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Statement:
            for row in formset.forms:
                if row.has_changed() and row not in formset.deleted_forms:
                    _statement_hash(row.instance)
        super().save_formset(request, form, formset, change)


@admin.register(Statement)
class StatementAdmin(CurationAdmin):
    list_display = ["short_text", "speaker_display", "reported_by", "direct", "article",
                    "meeting", "curated"]
    list_filter = ["direct", "curated", "topics"]
    list_select_related = ["speaker", "article", "meeting"]
    search_fields = ["text", "speaker__name", "speaker__aliases__alias", "speaker_label",
                     "reported_by", "article__title"]
    autocomplete_fields = ["speaker", "meeting", "article", "topics"]
    readonly_fields = ["sentence"]
    fields = ["text", "direct", "speaker", "speaker_label", "reported_by", "meeting", "topics",
              "article", "evidence_start", "evidence_end", "sentence", "curated"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "article", "meeting")

    @admin.display(description="statement", ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(90)

    @admin.display(description="speaker", ordering="speaker__name")
    def speaker_display(self, obj):
        return obj.speaker_name or "—"

    @admin.display(description="evidence")
    def sentence(self, obj):
        if not obj or not obj.pk:
            return "—"
        return evidence_html(obj.article, [[obj.evidence_start, obj.evidence_end]])

    def save_model(self, request, obj, form, change):
        _statement_hash(obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        curation.statements_delete(statements=[obj])

    def delete_queryset(self, request, queryset):
        curation.statements_delete(statements=list(queryset))


@admin.register(OfficialMention)
class OfficialMentionAdmin(admin.ModelAdmin):
    list_display = ["official", "article", "title"]
    list_select_related = ["official", "article"]
    search_fields = ["official__name", "official__aliases__alias", "article__title"]
    autocomplete_fields = ["official", "article"]
    readonly_fields = ["sentences"]

    @admin.display(description="evidence")
    def sentences(self, obj):
        return evidence_html(obj.article, obj.evidence) if obj and obj.pk else "—"


# --------------------------------------------------------------------------- queued ingest


admin.site.unregister(ProcrastinateJob)


@admin.register(ProcrastinateJob)
class IngestJobAdmin(ProcrastinateJobAdmin):
    """Procrastinate's job list; its actions (retry a failed job, cancel, abort) are for
    those who may change articles, like every other action here."""

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        if not request.user.has_perm("meetings.change_article"):
            return {}
        return super().get_actions(request, action_location=action_location)


@admin.register(QueuedArticle)
class QueuedArticleAdmin(admin.ModelAdmin):
    """Articles waiting for a worker (ingest --queue); a failed one shows why."""

    list_display = ["title", "origin", "published_on", "queued_at", "extraction_error"]
    search_fields = ["title", "origin", "extraction_error"]
    date_hierarchy = "queued_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
