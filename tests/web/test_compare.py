from __future__ import annotations

import re

import pytest

from negotiations.analysis import milp
from negotiations.selectors import scenario_problem
from tests.analysis.clock import SteppingClock
from tests.analysis.oracle import enumerate_packages, pareto_mask

COMPARE = "/s/border-deal/compare/"
THREE = {"p": ["river-deal", "ridge-deal", "half-deal"]}


@pytest.mark.parametrize("who", ["owner", "editor", "viewer"])
def test_members_compare_packages(client, deal, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(COMPARE, THREE)

    assert response.status_code == 200
    assert response.content.decode().count("Open in builder") == 3


@pytest.mark.parametrize("who", ["outsider", None])
def test_outsiders_and_anonymous_get_404_on_a_private_scenario(client, deal, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))

    assert client.get(COMPARE, THREE).status_code == 404


def test_the_choices_that_differ_are_marked_in_words(client, deal, owner):
    client.force_login(owner)

    page = client.get(COMPARE, {"p": ["river-deal", "half-deal"]}).content.decode()

    # Both pick Line A on the north border; on the south border one picks River, the other leaves it open.
    assert re.search(r'<tr><th scope="row">North border</th><td>Line A</td><td>Line A</td></tr>', page)
    assert re.search(
        r'<tr class="differs"><th scope="row">South border <span class="tag">differs</span></th>'
        r"<td>River</td><td>open</td></tr>",
        page,
    )


def test_it_shows_each_partys_score_surplus_and_status(client, deal, owner):
    client.force_login(owner)

    page = client.get(COMPARE, THREE).content.decode()

    assert "score 75.0, surplus 25.0" in page  # Ana, river deal
    assert "score 70.0, surplus 15.0" in page  # Bo, ridge deal
    assert "Red line crossed: Line B" in page  # Ana, ridge deal
    assert "between 75.0 and 100.0" in page  # Ana, half deal (south open)


def test_it_shows_the_nash_product_only_inside_the_zopa(client, deal, owner):
    client.force_login(owner)

    page = client.get(COMPARE, THREE).content.decode()

    row = re.search(r"Nash product</th>(.*?)</tr>", page).group(1)
    assert row == "<td>125.0</td><td>— (outside the ZOPA)</td><td>— (issues open)</td>"


def test_the_chart_draws_a_bar_per_scored_party_and_package_with_reservation_lines(client, deal, owner):
    client.force_login(owner)

    page = client.get(COMPARE, {"p": ["river-deal", "ridge-deal"]}).content.decode()

    assert page.count('<rect class="bar series-') == 6  # 3 parties × 2 complete packages
    assert page.count('<line class="reservation"') == 3
    assert 'role="img"' in page
    assert "A = River deal, B = Ridge deal" in page


def test_an_unknown_package_is_named(client, deal, owner):
    client.force_login(owner)

    response = client.get(COMPARE, {"p": ["river-deal", "nope"]})

    assert response.status_code == 400
    assert "p: &#x27;nope&#x27; is not a saved package of this scenario" in response.content.decode()


def test_one_package_is_not_a_comparison(client, deal, owner):
    client.force_login(owner)

    response = client.get(COMPARE, {"p": ["river-deal", "river-deal"]})

    assert response.status_code == 400
    assert "compare between 2 and 4 packages" in response.content.decode()


def test_five_packages_are_too_many(client, deal, owner):
    for n in range(2):
        deal.packages.create(key=f"extra-{n}", name=f"Extra {n}")
    client.force_login(owner)

    keys = ["river-deal", "ridge-deal", "half-deal", "extra-0", "extra-1"]
    response = client.get(COMPARE, {"p": keys})

    assert response.status_code == 400
    assert "5 package(s) given; compare between 2 and 4 packages." in response.content.decode()


def test_without_a_choice_it_offers_the_saved_packages(client, deal, viewer):
    client.force_login(viewer)

    page = client.get(COMPARE).content.decode()

    assert "Choose 2 to 4 packages to compare" in page
    assert page.count('type="checkbox" name="p"') == 4


def test_the_comparison_costs_a_fixed_number_of_queries(
    client, sized_scenario, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    scenario_problem(sized_scenario)  # the engine input is cached per scenario version
    url = f"/s/{sized_scenario.slug}/compare/"
    with django_assert_num_queries(5):  # session, user, scenario with membership, the saved packages (2)
        assert client.get(url, {"p": ["pkg0", "pkg1"]}).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_it_lists_the_red_lines_each_package_crosses(client, deal, owner):
    client.force_login(owner)

    page = client.get(COMPARE, {"p": ["river-deal", "ridge-deal"]}).content.decode()

    row = re.search(r"Red lines crossed</th>(.*?)</tr>", page).group(1)
    assert row.startswith("<td>none</td>")
    assert "Ana: Line B" in row


def test_the_pareto_status_row_says_whether_each_package_is_on_the_frontier(client, deal, owner):
    client.force_login(owner)

    page = client.get(COMPARE, {"p": ["river-deal", "centre-deal", "half-deal"]}).content.decode()

    # tests/deal.py: {Line A, River} is on the frontier; {Line C, River} is beaten by it, by 37.5 for
    # Ana and 5 for Bo, so both could gain 5 at once; the half deal leaves an issue open.
    row = re.search(r"Pareto status</th>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert "On the frontier" in cells[0]
    assert "Not on the frontier</span>: every principal could gain 5.0 at once" in cells[1]
    assert '<a href="/s/border-deal/builder/?north=north-a&amp;south=south-a">' in cells[1]
    assert cells[2] == "undecided (issues open)"


def test_a_pareto_status_not_settled_in_time_says_so(client, deal, owner, monkeypatch):
    client.force_login(owner)
    monkeypatch.setattr(milp, "monotonic", SteppingClock(step=1000))  # as if the solver were very slow

    page = client.get(COMPARE, {"p": ["river-deal", "half-deal"]}).content.decode()

    row = re.search(r"Pareto status</th>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[0].startswith("Not settled: the solver had not proven within 10 seconds whether any package")
    assert cells[1] == "undecided (issues open)"


def test_the_pareto_status_agrees_with_brute_force(client, scenario, viewer):
    problem = scenario_problem(scenario)
    every = enumerate_packages(problem)
    efficient = pareto_mask(every.scores[:, problem.principal])
    expected = []
    for key in ("pkg0", "pkg1"):
        package = scenario.packages.get(key=key)
        chosen = {c.issue.key: c.option.key for c in package.choices.select_related("issue", "option")}
        row = every.packages.tolist().index(problem.choice_indices(chosen))
        expected.append(bool(efficient[row]))
    assert sorted(expected) == [False, True]  # one of each, so the row is tested both ways
    client.force_login(viewer)

    page = client.get(f"/s/{scenario.slug}/compare/", {"p": ["pkg0", "pkg1"]}).content.decode()

    row = re.search(r"Pareto status</th>(.*?)</tr>", page).group(1)
    assert ["Not on the frontier" not in cell for cell in re.findall(r"<td>(.*?)</td>", row)] == expected
