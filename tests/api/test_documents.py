"""The scenario document over HTTP: exact export, import, and all-or-nothing replacement."""

from __future__ import annotations

import json

from negotiations.models import Party, Scenario
from negotiations.scenario_document import document_dumps, document_export
from tests.documents import make_document

DOCUMENT = "/api/scenarios/private-scenario/document/"
IMPORT = "/api/scenarios/import/"


def put_json(client, url, document, **headers):
    return client.put(url, json.dumps(document), content_type="application/json", **headers)


def post_json(client, url, document):
    return client.post(url, json.dumps(document), content_type="application/json")


def test_get_returns_exactly_the_canonical_export_with_its_etag(api, scenario, viewer):
    response = api(viewer).get(DOCUMENT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == document_dumps(document_export(scenario)).encode()
    assert response["ETag"] == f'"{scenario.version}"'


def test_import_creates_a_scenario_owned_by_the_caller(api, outsider):
    response = post_json(api(outsider), IMPORT, make_document(slug="imported", parties=4))
    assert response.status_code == 201
    assert response["Location"].endswith("/api/scenarios/imported/")
    scenario = Scenario.objects.get(slug="imported")
    assert scenario.owner == outsider
    assert scenario.parties.count() == 4


def test_exported_document_imports_and_exports_to_the_same_bytes(api, scenario, owner):
    exported = api(owner).get(DOCUMENT).content
    copy = json.loads(exported)
    copy["scenario"]["slug"] = "copy"
    location = post_json(api(owner), IMPORT, copy)["Location"]
    again = api(owner).get(f"{location}document/").content
    assert again == exported.replace(b'"slug": "private-scenario"', b'"slug": "copy"')


def test_a_bad_document_gets_every_error_with_its_path_and_changes_nothing(api, outsider):
    document = make_document(slug="broken")
    document["parties"][0]["capability"] = 140
    document["issues"][1]["options"][0]["key"] = "Bad Key"
    document["packages"][0]["choices"]["i0"] = "i2-o0"
    response = post_json(api(outsider), IMPORT, document)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "parties[0].capability: must be between 0 and 100, got 140" in errors
    assert any(e.startswith("issues[1].options[0].key:") for e in errors)
    assert any(e.startswith("packages[0].choices.i0:") for e in errors)
    assert not Scenario.objects.filter(slug="broken").exists()


def test_text_that_is_not_json_is_refused_with_a_path(api, outsider):
    response = api(outsider).post(IMPORT, b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("$: not valid JSON")


def test_anonymous_clients_cannot_import(api, db):
    assert post_json(api(None), IMPORT, make_document(slug="anon")).status_code == 401
    assert not Scenario.objects.exists()


def test_put_replaces_the_content_when_if_match_is_current(api, scenario, editor):
    document = make_document(slug="ignored", parties=5, issues=2)
    response = put_json(api(editor), DOCUMENT, document, HTTP_IF_MATCH=f'"{scenario.version}"')
    assert response.status_code == 200
    scenario.refresh_from_db()
    assert response["ETag"] == f'"{scenario.version}"'
    assert scenario.slug == "private-scenario"
    assert scenario.parties.count() == 5
    assert response.content == document_dumps(document_export(scenario)).encode()


def test_put_with_a_stale_if_match_changes_nothing(api, scenario, editor):
    api(editor).patch("/api/scenarios/private-scenario/parties/p0/", {"name": "Moved on"}, format="json")
    response = put_json(api(editor), DOCUMENT, make_document(parties=5), HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json()["current_version"] == 2
    assert Party.objects.filter(scenario=scenario).count() == 3


def test_put_of_a_bad_document_changes_nothing(api, scenario, editor):
    document = make_document()
    document["stances"][0]["party"] = "ghost"
    response = put_json(api(editor), DOCUMENT, document)
    assert response.status_code == 400
    assert any("'ghost'" in e for e in response.json()["errors"])
    assert Scenario.objects.get(pk=scenario.pk).version == scenario.version
    assert api(editor).get(DOCUMENT).content == document_dumps(document_export(scenario)).encode()


def test_viewers_cannot_replace_the_document(api, scenario, viewer):
    assert put_json(api(viewer), DOCUMENT, make_document()).status_code == 403


def test_keys_that_are_not_strings_are_reported_with_their_paths(api, outsider):
    document = make_document(slug="odd-keys")
    document["issues"][0]["key"] = {"not": "a key"}
    document["packages"][1]["key"] = ["nor", "this"]

    response = post_json(api(outsider), IMPORT, document)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e.startswith("issues[0].key:") for e in errors)
    assert any(e.startswith("packages[1].key:") for e in errors)
    assert not Scenario.objects.filter(slug="odd-keys").exists()


def test_options_on_the_document_describe_it_without_failing(api, scenario, viewer):
    response = api(viewer).options(DOCUMENT)

    assert response.status_code == 200
    assert response.json()["name"] == "Scenario Document"


def test_a_client_holding_the_current_document_gets_304_and_a_changed_one_gets_the_new_text(
    api, scenario, viewer, editor
):
    held = api(viewer).get(DOCUMENT)

    again = api(viewer).get(DOCUMENT, HTTP_IF_NONE_MATCH=held["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == held["ETag"]

    api(editor).patch("/api/scenarios/private-scenario/parties/p0/", {"name": "Renamed"}, format="json")
    changed = api(viewer).get(DOCUMENT, HTTP_IF_NONE_MATCH=held["ETag"])
    assert changed.status_code == 200
    assert json.loads(changed.content)["parties"][0]["name"] == "Renamed"
    assert changed.content == document_dumps(document_export(scenario)).encode()
