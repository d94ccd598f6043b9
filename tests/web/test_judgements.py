"""The judgement grids: stances (parties × issues) and valuations (parties × options of an issue).

Hand-worked figures from the border deal (tests/deal.py): Ana weighs north 3 and south 1, so her
normalised weights are 75 % and 25 %. If north becomes 9, they become 9/10 = 90 % and 1/10 = 10 %.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from negotiations import services
from negotiations.models import Issue, Option, Stance, Valuation
from tests.web.people import HTMX, PEOPLE, READERS, signed_in_as

STANCES = "/s/border-deal/edit/stances/"
VALUATIONS = "/s/border-deal/edit/valuations/north/"
ANA_NORTH = "/s/border-deal/stances/ana/north/"
ANA_LINE_C = "/s/border-deal/valuations/ana/north-c/"


def stance(party: str = "ana", issue: str = "north") -> Stance:
    return Stance.objects.get(party__key=party, issue__key=issue)


def valuation(party: str = "ana", option: str = "north-c") -> Valuation:
    return Valuation.objects.get(party__key=party, option__key=option)


def stance_cell(**changes) -> dict:
    """What Ana's north cell posts: the stored values with `changes` typed over them."""
    s = stance()
    values = {
        "version": s.version,
        "weight": s.weight,
        "rationale": s.rationale,
        "sources": "\n".join(s.sources),
    }
    return values | changes


def valuation_cell(**changes) -> dict:
    """What Ana's Line C cell posts; the red-line box is sent only when ticked, as browsers do."""
    v = valuation()
    values = {"version": v.version, "utility": v.utility, "rationale": v.rationale}
    if v.red_line:
        values["red_line"] = "on"
    return {name: value for name, value in (values | changes).items() if value is not None}


def shares(html: str, party: str) -> dict[str, str]:
    """The normalised weights shown in a party's row, by issue key."""
    found = re.findall(rf'id="share-{party}-([a-z0-9-]+)">([^<]*)<', html)
    return {issue: text.replace("&nbsp;", " ").strip() for issue, text in found}


# ---------------------------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize("page", [STANCES, VALUATIONS])
@pytest.mark.parametrize("who", PEOPLE)
def test_members_read_the_grids_of_a_private_scenario_and_others_get_404(client, request, deal, who, page):
    signed_in_as(client, request, who)

    assert client.get(page).status_code == (200 if who in READERS else 404)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "viewer"])
def test_readers_see_weights_shares_and_rationale_but_no_controls(client, request, deal, who):
    deal.is_public = True
    deal.save()
    services.stance_set(
        party=deal.parties.get(key="ana"),
        issue=deal.issues.get(key="north"),
        rationale="The north is home.",
        sources=["Border survey 2020"],
    )
    signed_in_as(client, request, who)

    main = client.get(STANCES).content.decode().split("<main", 1)[1]

    assert shares(main, "ana") == {"north": "75.0 %", "south": "25.0 %"}
    assert '<span class="weight">3</span>' in main
    assert "The north is home." in main
    assert "<li>Border survey 2020</li>" in main
    assert "only editors change them" in main
    assert "<input" not in main
    assert "<textarea" not in main
    assert "hx-post" not in main


def test_readers_see_utilities_and_red_lines_in_words(client, deal, viewer):
    client.force_login(viewer)

    main = client.get(VALUATIONS).content.decode().split("<main", 1)[1]
    ana_line_b = main[main.index('id="valuation-ana-north-b"') :].split("</td>", 1)[0]

    assert '<span class="utility">0</span>' in ana_line_b
    assert "red line</span>" in ana_line_b  # said in words, not only by the cell's colour
    assert "<input" not in main


@pytest.mark.parametrize("who", ["editor", "owner"])
def test_writers_get_a_form_in_every_cell(client, request, deal, who):
    signed_in_as(client, request, who)

    stances = client.get(STANCES).content.decode()
    valuations = client.get(VALUATIONS).content.decode()

    assert stances.count('class="cell-form"') == 3 * 2  # parties × issues
    assert valuations.count('class="cell-form"') == 3 * 3  # parties × options of the north border
    assert valuations.count('type="checkbox" name="red_line"') == 9
    assert 'for="rationale-ana-north"' in stances  # rationale beside each judgement
    assert 'for="sources-ana-north"' in stances


def test_the_valuation_editor_opens_on_the_first_issue_and_offers_every_issue(client, deal, viewer):
    client.force_login(viewer)

    response = client.get("/s/border-deal/edit/valuations/")
    page = client.get(VALUATIONS).content.decode()

    assert response.status_code == 302
    assert response["Location"] == VALUATIONS
    assert 'href="/s/border-deal/edit/valuations/south/"' in page
    assert 'aria-current="page">North border' in page


def test_an_unknown_issue_is_404(client, deal, viewer):
    client.force_login(viewer)

    assert client.get("/s/border-deal/edit/valuations/west/").status_code == 404


