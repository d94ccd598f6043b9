"""Scenario overview: the parties, the issues on their spectrum, and who cares about what."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from negotiations.models import Issue, Option, Scenario
from negotiations.selectors import WeightCell, scenario_for_user, weight_table

# The heat map tints a cell by ŵ; past this strength dark text on the tint would fall below AA.
STRONGEST_TINT = 60


@dataclass(frozen=True)
class HeatCell:
    cell: WeightCell
    tint: int  # percent of the accent colour mixed into the cell's background, 0–STRONGEST_TINT


@dataclass(frozen=True)
class SpectrumIssue:
    issue: Issue
    options: list[Option]


def issues_with_options(scenario: Scenario) -> list[SpectrumIssue]:
    issues = scenario.issues.order_by("order", "id").prefetch_related("options")
    return [
        SpectrumIssue(issue, sorted(issue.options.all(), key=lambda o: (o.order, o.pk))) for issue in issues
    ]


def heat_rows(scenario: Scenario) -> list[tuple]:
    # The strongest share in the scenario gets the strongest tint, so the map uses its whole range.
    table = weight_table(scenario)
    top = max((c.share or 0 for _, row in table for c in row), default=0) or 1
    return [
        (party, [HeatCell(c, round(STRONGEST_TINT * (c.share or 0) / top)) for c in row])
        for party, row in table
    ]


@require_GET
def scenario_overview(request, slug: str):
    scenario, role = scenario_for_user(request.user, slug)
    rows = heat_rows(scenario)
    context = {
        "scenario": scenario,
        "can_write": role.can_write,
        "parties": [party for party, _ in rows],
        "issues": issues_with_options(scenario),
        "heat": rows,
    }
    return render(request, "scenarios/overview.html", context)


urlpatterns = [path("s/<slug:slug>/", scenario_overview, name="scenario-overview")]
