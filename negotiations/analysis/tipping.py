"""Tipping points: how far one judgement must move before a party changes its mind (DESIGN §3.16).

For a complete package and each party, every single judgement of that party that can flip its
acceptability (accepts → walks away, or the reverse), and the smallest change that does it:

- **weight**: one of its raw weights `w[p,j]`, the others held, so every normalised weight rescales.
  The score is then a ratio linear in that one weight, `s(w_j) = (A + (w_j − w⁰_j)·u_j) / (W + w_j − w⁰_j)`
  with `A = Σ_i w_i·u_i` and `W = Σ_i w_i` at present: it moves monotonically from the score
  without issue j (at weight 0) towards `u_j` (as the weight grows), and crosses the reservation
  `r` at `w_j = w⁰_j + W·(r − s)/(u_j − r)`. A weight cannot go below 0, nor can all of a party's
  weights be zero.
- **utility**: its utility for the option the package chose on one issue, within 0–100; the score
  moves by `ŵ[p,j]` per point, so the reservation is crossed `(r − s)/ŵ[p,j]` points away.

Both are solved in closed form, no search. A flip exists when the far end of the judgement's range
(weight 0, an unbounded weight, utility 0 or 100) is on the other side of the party's line, judged
as `evaluate` judges it (1e-9 tolerance). `threshold` is the value at the line itself: a party that
would accept does so at the threshold; a party that accepts now keeps accepting at the threshold
and walks away past it. A party that accepts only within the tolerance of its line has a threshold
of zero change: any move that lowers its score tips it.

A red line is not a judgement of weight or utility: a party walking away over a red line stays away
whatever its weights and utilities, so it has no tipping points (`evaluate` names the red line).

Parties come in the scenario's order; each party's tipping points smallest change first (weights
before utilities, then in issue order, on ties). Weight changes are in the party's own raw weight
points, utility changes in utility points.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from negotiations.analysis.evaluate import rounded
from negotiations.analysis.problem import TOLERANCE, Problem


class _Move(NamedTuple):
    """One judgement of a party moved to its threshold; `up` says which way tips the party (it
    cannot be read off `change` when the change is zero)."""

    kind: str
    issue: int
    option: str | None
    current: float
    change: float
    up: bool


def tipping_points(problem: Problem, choices: Mapping[str, str | None]) -> dict[str, Any]:
    """`{"tipping_points": [...]}` for every party, in the module's order."""
    indices = problem.complete_indices(choices)
    found = []
    for p in range(len(problem.party_keys)):
        if any(problem.red_lines[i][p, index] for i, index in enumerate(indices)):
            continue
        utilities = np.array([problem.utilities[i][p, index] for i, index in enumerate(indices)])
        score = sum(problem.contributions[i][p, index] for i, index in enumerate(indices))  # as evaluate adds
        accepts = score >= problem.reservation[p] - TOLERANCE
        moves = [
            *_weight_moves(problem, p, utilities, score, accepts),
            *_utility_moves(problem, p, indices, utilities, score, accepts),
        ]
        moves.sort(key=lambda move: (abs(rounded(move.change)), move.kind == "utility", move.issue))
        found += [_point(problem, p, move, accepts) for move in moves]
    return {"tipping_points": found}


def _weight_moves(
    problem: Problem, p: int, utilities: np.ndarray, score: float, accepts: bool
) -> list[_Move]:
    weights = problem.raw_weights[p]
    total = weights.sum()
    reservation = problem.reservation[p]
    moves = []
    for j, (weight, utility) in enumerate(zip(weights, utilities, strict=True)):
        rest = total - weight
        if rest <= 0:  # the party weighs nothing else: its score is u_j whatever this weight is
            continue
        without = (weights @ utilities - weight * utility) / rest  # the score at weight 0
        if accepts:
            # Any weight from 0 upwards gives a score between `without` and u_j.
            if min(without, utility) >= reservation - TOLERANCE:
                continue
            line = min(reservation, score)  # accepting only within the tolerance: no move is needed
        else:
            # Raising the weight brings the score towards u_j but never to it, so u_j must be over r.
            if utility <= reservation and without < reservation - TOLERANCE:
                continue
            line = reservation
        change = max(total * (line - score) / (utility - line), -weight)
        # More weight on an issue pulls the score towards its utility there.
        up = (utility > score) != accepts
        moves.append(_Move("weight", j, None, weight, change, up))
    return moves


def _utility_moves(
    problem: Problem, p: int, indices: list[int], utilities: np.ndarray, score: float, accepts: bool
) -> list[_Move]:
    weights = problem.weights[p]
    reservation = problem.reservation[p]
    moves = []
    for j, (weight, utility) in enumerate(zip(weights, utilities, strict=True)):
        if weight <= 0:
            continue
        if accepts:
            if score - weight * utility >= reservation - TOLERANCE:  # still accepts at utility 0
                continue
            change = (min(reservation, score) - score) / weight
        else:
            if score + weight * (100 - utility) < reservation - TOLERANCE:  # still below at 100
                continue
            change = min((reservation - score) / weight, 100 - utility)
        moves.append(_Move("utility", j, problem.option_keys[j][indices[j]], utility, change, not accepts))
    return moves


def _point(problem: Problem, p: int, move: _Move, accepts: bool) -> dict[str, Any]:
    change = rounded(move.change)
    return {
        "party": problem.party_keys[p],
        "kind": move.kind,
        "issue": problem.issue_keys[move.issue],
        "option": move.option,
        "current": rounded(move.current),
        "threshold": rounded(move.current + change),
        "change": change,
        "flips_to": "walks_away" if accepts else "accepts",
        "sentence": _sentence(problem, p, move._replace(change=change), accepts),
    }


def _sentence(problem: Problem, p: int, move: _Move, accepts: bool) -> str:
    """ "If Russia cared over 12.5 points more about NATO membership (weight 40 → 52.5), it would
    walk away." A party walks away only past the threshold ("over"), but accepts at it."""
    if move.kind == "weight":
        what = f"cared {{}} {'more' if move.up else 'less'} about {problem.issue_names[move.issue]}"
    else:
        label = problem.option_labels[move.issue][problem.option_keys[move.issue].index(move.option)]
        what = f"valued {label} {{}} {'higher' if move.up else 'lower'}"
    party, outcome = problem.party_names[p], "walk away" if accepts else "accept"
    if move.change == 0:
        return f"If {party} {what.format('any')}, it would {outcome}."
    amount = f"{'over ' if accepts else ''}{_figure(abs(move.change))} points"
    values = f"{move.kind} {_figure(move.current)} → {_figure(move.current + move.change)}"
    return f"If {party} {what.format(amount)} ({values}), it would {outcome}."


def _figure(value: float) -> str:
    """Two decimals for people, more only when that would show a change as nothing."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:.2g}" if text in {"0", "-0"} and value != 0 else text
