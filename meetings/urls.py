from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("officials/suggest/", views.official_suggest, name="official_suggest"),
    path("network/", views.meeting_network, name="network"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("officials/<slug:slug>/", views.official_detail, name="official"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("feed.atom", views.feed, name="feed"),
]
