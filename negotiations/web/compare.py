"""Compare 2–4 saved packages side by side: choices, scores, surpluses, Nash product, Pareto status."""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from negotiations.analysis import Problem, ProblemError, evaluate, improvements
from negotiations.selectors import scenario_for_user, scenario_problem
from negotiations.web.charts import SERIES_MARKS, grouped_bars
from negotiations.web.packages import SavedPackage, builder_url, saved_packages
from negotiations.web.scorecards import choice_table, party_cards

MOST = 4


@require_GET
def package_compare(request, slug: str):
    scenario, _ = scenario_for_user(request.user, slug)
    packages = saved_packages(scenario)
    context: dict[str, Any] = {"scenario": scenario, "packages": packages}
    chosen, errors = _chosen(packages, request.GET.getlist("p"))
    context |= {"chosen_keys": [p.key for p in chosen], "errors": errors}
    if errors or not chosen:
        return render(request, "packages/compare.html", context, status=400 if errors else 200)
    try:
        problem = scenario_problem(scenario)
    except ProblemError as error:
        return render(request, "packages/compare.html", context | {"problem_errors": error.errors})
    return render(request, "packages/compare.html", context | _comparison(problem, slug, chosen))


def _chosen(packages: list[SavedPackage], keys: list[str]) -> tuple[list[SavedPackage], list[str]]:
    by_key = {p.key: p for p in packages}
    keys = list(dict.fromkeys(keys))  # a package ticked twice is compared once
    errors = [
        f"p: {key!r} is not a saved package of this scenario; choose among {', '.join(by_key) or 'none yet'}."
        for key in keys
        if key not in by_key
    ]
    if keys and not errors and not 2 <= len(keys) <= MOST:
        errors.append(f"p: {len(keys)} package(s) given; compare between 2 and {MOST} packages.")
    return ([] if errors else [by_key[key] for key in keys]), errors


def _comparison(problem: Problem, slug: str, chosen: list[SavedPackage]) -> dict[str, Any]:
    evaluations = [evaluate(problem, package.choices) for package in chosen]
    cards = [party_cards(problem, evaluation) for evaluation in evaluations]
    parties = [{"card": card, "cells": [column[n] for column in cards]} for n, card in enumerate(cards[0])]
    chart = grouped_bars(
        [(card["name"], card["reservation"]) for card in cards[0]],
        [[card["score"] for card in column] for column in cards],
    )
    return {
        "columns": [
            {
                "package": package,
                "evaluation": evaluation,
                "mark": mark,
                "red_lines": [
                    (card["name"], card["red_line_labels"]) for card in column if card["red_lines"]
                ],
                "efficiency": _efficiency(problem, slug, package, evaluation),
            }
            for package, evaluation, column, mark in zip(
                chosen, evaluations, cards, SERIES_MARKS, strict=False
            )
        ],
        "choice_rows": choice_table(problem, [package.choices for package in chosen]),
        "party_rows": parties,
        "chart": chart,
    }


def _efficiency(problem: Problem, slug: str, package: SavedPackage, evaluation: dict) -> dict | None:
    """Whether the package is on the Pareto frontier and, if not, the best improvement on it;
    None while issues are open, since the open issues could still go either way."""
    if not evaluation["complete"]:
        return None
    found = improvements(problem, package.choices, limit=1)
    better = found["recommended"]
    return found | {"url": builder_url(slug, better["choices"]) if better else None}


urlpatterns = [
    path("s/<slug:slug>/compare/", package_compare, name="package-compare"),
]
