"""Parties, issues, options, stances and valuations over the API, through the same services."""

from __future__ import annotations

from negotiations.models import Option, Party, Scenario, Stance, Valuation

BASE = "/api/scenarios/private-scenario"


def scenario_version(scenario) -> int:
    return Scenario.objects.get(pk=scenario.pk).version


def test_it_adds_a_party_at_the_end_and_bumps_the_scenario(api, scenario, editor):
    party = {"key": "mediator", "name": "Mediator", "short": "MED", "role": "mediator",
             "capability": 20, "reservation": 0}  # fmt: skip
    response = api(editor).post(f"{BASE}/parties/", party, format="json")
    assert response.status_code == 201
    assert response.json()["order"] == 3  # after p0, p1, p2 (orders 0–2)
    assert response["ETag"] == '"1"'
    assert scenario_version(scenario) == 2


def test_a_duplicate_key_is_refused_and_nothing_changes(api, scenario, editor):
    party = {"key": "p0", "name": "Again", "short": "AG", "capability": 1, "reservation": 1}
    response = api(editor).post(f"{BASE}/parties/", party, format="json")
    assert response.status_code == 400
    assert "already exists" in str(response.json()["fields"])
    assert Party.objects.filter(scenario=scenario).count() == 3
    assert scenario_version(scenario) == 1


def test_parties_filter_by_role_and_order_by_reservation(api, scenario, viewer):
    roles = api(viewer).get(f"{BASE}/parties/", {"role": "principal"}).json()["results"]
    assert {p["role"] for p in roles} == {"principal"}
    ordered = api(viewer).get(f"{BASE}/parties/", {"ordering": "-reservation"}).json()["results"]
    reservations = [p["reservation"] for p in ordered]
    assert reservations == sorted(reservations, reverse=True)


def test_lists_page_with_limit_and_offset(api, scenario, viewer):
    page = api(viewer).get(f"{BASE}/valuations/", {"limit": 5, "offset": 5}).json()
    assert page["count"] == 27
    assert len(page["results"]) == 5
    assert "offset=10" in page["next"]


def test_an_option_is_added_to_the_issue_named_by_key(api, scenario, editor):
    option = {"key": "i1-new", "issue": "i1", "label": "New", "position": 40}
    response = api(editor).post(f"{BASE}/options/", option, format="json")
    assert response.status_code == 201
    assert Option.objects.get(key="i1-new").issue.key == "i1"
    listed = api(editor).get(f"{BASE}/options/", {"issue": "i1"}).json()["results"]
    assert [o["key"] for o in listed][-1] == "i1-new"


def test_an_option_on_an_unknown_issue_is_refused(api, scenario, editor):
    option = {"key": "x", "issue": "nowhere", "label": "New", "position": 40}
    response = api(editor).post(f"{BASE}/options/", option, format="json")
    assert response.status_code == 400
    assert "nowhere" in response.json()["fields"]["issue"][0]


def test_an_issue_named_by_text_no_key_can_be_is_refused_without_touching_the_database(api, scenario, editor):
    # Found by the schema test on PostgreSQL, which refused to even look up text holding a NUL.
    option = {"key": "x", "issue": "i0\u0000", "label": "New", "position": 40}
    response = api(editor).post(f"{BASE}/options/", option, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["issue"] == ["Object with key=i0\x00 does not exist."]
    assert not scenario.issues.get(key="i0").options.filter(key="x").exists()


def test_an_option_stays_on_its_issue(api, scenario, editor):
    response = api(editor).patch(f"{BASE}/options/i0-o0/", {"issue": "i1"}, format="json")
    assert response.status_code == 400
    assert "issue" in response.json()["fields"]


def test_keys_are_permanent(api, scenario, editor):
    response = api(editor).patch(f"{BASE}/issues/i0/", {"key": "renamed"}, format="json")
    assert response.status_code == 400
    assert "'i0'" in response.json()["fields"]["key"][0]


def test_an_issue_is_renamed_with_if_match(api, scenario, editor):
    response = api(editor).patch(
        f"{BASE}/issues/i0/", {"name": "Ceasefire"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Ceasefire"
    assert response["ETag"] == '"2"'


def test_deleting_a_party_needs_its_current_version(api, scenario, editor):
    assert api(editor).delete(f"{BASE}/parties/p2/", HTTP_IF_MATCH='"5"').status_code == 412
    assert api(editor).delete(f"{BASE}/parties/p2/", HTTP_IF_MATCH='"1"').status_code == 204
    assert not Party.objects.filter(scenario=scenario, key="p2").exists()


def test_a_stance_is_addressed_by_party_and_issue(api, scenario, viewer):
    response = api(viewer).get(f"{BASE}/stances/p1/i2/")
    stance = Stance.objects.get(party__key="p1", issue__key="i2", party__scenario=scenario)
    assert response.json()["weight"] == stance.weight
    assert response["ETag"] == f'"{stance.version}"'


def test_put_replaces_a_stance_and_refuses_a_stale_one(api, scenario, editor):
    url = f"{BASE}/stances/p1/i2/"
    first = api(editor).put(
        url, {"weight": 7, "rationale": "Core interest"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert first.status_code == 200
    stale = api(editor).put(url, {"weight": 1}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["current"]["weight"] == 7


def test_put_creates_a_missing_stance(api, scenario, editor):
    Stance.objects.filter(party__key="p0", issue__key="i0", party__scenario=scenario).delete()
    response = api(editor).put(f"{BASE}/stances/p0/i0/", {"weight": 2}, format="json")
    assert response.status_code == 201
    assert Stance.objects.get(party__key="p0", issue__key="i0", party__scenario=scenario).weight == 2


def test_a_negative_weight_is_refused_with_the_field_named(api, scenario, editor):
    response = api(editor).patch(f"{BASE}/stances/p0/i0/", {"weight": -1}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["weight"]


def test_stances_of_an_unknown_party_are_not_found(api, scenario, editor):
    assert api(editor).put(f"{BASE}/stances/nobody/i0/", {"weight": 2}, format="json").status_code == 404


def test_valuations_filter_by_issue_and_red_line(api, scenario, viewer):
    rows = api(viewer).get(f"{BASE}/valuations/", {"issue": "i1", "party": "p0"}).json()["results"]
    assert [(v["party"], v["option"]) for v in rows] == [("p0", "i1-o0"), ("p0", "i1-o1"), ("p0", "i1-o2")]


def test_a_valuation_is_changed_through_the_service(api, scenario, editor):
    url = f"{BASE}/valuations/p0/i1-o1/"
    response = api(editor).patch(url, {"utility": 88, "red_line": True}, format="json")
    assert response.status_code == 200
    valuation = Valuation.objects.get(party__key="p0", option__key="i1-o1", party__scenario=scenario)
    assert (valuation.utility, valuation.red_line, valuation.version) == (88, True, 2)
    assert scenario_version(scenario) == 2


def test_a_utility_out_of_range_is_refused(api, scenario, editor):
    response = api(editor).patch(f"{BASE}/valuations/p0/i1-o1/", {"utility": 140}, format="json")
    assert response.status_code == 400
    assert "utility" in response.json()["fields"]
