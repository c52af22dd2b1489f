"""The admin is the curators' editing tool."""

from __future__ import annotations

from django.contrib import admin

from meetings.models import (
    Article,
    ArticleTopic,
    Meeting,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    RejectedName,
    Statement,
    Topic,
)


class OfficialAliasInline(admin.TabularInline):
    model = OfficialAlias
    extra = 0
    fields = ["alias", "rejected", "curated"]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organization", "country", "curated", "updated_at"]
    list_filter = ["curated", "country"]
    search_fields = ["name", "aliases__alias", "title", "organization"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficialAliasInline]


@admin.register(OfficialAlias)
class OfficialAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "official", "rejected", "curated"]
    list_filter = ["rejected", "curated"]
    search_fields = ["alias", "official__name"]
    autocomplete_fields = ["official"]


@admin.register(RejectedName)
class RejectedNameAdmin(admin.ModelAdmin):
    list_display = ["name", "note"]
    search_fields = ["name"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["official"]
    fields = ["official", "title", "role", "curated"]


class MeetingTopicInline(admin.TabularInline):
    model = MeetingTopic
    extra = 0
    autocomplete_fields = ["topic"]


class MeetingSourceInline(admin.TabularInline):
    model = MeetingSource
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "evidence", "background"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "date", "date_precision", "place", "background",
                    "curated"]
    list_filter = ["kind", "background", "curated", "date_precision", "topics"]
    search_fields = ["summary", "name", "place", "participations__official__name"]
    date_hierarchy = "date"
    inlines = [ParticipationInline, MeetingTopicInline, MeetingSourceInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = ["text", "direct", "speaker", "speaker_label", "reported_by", "meeting"]
    autocomplete_fields = ["speaker", "meeting"]


class ArticleTopicInline(admin.TabularInline):
    model = ArticleTopic
    extra = 0
    autocomplete_fields = ["topic"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_on", "ingested_at", "pipeline_version"]
    list_filter = ["source", "pipeline_version"]
    search_fields = ["title", "body", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ["sha256", "ingested_at", "pipeline_version", "origin"]
    inlines = [StatementInline, ArticleTopicInline]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "speaker_label", "reported_by", "direct", "meeting"]
    list_filter = ["direct", "curated", "topics"]
    search_fields = ["text", "speaker__name", "speaker_label", "reported_by"]
    autocomplete_fields = ["speaker", "meeting", "article", "topics"]


@admin.register(OfficialMention)
class OfficialMentionAdmin(admin.ModelAdmin):
    list_display = ["official", "article", "title"]
    search_fields = ["official__name", "article__title"]
    autocomplete_fields = ["official", "article"]
