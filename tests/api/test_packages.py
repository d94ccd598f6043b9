"""Packages and their choices over the API."""

from __future__ import annotations

from negotiations.models import Package

PACKAGES = "/api/scenarios/private-scenario/packages/"


def test_a_package_lists_every_issue_with_open_ones_null(api, scenario, editor):
    response = api(editor).post(
        PACKAGES, {"name": "Ceasefire first", "choices": {"i0": "i0-o1"}}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["key"] == "ceasefire-first"
    assert body["choices"] == {"i0": "i0-o1", "i1": None, "i2": None}
    assert body["author"] == "editor"


def test_choices_naming_the_wrong_issue_are_refused(api, scenario, editor):
    response = api(editor).post(
        PACKAGES, {"name": "Odd", "choices": {"i0": "i1-o1", "nope": None}}, format="json"
    )
    assert response.status_code == 400
    messages = response.json()["fields"]["choices"]
    assert any("'nope'" in m for m in messages)
    assert any("'i1-o1'" in m and "'i0'" in m for m in messages)
    assert not Package.objects.filter(name="Odd").exists()


def test_patch_changes_only_the_named_choices(api, scenario, editor):
    response = api(editor).patch(
        f"{PACKAGES}pkg0/", {"choices": {"i1": None}}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    assert response.json()["choices"] == {"i0": "i0-o2", "i1": None, "i2": "i2-o2"}
    assert response["ETag"] == '"2"'


def test_put_replaces_the_package_leaving_unnamed_issues_open(api, scenario, editor):
    body = {"name": "Renamed", "notes": "", "choices": {"i2": "i2-o0"}}
    response = api(editor).put(f"{PACKAGES}pkg0/", body, format="json")
    assert response.status_code == 200
    assert response.json()["choices"] == {"i0": None, "i1": None, "i2": "i2-o0"}


def test_a_stale_write_is_refused_with_the_package_as_it_is(api, scenario, editor):
    api(editor).patch(f"{PACKAGES}pkg0/", {"name": "Theirs"}, format="json")
    response = api(editor).patch(f"{PACKAGES}pkg0/", {"name": "Mine"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response["ETag"] == '"2"'
    assert response.json()["current"]["name"] == "Theirs"
    assert Package.objects.get(scenario=scenario, key="pkg0").name == "Theirs"


def test_viewers_read_but_do_not_write(api, scenario, viewer):
    assert api(viewer).get(f"{PACKAGES}pkg0/").status_code == 200
    assert api(viewer).patch(f"{PACKAGES}pkg0/", {"name": "X"}, format="json").status_code == 403


def test_a_key_that_could_never_exist_gets_the_api_s_json_404(api, scenario, viewer):
    response = api(viewer).get(f"{PACKAGES}No%20Such%20Key!/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
