"""The whole analysis of a scenario in one value: what `manage.py analyse SLUG --json` prints and
`GET /api/scenarios/{slug}/analysis/` returns (DESIGN §3)."""

from __future__ import annotations

from typing import Any

from negotiations.analysis.bargaining import solutions
from negotiations.analysis.forecast import forecast
from negotiations.analysis.frontier import frontier
from negotiations.analysis.problem import Problem
from negotiations.analysis.zopa import zopa


def analyse(problem: Problem) -> dict[str, Any]:
    """`{"zopa", "frontier", "nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian",
    "utilitarian", "reasons", "nearest_misses", "forecast"}`."""
    return {
        "zopa": zopa(problem),
        "frontier": frontier(problem),
        **solutions(problem),
        "forecast": forecast(problem),
    }
