"""Scoring one package, complete or partial, with the terms every number came from (DESIGN §3.1–4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from negotiations.analysis.problem import TOLERANCE, Problem


def rounded(value: float) -> float:
    """Figures leave the engine rounded to 6 decimals, so equal scores print equal."""
    return round(float(value), 6) + 0.0  # + 0.0 turns -0.0 into 0.0


def evaluate(problem: Problem, choices: Mapping[str, str | None]) -> dict[str, Any]:
    """Who accepts the package and why; while issues are open, the range each party can still reach."""
    indices = problem.choice_indices(choices)
    complete = all(index is not None for index in indices)
    parties = {key: _party_result(problem, p, indices, complete) for p, key in enumerate(problem.party_keys)}
    principals = [result for result in parties.values() if result["principal"]]
    if any(result["acceptable"] is False for result in principals):
        in_zopa: bool | None = False
    elif complete:
        in_zopa = True
    else:
        in_zopa = None
    nash = None
    if in_zopa:
        nash = rounded(np.prod([result["surplus"] for result in principals]))
    return {
        "complete": complete,
        "in_zopa": in_zopa,
        "choices": problem.choices_of(indices),
        "nash_product": nash,
        "parties": parties,
    }


def _party_result(problem: Problem, p: int, indices: list[int | None], complete: bool) -> dict[str, Any]:
    breakdown = {}
    low = high = 0.0
    red_lines = []
    for i, index in enumerate(indices):
        terms = problem.contributions[i][p]
        weight = problem.weights[p, i]
        if index is None:
            term_low, term_high = terms.min(), terms.max()
            utility = contribution = None
        else:
            term_low = term_high = terms[index]
            utility, contribution = rounded(problem.utilities[i][p, index]), rounded(terms[index])
            if problem.red_lines[i][p, index]:
                red_lines.append(problem.option_keys[i][index])
        low, high = low + term_low, high + term_high
        breakdown[problem.issue_keys[i]] = {
            "weight": rounded(weight),
            "option": None if index is None else problem.option_keys[i][index],
            "utility": utility,
            "contribution": contribution,
            "range": [rounded(term_low), rounded(term_high)],
        }
    reservation = problem.reservation[p]
    if red_lines:
        status, accepts = "red_line", False
    elif high < reservation - TOLERANCE:
        status, accepts = "below_reservation", False
    elif complete:
        status, accepts = "accepts", True
    else:
        status, accepts = "undecided", None
    return {
        "name": problem.party_names[p],
        "role": problem.roles[p],
        "principal": problem.roles[p] == "principal",
        "reservation": rounded(reservation),
        "score": rounded(low) if complete else None,
        "range": [rounded(low), rounded(high)],
        "surplus": rounded(low - reservation) if complete else None,
        "acceptable": accepts,
        "status": status,
        "red_lines": red_lines,
        "breakdown": breakdown,
    }
