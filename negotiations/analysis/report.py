"""The whole analysis of a scenario in one value: what `manage.py analyse SLUG --json` prints and
`GET /api/scenarios/{slug}/analysis/` returns (DESIGN §3)."""

from __future__ import annotations

from typing import Any

from negotiations.analysis.bargaining import SECONDS, solutions
from negotiations.analysis.forecast import forecast
from negotiations.analysis.frontier import MAX_WORK, frontier
from negotiations.analysis.problem import Problem
from negotiations.analysis.zopa import zopa


def analyse(problem: Problem, *, bounded: bool = True) -> dict[str, Any]:
    """`{"zopa", "frontier", "nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian",
    "utilitarian", "reasons", "nearest_misses", "forecast"}`.

    The API and the pages answer within a request, so the frontier stops at `MAX_WORK` (20–35 s)
    and the bargaining solutions at `SECONDS` (10 s), each saying what it left unsettled. Not
    `bounded` (the `analyse` command's `--unbounded`), both take as long as they need: the frontier
    is then exact up to 10^7 packages whatever the scores, memory permitting."""
    counted = zopa(problem)
    return {
        "zopa": counted,
        "frontier": frontier(problem, max_work=MAX_WORK if bounded else None),
        **solutions(problem, seconds=SECONDS if bounded else None, empty=counted["empty"]),
        "forecast": forecast(problem),
    }
