"""Checks of the deployment that Django's own checklist (`manage.py check --deploy`) leaves out."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        return []
    return [
        checks.Warning(
            "The cache is each process's own memory, so every gunicorn worker counts a client's "
            "throttled API requests apart: a client gets the configured rate once per worker.",
            hint="Set REDIS_URL to a Redis server that every worker shares.",
            id="negotiations.W001",
        )
    ]
