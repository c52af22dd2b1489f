"""System checks of our own (run by ``manage.py check``; deploy ones with ``--deploy``)."""

from __future__ import annotations

from django.core.checks import Error, Tags, register


@register(Tags.staticfiles, deploy=True)
def static_files_collected(app_configs, **kwargs) -> list[Error]:
    """With hashed static files (production), the manifest that collectstatic writes exists."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    if storage.manifest_storage.exists(storage.manifest_name):
        return []
    return [Error(
        f"Static files are not collected: {storage.manifest_name} is missing from "
        f"STATIC_ROOT ({storage.location}), so every page would answer 500 when it looks "
        "up its stylesheet and scripts.",
        hint="Run `manage.py collectstatic --noinput` before starting the server in "
             "production (README, Production).",
        id="meetings.E001",
    )]
