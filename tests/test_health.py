"""/health/ tells a load balancer or the container healthcheck whether the database and the cache answer."""

from __future__ import annotations

import json
import sys

import pytest

from tests.settings_process import run

# A client request made in a fresh process, so the database or the cache can be one that does not answer.
REQUEST = """
import django
django.setup()
from django.test import Client
response = Client().get("/health/")
print(response.status_code, response.content.decode())
"""


@pytest.mark.django_db
def test_it_answers_ok_without_signing_in(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_rejects_post(client):
    assert client.post("/health/").status_code == 405


def test_it_answers_503_when_the_database_does_not_answer():
    # Nothing listens on port 1, so the connection is refused.
    result = run([sys.executable, "-c", REQUEST], {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"})

    status, body = result.stdout.split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "error", "database": "unavailable", "cache": "ok"}
    assert "127.0.0.1" not in body


def test_it_answers_503_when_the_cache_does_not_answer(tmp_path):
    # The API's throttles need the cache: without it every API request would fail.
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": "redis://127.0.0.1:1/0"}
    result = run([sys.executable, "-c", REQUEST], env)

    status, body = result.stdout.split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "error", "database": "ok", "cache": "unavailable"}
    assert "127.0.0.1" not in body
