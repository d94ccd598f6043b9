"""Racing writers over real HTTP against PostgreSQL: one winner per version, never a lost update."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from negotiations.models import Package

WRITERS = 20
ROUNDS = 3

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite serialises every writer, so nothing can race "
        "(.ci/run runs this in its PostgreSQL pass)",
    ),
]


def patch(url: str, token: str, if_match: str, name: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps({"name": name}).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "If-Match": if_match},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def race(url: str, token: str, version: int) -> list[int]:
    """WRITERS threads send the same If-Match at the same moment; returns their status codes."""
    start = threading.Barrier(WRITERS)
    codes: list[int] = []

    def writer(n: int) -> None:
        start.wait()
        codes.append(patch(url, token, f'"{version}"', f"Writer {n}"))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def test_racing_patches_with_if_match_each_win_once_or_get_412(live_server, scenario, editor):
    token = Token.objects.create(user=editor).key
    url = f"{live_server.url}/api/scenarios/private-scenario/packages/pkg0/"
    package = Package.objects.get(scenario=scenario, key="pkg0")
    start_version = package.version
    successes = 0
    for _ in range(ROUNDS):
        package.refresh_from_db()
        codes = race(url, token, package.version)
        assert sorted(set(codes)) == [200, 412]
        assert codes.count(200) == 1
        successes += codes.count(200)
    package.refresh_from_db()
    assert package.version - start_version == successes == ROUNDS
    assert package.name.startswith("Writer ")
