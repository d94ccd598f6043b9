"""How many packages are in the ZOPA (DESIGN §3.5), counted exactly without listing them.

A package is in the ZOPA when it crosses no principal's red line and every principal scores at
least its reservation. Red lines belong to single options, so options a principal rules out are
dropped first; what is left is counting the packages whose principal score vectors, sums of one
vector per issue, clear every reservation.

The count walks the issues as a tree, a block of partial packages at a time (vectorised):

- partial packages with the same principal score vector are merged, with a multiplicity;
- one whose best completion misses some principal's reservation is dropped;
- one whose worst completion already clears every principal is counted whole (multiplicity ×
  number of completions) and goes no further.

The walk goes depth first over blocks of at most `BLOCK` partial packages, so memory is bounded by
issues × options × `BLOCK` rows whatever the size of the package space. Its work is capped at
`max_work` expanded partial packages; when the cap is hit the answer says it is not exact, and why,
and gives exact bounds: the packages already counted, and those plus every package still undecided.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiations.analysis.merge import count_dtype, group_rows, quantise
from negotiations.analysis.problem import TOLERANCE, Problem

BLOCK = 16_384
MAX_WORK = 4_000_000
# Bounds decide a whole subtree only with this much to spare (sums of 0–100 scores carry errors near
# 1e-13), so floating-point error in a bound never decides a package; packages closer to a
# reservation than this are walked to the end and compared like `evaluate` compares them.
MARGIN = 1e-11


def zopa(problem: Problem, *, max_work: int = MAX_WORK) -> dict[str, Any]:
    """`{"size", "exact", "lower", "upper", "empty", "note"}`; `size` is exact when `exact` is true,
    otherwise it is the lower bound (packages certainly in the ZOPA) and `upper` the upper bound."""
    principals = np.flatnonzero(problem.principal)
    terms = []
    for contributions, red_lines in zip(problem.contributions, problem.red_lines, strict=True):
        allowed = ~red_lines[principals].any(axis=0)
        terms.append(contributions[principals][:, allowed].T)  # (options left, principals)
    if any(len(t) == 0 for t in terms):
        return _answer(0, 0)
    # Issues that move scores most go first: their bounds decide subtrees soonest.
    terms.sort(key=lambda t: -float((t.max(axis=0) - t.min(axis=0)).max()))
    counted, undecided = _walk(terms, problem.reservation[principals] - TOLERANCE, max_work)
    return _answer(counted, undecided)


def _walk(terms: list[np.ndarray], reservation: np.ndarray, max_work: int) -> tuple[int, int]:
    n, k = len(terms), len(reservation)
    best_rest = _suffix_sums(np.array([t.max(axis=0) for t in terms]))  # [i]: most issues i.. can add
    worst_rest = _suffix_sums(np.array([t.min(axis=0) for t in terms]))
    completions = [1] * (n + 1)  # completions[i]: packages of issues i..
    for i in range(n - 1, -1, -1):
        completions[i] = completions[i + 1] * len(terms[i])
    dtype = count_dtype(completions[0])
    stack = [(0, np.zeros((1, k)), np.ones(1, dtype=dtype))]
    counted = undecided = work = 0
    while stack:
        issue, states, counts = stack.pop()
        if work >= max_work:
            undecided += int(counts.sum()) * completions[issue]
            continue
        width = len(terms[issue])
        scores = (states[:, None, :] + terms[issue][None, :, :]).reshape(-1, k)
        counts = np.repeat(counts, width)
        work += len(scores)
        if issue + 1 == n:
            counted += int(counts[(scores >= reservation).all(axis=1)].sum())
            continue
        dead = (scores + best_rest[issue + 1] < reservation - MARGIN).any(axis=1)
        safe = (scores + worst_rest[issue + 1] >= reservation + MARGIN).all(axis=1) & ~dead
        counted += int(counts[safe].sum()) * completions[issue + 1]
        going = ~(dead | safe)
        scores, counts = scores[going], counts[going]
        first, _, totals = group_rows(quantise(scores), counts)
        states = scores[first]
        for start in reversed(range(0, len(first), BLOCK)):  # the first block on top of the stack
            stack.append((issue + 1, states[start : start + BLOCK], totals[start : start + BLOCK]))
    return counted, undecided


def _suffix_sums(rows: np.ndarray) -> np.ndarray:
    """`out[i] = rows[i:].sum(axis=0)`, with a final row of zeros."""
    out = np.zeros((len(rows) + 1, rows.shape[1]))
    out[:-1] = np.cumsum(rows[::-1], axis=0)[::-1]
    return out


def _answer(counted: int, undecided: int) -> dict[str, Any]:
    exact = undecided == 0
    note = None
    if not exact:
        note = (
            f"The ZOPA is too large to count exactly within the work limit: at least {counted} and at "
            f"most {counted + undecided} packages are acceptable to every principal."
        )
    return {
        "size": counted,
        "exact": exact,
        "lower": counted,
        "upper": counted + undecided,
        "empty": True if counted + undecided == 0 else (False if counted else None),
        "note": note,
    }
