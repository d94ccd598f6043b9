"""Members: the owner gives and takes roles; members see who else is in."""

from __future__ import annotations

from negotiations.models import Membership

MEMBERS = "/api/scenarios/private-scenario/members/"


def test_members_see_the_member_list(api, scenario, viewer):
    response = api(viewer).get(MEMBERS)
    assert [(m["user"], m["role"]) for m in response.json()["results"]] == [
        ("editor", "editor"),
        ("viewer", "viewer"),
    ]


def test_the_owner_adds_a_member(api, scenario, owner, outsider):
    response = api(owner).post(MEMBERS, {"user": "outsider", "role": "viewer"}, format="json")
    assert response.status_code == 201
    assert Membership.objects.get(scenario=scenario, user=outsider).role == "viewer"


def test_the_owner_changes_and_removes_a_role(api, scenario, owner, viewer):
    assert api(owner).put(f"{MEMBERS}viewer/", {"role": "editor"}, format="json").json()["role"] == "editor"
    assert api(owner).delete(f"{MEMBERS}viewer/").status_code == 204
    assert not Membership.objects.filter(scenario=scenario, user=viewer).exists()


def test_an_editor_cannot_manage_members(api, scenario, editor, outsider):
    response = api(editor).post(MEMBERS, {"user": "outsider", "role": "owner"}, format="json")
    assert response.status_code == 403
    assert not Membership.objects.filter(scenario=scenario, user=outsider).exists()


def test_unknown_users_and_roles_are_named(api, scenario, owner, outsider):
    assert (
        "'ghost'"
        in api(owner)
        .post(MEMBERS, {"user": "ghost", "role": "viewer"}, format="json")
        .json()["fields"]["user"][0]
    )
    response = api(owner).post(MEMBERS, {"user": "outsider", "role": "boss"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()["fields"]
