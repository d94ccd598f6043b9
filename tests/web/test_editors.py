"""Editors for parties, issues and options: each card saved in place, refusals explained.

A card posts to its own URL. With htmx (the HX-Request header) the answer is the card alone; a
plain form post is redirected back to the editor page on success, or shown the page with the
refusal in place.
"""

from __future__ import annotations

import pytest

from negotiations import services
from negotiations.models import Issue, Option, Party, Scenario
from negotiations.web.forms import IssueForm, OptionForm, PartyForm
from tests.web.people import HTMX, PEOPLE, READERS, WRITERS, signed_in_as

PARTIES = "/s/border-deal/edit/parties/"
ISSUES = "/s/border-deal/edit/issues/"
SAVE_ANA = "/s/border-deal/edit/parties/ana/"


def card(form_class, obj, **changes) -> dict:
    """What the card of `obj` posts when a person changes `changes` and presses Save."""
    form = form_class(
        instance=obj, prefix=f"{type(obj).__name__.lower()}-{obj.key}", initial={"version": obj.version}
    )
    values = {name: form[name].value() for name in form.fields} | changes
    return {form.add_prefix(name): "" if value is None else value for name, value in values.items()}


def ana() -> Party:
    return Party.objects.get(scenario__slug="border-deal", key="ana")


# ---------------------------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize("page", [PARTIES, ISSUES])
@pytest.mark.parametrize("who", PEOPLE)
def test_members_read_the_editors_of_a_private_scenario_and_others_get_404(client, request, deal, who, page):
    signed_in_as(client, request, who)

    response = client.get(page)

    assert response.status_code == (200 if who in READERS else 404)


@pytest.mark.parametrize(
    ("page", "shown"), [(PARTIES, ["Ana", "Bo", "Mia"]), (ISSUES, ["North border", "Line C", "Ridge"])]
)
@pytest.mark.parametrize("who", ["anonymous", "outsider", "viewer"])
def test_readers_see_the_content_without_any_edit_control(client, request, deal, who, page, shown):
    deal.is_public = True
    deal.save()
    signed_in_as(client, request, who)

    html = client.get(page).content.decode()
    main = html.split("<main", 1)[1]

    assert [name in main for name in shown] == [True] * len(shown)
    assert "hx-post" not in main
    assert "<input" not in main  # no field to type into
    assert "<textarea" not in main
    assert "Delete" not in main
    assert "Add a" not in main


@pytest.mark.parametrize("page", [PARTIES, ISSUES])
@pytest.mark.parametrize("who", WRITERS)
def test_writers_get_a_form_on_every_card(client, request, deal, who, page):
    signed_in_as(client, request, who)

    html = client.get(page).content.decode()

    cards = 3 if page == PARTIES else 2 + 5  # parties; or issues and their options
    assert html.count('class="entry-form"') == cards
    assert html.count("hx-post=") == 2 * cards  # save and delete on each


def test_a_party_card_shows_every_field_for_readers(client, deal, viewer):
    client.force_login(viewer)

    html = client.get(PARTIES).content.decode()

    for label in (
        "Name",
        "Short name",
        "Role",
        "Capability",
        "Reservation",
        "BATNA (best alternative)",
        "Colour",
    ):
        assert f"<dt>{label}</dt>" in html
    assert "<dd>#1c4e80</dd>" in html


# ---------------------------------------------------------------------------------------------
# Saving a card


