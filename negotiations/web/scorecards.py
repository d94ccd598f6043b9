"""Engine results reshaped for templates: lists in display order, labels beside keys.

Nothing here computes a score; it only arranges what `analysis.evaluate` returned, because a
template can walk a list but cannot look a party's key up in a dict.
"""

from __future__ import annotations

from typing import Any

from negotiations.analysis import Problem

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
