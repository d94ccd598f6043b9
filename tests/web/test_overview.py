"""The scenario overview: parties, issues on their spectrum, and the stance heat map.

Figures come from the hand-worked border deal (tests/deal.py): Ana weighs north 3 and south 1, so
her normalised weights are 3/4 = 75 % and 1/4 = 25 %; Bo and Mia weigh both issues 1, so 50 % each.
"""

from __future__ import annotations

import re

import pytest

from negotiations import services
from negotiations.models import Stance
from tests.web.people import PEOPLE, READERS, signed_in_as

OVERVIEW = "/s/border-deal/"


def heat_row(page: str, party: str) -> list[str]:
    """The text of each heat-map cell in a party's row."""
    table = page[page.index('class="heat-map"') :]
    row = re.search(rf"<tr><th scope=\"row\">{party}</th>(.*?)</tr>", table, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).replace("&nbsp;", " ").strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


@pytest.mark.parametrize("who", PEOPLE)
def test_members_read_a_private_overview_and_everyone_else_gets_404(client, request, deal, who):
    signed_in_as(client, request, who)

    response = client.get(OVERVIEW)

    assert response.status_code == (200 if who in READERS else 404)
    if who not in READERS:
        assert b"Border deal" not in response.content


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_a_public_overview(client, request, deal, who):
    deal.is_public = True
    deal.save()
    signed_in_as(client, request, who)

    page = client.get(OVERVIEW).content.decode()

    assert "<h1>Border deal</h1>" in page
    assert ("you may edit" in page) == (who in ("editor", "owner"))
    assert ("read only" in page) == (who not in ("editor", "owner"))


def test_it_lists_each_party_with_role_capability_reservation_and_batna(client, deal, viewer):
    services.content_update(
        deal.parties.get(key="ana"), expected_version=None, batna="Hold the river line alone."
    )
    client.force_login(viewer)

    page = client.get(OVERVIEW).content.decode()
    ana = page[page.index("Ana <span") : page.index("</tr>", page.index("Ana <span"))]
    mia = page[page.index("Mia <span") : page.index("</tr>", page.index("Mia <span"))]

    assert "Principal" in ana
    assert '<td class="num">60</td>' in ana  # capability
    assert '<td class="num">50</td>' in ana  # reservation
    assert "Hold the river line alone." in ana
    assert 'Mediator <span class="muted">(no veto)</span>' in mia


def test_it_places_each_option_on_its_issue_spectrum(client, deal, viewer):
    client.force_login(viewer)

    page = client.get(OVERVIEW).content.decode()

    north = page[page.index("<h3>North border</h3>") : page.index("<h3>South border</h3>")]
    assert re.findall(r'class="spectrum-mark" style="left: ([\d.]+)%"', north) == ["0.00", "100.00", "50.00"]
    assert 'Line A <span class="muted">at 0' in north
    assert 'Line B <span class="muted">at 100' in north
    assert 'Line C <span class="muted">at 50' in north


def test_the_heat_map_shows_normalised_weights_in_percent(client, deal, viewer):
    client.force_login(viewer)

    page = client.get(OVERVIEW).content.decode()

    assert heat_row(page, "Ana") == ["75.0 %", "25.0 %"]
    assert heat_row(page, "Bo") == ["50.0 %", "50.0 %"]
    assert heat_row(page, "Mia") == ["50.0 %", "50.0 %"]


def test_the_strongest_share_gets_the_strongest_tint_and_every_tint_has_its_number(client, deal, viewer):
    client.force_login(viewer)

    page = client.get(OVERVIEW).content.decode()

    # Tints scale with the share, the largest (Ana's 75 %) at 60 %: 50 % → 40, 25 % → 20.
    assert re.findall(r'style="--tint: (\d+)%">([\d.]+)', page) == [
        ("60", "75.0"),
        ("20", "25.0"),
        ("40", "50.0"),
        ("40", "50.0"),
        ("40", "50.0"),
        ("40", "50.0"),
    ]
    assert '<th scope="col">North border</th>' in page  # a real table, with headers for each cell


def test_a_missing_weight_and_all_zero_weights_are_said_in_words(client, deal, viewer):
    Stance.objects.filter(party__key="bo", issue__key="south").delete()
    Stance.objects.filter(party__key="mia").update(weight=0)
    client.force_login(viewer)

    page = client.get(OVERVIEW).content.decode()

    assert heat_row(page, "Bo") == ["100.0 %", "no weight"]
    assert heat_row(page, "Mia") == ["— all weights zero", "— all weights zero"]


def test_the_overview_links_to_every_editor_and_the_document(client, deal, viewer):
    client.force_login(viewer)

    page = client.get(OVERVIEW).content.decode()

    for href in ("edit/parties/", "edit/issues/", "edit/stances/", "edit/valuations/", "export/"):
        assert f'href="{OVERVIEW}{href}"' in page


def test_the_overview_costs_the_same_queries_on_small_and_large_scenarios(
    client, sized_scenario, viewer, django_assert_num_queries
):
    client.force_login(viewer)

    # session, user, scenario with membership, its owner; parties, issues, stances; issues with
    # their options
    with django_assert_num_queries(9):
        assert client.get(f"/s/{sized_scenario.slug}/").status_code == 200
