"""Analysis page: the ZOPA, the bargaining solutions, the frontier, a package's prospects, the forecast.

One view serves the page and, for htmx, the one section a form swaps (named by the request's
HX-Target): every form is a plain GET form of the page itself, so without JavaScript it submits
and the whole page comes back with the same section filled in.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from negotiations.analysis import (
    Problem,
    ProblemError,
    evaluate,
    frontier_2d,
    improvements,
    sensitivity,
    suggestions,
    tipping_points,
)
from negotiations.models import Scenario
from negotiations.selectors import scenario_analysis, scenario_for_user, scenario_problem
from negotiations.web.charts import scatter
from negotiations.web.packages import SavedPackage, builder_url, saved_packages
from negotiations.web.scorecards import forecast_rows, option_labels, package_view, party_cards, solution_rows


class Solution(NamedTuple):
    title: str
    aim: str  # what it picks
    measure: str  # what its objective measures
    binding: str  # what the engine's `binding` party is doing there


AT_RESERVATION = "is held exactly at its reservation"
SOLUTIONS = {
    "nash": Solution(
        "Nash", "the largest product of the principals' surpluses", "Nash product", AT_RESERVATION
    ),
    "asymmetric_nash": Solution(
        "Asymmetric Nash",
        "the largest product of surpluses, each raised to its party's share of capability",
        "weighted Nash product",
        AT_RESERVATION,
    ),
    "kalai_smorodinsky": Solution(
        "Kalai–Smorodinsky",
        "the largest equal share of each principal's best possible gain",
        "smallest share of a best gain",
        "has the smallest share of its best gain",
    ),
    "egalitarian": Solution(
        "Egalitarian", "the largest smallest surplus", "smallest surplus", "has the smallest surplus"
    ),
    "utilitarian": Solution(
        "Utilitarian", "the largest total score of the principals", "total score", AT_RESERVATION
    ),
}
PARTS = ("frontier-plot", "prospects", "sensitivity")


class SensitivityForm(forms.Form):
    """How to perturb the judgements (DESIGN §3.12). The form only reads numbers; the engine says
    which are allowed, so the pages and the API refuse the same settings with the same words."""

    n = forms.IntegerField(label="Draws", initial=1000)
    seed = forms.IntegerField(label="Seed", initial=0)
    kappa = forms.FloatField(
        label="Concentration κ",
        initial=100.0,
        help_text="How tightly the weights stay near their values: larger means less change.",
    )
    delta = forms.FloatField(
        label="Utility noise ±δ",
        initial=5.0,
        help_text="Each utility moves up to this many points either way (kept within 0–100).",
    )


def _sensitivity_form(query) -> SensitivityForm:
    """Unbound until a run is asked for (by giving `n`); a setting left out keeps its default."""
    if "n" not in query:
        return SensitivityForm(auto_id="sensitivity-%s")
    defaults = {name: field.initial for name, field in SensitivityForm.base_fields.items()}
    data = defaults | {name: query[name] for name in defaults if name in query}
    return SensitivityForm(data, auto_id="sensitivity-%s")


@require_GET
def analysis_page(request, slug: str):
    scenario, _ = scenario_for_user(request.user, slug)
    context: dict[str, Any] = {"scenario": scenario}
    try:
        problem = scenario_problem(scenario)
    except ProblemError as error:
        return render(request, "analysis/page.html", context | {"problem_errors": error.errors})
    part = request.htmx.target if request.htmx and request.htmx.target in PARTS else None
    errors: list[str] = []
    if part is None:
        context |= _overview(problem, scenario)
    if part in (None, "frontier-plot"):
        context |= _frontier(problem, scenario.slug, request.GET, errors)
    if part in (None, "prospects", "sensitivity"):
        context |= _prospects(problem, scenario, request.GET, errors, part=part)
    context["errors"] = errors
    template = f"analysis/page.html#{part}" if part else "analysis/page.html"
    response = render(request, template, context, status=400 if errors else 200)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _overview(problem: Problem, scenario: Scenario) -> dict[str, Any]:
    found, slug = scenario_analysis(scenario), scenario.slug  # computed once per scenario version
    shorts = dict(scenario.parties.values_list("key", "short"))
    names = dict(zip(problem.party_keys, problem.party_names, strict=True))
    columns = [
        {
            "name": name,
            "about": about,
            "solution": found[name],
            "reason": found["reasons"].get(name),
            "binding": names.get(found[name]["binding"]) if found[name] else None,
            "url": builder_url(slug, found[name]["choices"]) if found[name] else None,
            "runner_up_url": _runner_up_url(slug, found[name]),
        }
        for name, about in SOLUTIONS.items()
    ]
    return {
        "zopa": found["zopa"],
        "space_size": problem.space_size,
        "pareto": found["frontier"],
        "solutions": columns,
        "solution_rows": solution_rows(problem, columns),
        "misses": [package_view(problem, miss, slug) for miss in found["nearest_misses"]],
        "misses_cut": found["reasons"]["nearest_misses"],
        "forecast": forecast_rows(problem, found["forecast"], shorts),
    }


def _runner_up_url(slug: str, solution: dict | None) -> str | None:
    if not solution or not solution.get("runner_up"):
        return None
    return builder_url(slug, solution["runner_up"]["choices"])


def _frontier(problem: Problem, slug: str, query, errors: list[str]) -> dict[str, Any]:
    principals = [k for k, role in zip(problem.party_keys, problem.roles, strict=True) if role == "principal"]
    defaults = (principals + [k for k in problem.party_keys if k not in principals])[:2]
    if len(defaults) < 2:
        return {"pair": None}
    pair = []
    for field, default in zip(("x", "y"), defaults, strict=True):
        value = query.get(field, default)
        if value not in problem.party_keys:
            errors.append(f"{field}: {value!r} is not a party of this scenario; choose one of the list.")
            value = default
        pair.append(value)
    if pair[0] == pair[1]:
        errors.append("y: choose a different party from the one across (x) to plot one against the other.")
        pair = defaults
    first, second = pair
    plot = frontier_2d(problem, first, second)
    names = dict(zip(problem.party_keys, problem.party_names, strict=True))
    points = [
        package_view(problem, package, slug) | {"x": package["scores"][first], "y": package["scores"][second]}
        for package in plot["frontier"]
    ]
    sample = [(point["x"], point["y"]) for point in plot["sample"]]
    return {
        "pair": {
            "x": first,
            "y": second,
            "x_name": names[first],
            "y_name": names[second],
            "x_reservation": plot["reservation"][first],
            "y_reservation": plot["reservation"][second],
        },
        "parties": list(zip(problem.party_keys, problem.party_names, strict=True)),
        "plot": plot,
        "space_size": problem.space_size,
        "chart": scatter(sample, points, (plot["reservation"][first], plot["reservation"][second])),
    }


def _prospects(
    problem: Problem, scenario: Scenario, query, errors: list[str], *, part: str | None
) -> dict[str, Any]:
    """For the chosen saved package: its scores, improvements, trades, tipping points, sensitivity."""
    key = query.get("package", "")
    # The package select sits outside the swapped sections: a swap reads only the chosen package.
    packages = saved_packages(scenario, key=key if part else None)
    chosen = next((p for p in packages if p.key == key), None)
    context: dict[str, Any] = {"packages": packages, "chosen": chosen}
    if key and chosen is None:
        errors.append(f"package: {key!r} is not a saved package of this scenario; choose one of the list.")
    if chosen is None:
        return context
    evaluation = evaluate(problem, chosen.choices)
    context |= {"evaluation": evaluation, "url": builder_url(scenario.slug, chosen.choices)}
    if not evaluation["complete"]:
        names = [
            n for i, n in zip(problem.issue_keys, problem.issue_names, strict=True) if i not in chosen.choices
        ]
        return context | {"open_issues": names}
    run = _sensitivity_form(query)
    context["sensitivity_form"] = run
    if run.is_valid():
        context["sensitivity"] = _sensitivity(problem, chosen, run)
    errors += [f"{run[name].label}: {message}" for name, items in run.errors.items() for message in items]
    if part == "sensitivity":
        return context
    return context | _package_prospects(problem, chosen, scenario.slug, evaluation)


def _package_prospects(problem: Problem, chosen: SavedPackage, slug: str, evaluation: dict) -> dict[str, Any]:
    better = improvements(problem, chosen.choices)
    labels = option_labels(problem)
    issues = dict(zip(problem.issue_keys, problem.issue_names, strict=True))
    names = dict(zip(problem.party_keys, problem.party_names, strict=True))
    trades = [
        trade
        | {
            "issue_name": issues[trade["issue"]],
            "from_label": labels[trade["from"]],
            "to_label": labels[trade["to"]],
            "beneficiary_name": names.get(trade["beneficiary"]),
            "package": package_view(problem, trade["package"], slug),
        }
        for trade in suggestions(problem, chosen.choices)["suggestions"]
    ]
    return {
        "cards": party_cards(problem, evaluation),
        "improvements": better
        | {"packages": [package_view(problem, package, slug) for package in better["packages"]]},
        "trades": trades,
        "tipping": tipping_points(problem, chosen.choices)["tipping_points"],
    }


def _sensitivity(problem: Problem, chosen: SavedPackage, run: SensitivityForm) -> dict[str, Any] | None:
    """The run, or None with the engine's refusals put beside the fields they name."""
    try:
        result = sensitivity(problem, chosen.choices, **run.cleaned_data)
    except ProblemError as refusal:
        for error in refusal.errors:
            field, _, message = error.partition(": ")
            run.add_error(field if field in run.fields else None, message[:1].upper() + message[1:] + ".")
        return None
    names = dict(zip(problem.party_keys, problem.party_names, strict=True))
    # Shown as "in N % of draws": the engine's figures are shares of the n draws.
    return result | {
        "rows": [(names[key], 100 * party["acceptable"]) for key, party in result["parties"].items()],
        "in_zopa_percent": 100 * result["in_zopa"],
    }


urlpatterns = [
    path("s/<slug:slug>/analysis/", analysis_page, name="scenario-analysis"),
]
