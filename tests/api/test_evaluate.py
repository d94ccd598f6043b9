"""POST /api/scenarios/{slug}/evaluate/: a package scored over HTTP, checked against the hand-worked
example of tests/api/talks.py. With trade open and border-hold chosen, north can still end anywhere
in [60, 75] and south in [15 + 5, 15 + 35] = [20, 50].
"""

from __future__ import annotations

import pytest

from negotiations import services
from negotiations.models import Scenario, Valuation

URL = "/api/scenarios/border-talks/evaluate/"


def test_a_package_in_the_zopa_is_scored_for_every_party(api, talks, owner):
    response = api(owner).post(
        URL, {"choices": {"border": "border-hold", "trade": "trade-closed"}}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is True
    assert body["in_zopa"] is True
    assert body["nash_product"] == 100
    north, south = body["parties"]["north"], body["parties"]["south"]
    assert (north["score"], north["surplus"], north["acceptable"]) == (60, 10, True)
    assert (south["score"], south["surplus"], south["acceptable"]) == (50, 10, True)
    assert north["range"] == [60, 60]
    assert north["breakdown"]["border"] == {
        "weight": 0.75, "option": "border-hold", "utility": 80, "contribution": 60, "range": [60, 60],
    }  # fmt: skip
    assert south["red_lines"] == []


def test_a_red_line_makes_the_package_unacceptable_whatever_the_score(api, talks, owner):
    response = api(owner).post(
        URL, {"choices": {"border": "border-hold", "trade": "trade-open"}}, format="json"
    )

    body = response.json()
    assert body["in_zopa"] is False
    assert body["parties"]["north"]["score"] == 75
    assert body["parties"]["south"]["score"] == 20
    assert body["parties"]["south"]["acceptable"] is False
    assert body["parties"]["south"]["red_lines"] == ["trade-open"]


def test_an_open_issue_gives_each_party_the_range_it_can_still_reach(api, talks, owner):
    response = api(owner).post(URL, {"choices": {"border": "border-hold", "trade": None}}, format="json")

    body = response.json()
    assert body["complete"] is False
    assert body["in_zopa"] is None
    assert body["parties"]["north"]["score"] is None
    assert body["parties"]["north"]["range"] == [60, 75]
    assert body["parties"]["south"]["range"] == [20, 50]
    assert body["parties"]["south"]["acceptable"] is None


def test_issues_left_out_are_open(api, talks, owner):
    response = api(owner).post(URL, {"choices": {}}, format="json")

    assert response.status_code == 200
    assert response.json()["choices"] == {"border": None, "trade": None}


def test_a_wrong_choice_is_refused_naming_the_issue(api, talks, owner):
    response = api(owner).post(URL, {"choices": {"border": "trade-open", "tariffs": "none"}}, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"choices.border", "choices.tariffs"}
    assert "border-hold, border-cede" in fields["choices.border"][0]
    assert "'tariffs'" in fields["choices.tariffs"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "choices"),
        ({"choices": ["border-hold"]}, "choices"),
        ({"choices": {"border": 7}}, "choices.border"),
    ],
)
def test_a_malformed_body_is_refused_naming_the_field(api, talks, owner, body, field):
    response = api(owner).post(URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_a_scenario_that_cannot_be_scored_says_why(api, talks, owner):
    services.content_delete(
        Valuation.objects.get(party__key="south", option__key="trade-open"), expected_version=None
    )

    response = api(owner).post(URL, {"choices": {}}, format="json")

    assert response.status_code == 409
    assert any("'south'" in e and "'trade-open'" in e for e in response.json()["errors"])


def test_evaluating_changes_nothing_and_anyone_may_evaluate_a_public_scenario(api, talks):
    Scenario.objects.filter(pk=talks.pk).update(is_public=True)

    response = api(None).post(URL, {"choices": {"border": "border-cede"}}, format="json")

    assert response.status_code == 200
    assert Scenario.objects.get(pk=talks.pk).version == talks.version
