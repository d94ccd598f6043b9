"""Engine results reshaped for templates: lists in display order, labels beside keys.

Nothing here computes a score; it only arranges what the engine returned, because a template can
walk a list but cannot look a party's key up in a dict.
"""

from __future__ import annotations

from typing import Any

from negotiations.analysis import Problem
from negotiations.web.charts import spectrum
from negotiations.web.packages import builder_url

STATUS_WORDS = {
    "accepts": ("✓", "Accepts"),
    "below_reservation": ("✗", "Walks away"),
    "red_line": ("⊘", "Red line crossed"),
    "undecided": ("?", "Undecided"),
}


def option_labels(problem: Problem) -> dict[str, str]:
    return {
        key: label
        for keys, labels in zip(problem.option_keys, problem.option_labels, strict=True)
        for key, label in zip(keys, labels, strict=True)
    }


def issue_rows(problem: Problem, chosen: dict[str, str | None]) -> list[dict[str, Any]]:
    """Each issue with its options and the chosen one, for the builder's controls."""
    return [
        {"key": key, "name": name, "options": list(zip(keys, labels, strict=True)), "chosen": chosen[key]}
        for key, name, keys, labels in zip(
            problem.issue_keys, problem.issue_names, problem.option_keys, problem.option_labels, strict=True
        )
    ]


def party_cards(problem: Problem, evaluation: dict[str, Any]) -> list[dict[str, Any]]:
    labels = option_labels(problem)
    cards = []
    for key, result in evaluation["parties"].items():
        icon, words = STATUS_WORDS[result["status"]]
        cards.append(
            result
            | {
                "key": key,
                "icon": icon,
                "words": words,
                "red_line_labels": [labels[o] for o in result["red_lines"]],
            }
        )
    return cards


def breakdown_rows(problem: Problem, evaluation: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue by issue, each party's weight × utility = contribution (or its range while open)."""
    labels = option_labels(problem)
    rows = []
    for issue, name in zip(problem.issue_keys, problem.issue_names, strict=True):
        option = evaluation["choices"][issue]
        rows.append(
            {
                "name": name,
                "option": labels[option] if option else None,
                "cells": [party["breakdown"][issue] for party in evaluation["parties"].values()],
            }
        )
    return rows


def choice_table(problem: Problem, columns: list[dict[str, str | None]]) -> list[dict[str, Any]]:
    """Issue by issue, the option each package picks (None when open), and whether they differ."""
    labels = option_labels(problem)
    rows = []
    for issue, name in zip(problem.issue_keys, problem.issue_names, strict=True):
        picks = [column.get(issue) for column in columns]
        rows.append(
            {
                "name": name,
                "cells": [labels.get(pick) if pick else None for pick in picks],
                "differs": len(set(picks)) > 1,
            }
        )
    return rows


def package_view(problem: Problem, package: dict, slug: str) -> dict[str, Any]:
    """A package as the page shows it: labelled choices, each party's score, a builder link."""
    labels = option_labels(problem)
    names = dict(zip(problem.party_keys, problem.party_names, strict=True))
    return package | {
        "labels": [labels[package["choices"][issue]] for issue in problem.issue_keys],
        "named_scores": [(names[key], score) for key, score in package["scores"].items()],
        "named_gains": [(names[key], gain) for key, gain in package.get("gains", {}).items()],
        "below_names": [names[key] for key in package.get("below", [])],
        "url": builder_url(slug, package["choices"]),
    }


def solution_rows(problem: Problem, columns: list[dict]) -> dict[str, list]:
    """Issue rows and party rows with one cell per solution (None where there is no solution)."""
    labels = option_labels(problem)
    solved = [column["solution"] for column in columns]
    # Each score links to its package in the builder, where the breakdown shows how it adds up.
    return {
        "issues": [
            {"name": name, "cells": [labels[s["choices"][issue]] if s else None for s in solved]}
            for issue, name in zip(problem.issue_keys, problem.issue_names, strict=True)
        ],
        "parties": [
            {
                "name": name,
                "principal": role == "principal",
                "reservation": float(problem.reservation[p]),
                "cells": [
                    (column["solution"] and column["solution"]["scores"][key], column["url"])
                    for column in columns
                ],
            }
            for p, (key, name, role) in enumerate(
                zip(problem.party_keys, problem.party_names, problem.roles, strict=True)
            )
        ],
    }


def forecast_rows(problem: Problem, found: dict, shorts: dict[str, str]) -> list[dict[str, Any]]:
    """Per issue: the spectrum drawing and, as its text alternative, each party's ideal point."""
    labels = option_labels(problem)
    issues = []
    for i, (issue, name) in enumerate(zip(problem.issue_keys, problem.issue_names, strict=True)):
        result = found["issues"][issue]
        points = [
            point
            | {
                "key": key,
                "name": problem.party_names[p],
                "short": shorts[key],
                "capability": float(problem.capability[p]),
                "weight": float(problem.weights[p, i]),
                "label": labels[point["option"]],
            }
            for key, point in result["ideal_points"].items()
            for p in [problem.party_index(key)]
        ]
        options = list(zip(problem.option_labels[i], problem.positions[i].tolist(), strict=True))
        issues.append(
            {
                "key": issue,
                "name": name,
                "result": result,
                "label": labels.get(result["option"]),
                "points": points,
                "options": options,
                "drawing": spectrum(options, points, median=result["median"], mean=result["mean"]),
            }
        )
    return issues
