"""The analysis page: every figure checked against brute force over the small test scenarios,
or against the hand-worked border deal of tests/deal.py."""

from __future__ import annotations

import re
from io import StringIO
from urllib.parse import urlencode

import numpy as np
import pytest
from django.core.management import call_command

from negotiations import services
from negotiations.analysis import analyse, milp
from negotiations.models import Stance
from negotiations.scenario_document import document_import
from negotiations.selectors import scenario_problem
from tests.analysis.clock import SteppingClock
from tests.analysis.oracle import best, enumerate_packages, pareto_mask
from tests.documents import make_document

ANALYSIS = "/s/border-deal/analysis/"
TITLES = {
    "nash": "Nash",
    "asymmetric_nash": "Asymmetric Nash",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}


def page_of(client, user, url=ANALYSIS, data=None, target=None):
    client.force_login(user)
    headers = {"HX-Request": "true", "HX-Target": target} if target else {}
    response = client.get(url, data or {}, headers=headers)
    return response, response.content.decode()


def builder_link(slug, choices):
    """The builder URL of a package, as it appears in an attribute of the page."""
    return f"/s/{slug}/builder/?{urlencode(choices)}".replace("&", "&amp;")


def solutions_by_brute_force(problem):
    """DESIGN §3.7–10 computed over every package: the index of each solution's package (or None)."""
    every = enumerate_packages(problem)
    principal = problem.principal
    surplus = every.scores[:, principal] - problem.reservation[principal]
    zopa = every.in_zopa
    share = problem.capability[principal] / problem.capability[principal].sum()
    ideal = every.scores[zopa][:, principal].max(axis=0) if zopa.any() else problem.reservation[principal]
    room = ideal - problem.reservation[principal]
    counted = room > 1e-9
    kalai = (surplus[:, counted] / room[counted]).min(axis=1) if counted.any() else np.zeros(len(surplus))
    objectives = {
        "nash": np.prod(np.clip(surplus, 0, None), axis=1),
        "asymmetric_nash": np.prod(np.clip(surplus, 0, None) ** share, axis=1),
        "kalai_smorodinsky": kalai,
        "egalitarian": surplus.min(axis=1),
        "utilitarian": every.scores[:, principal].sum(axis=1),
    }
    return every, {name: best(objective, zopa) for name, objective in objectives.items()}


@pytest.mark.parametrize("who", ["owner", "editor", "viewer"])
def test_members_read_the_analysis(client, deal, request, who):
    response, page = page_of(client, request.getfixturevalue(who))

    assert response.status_code == 200
    assert "Zone of possible agreement" in page
    assert "Forecast: where each issue is likely to settle" in page


@pytest.mark.parametrize("who", ["outsider", None])
def test_outsiders_and_anonymous_get_404_on_a_private_scenario(client, deal, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))

    assert client.get(ANALYSIS).status_code == 404
    assert client.get(ANALYSIS, {"package": "river-deal", "n": "10"}).status_code == 404
    assert (
        client.get(
            ANALYSIS, {"x": "ana"}, headers={"HX-Request": "true", "HX-Target": "frontier-plot"}
        ).status_code
        == 404
    )


def test_anyone_may_read_the_analysis_of_a_public_scenario(client, deal):
    deal.is_public = True
    deal.save()

    response = client.get(ANALYSIS, {"package": "river-deal"})

    assert response.status_code == 200
    assert "River deal" in response.content.decode()


# The ZOPA


def test_it_counts_the_zopa_as_brute_force_does(client, scenario, viewer):
    expected = int(enumerate_packages(scenario_problem(scenario)).in_zopa.sum())
    assert 1 < expected < 27  # the scenario only tests the count if some packages miss

    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/")

    assert f"<strong>{expected}</strong> of the 27 complete packages are in the ZOPA" in page


def test_the_border_deal_has_one_package_in_its_zopa(client, deal, viewer):
    _, page = page_of(client, viewer)

    # Hand-worked in tests/deal.py: only {Line A, River} clears both Ana's and Bo's reservations.
    assert "<strong>1</strong> of the 6 complete packages is in the ZOPA" in page


