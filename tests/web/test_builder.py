from __future__ import annotations

import re

import pytest
from django.test import Client

from negotiations import services
from negotiations.models import Package
from negotiations.selectors import scenario_problem

BUILDER = "/s/border-deal/builder/"
SAVE = "/s/border-deal/builder/save/"
RIVER = {"north": "north-a", "south": "south-a"}


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["owner", "editor", "viewer"])
def test_members_see_the_builder(client, deal, request, who):
    response = signed_in(client, request.getfixturevalue(who)).get(BUILDER)

    assert response.status_code == 200
    assert b"North border" in response.content
    assert b"Line A" in response.content


@pytest.mark.parametrize("who", ["outsider", None])
def test_outsiders_and_anonymous_get_404_on_a_private_scenario(client, deal, request, who):
    if who:
        signed_in(client, request.getfixturevalue(who))

    assert client.get(BUILDER).status_code == 404
    assert client.post(SAVE, {"name": "Mine", **RIVER}).status_code == 404
    assert Package.objects.filter(name="Mine").count() == 0


def test_anyone_may_read_a_public_scenario_but_not_save(client, deal):
    deal.is_public = True
    deal.save()

    response = client.get(BUILDER, RIVER)

    assert response.status_code == 200
    assert b"Save this package" not in response.content
    assert client.post(SAVE, {"name": "Mine", **RIVER}).status_code == 403


def test_viewers_see_no_save_form_and_cannot_save(client, deal, viewer):
    signed_in(client, viewer)

    assert b"Save this package" not in client.get(BUILDER).content
    assert client.post(SAVE, {"name": "Mine", **RIVER}).status_code == 403
    assert not Package.objects.filter(name="Mine").exists()


def test_it_scores_a_complete_package_for_every_party(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, RIVER).content.decode()

    assert "score 75.0 · reservation 50.0 · surplus 25.0" in page  # Ana
    assert "score 60.0 · reservation 55.0 · surplus 5.0" in page  # Bo
    assert "mediator, no veto" in page  # Mia does not veto
    assert "Every principal accepts: in the ZOPA" in page
    assert "Nash product 125.0" in page


def test_it_names_a_crossed_red_line_in_words(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, {"north": "north-b", "south": "south-b"}).content.decode()

    assert "Red line crossed: Line B" in page
    assert "A principal walks away: outside the ZOPA" in page


def test_the_breakdown_shows_weight_times_utility_per_issue(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, RIVER).content.decode()

    assert "<details" in page
    assert "0.75 × 100 = 75.0" in page  # Ana on the north border
    assert "0.5 × 20 = 10.0" in page  # Bo on the north border
    assert "0.25 × 0 = 0.0" in page  # Ana on the south border


def test_the_breakdown_can_be_linked_to(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, RIVER).content.decode()

    # A link ending in #breakdown lands on the table (browsers open the details around it).
    assert re.search(r'<details class="breakdown">.*<table id="breakdown">', page, re.S)


def test_open_issues_show_the_range_each_party_can_still_reach(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, {"north": "north-a", "south": ""}).content.decode()

    assert "between 75.0 and 100.0" in page  # Ana: 75 + 0.25 × [0, 100]
    assert "between 30.0 and 60.0" in page  # Bo: 10 + 0.5 × [40, 100]
    assert "0.25 × ? = 0.0–25.0" in page
    assert "Undecided while issues are open" in page


def test_the_choices_in_the_link_are_checked_in_the_form(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, RIVER).content.decode()

    assert 'name="north" value="north-a" checked' in page
    assert 'name="south" value="south-a" checked' in page
    assert 'name="north" value="" checked' not in page


