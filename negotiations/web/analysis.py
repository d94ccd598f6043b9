"""Analysis page: the ZOPA, the bargaining solutions, the frontier, a package's prospects, the forecast."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from negotiations.selectors import scenario_for_user


@require_GET
def scenario_analysis(request, slug: str):
    scenario, _ = scenario_for_user(request.user, slug)
    return render(request, "analysis/page.html", {"scenario": scenario})


urlpatterns = [
    path("s/<slug:slug>/analysis/", scenario_analysis, name="scenario-analysis"),
]
