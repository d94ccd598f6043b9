"""API throttling holds across processes when they share a Redis, as gunicorn's workers do.

Each worker is a process of its own: each request here is checked in a fresh process, against the
Redis at TEST_REDIS_URL (set by .ci/run, which fails when nothing answers there) or, when that is
unset, the one on this machine's default port if it answers.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from urllib.parse import urlsplit

import pytest

from tests.settings_process import run

LOCAL_REDIS = "redis://127.0.0.1:6379/15"
# One anonymous API request's throttle verdict, from the client address given on the command line.
VERDICT = """
import sys
import django
django.setup()
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
request = APIView().initialize_request(APIRequestFactory().get("/api/scenarios/", REMOTE_ADDR=sys.argv[1]))
print("allowed" if AnonRateThrottle().allow_request(request, None) else "refused")
"""


def answers(url: str) -> bool:
    address = urlsplit(url)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        return url
    if not answers(LOCAL_REDIS):
        pytest.skip(f"no Redis answers at {LOCAL_REDIS} (set TEST_REDIS_URL to use another)")
    return LOCAL_REDIS


def verdict(client: str, **env: str) -> str:
    result = run([sys.executable, "-c", VERDICT, client], {"THROTTLE_ANON": "2/minute", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def a_client_address() -> str:
    # A fresh address each run, so counts left in Redis by an earlier run do not meet this one.
    return "10." + ".".join(str(b) for b in secrets.token_bytes(3))


def test_processes_sharing_redis_count_a_clients_requests_together(redis_url):
    client = a_client_address()

    verdicts = [verdict(client, REDIS_URL=redis_url) for _ in range(3)]

    assert verdicts == ["allowed", "allowed", "refused"]
    assert verdict(a_client_address(), REDIS_URL=redis_url) == "allowed"  # others are not held back


def test_without_redis_each_process_counts_alone():
    # What the deployment check warns of: the same three requests in three processes all pass.
    client = a_client_address()

    assert [verdict(client) for _ in range(3)] == ["allowed", "allowed", "allowed"]