def test_it_gives_the_size_of_the_pareto_frontier(client, scenario, viewer):
    problem = scenario_problem(scenario)
    expected = int(pareto_mask(enumerate_packages(problem).scores[:, problem.principal]).sum())

    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/")

    verb = "s are" if expected > 1 else " is"
    assert f"<strong>{expected}</strong> complete package{verb} on the Pareto frontier" in page


def test_an_empty_zopa_is_said_in_words(client, deal, viewer):
    deal.parties.filter(key="bo").update(reservation=99)
    services.scenario_touch(deal.pk)
    deal.refresh_from_db()
    assert not enumerate_packages(scenario_problem(deal)).in_zopa.any()

    _, page = page_of(client, viewer)

    assert "The ZOPA is empty" in page
    assert "none of the 6 complete packages is acceptable to every principal" in page


def test_a_scenario_that_cannot_be_analysed_says_why(client, deal, owner):
    deal.parties.get(key="bo").valuations.filter(option__key="south-b").delete()
    services.scenario_touch(deal.pk)

    _, page = page_of(client, owner)

    assert "This scenario cannot be scored yet" in page
    assert "no utility for party &#x27;bo&#x27; on option &#x27;south-b&#x27;" in page


# The bargaining solutions


def test_each_solution_opens_the_package_brute_force_picks(client, scenario, viewer):
    problem = scenario_problem(scenario)
    every, picks = solutions_by_brute_force(problem)
    assert all(pick is not None for pick in picks.values())

    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/")

    for name, pick in picks.items():
        choices = problem.choices_of(every.packages[pick])
        link = builder_link(scenario.slug, choices)
        assert f'<a href="{link}">Open the {TITLES[name]} package in the builder</a>' in page, name


def test_the_solutions_table_gives_each_partys_score_linked_to_its_breakdown(client, scenario, viewer):
    problem = scenario_problem(scenario)
    every, picks = solutions_by_brute_force(problem)
    links = [builder_link(scenario.slug, problem.choices_of(every.packages[pick])) for pick in picks.values()]

    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/")

    for p, name in enumerate(problem.party_names):
        row = re.search(rf'<tr><th scope="row">{name} <span class="role">.*?</tr>', page).group(0)
        cells = re.findall(r'<td class="num"><a href="([^"]*)#breakdown">([^<]*)</a></td>', row)
        assert cells == [
            (link, f"{every.scores[pick, p]:.1f}") for link, pick in zip(links, picks.values(), strict=True)
        ]


def test_each_solution_gives_its_objective_and_what_holds_it(client, deal, viewer):
    _, page = page_of(client, viewer)

    # Hand-worked in tests/deal.py: the ZOPA is {Line A, River} alone, surpluses Ana 25 and Bo 5.
    why = re.search(r'<th scope="row">Why</th>(.*?)</tr>', page).group(1)
    assert "<td>Nash product 125</td>" in why
    assert "<td>smallest surplus 5; Bo has the smallest surplus</td>" in why
    assert "<td>total score 135</td>" in why


def test_with_an_empty_zopa_each_solution_says_why_and_the_nearest_misses_are_listed(client, deal, viewer):
    deal.parties.filter(key="bo").update(reservation=99)
    services.scenario_touch(deal.pk)
    deal.refresh_from_db()
    problem = scenario_problem(deal)
    every = enumerate_packages(problem)
    principal = problem.principal
    below = (~every.acceptable[:, principal]).sum(axis=1)
    smallest = (every.scores[:, principal] - problem.reservation[principal]).min(axis=1)
    # DESIGN §3.10: fewest principals below their reservation, then the largest smallest surplus.
    order = sorted(range(len(every.packages)), key=lambda n: (below[n], -smallest[n]))
    expected = [builder_link(deal.slug, problem.choices_of(every.packages[n])) for n in order[:5]]

    _, page = page_of(client, viewer)

    assert page.count("No solution: ") == 5
    misses = re.search(r'<ol class="misses">(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r'<a href="([^"]*)">Open in the builder</a>', misses) == expected


def test_nearest_misses_not_settled_in_time_say_so(client, deal, viewer, monkeypatch):
    deal.parties.filter(key="bo").update(reservation=99)
    services.scenario_touch(deal.pk)
    monkeypatch.setattr("negotiations.analysis.report.SECONDS", 0)

    _, page = page_of(client, viewer)

    assert page.count("No solution: No package is acceptable to every principal") == 5
    assert '<ol class="misses">' not in page
    assert (
        '<p class="misses-cut">No nearest miss is listed: the solver had not proven the next one within '
        "the 0 seconds the bargaining solutions may take in all."
    ) in page


