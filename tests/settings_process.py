"""Settings and manage.py run in a fresh process, under exactly the environment a test gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# What the probe reports: enough to check databases, hosts, static files and security settings.
PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECRET_KEY": settings.SECRET_KEY,
    "DATABASE": {k: str(db.get(k, "")) for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")},
    "DATABASE_OPTIONS": {k: str(v) for k, v in db.get("OPTIONS", {}).items()},
    "STATICFILES_STORAGE": settings.STORAGES["staticfiles"]["BACKEND"],
    "STATIC_ROOT": str(settings.STATIC_ROOT),
    "MIDDLEWARE": settings.MIDDLEWARE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "CACHE": settings.CACHES["default"],
}))
"""
# Variables that would leak from the machine running the tests into the process under test.
SETTINGS_VARIABLES = (
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "STATIC_ROOT",
    "REDIS_URL",
)


def clean_environment(**env: str) -> dict[str, str]:
    # DJANGO_* too: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy flags.
    base = {
        k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES and not k.startswith("DJANGO_")
    }
    return {**base, "DJANGO_SETTINGS_MODULE": "negotiations.settings", **env}


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=clean_environment(**env), capture_output=True, text=True, timeout=timeout
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], env)


def settings_under(**env: str) -> dict[str, Any]:
    """The settings Django loads with this environment; fails the test if they do not load."""
    result = run([sys.executable, "-c", "import django; django.setup()\n" + PROBE], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_error(**env: str) -> str:
    """The error that stops the settings from loading with this environment."""
    result = run([sys.executable, "-c", "import django; django.setup()"], env)
    assert result.returncode != 0, "the settings loaded"
    return result.stderr.strip().splitlines()[-1]
