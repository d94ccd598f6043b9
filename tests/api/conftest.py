from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from negotiations.scenario_document import document_import
from tests.api.talks import DOCUMENT


@pytest.fixture(autouse=True)
def fresh_throttles():
    # Throttle counters live in the cache; each test starts with none spent.
    cache.clear()


def client_for(user) -> APIClient:
    """An API client authenticated the way API clients are: with a token."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(db):
    """`api(user)` → a client for that user; `api(None)` → anonymous."""
    return client_for


@pytest.fixture
def talks(owner):
    """The hand-worked scenario of tests/api/talks.py, private to its owner."""
    return document_import(document=DOCUMENT, owner=owner)