def test_the_page_shows_the_analysis_stored_without_time_bounds(client, deal, viewer, monkeypatch):
    monkeypatch.setattr("negotiations.analysis.report.MAX_WORK", 10)  # stops even this frontier
    _, bounded = page_of(client, viewer)
    assert "The size of the Pareto frontier is not known exactly: The frontier is too large" in bounded
    exact = analyse(scenario_problem(deal), bounded=False)["frontier"]

    call_command("analyse", deal.slug, "--store", stdout=StringIO(), stderr=StringIO())

    _, page = page_of(client, viewer)
    assert f"<strong>{exact['size']}</strong> complete packages are on the Pareto frontier" in page


def test_with_a_zopa_there_are_no_nearest_misses(client, deal, viewer):
    _, page = page_of(client, viewer)

    assert "Nearest misses" not in page


# The frontier of two parties


def frontier_links(page):
    table = re.search(r'<details class="frontier-table">(.*?)</details>', page, re.S).group(1)
    return re.findall(r'<a href="([^"]*)">Open in the builder</a>', table)


def frontier_by_brute_force(scenario, first, second):
    problem = scenario_problem(scenario)
    every = enumerate_packages(problem)
    columns = [problem.party_index(first), problem.party_index(second)]
    on = np.flatnonzero(pareto_mask(every.scores[:, columns]))
    return {builder_link(scenario.slug, problem.choices_of(every.packages[n])) for n in on}


def test_the_frontier_of_the_first_two_principals_is_plotted(client, deal, viewer):
    _, page = page_of(client, viewer)

    # Hand-worked in tests/deal.py: Ana against Bo, four packages no other beats for both.
    links = frontier_links(page)
    assert set(links) == frontier_by_brute_force(deal, "ana", "bo")
    assert len(links) == 4
    assert page.count('<path class="frontier-point"') == 4
    dots = re.search(r'<path class="sample" d="([^"]*)"', page).group(1)
    assert dots.count("h0") == 6  # every package of this small space is shaded
    assert "The grey dots are all 6 packages" in page
    assert "Dashed lines: reservations (Ana 50.0, Bo 55.0)" in page
    assert page.count('<line class="reservation"') == 2


def test_a_large_space_is_shaded_by_a_sample(client, owner):
    document = make_document(slug="wide", parties=3, issues=6, options=4, seed=5)
    document_import(document=document, owner=owner)

    _, page = page_of(client, owner, "/s/wide/analysis/")

    assert re.search(r'<path class="sample" d="([^"]*)"', page).group(1).count("h0") == 400
    assert "The grey dots are a random sample of 400 of the 4,096 packages" in page


def test_two_chosen_parties_are_plotted(client, scenario, viewer):
    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/", {"x": "p2", "y": "p1"})

    assert set(frontier_links(page)) == frontier_by_brute_force(scenario, "p2", "p1")
    assert '<option value="p2" selected>' in page


def test_each_frontier_point_is_a_link_with_its_scores_in_words(client, deal, viewer):
    _, page = page_of(client, viewer)

    on_the_plot = re.findall(r'<a href="([^"]*)" aria-label="([^"]*)"><path class="frontier-point"', page)
    assert {href for href, _ in on_the_plot} == set(frontier_links(page))
    label = dict(on_the_plot)[builder_link("border-deal", {"north": "north-a", "south": "south-a"})]
    assert label == "Ana 75.0, Bo 60.0: open this package in the builder"


def test_following_a_frontier_point_opens_its_choices_in_the_builder(client, deal, viewer):
    _, page = page_of(client, viewer)
    link = frontier_links(page)[0].replace("&amp;", "&")

    builder = client.get(link).content.decode()

    choices = dict(part.split("=") for part in link.split("?")[1].split("&"))
    for issue, option in choices.items():
        assert f'name="{issue}" value="{option}" checked' in builder