def test_a_scenario_without_issues_says_so(client, deal, editor):
    Issue.objects.filter(scenario=deal).delete()
    client.force_login(editor)

    response = client.get("/s/border-deal/edit/valuations/")

    assert response.status_code == 200
    assert "This scenario has no issues yet." in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Stances


def test_saving_a_weight_by_htmx_returns_the_row_with_every_share_recomputed(client, deal, editor):
    client.force_login(editor)

    response = client.post(ANA_NORTH, stance_cell(weight="9"), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<tr id="stance-ana">')
    assert "<html" not in html
    assert shares(html, "ana") == {"north": "90.0 %", "south": "10.0 %"}
    assert stance().weight == 9


def test_rationale_and_sources_are_saved_beside_the_weight(client, deal, editor):
    client.force_login(editor)

    client.post(
        ANA_NORTH,
        stance_cell(rationale="Home ground.", sources="Survey 2020\n\n  Treaty 1921 "),
        headers=HTMX,
    )

    assert (stance().rationale, stance().sources) == ("Home ground.", ["Survey 2020", "Treaty 1921"])


def test_a_missing_stance_is_created_by_saving_its_cell(client, deal, editor):
    Stance.objects.filter(party__key="bo", issue__key="south").delete()
    client.force_login(editor)

    response = client.post("/s/border-deal/stances/bo/south/", {"version": "", "weight": "3"}, headers=HTMX)

    assert response.status_code == 200
    assert shares(response.content.decode(), "bo") == {"north": "25.0 %", "south": "75.0 %"}
    assert stance("bo", "south").weight == 3


def test_a_plain_post_saves_and_returns_to_the_party_row(client, deal, editor):
    client.force_login(editor)

    response = client.post(ANA_NORTH, stance_cell(weight="1"))

    assert response.status_code == 302
    assert response["Location"] == f"{STANCES}#stance-ana"
    assert shares(client.get(STANCES).content.decode(), "ana") == {"north": "50.0 %", "south": "50.0 %"}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Weight “-1”: Ensure this value is greater than or equal to 0."),
        ("lots", "Weight “lots”: Enter a number."),
    ],
)
@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_an_invalid_weight_names_the_field_and_changes_nothing(client, deal, editor, typed, message, headers):
    client.force_login(editor)
    before = Stance.objects.values().get(pk=stance().pk)

    response = client.post(ANA_NORTH, stance_cell(weight=typed), headers=headers)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'aria-invalid="true"' in html
    assert f'value="{typed}"' in html  # what was typed stays beside the message
    assert Stance.objects.values().get(pk=stance().pk) == before


