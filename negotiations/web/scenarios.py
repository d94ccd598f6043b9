"""Scenario list and the API token page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from negotiations.selectors import scenarios_for_user


def scenario_list(request):
    return render(request, "scenarios/list.html", {"scenarios": scenarios_for_user(request.user)})


@login_required
def api_token(request):
    return render(request, "scenarios/token.html", {})


urlpatterns = [
    path("", scenario_list, name="scenario-list"),
    path("account/token/", api_token, name="api-token"),
]
