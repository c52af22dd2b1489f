from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("officials/<slug:slug>/", views.official_detail, name="official"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
]
