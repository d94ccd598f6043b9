"""Trade suggestions (logrolling) for a complete package: one issue changed at a time (DESIGN §3.11).

A change moves one issue i of the package from its option to another option o'. Two kinds are
suggested:

- **pareto**: no principal scores less and at least one scores more (within 1e-9), as in §3.6.
- **rescue**, for a beneficiary p (any party, principal or not): p is below its reservation now and
  reaches it after the change. "Over its line" means the reservation line only: a red line p has
  crossed on another issue still stands, and `evaluate` shows it.

A change onto an option that is a red line of a principal, or of the beneficiary, is never
suggested: it is no improvement for the party that drew the line.

`gains` gives every party's score change (principals and others). For a rescue, **the others** are
the other principals (the parties whose consent the deal needs; non-principals' changes are shown
but cost nothing), and **their loss** is the sum of the points each of them loses (their gains do
not offset it). `ratio` is the beneficiary's gain per point the others lose; it is null when they
lose nothing (a gain at no one's cost beats any ratio) and always null for a pareto suggestion.

Ranking, best first:

1. pareto suggestions, by the principals' total gain, largest first;
2. rescues at no cost to the others, by the beneficiary's gain, largest first;
3. other rescues, by ratio, largest first, then by the beneficiary's gain.

Figures are compared rounded to 6 decimals, and ties go to the earlier issue, then the earlier
option, then the earlier beneficiary, in the scenario's order. One change can appear as a pareto
suggestion and as a rescue of each party it lifts: these answer different questions.

A partial package has no single-issue changes to weigh against it: it is a ProblemError naming the
open issues.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from negotiations.analysis.evaluate import rounded
from negotiations.analysis.frontier import scored_packages
from negotiations.analysis.problem import TOLERANCE, Problem


def suggestions(problem: Problem, choices: Mapping[str, str | None]) -> dict[str, Any]:
    """`{"suggestions": [...]}`, ranked as the module says."""
    indices = problem.complete_indices(choices)
    principal = problem.principal
    scores = sum(problem.contributions[i][:, index] for i, index in enumerate(indices))
    below = scores < problem.reservation - TOLERANCE
    ranked = []
    for i, current in enumerate(indices):
        for option in range(problem.option_counts[i]):
            red_lines = problem.red_lines[i][:, option]
            if option == current or red_lines[principal].any():
                continue
            gains = problem.contributions[i][:, option] - problem.contributions[i][:, current]
            beneficiaries: list[int | None] = []
            if (gains[principal] >= -TOLERANCE).all() and (gains[principal] > TOLERANCE).any():
                beneficiaries.append(None)  # a pareto suggestion
            lifted = below & (scores + gains >= problem.reservation - TOLERANCE) & ~red_lines
            beneficiaries += [int(p) for p in np.flatnonzero(lifted)]
            if beneficiaries:
                moved = list(indices)
                moved[i] = option
                package = scored_packages(problem, [moved])[0]
                change = (i, current, option)
                ranked += [_ranked(problem, package, change, gains, party) for party in beneficiaries]
    ranked.sort(key=lambda pair: pair[0])
    return {"suggestions": [suggestion for _, suggestion in ranked]}


def _ranked(
    problem: Problem, package: dict, change: tuple[int, int, int], gains: np.ndarray, beneficiary: int | None
) -> tuple[tuple, dict[str, Any]]:
    """A suggestion (a pareto one when there is no beneficiary) and its sort key; `change` is
    (issue, option before, option after)."""
    issue, current, option = change
    if beneficiary is None:
        ratio = None
        rank = (0, 0.0, -rounded(gains[problem.principal].sum()))
    else:
        others = problem.principal.copy()
        others[beneficiary] = False
        losses = -gains[others]
        loss = losses[losses > TOLERANCE].sum()
        gain = rounded(gains[beneficiary])
        ratio = rounded(gains[beneficiary] / loss) if loss > 0 else None
        rank = (1, 0.0, -gain) if ratio is None else (2, -ratio, -gain)
    options = problem.option_keys[issue]
    suggestion = {
        "issue": problem.issue_keys[issue],
        "from": options[current],
        "to": options[option],
        "kind": "pareto" if beneficiary is None else "rescue",
        "beneficiary": None if beneficiary is None else problem.party_keys[beneficiary],
        "gains": {key: rounded(gain) for key, gain in zip(problem.party_keys, gains, strict=True)},
        "ratio": ratio,
        "package": package,
    }
    return (*rank, issue, option, -1 if beneficiary is None else beneficiary), suggestion
