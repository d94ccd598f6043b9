"""Nearest misses: when the ZOPA is empty, the packages that come closest (DESIGN §3.10).

Closest means the fewest principals who would refuse (scoring below their reservation or seeing a
red line crossed), then the largest smallest surplus over the principals, then the tie-break order.
One programme over every package ranks them: a binary y[p] per principal may excuse p from its
reservation (`score[p] + reservation[p]·y[p] ≥ reservation[p]`, tight because scores are never
negative) and from its red lines (`Σ x[red options of an issue] ≤ y[p]`), and a continuous z is held
under every principal's surplus. Maximising `z − 1024·Σ y` puts the count first: surpluses lie
within ±100, so one refusal more always costs more than any difference in z.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from negotiations.analysis.evaluate import rounded
from negotiations.analysis.frontier import scored_packages
from negotiations.analysis.milp import Objective, Programme
from negotiations.analysis.problem import TOLERANCE, Problem
from negotiations.analysis.search import ranked

LIMIT = 5
REFUSAL = 1024.0  # a power of two, so −1024·count + surplus keeps the surplus's digits


def nearest_misses(problem: Problem, *, limit: int = LIMIT) -> Iterator[dict[str, Any]]:
    """Up to `limit` packages, closest first, each with the principals who would refuse it
    (`below`) and the smallest principal surplus (`min_surplus`); each is yielded once its place is
    proven, so under a time bound (`milp.time_bound`) the ones yielded before it ran out stand."""
    programme = Programme(problem, over_zopa=False, extra=int(problem.principal.sum()) + 1)
    principals = programme.principals
    excused = programme.columns + np.arange(len(principals))
    programme.lower[excused], programme.upper[excused], programme.integrality[excused] = 0, 1, 1
    for k, p in enumerate(principals):
        reservation = problem.reservation[p]
        row = np.append(programme.scores[p], np.zeros(programme.width - programme.columns))
        row[excused[k]] = reservation
        programme.add_score_row(row, lower=reservation - TOLERANCE)  # score ≥ reservation unless excused
        row[excused[k]], row[-1] = 0, -1
        programme.add_score_row(row, lower=reservation)  # z ≤ surplus
        for a, b in zip(programme.starts[:-1], programme.starts[1:], strict=True):
            red = programme.crossed[p, a:b]
            if red.any():
                crossing = np.zeros(programme.width)
                crossing[a:b] = red
                crossing[excused[k]] = -1
                programme.add_row(crossing, -np.inf, 0)
    relaxed = np.zeros(programme.width)
    relaxed[excused], relaxed[-1] = -REFUSAL, 1

    def value(package: np.ndarray) -> float:
        return -REFUSAL * int((~programme.acceptable(package)).sum()) + float(
            programme.surpluses(package).min()
        )

    def restrict(target: Programme, threshold: float) -> None:
        target.add_score_row(relaxed, lower=threshold)

    def tolerance(value: float) -> float:
        surplus = value + REFUSAL * round(-value / REFUSAL)
        return TOLERANCE * max(1.0, abs(surplus))

    def closeness(surplus: np.ndarray, crossed: np.ndarray, edge: float) -> np.ndarray:
        refusing = crossed | (surplus < edge)
        return -REFUSAL * refusing.sum(axis=1) + surplus.min(axis=1)

    objective = Objective(programme, relaxed, value, restrict, lambda package: True, tolerance=tolerance)
    # Up to 10^7 packages by the direct search, which needs no programme to prove where the next
    # package ranks (subset-sum hard where two principals want exactly opposite things).
    for found in ranked(problem, objective, closeness, limit, over_zopa=False):
        refusing = ~programme.acceptable(found.package)
        yield {
            **scored_packages(problem, [found.package])[0],
            "below": [problem.party_keys[p] for p in principals[refusing]],
            "min_surplus": rounded(programme.surpluses(found.package).min()),
        }
