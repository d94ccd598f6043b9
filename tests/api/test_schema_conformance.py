"""Every operation of the published schema, driven by schemathesis through the WSGI app.

Run as an editor of a complete scenario and as an anonymous client of a public one: no request
schemathesis makes may get a server error, and every response must match what the schema says
(status code documented, body and headers as described). Path parameters name the real scenario
so requests get past the lookup; keys are drawn by schemathesis, so most objects are not found.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from negotiations.models import Scenario
from tests.api.conftest import client_for

SLUG = "private-scenario"
NOT_CHECKED = [
    # That a request without credentials is refused: reads of a public scenario need none.
    ignored_auth,
    # That a body value of another JSON type is refused: the serializers read 5 and "5" alike, and
    # 0 and false, as Django REST framework does (query parameters are strict, see listing.py).
    negative_data_rejection,
    # That a schema-valid body is accepted: some rules are not in the schema (a key unique in its
    # scenario, a permanent slug, a choice naming an option of its issue); they answer 400 naming
    # the field, which the schema documents.
    positive_data_acceptance,
]
WSGI_APP = get_wsgi_application()


def published_schema() -> schemathesis.schemas.BaseSchema:
    """The schema /api/schema/ serves, generated the same way."""
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.config.update(parameters={"path.slug": SLUG})
    return schema


schema = published_schema()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI app directly fires the request signals that close a connection found inside
    a transaction; the test's transaction is one, so keep it open as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["editor", "anonymous"])
def caller(request, scenario, editor) -> dict[str, str]:
    """The headers a caller sends: an editor's token, or nothing for a public scenario."""
    if request.param == "anonymous":
        Scenario.objects.filter(pk=scenario.pk).update(is_public=True)
        return {}
    return {"Authorization": client_for(editor)._credentials["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_operation_answers_as_the_schema_says(case, caller):
    cache.clear()  # throttle counters: every request should reach the view
    case.call_and_validate(app=WSGI_APP, headers=caller, excluded_checks=NOT_CHECKED)
