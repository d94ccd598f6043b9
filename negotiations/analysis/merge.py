"""Merging partial packages that score alike, shared by the ZOPA count and the Pareto frontier.

Both walk the issues one at a time, carrying partial packages as score vectors. Many partial
packages reach the same vector (equal utilities, issues some parties give no weight), so they are
merged into one row with a multiplicity: the number of partial packages behind it. That is what
keeps the walks far smaller than the package space.

`ranges` lays many ranges of rows end to end: how the frontier's bands and the searches' boxes of
score vectors are opened, many at once.
"""

from __future__ import annotations

import numpy as np

# Scores are compared at this resolution: vectors whose entries round to the same multiple of 1e-9
# are one vector. It matches the 1e-9 tolerance of DESIGN §3.4 and absorbs the last-bit differences
# between sums of the same numbers taken along different partial packages.
RESOLUTION = 1e-9


def quantise(scores: np.ndarray) -> np.ndarray:
    """Integer keys of score vectors (scores lie in 0–100, so the keys fit in 64 bits)."""
    return np.rint(scores / RESOLUTION).astype(np.int64)


def count_dtype(space_size: int) -> type | np.dtype:
    """Multiplicities fit in int64 unless the space is astronomically large; then Python ints."""
    return np.dtype(np.int64) if space_size < 2**62 else np.dtype(object)


def ranges(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows `starts[i]` to `starts[i] + lengths[i] − 1` of every range i, end to end, and the range
    each row is from."""
    which = np.repeat(np.arange(len(starts)), lengths)
    rows = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(len(which))
    return rows, which


def group_rows(
    keys: np.ndarray, counts: np.ndarray, *, in_key_order: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge identical rows of `keys`, adding up their `counts`.

    Returns (`first`, `group`, `totals`): `first[g]` is the row where group g first occurs,
    `group[row]` the group of each row and `totals[g]` its summed count. The sort is stable, so
    `first` really is the earliest row of its group: the frontier relies on that to know which
    partial package of a group comes first in the tie-break order.

    Groups are numbered in key order, which the ZOPA's boxes of neighbouring vectors need. Without
    `in_key_order` they are numbered in an order that is fixed but means nothing, found by sorting one
    hash of each row instead of every column in turn (five times faster on ten million rows of eight
    scores); should two different rows share a hash, the rows are grouped in key order after all.
    """
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), counts[:0]
    if in_key_order:
        order = np.lexsort(keys.T[::-1])
    else:
        hashes = keys.view(np.uint64) @ _MULTIPLIERS[: keys.shape[1]]  # wraps around, as a hash may
        order = np.argsort(hashes, kind="stable")
    ordered = keys[order]
    boundary = np.empty(n, dtype=bool)
    boundary[0] = True
    boundary[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    if not in_key_order:
        hashed = hashes[order]
        if not np.array_equal(boundary[1:], hashed[1:] != hashed[:-1]):
            return group_rows(keys, counts)
    starts = np.flatnonzero(boundary)
    group = np.empty(n, dtype=np.int64)
    group[order] = np.cumsum(boundary) - 1
    return order[starts], group, np.add.reduceat(counts[order], starts)


# Odd 64-bit multipliers for the row hash (fixed, so the numbering of groups is too).
_MULTIPLIERS = np.random.Generator(np.random.PCG64(2026)).integers(0, 2**63, size=64, dtype=np.uint64) * 2 + 1
