"""The analysis over HTTP: the scenario's analysis, forecast, and a package's suggestions and sensitivity,
checked against the hand-worked example of tests/api/talks.py."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from negotiations import selectors, services
from negotiations.analysis import analyse
from negotiations.models import Scenario, Stance

S = "/api/scenarios/border-talks"


def test_the_analysis_finds_the_one_package_in_the_zopa(api, talks, owner):
    response = api(owner).get(f"{S}/analysis/")

    assert response.status_code == 200
    body = response.json()
    assert (body["zopa"]["size"], body["zopa"]["exact"]) == (1, True)
    deal = {"border": "border-hold", "trade": "trade-closed"}
    for name in ["nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]:
        assert body[name]["choices"] == deal, name
        assert body[name]["scores"] == {"north": 60, "south": 50}, name
    assert body["nash"]["objective"] == 100  # surpluses 10 × 10
    assert body["nearest_misses"] == []


def test_the_analysis_is_the_json_of_the_analyse_command(api, talks, owner):
    printed = StringIO()
    call_command("analyse", "border-talks", "--json", stdout=printed)

    assert api(owner).get(f"{S}/analysis/").json() == json.loads(printed.getvalue())


def test_the_analysis_follows_a_change_to_the_scenario(api, talks, owner):
    api(owner).get(f"{S}/analysis/")  # computed and kept for this version
    # North now cares only about trade: {border-hold, trade-closed} gives it 0, below its 50.
    stance = Stance.objects.get(party__key="north", issue__key="border")
    services.content_update(stance, expected_version=None, weight=0)

    body = api(owner).get(f"{S}/analysis/").json()

    assert body["zopa"]["size"] == 0
    assert body["nash"] is None
    assert body["reasons"]["nash"]


def test_a_stored_analysis_is_served_until_a_judgement_changes(api, talks, owner, monkeypatch):
    # A work bound this low stops even this frontier within a request: what is served says which.
    monkeypatch.setattr("negotiations.analysis.report.MAX_WORK", 10)
    client = api(owner)
    assert client.get(f"{S}/analysis/").json()["frontier"]["exact"] is False
    unbounded = analyse(selectors.scenario_problem(talks), bounded=False)
    said = StringIO()

    call_command("analyse", "border-talks", "--store", stdout=StringIO(), stderr=said)

    assert said.getvalue().startswith("Stored: the API and the analysis page serve this analysis")
    assert client.get(f"{S}/analysis/").json() == json.loads(json.dumps(unbounded))
    deal = {"border": "border-hold", "trade": "trade-closed"}
    assert client.post(f"{S}/packages/", {"name": "Hold", "choices": deal}, format="json").status_code == 201
    assert Scenario.objects.get(pk=talks.pk).version > talks.version  # a new version, the same judgements
    assert client.get(f"{S}/analysis/").json()["frontier"]["exact"] is True
    stance = Stance.objects.get(party__key="north", issue__key="border")
    services.content_update(stance, expected_version=None, weight=0)

    changed = client.get(f"{S}/analysis/").json()

    assert changed["frontier"]["exact"] is False  # computed again, within the request's bound
    assert changed["zopa"]["size"] == 0


def test_a_stored_analysis_is_not_served_by_another_version_of_the_engine(api, talks, owner, monkeypatch):
    monkeypatch.setattr("negotiations.analysis.report.MAX_WORK", 10)
    call_command("analyse", "border-talks", "--store", stdout=StringIO(), stderr=StringIO())
    assert api(owner).get(f"{S}/analysis/").json()["frontier"]["exact"] is True

    monkeypatch.setattr("negotiations.analysis.report.ENGINE_DIGEST", "the digest of other code")

    assert api(owner).get(f"{S}/analysis/").json()["frontier"]["exact"] is False


def test_the_forecast_is_the_voice_weighted_median(api, talks, owner):
    # border: north's ideal border-hold (position 0, voice 50·0.75 = 37.5) reaches half of 62.5 alone;
    # mean (37.5·0 + 25·100) / 62.5 = 40. trade: north at 0 with voice 12.5 is short of half of
    # 37.5, so the median is south's 100; mean 25·100 / 37.5 = 66.666667.
    response = api(owner).get(f"{S}/forecast/")

    assert response.status_code == 200
    issues = response.json()["issues"]
    assert (issues["border"]["median"], issues["border"]["mean"], issues["border"]["option"]) == (
        0,
        40,
        "border-hold",
    )
    assert (issues["trade"]["median"], issues["trade"]["mean"], issues["trade"]["option"]) == (
        100,
        66.666667,
        "trade-closed",
    )
    assert issues["border"]["ideal_points"]["south"] == {
        "position": 100,
        "option": "border-cede",
        "voice": 25,
    }


def test_suggestions_rescue_the_party_below_its_line_cheapest_first(api, talks, owner):
    # From {border-hold, trade-open} south (20) reaches 50 either way: trade-closed costs north
    # 0.25·60 = 15 for south's 30 (ratio 2), border-cede costs north 0.75·60 = 45 (ratio 30/45).
    response = api(owner).get(f"{S}/packages/lopsided/suggestions/")

    assert response.status_code == 200
    found = [
        (s["issue"], s["to"], s["kind"], s["beneficiary"], s["ratio"]) for s in response.json()["suggestions"]
    ]
    assert found == [
        ("trade", "trade-closed", "rescue", "south", 2),
        ("border", "border-cede", "rescue", "south", 0.666667),
    ]


def test_suggestions_for_a_package_with_an_open_issue_say_which(api, talks, owner):
    response = api(owner).get(f"{S}/packages/half/suggestions/")

    assert response.status_code == 409
    assert any(e.startswith("choices.trade:") for e in response.json()["errors"])


def test_sensitivity_of_a_package_crossing_a_red_line_is_zero_for_that_party(api, talks, owner):
    # Red lines are not perturbed: south never accepts; north's 75 stays far above 50 (δ = 5).
    response = api(owner).get(f"{S}/packages/lopsided/sensitivity/?n=500&seed=3")

    assert response.status_code == 200
    body = response.json()
    assert (body["n"], body["seed"], body["kappa"], body["delta"]) == (500, 3, 100, 5)
    assert body["parties"] == {"north": {"acceptable": 1}, "south": {"acceptable": 0}}
    assert body["in_zopa"] == 0


def test_sensitivity_is_the_same_for_the_same_seed(api, talks, owner):
    url = f"{S}/packages/deal/sensitivity/?n=2000&seed=11&kappa=2&delta=30"
    first, second = api(owner).get(url).json(), api(owner).get(url).json()

    assert first == second
    assert 0 < first["in_zopa"] < 1  # with weights this loose, the deal sometimes fails


@pytest.mark.parametrize(
    ("query", "field"),
    [("n=100001", "n"), ("n=0", "n"), ("n=many", "n"), ("seed=-1", "seed"), ("kappa=nan", "kappa"),
     ("kappa=0", "kappa"), ("delta=101", "delta"), ("delta=inf", "delta")],
)  # fmt: skip
def test_sensitivity_refuses_parameters_out_of_range_naming_them(api, talks, owner, query, field):
    response = api(owner).get(f"{S}/packages/deal/sensitivity/?{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_an_unknown_package_is_not_found(api, talks, owner):
    assert api(owner).get(f"{S}/packages/nope/suggestions/").status_code == 404
    assert api(owner).get(f"{S}/packages/nope/sensitivity/").status_code == 404


def test_anyone_may_read_the_analysis_of_a_public_scenario(api, talks):
    Scenario.objects.filter(pk=talks.pk).update(is_public=True)

    for path in ["analysis/", "forecast/", "packages/deal/suggestions/", "packages/deal/sensitivity/?n=10"]:
        assert api(None).get(f"{S}/{path}").status_code == 200, path
