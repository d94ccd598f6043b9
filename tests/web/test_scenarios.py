"""The scenario list (mine, shared with me, public), create, import, clone and export; sign in/out."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from negotiations.models import Party, Scenario
from negotiations.scenario_document import document_dumps, document_export, document_import
from tests.documents import make_document
from tests.factories import ScenarioFactory, UserFactory
from tests.web.people import PEOPLE, READERS, signed_in_as

LIST = "/"


def upload(document: dict | str, name: str = "scenario.json") -> SimpleUploadedFile:
    text = document if isinstance(document, str) else json.dumps(document)
    return SimpleUploadedFile(name, text.encode(), content_type="application/json")


def section(page: str, heading: str) -> str:
    """The part of the list page under one group heading."""
    start = page.index(f">{heading}</h2>")
    end = page.find("<h2", start + 1)
    return page[start : end if end != -1 else None]


# ---------------------------------------------------------------------------------------------
# Signing in and out


def test_signing_in_leads_to_the_scenario_list(client, owner):
    response = client.post("/accounts/login/", {"username": "owner", "password": "correct horse battery"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert b"Sign out owner" in client.get(LIST).content


def test_a_wrong_password_is_refused_with_a_message(client, owner):
    response = client.post("/accounts/login/", {"username": "owner", "password": "wrong"})

    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert b"Sign out" not in client.get(LIST).content


def test_signing_out_ends_the_session(client, owner):
    client.force_login(owner)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get(LIST).content
    assert b"Sign out" not in page
    assert b"Sign in" in page


# ---------------------------------------------------------------------------------------------
# The list


def test_the_list_groups_scenarios_as_mine_shared_and_public(client, scenario, editor, owner):
    ScenarioFactory(name="Editor own", owner=editor)
    ScenarioFactory(name="Open to all", owner=owner, is_public=True)
    ScenarioFactory(name="Someone else secret", owner=owner)
    client.force_login(editor)

    page = client.get(LIST).content.decode()

    assert "Editor own" in section(page, "Mine")
    assert scenario.name in section(page, "Shared with me")
    assert "you are editor" in section(page, "Shared with me")
    assert "Open to all" in section(page, "Public")
    assert "Someone else secret" not in page


def test_anonymous_visitors_see_only_public_scenarios_and_no_forms(client, scenario, owner):
    ScenarioFactory(name="Open to all", owner=owner, is_public=True)

    page = client.get(LIST).content.decode()

    assert "Open to all" in section(page, "Public")
    assert scenario.name not in page
    assert "Create a scenario" not in page
    assert "Sign in</a> to create, import or clone" in page


def test_an_outsider_never_sees_a_private_scenario(client, scenario, outsider):
    client.force_login(outsider)

    page = client.get(LIST).content.decode()

    assert scenario.name not in page
    assert scenario.slug not in page


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_costs_the_same_queries_however_many_scenarios(
    client, owner, viewer, count, django_assert_num_queries
):
    for n in range(count):
        ScenarioFactory(name=f"Mine {n}", owner=owner)
        ScenarioFactory(name=f"Public {n}", owner=viewer, is_public=True)
    client.force_login(owner)

    # session, user, the scenarios with owner and membership role
    with django_assert_num_queries(3):
        response = client.get(LIST)
    assert response.content.decode().count('class="scenario-item"') == 2 * count


# ---------------------------------------------------------------------------------------------
# Create


def test_creating_a_scenario_makes_it_private_and_mine(client, owner):
    client.force_login(owner)

    response = client.post("/scenarios/new/", {"name": "Arctic fisheries", "summary": "Quotas."})

    scenario = Scenario.objects.get(name="Arctic fisheries")
    assert response.status_code == 302
    assert response["Location"] == f"/s/{scenario.slug}/"
    assert (scenario.owner, scenario.is_public, scenario.summary) == (owner, False, "Quotas.")
    assert "Arctic fisheries" in section(client.get(LIST).content.decode(), "Mine")


def test_a_name_without_letters_still_gets_a_working_address(client, owner):
    client.force_login(owner)

    response = client.post("/scenarios/new/", {"name": "???"})

    scenario = Scenario.objects.get(name="???")
    assert response.status_code == 302
    assert client.get(f"/s/{scenario.slug}/").status_code == 200


def test_creating_without_a_name_names_the_field_and_creates_nothing(client, owner):
    client.force_login(owner)

    response = client.post("/scenarios/new/", {"name": "", "summary": "No name"})

    assert response.status_code == 400
    assert "Name: This field is required." in response.content.decode()
    assert not Scenario.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_to_create(client, db):
    response = client.post("/scenarios/new/", {"name": "Arctic fisheries"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Scenario.objects.exists()


# ---------------------------------------------------------------------------------------------
# Import


def test_importing_a_document_creates_the_scenario_with_its_content(client, owner):
    client.force_login(owner)
    document = make_document(slug="imported", parties=4)

    response = client.post("/scenarios/import/", {"document": upload(document)})

    scenario = Scenario.objects.get(slug="imported")
    assert response.status_code == 302
    assert response["Location"] == "/s/imported/"
    assert scenario.owner == owner
    assert scenario.parties.count() == 4


def test_a_bad_document_shows_every_error_with_its_path_and_imports_nothing(client, owner):
    client.force_login(owner)
    document = make_document(slug="broken")
    document["issues"][2]["options"][0]["position"] = 140
    document["parties"][1]["capability"] = "high"

    response = client.post("/scenarios/import/", {"document": upload(document)})

    page = response.content.decode()
    assert response.status_code == 400
    assert "the document has 2 errors" in page
    assert "issues[2].options[0].position: must be between 0 and 100, got 140" in page
    assert "parties[1].capability:" in page
    assert not Scenario.objects.exists()
    assert not Party.objects.exists()


def test_a_file_that_is_not_json_is_refused_by_name(client, owner):
    client.force_login(owner)

    response = client.post("/scenarios/import/", {"document": upload("{not json")})

    assert response.status_code == 400
    assert "$: not valid JSON" in response.content.decode()
    assert not Scenario.objects.exists()


def test_importing_without_a_file_names_the_field(client, owner):
    client.force_login(owner)

    response = client.post("/scenarios/import/", {})

    assert response.status_code == 400
    assert "Document: This field is required." in response.content.decode()


def test_anonymous_visitors_cannot_import(client, db):
    response = client.post("/scenarios/import/", {"document": upload(make_document(slug="x"))})

    assert response.status_code == 302
    assert not Scenario.objects.exists()


# ---------------------------------------------------------------------------------------------
# Clone and export


@pytest.mark.parametrize("who", READERS)
def test_members_clone_a_scenario_into_a_private_copy_of_their_own(client, request, scenario, who):
    signed_in_as(client, request, who)
    user = request.getfixturevalue(who)

    response = client.post(f"/s/{scenario.slug}/clone/")

    copy = Scenario.objects.exclude(pk=scenario.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/s/{copy.slug}/"
    assert (copy.owner, copy.is_public, copy.name) == (user, False, f"{scenario.name} (copy)")
    original, cloned = document_export(scenario), document_export(copy)
    assert cloned["parties"] == original["parties"]
    assert cloned["valuations"] == original["valuations"]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_private_scenario_cannot_be_cloned_or_exported_by_non_members(client, request, scenario, who):
    signed_in_as(client, request, who)

    clone = client.post(f"/s/{scenario.slug}/clone/")
    export = client.get(f"/s/{scenario.slug}/export/")

    assert clone.status_code == (302 if who == "anonymous" else 404)  # anonymous: sign in first
    assert export.status_code == 404
    assert Scenario.objects.count() == 1


def test_anyone_signed_in_may_clone_a_public_scenario(client, scenario, outsider):
    scenario.is_public = True
    scenario.save()
    client.force_login(outsider)

    assert client.post(f"/s/{scenario.slug}/clone/").status_code == 302
    assert Scenario.objects.filter(owner=outsider).count() == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_export_downloads_the_scenario_document_to_whoever_may_read_it(client, request, scenario, who):
    scenario.is_public = True
    scenario.save()
    signed_in_as(client, request, who)

    response = client.get(f"/s/{scenario.slug}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="private-scenario.json"'
    assert response.content.decode() == document_dumps(document_export(scenario))


def test_an_exported_document_imports_back_to_the_same_scenario(client, owner, scenario):
    client.force_login(owner)
    exported = json.loads(client.get(f"/s/{scenario.slug}/export/").content)
    exported["scenario"]["slug"] = "round-trip"

    client.post("/scenarios/import/", {"document": upload(exported)})

    again = document_export(Scenario.objects.get(slug="round-trip"))
    assert {k: v for k, v in again.items() if k != "scenario"} == {
        k: v for k, v in exported.items() if k != "scenario"
    }


@pytest.mark.parametrize("size", [{}, {"parties": 8, "issues": 10, "options": 4, "packages": 12}])
def test_export_costs_the_same_queries_on_small_and_large_scenarios(
    client, owner, size, django_assert_num_queries
):
    scenario = document_import(document=make_document(slug="sized", **size), owner=owner)
    client.force_login(owner)

    # scenario, session, user, then the document: parties, issues, options, stances, valuations,
    # packages, choices and the options they choose
    with django_assert_num_queries(11):
        assert client.get(f"/s/{scenario.slug}/export/").status_code == 200


def test_the_list_offers_clone_and_export_for_each_scenario(client, scenario, viewer):
    client.force_login(viewer)

    page = client.get(LIST).content.decode()

    assert f'action="/s/{scenario.slug}/clone/"' in page
    assert f'href="/s/{scenario.slug}/export/"' in page


def test_a_second_user_is_not_shown_the_first_users_scenarios(client, owner):
    ScenarioFactory(name="Owner draft", owner=owner)
    client.force_login(UserFactory(username="newcomer"))

    assert "Owner draft" not in client.get(LIST).content.decode()


LARGE = {"parties": 8, "issues": 10, "options": 4, "packages": 12}


@pytest.mark.parametrize("size", [{}, LARGE], ids=["small", "large"])
def test_import_and_clone_cost_the_same_queries_on_small_and_large_documents(
    client, owner, size, django_assert_num_queries
):
    client.force_login(owner)
    document = make_document(slug="sized", **size)

    with django_assert_num_queries(13):
        assert client.post("/scenarios/import/", {"document": upload(document)}).status_code == 302
    with django_assert_num_queries(22):  # the export's reads, then the import's writes
        assert client.post("/s/sized/clone/").status_code == 302


def test_creating_costs_a_fixed_number_of_queries(client, owner, django_assert_num_queries):
    client.force_login(owner)

    with django_assert_num_queries(11):
        assert client.post("/scenarios/new/", {"name": "Arctic fisheries"}).status_code == 302


@pytest.mark.parametrize(("url", "queries"), [("/accounts/login/", 2), ("/accounts/logout/", 4)])
def test_signing_in_and_out_cost_a_fixed_number_of_queries(
    client, owner, url, queries, django_assert_num_queries
):
    client.force_login(owner)

    with django_assert_num_queries(queries):
        (client.get if url.endswith("login/") else client.post)(url)