def test_htmx_swaps_in_only_the_plot(client, deal, viewer):
    response, page = page_of(client, viewer, data={"x": "mia", "y": "ana"}, target="frontier-plot")

    assert response.status_code == 200
    assert "<html" not in page
    assert "Bargaining solutions" not in page
    assert set(frontier_links(page)) == frontier_by_brute_force(deal, "mia", "ana")
    assert "HX-Target" in response["Vary"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"x": "zed"}, "x: &#x27;zed&#x27; is not a party of this scenario"),
        ({"y": ""}, "y: &#x27;&#x27; is not a party of this scenario"),
        ({"x": "bo", "y": "bo"}, "y: choose a different party from the one across (x)"),
    ],
)
def test_a_bad_pair_of_parties_is_named_and_the_default_pair_shown(client, deal, viewer, query, message):
    response, page = page_of(client, viewer, data=query)

    assert response.status_code == 400
    assert message in page
    assert set(frontier_links(page)) == frontier_by_brute_force(deal, "ana", "bo")


# A package's prospects


def test_no_package_is_chosen_at_first(client, deal, viewer):
    _, page = page_of(client, viewer)

    assert "Choose a saved package to see its trade suggestions" in page
    assert page.count('<select id="package-choice" name="package">') == 1


def test_a_dominated_package_shows_its_distance_and_the_improvements(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "centre-deal"})

    # Hand-worked in tests/deal.py: {Line A, River} beats {Line C, River} by 37.5 for Ana and 5 for
    # Bo, the only package that beats it for both, so the max-min gain is 5.
    assert "Every principal could gain <strong>5.0</strong> points at once" in page
    improvements = re.search(r'<ol class="improvements">(.*?)</ol>', page, re.S).group(1)
    assert improvements.count("<li>") == 1
    assert "Line A · River: gains Ana +37.5, Bo +5.0" in improvements
    assert builder_link("border-deal", {"north": "north-a", "south": "south-a"}) in improvements


def test_every_improvement_is_one_brute_force_finds(client, scenario, viewer):
    problem = scenario_problem(scenario)
    every = enumerate_packages(problem)
    principal = problem.principal
    at = {tuple(problem.choices_of(row).values()): n for n, row in enumerate(every.packages)}
    base = scenario.packages.get(key="pkg0")
    start = at[tuple(c.option.key for c in base.choices.order_by("issue__order", "issue__id"))]
    gains = every.scores[:, principal] - every.scores[start, principal]
    better = (gains >= -1e-9).all(axis=1) & (gains > 1e-9).any(axis=1)
    distance = gains[better].min(axis=1).max() if better.any() else 0.0

    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/", {"package": "pkg0"})

    if not better.any():
        assert "On the frontier" in page
        return
    assert f"Every principal could gain <strong>{distance:.1f}</strong> points at once" in page
    improvements = re.search(r'<ol class="improvements">(.*?)</ol>', page, re.S).group(1)
    offered = re.findall(r'<a href="([^"]*)">Open in the builder</a>', improvements)
    allowed = {
        builder_link(scenario.slug, problem.choices_of(every.packages[n])) for n in np.flatnonzero(better)
    }
    assert offered
    assert set(offered) <= allowed


def test_a_package_on_the_frontier_is_said_to_be_efficient(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "river-deal"})

    assert "On the frontier</span>: no package scores at least as high for every principal" in page
    assert '<ol class="improvements">' not in page


def test_improvements_not_settled_in_time_are_not_called_efficient(client, deal, viewer, monkeypatch):
    monkeypatch.setattr(milp, "monotonic", SteppingClock(step=1000))  # as if the solver were very slow

    _, page = page_of(client, viewer, data={"package": "river-deal"})

    assert "On the frontier" not in page
    assert '<ol class="improvements">' not in page
    assert (
        '<p class="improvements-note">Not settled: the solver had not proven within 10 seconds whether any '
        "package gives every principal at least as much and one more.</p>"
    ) in page


def test_trade_suggestions_are_the_single_changes_brute_force_finds(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "centre-deal"})

    # From {Line C, River} (Ana 37.5 below her 50, Bo 55): Line A helps both (Ana 75, Bo 60);
    # Ridge lifts Ana over her line (62.5) at Bo's cost (25); Line B crosses Ana's red line.
    trades = re.search(r'<ol class="trades">(.*?)</ol>', page, re.S).group(1)
    assert "On North border, change Line C to <strong>Line A</strong>" in trades
    assert "On South border, change River to <strong>Ridge</strong>" in trades
    assert "Line B" not in trades
    assert builder_link("border-deal", {"north": "north-a", "south": "south-a"}) in trades