def test_htmx_saves_a_party_and_gets_back_just_its_card(client, deal, editor):
    client.force_login(editor)
    before = ana().version

    response = client.post(
        SAVE_ANA, card(PartyForm, ana(), reservation=62, batna="Wait it out."), headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="party-ana"')
    assert "<html" not in html
    assert "Saved" in html
    assert (ana().reservation, ana().batna, ana().version) == (62, "Wait it out.", before + 1)
    assert response["Vary"].count("HX-Request") == 1


def test_a_plain_form_post_saves_and_returns_to_the_editor(client, deal, owner):
    client.force_login(owner)

    response = client.post(SAVE_ANA, card(PartyForm, ana(), name="Ana Republic"))

    assert response.status_code == 302
    assert response["Location"] == f"{PARTIES}#party-ana"
    assert ana().name == "Ana Republic"
    assert "Saved “Ana Republic”." in client.get(PARTIES).content.decode()


def test_saving_bumps_the_scenario_version(client, deal, editor):
    client.force_login(editor)
    before = Scenario.objects.get(pk=deal.pk).version

    client.post(SAVE_ANA, card(PartyForm, ana(), capability=70), headers=HTMX)

    assert Scenario.objects.get(pk=deal.pk).version == before + 1


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_an_invalid_value_names_the_field_and_the_value_and_changes_nothing(client, deal, editor, headers):
    client.force_login(editor)
    before = Party.objects.values().get(pk=ana().pk)

    response = client.post(SAVE_ANA, card(PartyForm, ana(), capability=140, colour="red"), headers=headers)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Capability “140”: Ensure this value is less than or equal to 100." in html
    assert "Colour “red”:" in html
    assert 'value="140"' in html  # what was typed stays beside the message
    assert Party.objects.values().get(pk=ana().pk) == before
    assert ("<html" in html) == (not headers)  # a plain post gets the whole page back


def test_a_stale_save_is_refused_with_both_values_and_overwrites_nothing(client, deal, editor, owner):
    stale = card(PartyForm, ana(), name="Ana (editor)")
    client.force_login(owner)
    client.post(SAVE_ANA, card(PartyForm, ana(), name="Ana (owner)"), headers=HTMX)
    client.force_login(editor)

    response = client.post(SAVE_ANA, stale, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this first." in html
    assert '<th scope="row">Name</th><td>Ana (editor)</td><td>Ana (owner)</td>' in html
    assert ana().name == "Ana (owner)"
    assert f'name="party-ana-version" value="{ana().version}"' in html  # the card is reloaded to retry


def test_a_stale_plain_post_shows_the_page_with_the_conflict(client, deal, editor, owner):
    stale = card(PartyForm, ana(), reservation=10)
    services.content_update(ana(), expected_version=None, reservation=70)
    client.force_login(editor)

    response = client.post(SAVE_ANA, stale)

    html = response.content.decode()
    assert response.status_code == 409
    assert "<h1>Parties</h1>" in html
    assert '<th scope="row">Reservation</th><td>10</td><td>70</td>' in html
    assert ana().reservation == 70


@pytest.mark.parametrize("who", ["viewer", "anonymous"])
def test_readers_of_a_public_scenario_may_not_save(client, request, deal, who):
    deal.is_public = True
    deal.save()
    signed_in_as(client, request, who)

    response = client.post(SAVE_ANA, card(PartyForm, ana(), name="Hijacked"), headers=HTMX)

    assert response.status_code == 403
    assert ana().name == "Ana"


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_non_members_get_404_for_every_write_to_a_private_scenario(client, request, deal, who):
    signed_in_as(client, request, who)
    writes = [
        (SAVE_ANA, card(PartyForm, ana(), name="Hijacked")),
        (f"{SAVE_ANA}delete/", {"version": ana().version}),
        ("/s/border-deal/add/parties/", {"new-party-key": "eve", "new-party-name": "Eve"}),
        (
            "/s/border-deal/add/options/to/north/",
            {"new-option-north-key": "x", "new-option-north-label": "X"},
        ),
    ]

    assert [client.post(url, data).status_code for url, data in writes] == [404] * 4
    assert ana().name == "Ana"
    assert Party.objects.count() == 3
    assert Option.objects.count() == 5


def test_the_key_cannot_be_changed_once_chosen(client, deal, editor):
    client.force_login(editor)

    client.post(SAVE_ANA, card(PartyForm, ana()) | {"party-ana-key": "renamed"}, headers=HTMX)

    assert Party.objects.filter(key="ana").exists()
    assert not Party.objects.filter(key="renamed").exists()


def test_an_issue_and_an_option_are_saved_in_place(client, deal, editor):
    client.force_login(editor)
    north = Issue.objects.get(key="north")
    line_c = Option.objects.get(key="north-c")

    issue = client.post(
        "/s/border-deal/edit/issues/north/", card(IssueForm, north, name="Northern border"), headers=HTMX
    )
    option = client.post(
        "/s/border-deal/edit/options/north-c/",
        card(OptionForm, line_c, position=40, value=12, unit="km"),
        headers=HTMX,
    )

    assert (issue.status_code, option.status_code) == (200, 200)
    assert issue.content.decode().lstrip().startswith('<div id="issue-north"')
    assert option.content.decode().lstrip().startswith('<div id="option-north-c"')
    assert Issue.objects.get(key="north").name == "Northern border"
    assert Option.objects.values("position", "value", "unit").get(key="north-c") == {
        "position": 40,
        "value": 12,
        "unit": "km",
    }


def test_an_option_position_off_the_spectrum_is_refused(client, deal, editor):
    client.force_login(editor)

    response = client.post(
        "/s/border-deal/edit/options/north-c/",
        card(OptionForm, Option.objects.get(key="north-c"), position=-5),
        headers=HTMX,
    )

    assert response.status_code == 400
    assert "Position “-5”: Ensure this value is greater than or equal to 0." in response.content.decode()
    assert Option.objects.get(key="north-c").position == 50


# ---------------------------------------------------------------------------------------------
# A row deleted while someone edits it


@pytest.mark.parametrize("url", [SAVE_ANA, f"{SAVE_ANA}delete/"])
def test_editing_a_party_deleted_meanwhile_says_so_in_its_place(client, deal, editor, url):
    data = card(PartyForm, ana(), name="Too late")
    ana().delete()
    client.force_login(editor)

    response = client.post(url, data, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert html.lstrip().startswith('<div id="party-ana" class="entry">')
    assert "The party “ana” was deleted by someone else while you were editing it. Nothing was saved." in html
    assert not Party.objects.filter(key="ana").exists()


def test_without_javascript_a_deleted_row_sends_back_to_the_editor_with_the_message(client, deal, editor):
    data = card(OptionForm, Option.objects.get(key="north-c"), label="Too late")
    Option.objects.get(key="north-c").delete()
    client.force_login(editor)

    response = client.post("/s/border-deal/edit/options/north-c/", data, follow=True)

    assert response.redirect_chain == [(ISSUES, 302)]
    assert "The option “north-c” was deleted by someone else" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Adding and deleting


def test_adding_a_party_appends_it_and_returns_to_its_card(client, deal, editor):
    client.force_login(editor)
    data = {
        "new-party-key": "eve",
        "new-party-name": "Eve",
        "new-party-short": "E",
        "new-party-role": "observer",
        "new-party-capability": 5,
        "new-party-reservation": 0,
        "new-party-colour": "#333333",
    }

    response = client.post("/s/border-deal/add/parties/", data)

    assert response.status_code == 302
    assert response["Location"] == f"{PARTIES}#party-eve"
    eve = Party.objects.get(key="eve")
    assert (eve.role, eve.order) == ("observer", 3)
    assert "Added “Eve”." in client.get(PARTIES).content.decode()


def test_adding_a_party_with_a_bad_key_names_the_field_and_adds_nothing(client, deal, editor):
    client.force_login(editor)

    response = client.post(
        "/s/border-deal/add/parties/",
        {"new-party-key": "Not A Key", "new-party-name": "Eve", "new-party-short": "E"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Key “Not A Key”:" in html
    assert Party.objects.count() == 3


def test_adding_a_party_with_a_key_in_use_is_refused(client, deal, editor):
    client.force_login(editor)

    response = client.post(
        "/s/border-deal/add/parties/",
        {
            "new-party-key": "ana",
            "new-party-name": "Another Ana",
            "new-party-short": "A2",
            "new-party-role": "principal",
            "new-party-capability": 1,
            "new-party-reservation": 1,
            "new-party-colour": "#000000",
        },
    )

    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Party.objects.count() == 3


def test_adding_an_option_puts_it_under_its_issue(client, deal, editor):
    client.force_login(editor)
    data = {
        "new-option-south-key": "south-c",
        "new-option-south-label": "Valley",
        "new-option-south-position": 50,
    }

    response = client.post("/s/border-deal/add/options/to/south/", data)

    assert response.status_code == 302
    assert response["Location"] == f"{ISSUES}#option-south-c"
    valley = Option.objects.get(key="south-c")
    assert (valley.issue.key, valley.label, valley.order) == ("south", "Valley", 2)


def test_deleting_a_party_by_htmx_removes_its_card(client, deal, owner):
    client.force_login(owner)

    response = client.post(f"{SAVE_ANA}delete/", {"version": ana().version}, headers=HTMX)

    assert response.status_code == 200
    assert response.content == b""
    assert not Party.objects.filter(key="ana").exists()


def test_deleting_a_party_someone_just_changed_is_refused(client, deal, owner):
    seen = ana().version
    services.content_update(ana(), expected_version=None, name="Ana, renamed")
    client.force_login(owner)

    response = client.post(f"{SAVE_ANA}delete/", {"version": seen}, headers=HTMX)

    assert response.status_code == 409
    assert "Someone else saved this first." in response.content.decode()
    assert Party.objects.filter(key="ana").exists()


def test_a_plain_delete_returns_to_the_editor(client, deal, owner):
    client.force_login(owner)

    response = client.post(
        "/s/border-deal/edit/issues/south/delete/", {"version": Issue.objects.get(key="south").version}
    )

    assert response.status_code == 302
    assert response["Location"] == ISSUES
    assert not Issue.objects.filter(key="south").exists()
    assert not Option.objects.filter(key__startswith="south-").exists()


# ---------------------------------------------------------------------------------------------
# Queries


@pytest.mark.parametrize("page", ["parties", "issues"])
def test_each_editor_page_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, page, django_assert_num_queries
):
    client.force_login(editor)

    with django_assert_num_queries({"parties": 4, "issues": 5}[page]):
        assert client.get(f"/s/{sized_scenario.slug}/edit/{page}/").status_code == 200


MODELS = {"parties": (Party, PartyForm), "issues": (Issue, IssueForm), "options": (Option, OptionForm)}


# Validation runs twice (the form, then the service's full_clean), and each check constraint is
# a query: a party has four, so its save costs most.
@pytest.mark.parametrize(("kind", "queries"), [("parties", 35), ("issues", 11), ("options", 18)])
def test_saving_a_card_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, kind, queries, django_assert_num_queries
):
    model, form = MODELS[kind]
    obj = model.objects.filter(scenario=sized_scenario).last()
    client.force_login(editor)

    with django_assert_num_queries(queries):
        response = client.post(
            f"/s/{sized_scenario.slug}/edit/{kind}/{obj.key}/", card(form, obj), headers=HTMX
        )
    assert response.status_code == 200


@pytest.mark.parametrize(("kind", "queries"), [("parties", 36), ("issues", 12), ("options", 19)])
def test_a_refused_save_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, kind, queries, django_assert_num_queries
):
    model, form = MODELS[kind]
    obj = model.objects.filter(scenario=sized_scenario).last()
    stale = card(form, obj)
    services.content_update(obj, expected_version=None)
    client.force_login(editor)

    with django_assert_num_queries(queries):
        response = client.post(f"/s/{sized_scenario.slug}/edit/{kind}/{obj.key}/", stale, headers=HTMX)
    assert response.status_code == 409


@pytest.mark.parametrize(("kind", "queries"), [("parties", 11), ("issues", 15), ("options", 11)])
def test_deleting_a_card_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, owner, kind, queries, django_assert_num_queries
):
    model, _ = MODELS[kind]
    obj = model.objects.filter(scenario=sized_scenario).last()
    client.force_login(owner)

    with django_assert_num_queries(queries):
        response = client.post(
            f"/s/{sized_scenario.slug}/edit/{kind}/{obj.key}/delete/", {"version": obj.version}, headers=HTMX
        )
    assert response.status_code == 200


def test_adding_a_row_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, django_assert_num_queries
):
    client.force_login(editor)
    data = {"new-issue-key": "added", "new-issue-name": "Added issue"}

    with django_assert_num_queries(11):
        response = client.post(f"/s/{sized_scenario.slug}/add/issues/", data)
    assert response.status_code == 302
