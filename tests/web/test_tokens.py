"""The API token page: create, regenerate and revoke a token; its key is shown once."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

PAGE = "/account/token/"


def api_status(client, key: str) -> int:
    """What the API answers a client presenting `key`."""
    return client.get("/api/scenarios/", headers={"Authorization": f"Token {key}"}).status_code


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PAGE}"
    assert client.post(PAGE, {"action": "create"}).status_code == 302
    assert not Token.objects.exists()


def test_a_user_without_a_token_is_offered_one(client, owner):
    client.force_login(owner)

    page = client.get(PAGE).content.decode()

    assert "You have no API token." in page
    assert "Create a token" in page


def test_a_new_token_is_shown_once_and_then_only_its_beginning(client, owner):
    client.force_login(owner)

    shown = client.post(PAGE, {"action": "create"}, follow=True).content.decode()
    again = client.get(PAGE).content.decode()

    key = Token.objects.get(user=owner).key
    assert f'value="{key}"' in shown
    assert "shown only this once" in shown
    assert key not in again
    assert f"beginning <code>{key[:4]}…</code>" in again


def test_the_created_token_lets_a_client_in(client, owner):
    client.force_login(owner)
    client.post(PAGE, {"action": "create"})
    key = Token.objects.get(user=owner).key
    client.logout()

    assert api_status(client, key) == 200


def test_regenerating_replaces_the_key_and_the_old_one_stops_working(client, owner):
    client.force_login(owner)
    client.post(PAGE, {"action": "create"})
    old = Token.objects.get(user=owner).key

    shown = client.post(PAGE, {"action": "regenerate"}, follow=True).content.decode()

    new = Token.objects.get(user=owner).key
    assert new != old
    assert f'value="{new}"' in shown
    client.logout()
    assert api_status(client, old) == 401
    assert api_status(client, new) == 200


def test_revoking_deletes_the_token(client, owner):
    client.force_login(owner)
    client.post(PAGE, {"action": "create"})
    key = Token.objects.get(user=owner).key

    page = client.post(PAGE, {"action": "revoke"}, follow=True).content.decode()

    assert "Token revoked" in page
    assert "You have no API token." in page
    assert not Token.objects.filter(user=owner).exists()
    client.logout()
    assert api_status(client, key) == 401


def test_an_unknown_action_is_named_and_changes_nothing(client, owner):
    client.force_login(owner)
    client.post(PAGE, {"action": "create"})
    key = Token.objects.get(user=owner).key

    page = client.post(PAGE, {"action": "steal"}, follow=True).content.decode()

    assert "Unknown action &#x27;steal&#x27;; use create, regenerate or revoke." in page
    assert Token.objects.get(user=owner).key == key


def test_each_user_manages_only_their_own_token(client, owner, viewer):
    client.force_login(owner)
    client.post(PAGE, {"action": "create"})
    client.force_login(viewer)

    client.post(PAGE, {"action": "revoke"})

    assert Token.objects.filter(user=owner).exists()
    assert "You have no API token." in client.get(PAGE).content.decode()


@pytest.mark.parametrize("has_token", [False, True])
def test_the_page_costs_a_fixed_number_of_queries(client, owner, has_token, django_assert_num_queries):
    client.force_login(owner)
    if has_token:
        Token.objects.create(user=owner)

    # session, user, token (looking for a one-time key that is not there writes nothing)
    with django_assert_num_queries(3):
        assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize(("action", "queries"), [("create", 11), ("regenerate", 12), ("revoke", 5)])
def test_each_action_costs_a_fixed_number_of_queries(
    client, owner, action, queries, django_assert_num_queries
):
    client.force_login(owner)
    if action != "create":
        Token.objects.create(user=owner)

    with django_assert_num_queries(queries):
        assert client.post(PAGE, {"action": action}).status_code == 302


def test_other_methods_are_refused(client, owner):
    client.force_login(owner)

    assert client.delete(PAGE).status_code == 405
