from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from negotiations import services
from negotiations.access import Role
from negotiations.models import Membership, Scenario
from negotiations.selectors import scenario_for_user, scenario_problem, scenarios_for_user
from tests.test_fixed_queries import fields_of


def test_scenario_problem_follows_an_edited_weight(scenario):
    party, issue = scenario.parties.get(key="p0"), scenario.issues.get(key="i0")
    before = scenario_problem(scenario).raw_weights[0, 0]

    services.stance_set(party=party, issue=issue, weight=before + 7)
    scenario.refresh_from_db()

    assert scenario_problem(scenario).raw_weights[0, 0] == before + 7


def test_scenario_problem_follows_an_admin_edit(scenario, owner, client):
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    party = scenario.parties.get(key="p0")
    scenario_problem(scenario)

    response = client.post(f"/admin/negotiations/party/{party.pk}/delete/", {"post": "yes"}, follow=False)
    scenario.refresh_from_db()

    assert response.status_code == 302
    assert "p0" not in scenario_problem(scenario).party_keys


def test_outsiders_get_404_for_a_private_scenario(scenario, outsider):
    with pytest.raises(Http404):
        scenario_for_user(outsider, scenario.slug)


def test_viewers_may_read_but_not_write(scenario, viewer):
    assert scenario_for_user(viewer, scenario.slug)[1] == Role.VIEWER
    with pytest.raises(PermissionDenied):
        scenario_for_user(viewer, scenario.slug, need=Role.EDITOR)


def test_each_member_gets_their_own_role(scenario, viewer, editor, owner):
    assert scenario_for_user(viewer, scenario.slug)[1] == Role.VIEWER
    assert scenario_for_user(editor, scenario.slug)[1] == Role.EDITOR
    assert scenario_for_user(owner, scenario.slug)[1] == Role.OWNER


def test_anonymous_callers_may_read_a_public_scenario_only(scenario):
    with pytest.raises(Http404):
        scenario_for_user(AnonymousUser(), scenario.slug)
    scenario.is_public = True
    scenario.save()
    assert scenario_for_user(AnonymousUser(), scenario.slug)[1] == Role.PUBLIC


def test_an_unknown_slug_gets_404(db, viewer):
    with pytest.raises(Http404):
        scenario_for_user(viewer, "no-such-scenario")


def test_the_scenario_comes_with_every_field_as_stored(scenario, viewer):
    scenario.sources = [{"title": "A source", "url": "https://example.org/"}]
    scenario.save()
    stored = Scenario.objects.get(pk=scenario.pk)

    found, _ = scenario_for_user(viewer, scenario.slug)

    assert fields_of(found) == fields_of(stored)
    assert found.is_public is False
    assert found.created.tzinfo is not None


def test_a_removed_member_is_refused_at_once(scenario, viewer):
    scenario_for_user(viewer, scenario.slug)
    Membership.objects.filter(scenario=scenario, user=viewer).delete()
    with pytest.raises(Http404):
        scenario_for_user(viewer, scenario.slug)


def test_a_changed_role_applies_at_once(scenario, viewer):
    Membership.objects.filter(scenario=scenario, user=viewer).update(role=Membership.Role.EDITOR)
    assert scenario_for_user(viewer, scenario.slug, need=Role.EDITOR)[1] == Role.EDITOR


def test_the_list_shows_a_private_scenario_to_its_members_only(scenario, viewer, outsider):
    assert [s.membership_role for s in scenarios_for_user(viewer)] == ["viewer"]
    assert list(scenarios_for_user(outsider)) == []


def test_the_list_shows_a_public_scenario_with_several_members_once(scenario, viewer, outsider):
    scenario.is_public = True
    scenario.save()

    for user in (viewer, outsider, AnonymousUser()):
        assert list(scenarios_for_user(user)) == [scenario]
