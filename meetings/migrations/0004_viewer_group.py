"""The read-only "viewer" group: may browse every page of the admin, may change nothing."""

from django.db import migrations

VIEWER = "viewer"


def create_viewer_group(apps, schema_editor):
    """Create (or complete) the group with the view permission of every meetings model."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations ran; make them now so the group
    # can hold them on a fresh database.
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=VIEWER)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="meetings",
                                                     codename__startswith="view_"))


def remove_viewer_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=VIEWER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_list_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_viewer_group, remove_viewer_group)]
