"""Improvements on a deal and its distance to efficiency (DESIGN §3.14–15), exact via `milp`.

The packages y that every principal scores at least as high as the deal x, one strictly higher,
are those of one programme over every package: `score[p](y) ≥ score[p](x)` per principal and
`Σ_p score[p](y) ≥ Σ_p score[p](x) + STRICT` (with every gain at least 0, some principal gains).
A continuous z under every principal's gain, maximised, gives the recommended improvement; its
max-min gain is the distance to efficiency. Like the Pareto frontier (§3.6), this compares scores
only: reservations and red lines play no part.

"Some principal gains" asks for a total gain of at least STRICT, 1e-4 of a score point, not the 1e-9
other comparisons allow: the solver's tolerances are relative to a row's largest coefficient (here
up to 10^5 after scaling), so a smaller margin is beneath what it can tell from none, and it was
seen to call such programmes infeasible when they were not (and the reverse). A package whose
principals gain less than 1e-4 in all is not listed as an improvement.

Where two principals want exactly opposite things, an improvement must leave one's score exactly
where it is: a subset-sum problem, which can take the solver minutes. The pages ask for
improvements within a request, so the search has a time bound and says what it did not settle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from negotiations.analysis.evaluate import rounded
from negotiations.analysis.frontier import scored_packages
from negotiations.analysis.milp import Objective, Programme, TimeBoundError, time_bound
from negotiations.analysis.problem import TOLERANCE, Problem
from negotiations.analysis.search import ranked

LIMIT = 10
# The least total gain the programme looks for: well above the solver's (relative) tolerances, far
# below any difference a person could mean (scores are 0–100, shown to one decimal).
STRICT = 1e-4
# Wall-clock seconds one search may take by default: the pages ask for it within a request (the
# comparison page for each of up to four packages).
SECONDS = 10.0


def improvements(
    problem: Problem,
    choices: Mapping[str, str | None],
    *,
    limit: int = LIMIT,
    seconds: float | None = SECONDS,
) -> dict[str, Any]:
    """`{"distance", "efficient", "recommended", "packages", "note"}`: up to `limit` improvements on
    the complete package `choices`, largest smallest gain first (ties in option order), each with
    every party's `gains`; `recommended` is the first; `distance` its smallest principal gain (0 when
    no package gives every principal more at once); `efficient` is true when there is no improvement.

    The search takes at most `seconds` of wall-clock time (None: as long as it needs). The
    improvements proven by then are listed and `note` says the list stops short; when not even the
    first was proven, `distance`, `efficient` and `recommended` are None. Otherwise `note` is None."""
    deal = np.array(problem.complete_indices(choices))
    programme = Programme(problem, over_zopa=False, extra=1)
    principals = programme.principals
    current = programme.package_scores(deal)
    for p in principals:
        programme.add_score_row(np.append(programme.scores[p], -1), lower=current[p])  # z ≤ gain
        programme.add_score_row(programme.scores[p], lower=current[p] - TOLERANCE)
    programme.add_score_row(
        programme.scores[principals].sum(axis=0), lower=current[principals].sum() + STRICT
    )

    def gains(package: np.ndarray) -> np.ndarray:
        return programme.package_scores(package) - current

    def value(package: np.ndarray) -> float:
        return float(gains(package)[principals].min())

    def restrict(target: Programme, threshold: float) -> None:
        for p in principals:
            target.add_score_row(target.scores[p], lower=current[p] + threshold)

    def admits(package: np.ndarray) -> bool:
        # The programme's row asks a total gain of STRICT; the search has no such row.
        gained = gains(package)[principals]
        return bool((gained >= -TOLERANCE).all() and (gained > TOLERANCE).any() and gained.sum() >= STRICT)

    relaxed = np.zeros(programme.width)
    relaxed[-1] = 1
    objective = Objective(programme, relaxed, value, restrict, admits)
    found, note = [], None
    with time_bound(seconds):
        try:
            # Up to 10^7 packages by the direct search, over the packages every principal scores at
            # least as now (red lines play no part in Pareto comparisons).
            improving = ranked(
                problem,
                objective,
                lambda gains, *_: gains.min(axis=1),
                limit,
                reservation=current[principals],
                red_lines=False,
            )
            for better in improving:
                found.append(better)
        except TimeBoundError:
            note = _cut_short(seconds, len(found))
    packages = [
        {
            **scored_packages(problem, [better.package])[0],
            "gains": {
                key: rounded(gain)
                for key, gain in zip(problem.party_keys, gains(better.package), strict=True)
            },
        }
        for better in found
    ]
    if found:
        distance, efficient = rounded(max(found[0].value, 0.0)), False
    elif note is None:
        distance, efficient = 0.0, True
    else:
        distance = efficient = None
    return {
        "distance": distance,
        "efficient": efficient,
        "recommended": packages[0] if packages else None,
        "packages": packages,
        "note": note,
    }


def _cut_short(seconds: float, listed: int) -> str:
    if not listed:
        return (
            f"Not settled: the solver had not proven within {seconds:g} seconds whether any package "
            "gives every principal at least as much and one more."
        )
    first = "Only the best improvement is" if listed == 1 else f"Only the {listed} best improvements are"
    return f"{first} listed: the solver had not proven the next one within {seconds:g} seconds."
