from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Diplomatic meetings: curation"
admin.site.site_title = "Diplomatic meetings"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
]
