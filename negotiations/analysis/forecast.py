"""The median-voter forecast of where each issue settles (DESIGN §3.13).

After the expected-utility school of political forecasting: on each issue every party pulls towards
its ideal point with a voice proportional to how strong it is and how much it cares. Every party
counts, not only the principals: mediators, guarantors and observers have capabilities and weights
too, and the forecast is about who moves an issue, not who can veto a package.

- A party's **ideal point** on an issue is the position of the option it values most (the first in
  the issue's list when several tie).
- Its **voice** there is `c[p] · ŵ[p,i]`, capability times normalised weight.
- The **forecast** is the voice-weighted median of the ideal points: the smallest ideal point at
  which the cumulative voice, adding positions from low to high, reaches half of the total voice
  (within 1e-9 relative, so a voice split exactly in half settles at the lower point). The
  voice-weighted mean is reported beside it.
- The forecast **option** is the one whose position is nearest to the median; of two equally near,
  the one with the lower position, then the first in the list (the median is
  always an ideal point, so in practice the nearest option sits at it and a tie means two options
  share that position).

When nobody has a voice on an issue (every party gives it weight zero or has capability zero), there
is no forecast: median, mean and option are null and `note` says why.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiations.analysis.evaluate import rounded
from negotiations.analysis.problem import TOLERANCE, Problem


def forecast(problem: Problem) -> dict[str, Any]:
    """`{"issues": {issue: {"median", "mean", "option", "note", "ideal_points": {party: ...}}}}`."""
    return {"issues": {key: _issue_forecast(problem, i) for i, key in enumerate(problem.issue_keys)}}


def _issue_forecast(problem: Problem, i: int) -> dict[str, Any]:
    positions = problem.positions[i]
    favourites = problem.utilities[i].argmax(axis=1)  # argmax takes the first of tied maxima
    ideals = positions[favourites]
    voices = problem.capability * problem.weights[:, i]
    ideal_points = {
        party: {
            "position": rounded(ideals[p]),
            "option": problem.option_keys[i][favourites[p]],
            "voice": rounded(voices[p]),
        }
        for p, party in enumerate(problem.party_keys)
    }
    total = voices.sum()
    if total <= 0:
        return {
            "median": None,
            "mean": None,
            "option": None,
            "note": f"No party has a voice on {problem.issue_names[i]}: every party gives it weight "
            "zero or has capability zero, so there is nothing to forecast.",
            "ideal_points": ideal_points,
        }
    median = _weighted_median(ideals, voices)
    return {
        "median": rounded(median),
        "mean": rounded(voices @ ideals / total),
        "option": problem.option_keys[i][_nearest(positions, median)],
        "note": None,
        "ideal_points": ideal_points,
    }


def _weighted_median(points: np.ndarray, voices: np.ndarray) -> float:
    """The smallest point at which the cumulative voice reaches half of the total."""
    order = np.argsort(points, kind="stable")
    cumulative = np.cumsum(voices[order])
    half = cumulative[-1] / 2
    reached = np.flatnonzero(cumulative >= half - TOLERANCE * cumulative[-1])
    return float(points[order][reached[0]])


def _nearest(positions: np.ndarray, target: float) -> int:
    distance = np.abs(positions - target)
    tied = np.flatnonzero(distance <= distance.min() + TOLERANCE)
    return int(tied[np.argmin(positions[tied])])  # lowest position; argmin keeps list order on ties
