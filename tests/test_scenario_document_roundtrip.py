"""Export → import → export gives the same document: for random documents and for the reference."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from negotiations.models import Scenario
from negotiations.reference import REFERENCE_PATH, reference_document
from negotiations.scenario_document import document_dumps, document_export, document_import
from tests.document_strategies import scenario_documents
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def exported(scenario: Scenario) -> str:
    return document_dumps(document_export(scenario))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=scenario_documents())
def test_random_documents_survive_import_and_export_unchanged(document):
    with transaction.atomic():
        owner = UserFactory(username="round-trip")
        first = exported(document_import(document=document, owner=owner))
        Scenario.objects.filter(owner=owner).delete()
        second = exported(document_import(document=json.loads(first), owner=owner))
        transaction.set_rollback(True)

    assert second == first
    # Nothing was lost or altered on the way in: the export is the document itself (JSON numbers
    # compare by value, so 50.0 written back as 50 is the same number).
    assert json.loads(first) == document


def test_the_reference_document_round_trips_byte_for_byte():
    shipped = REFERENCE_PATH.read_bytes()

    scenario = document_import(document=reference_document(), owner=UserFactory())

    assert exported(scenario).encode("utf-8") == shipped
