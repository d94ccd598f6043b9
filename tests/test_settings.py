"""Settings read the environment once: safe development defaults, a strict production mode.

Each case loads the settings in a fresh process with exactly the environment it names.
"""

from __future__ import annotations

import secrets
import sqlite3
import sys
from contextlib import closing

import pytest

from tests.settings_process import ROOT, manage, run, settings_error, settings_under

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "planner.example.org, www.planner.example.org",
    "REDIS_URL": "redis://cache.internal:6379/0",
}
# Opens a connection to a SQLite file named on the command line with the default database's
# settings, and reports what the connection was set up with.
SQLITE_PRAGMAS = """
import sys
import django
django.setup()
from django.conf import settings
from django.db.utils import ConnectionHandler
handler = ConnectionHandler({"default": {**settings.DATABASES["default"], "NAME": sys.argv[1]}})
with handler["default"].cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


def without(name: str) -> dict[str, str]:
    return {k: v for k, v in PRODUCTION.items() if k != name}


def test_with_nothing_set_it_runs_for_development_on_sqlite_beside_the_project():
    loaded = settings_under()

    assert loaded["DEBUG"] is True
    assert loaded["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASE"]["NAME"] == str(ROOT / "db.sqlite3")
    assert "127.0.0.1" in loaded["ALLOWED_HOSTS"]
    assert loaded["CACHE"] == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def test_redis_url_selects_a_redis_cache():
    loaded = settings_under(REDIS_URL="redis://cache.internal:6380/2")

    assert loaded["CACHE"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6380/2",
    }


def test_the_sqlite_database_runs_in_wal_mode(tmp_path):
    database = tmp_path / "planner.sqlite3"

    result = run([sys.executable, "-c", SQLITE_PRAGMAS, str(database)], {})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    # WAL is recorded in the file itself, so a plain connection sees it too.
    with closing(sqlite3.connect(database)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_database_url_selects_postgresql():
    loaded = settings_under(DATABASE_URL="postgres://planner:pw@db.internal:6543/talks")

    assert loaded["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "talks",
        "USER": "planner",
        "PASSWORD": "pw",
        "HOST": "db.internal",
        "PORT": "6543",
    }


def test_production_settings_load_with_a_secret_key_and_hosts():
    loaded = settings_under(**PRODUCTION)

    assert loaded["DEBUG"] is False
    assert loaded["SECRET_KEY"] == PRODUCTION["SECRET_KEY"]
    assert loaded["ALLOWED_HOSTS"] == ["planner.example.org", "www.planner.example.org"]


def test_production_refuses_to_start_without_a_secret_key():
    error = settings_error(**without("SECRET_KEY"))

    assert "ImproperlyConfigured" in error
    assert "SECRET_KEY" in error


def test_production_refuses_a_short_secret_key():
    error = settings_error(**{**PRODUCTION, "SECRET_KEY": "x" * 49})

    assert "SECRET_KEY must be set to at least 50 characters" in error


def test_production_refuses_to_start_without_allowed_hosts():
    error = settings_error(**without("ALLOWED_HOSTS"))

    assert "ALLOWED_HOSTS must be set" in error


def test_production_refuses_allowed_hosts_of_only_commas_and_spaces():
    error = settings_error(**{**PRODUCTION, "ALLOWED_HOSTS": " , ,"})

    assert "ALLOWED_HOSTS must be set" in error


def test_manage_py_does_not_start_without_production_secrets():
    result = manage("check", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("value", ["yes", "1", "False ", "off", ""])
def test_debug_accepts_only_true_or_false(value):
    if value.strip().lower() == "false":
        assert settings_under(**{**PRODUCTION, "DEBUG": value})["DEBUG"] is False
    else:
        assert "DEBUG must be 'true' or 'false'" in settings_error(DEBUG=value)


def test_the_deployment_checklist_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checklist_does_flag_development_settings():
    # The clean result above means something only if the checklist can fail here.
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


def test_the_deployment_checklist_flags_a_cache_each_worker_keeps_alone():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **without("REDIS_URL"))

    assert result.returncode != 0
    assert "negotiations.W001" in result.stderr
    assert "REDIS_URL" in result.stderr


def test_production_trusts_only_the_csrf_origins_it_is_given():
    loaded = settings_under(**PRODUCTION, CSRF_TRUSTED_ORIGINS="https://planner.example.org")

    assert loaded["CSRF_TRUSTED_ORIGINS"] == ["https://planner.example.org"]
    assert loaded["SECURE_SSL_REDIRECT"] is True
