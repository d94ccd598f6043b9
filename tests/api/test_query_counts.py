"""Planned queries: every list, detail and document read runs the same number of queries on a
3-party × 3-issue scenario and on a 20-party × 30-issue one (lists read in pages of 500).

Every count includes the token lookup and the scenario with the caller's membership (1 each).
"""

from __future__ import annotations

import pytest

from negotiations.models import Membership
from negotiations.scenario_document import document_import
from tests.api.conftest import client_for
from tests.documents import make_document
from tests.factories import MembershipFactory

S = "/api/scenarios/counted"
PAGE = "?limit=500"
READS = [
    ("/api/scenarios/", 3),  # token, the page of scenarios and its count
    (f"{S}/", 3),  # + its owner
    (f"{S}/parties/{PAGE}", 4),  # + the page and its count
    (f"{S}/parties/p1/", 3),
    (f"{S}/issues/{PAGE}", 4),
    (f"{S}/issues/i1/", 3),
    (f"{S}/options/{PAGE}", 4),
    (f"{S}/options/i1-o1/", 3),
    (f"{S}/stances/{PAGE}", 4),
    (f"{S}/stances/p1/i1/", 5),  # + party, issue, stance
    (f"{S}/valuations/{PAGE}", 4),
    (f"{S}/valuations/p1/i1-o1/", 5),
    (f"{S}/packages/{PAGE}", 6),  # + count, page, issues, choices
    (f"{S}/packages/pkg1/", 5),
    (f"{S}/members/{PAGE}", 4),
    (f"{S}/members/viewer/", 3),
]
SIZES = {"small": {}, "large": {"parties": 20, "issues": 30, "packages": 20}}


@pytest.fixture(params=list(SIZES))
def counted(request, owner, viewer):
    scenario = document_import(document=make_document(slug="counted", **SIZES[request.param]), owner=owner)
    MembershipFactory(scenario=scenario, user=viewer, role=Membership.Role.VIEWER)
    return scenario


@pytest.mark.parametrize(("url", "queries"), READS)
def test_a_read_runs_a_fixed_number_of_queries(counted, viewer, url, queries, django_assert_num_queries):
    client = client_for(viewer)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_the_document_is_exported_once_per_version_in_a_fixed_number_of_queries(
    counted, viewer, django_assert_num_queries
):
    client = client_for(viewer)
    # First read: token, scenario with membership, then the export (the scenario again, parties, issues,
    # options, stances, valuations, packages, choices).
    with django_assert_num_queries(11):
        first = client.get(f"{S}/document/")
    # Later reads of the same version: token, and scenario with membership only.
    with django_assert_num_queries(2):
        second = client.get(f"{S}/document/")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
