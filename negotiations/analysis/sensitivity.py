"""Seeded sensitivity of a package to the judgements behind it (DESIGN §3.12).

The weights and utilities are judgements; this asks how much the verdict on a complete package
depends on them. In each of `n` draws, for every party:

- its normalised weights are drawn from a Dirichlet distribution with concentration `kappa` around
  them, `Dirichlet(κ·ŵ[p])`: the mean is ŵ[p], and the larger κ, the closer each draw stays to it
  (κ is at least 1e-6, and finite);
  An issue the party gives no weight keeps weight zero in every draw (a Dirichlet needs positive
  parameters, so only the issues it weighs are drawn; a party weighing one issue keeps weight 1);
- its utility for each option the package chose moves by a uniform amount in `[−δ, +δ]`, clipped
  to 0–100 (other options, and issues it gives no weight, do not enter its score, so they are not
  drawn);
- it accepts the package as in `evaluate`: its score is at least its reservation (within 1e-9)
  and the package crosses none of its red lines, which are not perturbed.

The answer is, per party, the share of draws in which it accepts, and the share in which every
principal does (the package stays in the ZOPA). The draws come from NumPy's PCG64 generator seeded
with `seed`, party by party (weights, then utilities) in the scenario's order, so the same seed and
inputs give the same answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any

import numpy as np

from negotiations.analysis.evaluate import rounded
from negotiations.analysis.problem import TOLERANCE, Problem, ProblemError

MAX_DRAWS = 100_000
# Below this the Dirichlet parameters κ·ŵ can underflow to zero, and the draws would put all the
# weight on a single issue anyway: smaller concentrations say nothing more.
MIN_KAPPA = 1e-6


def sensitivity(
    problem: Problem,
    choices: Mapping[str, str | None],
    *,
    n: int = 1000,
    seed: int = 0,
    kappa: float = 100.0,
    delta: float = 5.0,
) -> dict[str, Any]:
    """`{"n", "seed", "kappa", "delta", "parties": {party: {"acceptable": p}}, "in_zopa": p}`."""
    _validate(n, seed, kappa, delta)
    indices = problem.complete_indices(choices)
    generator = np.random.Generator(np.random.PCG64(seed))
    acceptable = np.empty((n, len(problem.party_keys)), dtype=bool)
    for p in range(len(problem.party_keys)):
        # Issues the party gives no weight cannot move its score: only the others are drawn.
        weighed = problem.weights[p] > 0
        utilities = np.array([problem.utilities[i][p, indices[i]] for i in np.flatnonzero(weighed)])
        weights = generator.dirichlet(kappa * problem.weights[p][weighed], size=n)
        perturbed = generator.uniform(-delta, delta, size=weights.shape)
        perturbed += utilities
        np.clip(perturbed, 0, 100, out=perturbed)
        scores = np.einsum("dk,dk->d", weights, perturbed)
        crossed = any(problem.red_lines[i][p, index] for i, index in enumerate(indices))
        acceptable[:, p] = (scores >= problem.reservation[p] - TOLERANCE) & (not crossed)
    return {
        "n": int(n),
        "seed": int(seed),
        "kappa": float(kappa),
        "delta": float(delta),
        "parties": {
            key: {"acceptable": rounded(share)}
            for key, share in zip(problem.party_keys, acceptable.mean(axis=0), strict=True)
        },
        "in_zopa": rounded(acceptable[:, problem.principal].all(axis=1).mean()),
    }


def _validate(n: Any, seed: Any, kappa: Any, delta: Any) -> None:
    errors = []
    if not _whole(n) or not 1 <= n <= MAX_DRAWS:
        errors.append(f"n: the number of draws must be a whole number from 1 to {MAX_DRAWS}, not {n!r}")
    if not _whole(seed) or seed < 0:
        errors.append(f"seed: must be a whole number 0 or more, not {seed!r}")
    if not _number(kappa) or kappa < MIN_KAPPA:
        errors.append(f"kappa: the concentration must be a number of at least {MIN_KAPPA:g}, not {kappa!r}")
    if not _number(delta) or not 0 <= delta <= 100:
        errors.append(f"delta: the utility spread must be a number from 0 to 100, not {delta!r}")
    if errors:
        raise ProblemError(errors)


def _whole(value: Any) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)
