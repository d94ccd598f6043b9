"""Brute force over every complete package: the test oracle for the exact functions.

Only usable on small spaces (it materialises all packages); the engine must never do this.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from negotiations.analysis import Problem

TOLERANCE = 1e-9


@dataclass(frozen=True, eq=False)
class Enumeration:
    packages: np.ndarray  # (N, issues) option indices, in lexicographic order (the tie-break order)
    scores: np.ndarray  # (N, parties)
    acceptable: np.ndarray  # (N, parties) bool: score ≥ reservation and no red line crossed
    in_zopa: np.ndarray  # (N,) bool: acceptable to every principal


def enumerate_packages(problem: Problem) -> Enumeration:
    packages = np.array(list(itertools.product(*(range(n) for n in problem.option_counts))), dtype=np.int64)
    scores = np.zeros((len(packages), len(problem.party_keys)))
    crossed = np.zeros_like(scores, dtype=bool)
    for i in range(len(problem.issue_keys)):
        scores += problem.contributions[i][:, packages[:, i]].T
        crossed |= problem.red_lines[i][:, packages[:, i]].T
    acceptable = (scores >= problem.reservation - TOLERANCE) & ~crossed
    return Enumeration(packages, scores, acceptable, acceptable[:, problem.principal].all(axis=1))


def pareto_mask(scores: np.ndarray) -> np.ndarray:
    """Rows no other row dominates (at least as high everywhere, strictly higher somewhere)."""
    keep = np.ones(len(scores), dtype=bool)
    for n, row in enumerate(scores):
        at_least = (scores >= row - TOLERANCE).all(axis=1)
        strictly = (scores > row + TOLERANCE).any(axis=1)
        keep[n] = not (at_least & strictly).any()
    return keep


def best(objective: np.ndarray, candidates: np.ndarray) -> int | None:
    """Index of the best candidate; ties within 1e-9 (relative) go to the lexicographically
    smallest package, which is the first in enumeration order."""
    where = np.flatnonzero(candidates)
    if len(where) == 0:
        return None
    values = objective[where]
    top = values.max()
    tied = where[values >= top - TOLERANCE * max(1.0, abs(top))]
    return int(tied[0])


def tied(objective: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Every candidate within 1e-9 (relative) of the best, in tie-break (enumeration) order: the
    first is the winner, the second the runner-up."""
    where = np.flatnonzero(candidates)
    if len(where) == 0:
        return where
    top = objective[where].max()
    return where[objective[where] >= top - TOLERANCE * max(1.0, abs(top))]


def ranking(objective: np.ndarray, candidates: np.ndarray, limit: int) -> list[int]:
    """Up to `limit` candidates, best first: each the winner among those not yet listed."""
    left = candidates.copy()
    ranked: list[int] = []
    while len(ranked) < limit and left.any():
        ranked.append(int(tied(objective, left)[0]))
        left[ranked[-1]] = False
    return ranked
