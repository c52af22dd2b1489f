from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Diplomatic meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from meetings import checks  # noqa: F401 - registers the system checks