def test_an_unknown_option_is_named_and_its_issue_left_open(client, deal, owner):
    response = signed_in(client, owner).get(BUILDER, {"north": "north-z", "south": "south-a"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "&#x27;north-z&#x27; is not an option of issue &#x27;north&#x27;" in page
    assert 'name="north" value="" checked' in page


def test_htmx_gets_only_the_score_panel(client, deal, editor):
    response = signed_in(client, editor).get(BUILDER, RIVER, headers={"HX-Request": "true"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" not in page
    assert page.lstrip().startswith('<section id="score-panel"')
    assert "score 75.0" in page
    # The save form's hidden choices follow the panel, so the next save keeps what was picked.
    assert 'id="save-choices" hx-swap-oob="true"' in page
    assert '<input type="hidden" name="south" value="south-a">' in page


def test_without_htmx_the_same_url_renders_the_whole_page(client, deal, owner):
    response = signed_in(client, owner).get(BUILDER, RIVER)

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_it_opens_a_saved_package(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, {"package": "ridge-deal"}).content.decode()

    assert "Opened saved package <strong>Ridge deal</strong>" in page
    assert 'name="north" value="north-b" checked' in page
    assert "score 25.0" in page


def test_an_opened_package_links_to_its_prospects_on_the_analysis_page(client, deal, owner):
    page = signed_in(client, owner).get(BUILDER, {"package": "ridge-deal"}).content.decode()

    link = re.search(r'<a href="([^"]*)">its trade suggestions, improvements', page).group(1)
    analysis = client.get(link.replace("&amp;", "&")).content.decode()
    assert '<option value="ridge-deal" selected>' in analysis
    assert "Tipping points" in analysis


def test_choices_in_the_link_override_the_opened_package(client, deal, owner):
    page = (
        signed_in(client, owner).get(BUILDER, {"package": "ridge-deal", "north": "north-a"}).content.decode()
    )

    assert 'name="north" value="north-a" checked' in page
    assert 'name="south" value="south-b" checked' in page


def test_an_unknown_package_is_404(client, deal, owner):
    assert signed_in(client, owner).get(BUILDER, {"package": "nope"}).status_code == 404


def test_an_editor_saves_a_new_package(client, deal, editor):
    response = signed_in(client, editor).post(SAVE, {"name": "Split", "north": "north-a", "south": "south-b"})

    package = Package.objects.get(scenario=deal, name="Split")
    assert response.status_code == 302
    assert response["Location"] == f"{BUILDER}?package={package.key}"
    assert {c.issue.key: c.option.key for c in package.choices.all()} == {
        "north": "north-a",
        "south": "south-b",
    }
    assert package.author == editor


def test_an_open_issue_is_saved_open(client, deal, editor):
    signed_in(client, editor).post(SAVE, {"name": "Half", "north": "north-b", "south": ""})

    package = Package.objects.get(scenario=deal, name="Half")
    assert [c.issue.key for c in package.choices.all()] == ["north"]


def test_saving_needs_a_name(client, deal, editor):
    response = signed_in(client, editor).post(SAVE, {"name": " ", **RIVER})

    assert response.status_code == 400
    assert "name: This field cannot be blank." in response.content.decode()
    assert deal.packages.count() == 4


def test_saving_refuses_an_unknown_option_and_changes_nothing(client, deal, editor):
    response = signed_in(client, editor).post(SAVE, {"name": "Odd", "north": "south-a", "south": "south-a"})

    assert response.status_code == 400
    assert "settles another issue" in response.content.decode()
    assert not deal.packages.filter(name="Odd").exists()


def test_saving_changes_to_an_opened_package(client, deal, editor):
    package = deal.packages.get(key="ridge-deal")
    data = {"package": "ridge-deal", "version": package.version, "save": "update", "name": "Ridge deal"}

    response = signed_in(client, editor).post(SAVE, data | {"north": "north-a", "south": ""})

    assert response.status_code == 302
    assert [(c.issue.key, c.option.key) for c in package.choices.all()] == [("north", "north-a")]


def test_a_stale_save_shows_both_versions_and_overwrites_nothing(client, deal, editor, owner):
    package = deal.packages.get(key="ridge-deal")
    loaded_version = package.version
    services.package_update(package=package, expected_version=loaded_version, choices={"south": "south-a"})

    data = {"package": "ridge-deal", "version": loaded_version, "save": "update", "name": "Ridge deal"}
    response = signed_in(client, editor).post(SAVE, data | {"north": "north-a", "south": "south-b"})

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone saved “Ridge deal” after you opened it." in page
    assert "<td>River</td><td>Ridge</td>" in page  # south: theirs, then yours
    assert {c.issue.key: c.option.key for c in package.choices.all()} == {
        "north": "north-b",
        "south": "south-a",
    }


def test_an_update_without_the_loaded_version_is_refused(client, deal, editor):
    data = {"package": "ridge-deal", "save": "update", "name": "Ridge deal", **RIVER}

    response = signed_in(client, editor).post(SAVE, data)

    assert response.status_code == 400
    assert "version:" in response.content.decode()


def test_saving_needs_the_csrf_token(deal, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(SAVE, {"name": "Forged", **RIVER})

    assert response.status_code == 403
    assert not deal.packages.filter(name="Forged").exists()


def test_the_save_form_carries_the_csrf_token(client, deal, editor):
    page = signed_in(client, editor).get(BUILDER).content.decode()

    assert 'name="csrfmiddlewaretoken"' in page


def test_a_scenario_that_cannot_be_scored_says_why(client, deal, owner):
    deal.parties.get(key="bo").valuations.filter(option__key="south-b").delete()
    services.scenario_touch(deal.pk)

    page = signed_in(client, owner).get(BUILDER).content.decode()

    assert "This scenario cannot be scored yet" in page
    assert "no utility for party &#x27;bo&#x27; on option &#x27;south-b&#x27;" in page


def test_saving_in_a_scenario_that_cannot_be_scored_says_why(client, deal, editor):
    deal.parties.get(key="bo").valuations.filter(option__key="south-b").delete()
    services.scenario_touch(deal.pk)

    response = signed_in(client, editor).post(SAVE, {"name": "Mine", **RIVER})

    assert response.status_code == 400
    assert "This scenario cannot be scored yet" in response.content.decode()
    assert not deal.packages.filter(name="Mine").exists()


def test_the_builder_page_costs_a_fixed_number_of_queries(
    client, sized_scenario, editor, django_assert_num_queries
):
    signed_in(client, editor)
    url = f"/s/{sized_scenario.slug}/builder/"
    # session, user, scenario with membership, the saved packages (2); the first reading of a
    # scenario version also exports its document for the engine (9 more), then it is cached.
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(7):  # and the opened package (2)
        assert client.get(url, {"package": "pkg0"}).status_code == 200


def test_the_score_panel_swap_costs_a_fixed_number_of_queries(
    client, sized_scenario, editor, django_assert_num_queries
):
    signed_in(client, editor)
    scenario_problem(sized_scenario)  # the engine input is cached per scenario version
    with django_assert_num_queries(3):  # session, user, scenario with membership: no package queries
        response = client.get(
            f"/s/{sized_scenario.slug}/builder/", {"i0": "i0-o1"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200


def test_saving_costs_a_fixed_number_of_queries(client, sized_scenario, editor, django_assert_num_queries):
    signed_in(client, editor)
    scenario_problem(sized_scenario)
    with django_assert_num_queries(18):
        response = client.post(f"/s/{sized_scenario.slug}/builder/save/", {"name": "Pinned", "i0": "i0-o1"})
    assert response.status_code == 302