def test_trade_suggestions_match_brute_force_on_a_generated_scenario(client, scenario, viewer):
    problem = scenario_problem(scenario)
    saved = scenario.packages.get(key="pkg1")
    chosen = {c.issue.key: c.option.key for c in saved.choices.select_related("issue", "option")}
    now = problem.choice_indices(chosen)
    scores = sum(problem.contributions[i][:, o] for i, o in enumerate(now))
    principal, reservation = problem.principal, problem.reservation
    expected = set()
    # DESIGN §3.11: single-issue changes that no principal loses from and one gains from, or that
    # lift a party below its reservation over it; never onto a principal's red line.
    for i, current in enumerate(now):
        for o in range(problem.option_counts[i]):
            red = problem.red_lines[i][:, o]
            if o == current or red[principal].any():
                continue
            gains = problem.contributions[i][:, o] - problem.contributions[i][:, current]
            pareto = (gains[principal] >= -1e-9).all() and (gains[principal] > 1e-9).any()
            rescues = (scores < reservation - 1e-9) & (scores + gains >= reservation - 1e-9) & ~red
            if pareto or rescues.any():
                labels = problem.option_labels[i]
                expected.add(
                    f"On {problem.issue_names[i]}, change {labels[current]} to <strong>{labels[o]}</strong>"
                )
    assert expected  # the scenario has trades to find

    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/", {"package": "pkg1"})

    trades = re.search(r'<ol class="trades">(.*?)</ol>', page, re.S).group(1)
    assert set(re.findall(r"<li>(On .*?</strong>)", trades)) == expected


def test_tipping_points_are_the_hand_worked_thresholds(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "river-deal"})

    # {Line A, River}: Bo scores (20·w + 100·1) / (w + 1) with weight w on the north border, which
    # meets his reservation 55 at w = 9/7 ≈ 1.29; his 0.5 × utility of River meets it at 90.
    # Ana scores 100·w / (w + 1), which meets her 50 at w = 1.
    tipping = re.search(r'<ul class="tipping">(.*?)</ul>', page, re.S).group(1)
    assert (
        "If Bo cared over 0.29 points more about North border (weight 1 → 1.29), it would walk away."
        in tipping
    )
    assert "If Bo valued River over 10 points lower (utility 100 → 90), it would walk away." in tipping
    assert "If Ana cared over 2 points less about North border (weight 3 → 1), it would walk away." in tipping


def test_a_party_behind_a_red_line_has_no_tipping_points(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "ridge-deal"})

    # Ana's red line on Line B keeps her away whatever her weights and utilities.
    tipping = re.search(r'<ul class="tipping">(.*?)</ul>', page, re.S).group(1)
    assert "If Ana" not in tipping
    assert "If Bo" in tipping


def test_an_incomplete_package_is_sent_to_the_builder_first(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "half-deal"})

    assert "“Half deal” leaves South border open" in page
    assert "settle the open issues in the builder" in page
    assert "Trade suggestions</h4>" not in page


def test_an_unknown_package_is_named(client, deal, viewer):
    response, page = page_of(client, viewer, data={"package": "nope"})

    assert response.status_code == 400
    assert "package: &#x27;nope&#x27; is not a saved package of this scenario" in page


def test_htmx_swaps_in_only_the_prospects(client, deal, viewer):
    response, page = page_of(client, viewer, data={"package": "centre-deal"}, target="prospects")

    assert response.status_code == 200
    assert "<html" not in page
    assert "Bargaining solutions" not in page
    assert "On North border, change Line C to <strong>Line A</strong>" in page


# Sensitivity


def sensitivity_rows(page):
    table = re.search(r'<table class="sensitivity-result">(.*?)</table>', page, re.S).group(1)
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td class="num">([^<]*)&nbsp;% of draws', table))