def test_a_stale_weight_is_refused_with_both_values(client, deal, editor, owner):
    stale = stance_cell(weight="2")
    services.stance_set(
        party=stance().party, issue=stance().issue, expected_version=stance().version, weight=5
    )
    client.force_login(editor)

    response = client.post(ANA_NORTH, stale, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this first." in html
    assert '<th scope="row">Weight</th><td>2</td><td>5</td>' in html
    assert stance().weight == 5
    assert shares(html, "ana") == {"north": "83.3 %", "south": "16.7 %"}  # 5/6 and 1/6, as saved


def test_a_stance_whose_issue_was_deleted_meanwhile_says_so_in_the_row(client, deal, editor):
    Issue.objects.get(key="north").delete()
    client.force_login(editor)

    response = client.post(ANA_NORTH, {"version": "1", "weight": "2"}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert html.lstrip().startswith('<tr id="stance-ana"><td colspan="2">')
    assert "The issue “north” was deleted by someone else while you were editing it." in html


@pytest.mark.parametrize("who", ["viewer", "anonymous"])
def test_readers_of_a_public_scenario_may_not_save_a_stance(client, request, deal, who):
    deal.is_public = True
    deal.save()
    signed_in_as(client, request, who)

    assert client.post(ANA_NORTH, stance_cell(weight="9"), headers=HTMX).status_code == 403
    assert client.post(ANA_LINE_C, valuation_cell(utility="1"), headers=HTMX).status_code == 403
    assert (stance().weight, valuation().utility) == (3, 50)


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_non_members_get_404_for_judgement_writes_to_a_private_scenario(client, request, deal, who):
    signed_in_as(client, request, who)

    assert client.post(ANA_NORTH, stance_cell(weight="9")).status_code == 404
    assert client.post(ANA_LINE_C, valuation_cell(utility="1")).status_code == 404
    assert (stance().weight, valuation().utility) == (3, 50)


# ---------------------------------------------------------------------------------------------
# Valuations


def test_saving_a_utility_with_its_red_line_returns_the_cell(client, deal, editor):
    client.force_login(editor)

    response = client.post(
        ANA_LINE_C, valuation_cell(utility="35", red_line="on", rationale="Too far."), headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<td id="valuation-ana-north-c" class="judgement red-line">')
    assert (valuation().utility, valuation().red_line, valuation().rationale) == (35, True, "Too far.")


def test_unticking_the_red_line_clears_it(client, deal, editor):
    client.force_login(editor)

    client.post(
        "/s/border-deal/valuations/ana/north-b/",
        {"version": valuation("ana", "north-b").version, "utility": "0"},
        headers=HTMX,
    )

    assert valuation("ana", "north-b").red_line is False


@pytest.mark.parametrize("typed", ["101", "-0.5"])
@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_a_utility_off_the_scale_names_the_field_and_changes_nothing(client, deal, editor, typed, headers):
    client.force_login(editor)
    before = Valuation.objects.values().get(pk=valuation().pk)

    response = client.post(ANA_LINE_C, valuation_cell(utility=typed, red_line="on"), headers=headers)

    html = response.content.decode()
    assert response.status_code == 400
    assert f"Utility “{typed}”: Ensure this value is" in html
    assert Valuation.objects.values().get(pk=valuation().pk) == before


def test_a_stale_valuation_is_refused_with_both_values(client, deal, editor):
    stale = valuation_cell(utility="20")
    services.valuation_set(party=valuation().party, option=valuation().option, utility=80, red_line=True)
    client.force_login(editor)

    response = client.post(ANA_LINE_C, stale, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert '<th scope="row">Utility</th><td>20</td><td>80</td>' in html
    assert '<th scope="row">Red line</th><td>no</td><td>yes</td>' in html
    assert (valuation().utility, valuation().red_line) == (80, True)


def test_a_plain_valuation_post_returns_to_its_cell(client, deal, editor):
    client.force_login(editor)

    response = client.post(ANA_LINE_C, valuation_cell(utility="60"))

    assert response.status_code == 302
    assert response["Location"] == f"{VALUATIONS}#valuation-ana-north-c"
    assert valuation().utility == 60


def test_a_valuation_whose_option_was_deleted_meanwhile_says_so_in_the_cell(client, deal, editor):
    Option.objects.get(key="north-c").delete()
    client.force_login(editor)

    response = client.post(ANA_LINE_C, {"version": "1", "utility": "60"}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert html.lstrip().startswith('<td id="valuation-ana-north-c" class="judgement">')
    assert "The option “north-c” was deleted by someone else" in html


# ---------------------------------------------------------------------------------------------
# CSRF: htmx writes carry the token the page gives them


def test_an_htmx_write_carries_the_csrf_token_the_page_puts_on_body(deal, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(STANCES).content.decode()
    headers = json.loads(re.search(r"<body hx-headers='([^']+)'>", page).group(1))

    refused = client.post(ANA_NORTH, stance_cell(weight="9"), headers=HTMX)
    accepted = client.post(ANA_NORTH, stance_cell(weight="9"), headers=HTMX | headers)

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert stance().weight == 9


# ---------------------------------------------------------------------------------------------
# Queries


def test_the_stance_grid_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, django_assert_num_queries
):
    client.force_login(editor)

    # session, user, scenario with membership; issues for the header; parties, issues, stances
    with django_assert_num_queries(7):
        assert client.get(f"/s/{sized_scenario.slug}/edit/stances/").status_code == 200


def test_the_valuation_grid_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, django_assert_num_queries
):
    client.force_login(editor)

    # session, user, scenario with membership; issues, options, parties, valuations
    with django_assert_num_queries(7):
        assert client.get(f"/s/{sized_scenario.slug}/edit/valuations/i1/").status_code == 200


@pytest.mark.parametrize(("weight", "status", "queries"), [("7", 200, 26), ("-7", 400, 9)])
def test_a_stance_save_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, weight, status, queries, django_assert_num_queries
):
    s = Stance.objects.get(party__scenario=sized_scenario, party__key="p1", issue__key="i1")
    client.force_login(editor)

    with django_assert_num_queries(queries):
        response = client.post(
            f"/s/{sized_scenario.slug}/stances/p1/i1/", {"version": s.version, "weight": weight}, headers=HTMX
        )
    assert response.status_code == status


@pytest.mark.parametrize(("utility", "status", "queries"), [("7", 200, 24), ("107", 400, 7)])
def test_a_valuation_save_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, editor, utility, status, queries, django_assert_num_queries
):
    v = Valuation.objects.get(party__scenario=sized_scenario, party__key="p1", option__key="i1-o1")
    client.force_login(editor)

    with django_assert_num_queries(queries):
        response = client.post(
            f"/s/{sized_scenario.slug}/valuations/p1/i1-o1/",
            {"version": v.version, "utility": utility},
            headers=HTMX,
        )
    assert response.status_code == status


def test_the_valuation_editor_start_costs_a_fixed_number_of_queries(
    client, sized_scenario, viewer, django_assert_num_queries
):
    client.force_login(viewer)

    with django_assert_num_queries(4):
        assert client.get(f"/s/{sized_scenario.slug}/edit/valuations/").status_code == 302
