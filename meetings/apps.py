from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Diplomatic meetings"
    default_auto_field = "django.db.models.BigAutoField"