def test_without_perturbation_sensitivity_gives_the_unperturbed_answer(client, deal, viewer):
    # κ very large keeps the weights where they are and δ = 0 keeps the utilities: every draw is
    # the package as it stands, where Ana and Bo accept {Line A, River} and Ana refuses Line B.
    settings = {"n": "50", "seed": "3", "kappa": "1000000", "delta": "0"}

    _, river = page_of(client, viewer, data={"package": "river-deal", **settings})
    _, ridge = page_of(client, viewer, data={"package": "ridge-deal", **settings})

    assert sensitivity_rows(river) == {
        "Ana": "100.0",
        "Bo": "100.0",
        "Mia": "100.0",
        "Stays in the ZOPA": "100.0",
    }
    assert sensitivity_rows(ridge)["Ana"] == "0.0"  # a red line is crossed whatever the noise
    assert sensitivity_rows(ridge)["Stays in the ZOPA"] == "0.0"
    assert "50 draws, seed 3" in river


def test_the_same_seed_gives_the_same_answer(client, deal, viewer):
    settings = {"package": "centre-deal", "n": "300", "seed": "7", "kappa": "5", "delta": "20"}

    _, first = page_of(client, viewer, data=settings, target="sensitivity")
    _, again = page_of(client, viewer, data=settings, target="sensitivity")

    assert sensitivity_rows(first) == sensitivity_rows(again)
    assert "<html" not in first
    assert "Trade suggestions" not in first  # only the sensitivity section was swapped


def test_a_run_shows_a_progress_line_while_it_works(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "river-deal"})

    # htmx shows the element named by hx-indicator while the request runs (the style sheet holds it
    # back for the first moment, so quick runs do not flicker).
    form = re.search(r'<form[^>]*class="sensitivity-form"[^>]*>', page, re.S).group(0)
    assert 'hx-indicator="#sensitivity-progress"' in form
    assert (
        '<p id="sensitivity-progress" class="htmx-indicator progress" role="status">Running the draws…</p>'
        in page
    )


def test_settings_left_out_keep_their_defaults(client, deal, viewer):
    response, page = page_of(client, viewer, data={"package": "river-deal", "n": "20"})

    assert response.status_code == 200
    assert "20 draws, seed 0, κ 100, δ 5" in page


@pytest.mark.parametrize(
    ("field", "value", "label", "message"),
    [
        ("n", "0", "Draws", "The number of draws must be a whole number from 1 to 100000, not 0."),
        ("n", "100001", "Draws", "The number of draws must be a whole number from 1 to 100000, not 100001."),
        ("n", "many", "Draws", "Enter a whole number."),
        ("seed", "-1", "Seed", "Must be a whole number 0 or more, not -1."),
        ("kappa", "0", "Concentration κ", "The concentration must be a number of at least 1e-06, not 0.0."),
        ("kappa", "inf", "Concentration κ", "Enter a number."),
        ("delta", "101", "Utility noise ±δ", "The utility spread must be a number from 0 to 100, not 101.0."),
        ("delta", "", "Utility noise ±δ", "This field is required."),
    ],
)
def test_bad_sensitivity_settings_are_named_and_nothing_runs(
    client, deal, viewer, field, value, label, message
):
    settings = {"package": "river-deal", "n": "10", field: value}

    response, page = page_of(client, viewer, data=settings)
    swapped, fragment = page_of(client, viewer, data=settings, target="sensitivity")

    assert response.status_code == swapped.status_code == 400
    assert f"{label}: {message}" in page
    assert message in fragment
    assert 'aria-invalid="true"' in fragment
    assert "sensitivity-result" not in page + fragment


# The forecast


def test_the_forecast_of_the_border_deal_is_the_hand_worked_one(client, deal, viewer):
    _, page = page_of(client, viewer)

    # Hand-worked in tests/deal.py: voices Ana 45, Bo 20, Mia 5 on the north border.
    assert (
        "<strong>North border</strong>: forecast <strong>Line A</strong> (median 0, voice-weighted mean 28.6)"
        in page
    )
    assert (
        "<strong>South border</strong>: forecast <strong>River</strong> (median 0, voice-weighted mean 37.5)"
        in page
    )
    north = re.search(r"Ideal points and voices for North border</summary>(.*?)</details>", page, re.S).group(
        1
    )
    assert (
        '<th scope="row">Ana (A)</th><td>Line A</td><td class="num">0</td><td class="num">60</td>'
        '<td class="num">0.750</td><td class="num">45.00</td>'
    ) in north


def test_the_forecast_matches_the_voice_weighted_median(client, scenario, viewer):
    problem = scenario_problem(scenario)

    _, page = page_of(client, viewer, f"/s/{scenario.slug}/analysis/")

    for i, name in enumerate(problem.issue_names):
        ideal = [int(np.argmax(problem.utilities[i][p])) for p in range(len(problem.party_keys))]
        voice = problem.capability * problem.weights[:, i]
        positions = problem.positions[i][ideal]
        order = np.argsort(positions, kind="stable")
        reached = np.cumsum(voice[order]) >= voice.sum() / 2 - 1e-9
        median = positions[order][np.argmax(reached)]
        nearest = int(np.argmin(np.abs(problem.positions[i] - median)))
        caption = f"<strong>{name}</strong>: forecast <strong>{problem.option_labels[i][nearest]}</strong>"
        assert caption in page


def test_an_issue_nobody_weighs_has_no_forecast_and_says_why(client, deal, viewer):
    Stance.objects.filter(issue__scenario=deal, issue__key="south").update(weight=0)
    services.scenario_touch(deal.pk)

    _, page = page_of(client, viewer)

    caption = re.search(r"<figcaption><strong>South border</strong>: (.*?)</figcaption>", page).group(1)
    assert caption.startswith("no forecast: ")
    assert page.count('<path class="forecast-mark"') == 1  # the north border's only


def test_each_issue_has_a_drawing_with_a_text_alternative(client, deal, viewer):
    _, page = page_of(client, viewer)

    assert page.count('<svg class="spectrum-plot"') == 2
    assert page.count('<circle class="ideal"') == 6  # three parties on each of two issues
    assert page.count('<path class="forecast-mark"') == 2
    assert "North border: parties' ideal points on the 0–100 spectrum" in page


# Without JavaScript


def test_every_form_submits_to_the_page_without_htmx(client, deal, viewer):
    _, page = page_of(client, viewer, data={"package": "centre-deal"})

    forms = re.findall(r'<form method="get" action="([^"]*)"', page)
    assert forms == [f"{ANALYSIS}#frontier", f"{ANALYSIS}#package", f"{ANALYSIS}#package"]
    # Each form carries the other's choice in hidden fields, so a plain submission keeps both.
    assert '<input type="hidden" name="package" value="centre-deal">' in page
    assert '<input type="hidden" name="x" value="ana"><input type="hidden" name="y" value="bo">' in page
    _, whole = page_of(client, viewer, data={"package": "centre-deal", "x": "bo", "y": "ana"})
    assert "<html" in whole
    assert '<option value="bo" selected>' in whole
    assert "On North border, change Line C to <strong>Line A</strong>" in whole
    # The sensitivity form submits the same way, keeping the package and the plotted pair.
    _, run = page_of(client, viewer, data={"package": "centre-deal", "x": "bo", "y": "ana", "n": "10"})
    assert "10 draws, seed 0" in run
    assert '<option value="bo" selected>' in run


# Queries


@pytest.mark.parametrize(
    ("query", "target", "queries"),
    [
        # session, user, scenario with membership, the saved packages (2), the parties' short codes,
        # the stored analysis (none here)
        ({}, None, 7),
        ({"package": "pkg0"}, None, 7),
        # session, user, scenario with membership
        ({"x": "p1", "y": "p0"}, "frontier-plot", 3),
        # ... and the chosen package (2)
        ({"package": "pkg0"}, "prospects", 5),
        ({"package": "pkg0", "n": "10"}, "sensitivity", 5),
        ({"package": "pkg0", "n": "10"}, None, 7),
    ],
)
def test_the_page_and_its_fragments_cost_a_fixed_number_of_queries(
    client, sized_scenario, viewer, django_assert_num_queries, query, target, queries
):
    client.force_login(viewer)
    url = f"/s/{sized_scenario.slug}/analysis/"
    scenario_problem(sized_scenario)  # the engine input is cached per scenario version
    headers = {"HX-Request": "true", "HX-Target": target} if target else {}
    with django_assert_num_queries(queries):
        assert client.get(url, query, headers=headers).status_code == 200


def test_the_first_reading_of_a_scenario_costs_a_fixed_number_of_queries(
    client, sized_scenario, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    with django_assert_num_queries(16):  # the page's 7 and the scenario document's export
        assert client.get(f"/s/{sized_scenario.slug}/analysis/").status_code == 200
