import importlib

import numpy as np
import pytest

from negotiations.analysis.merge import group_rows


def groups(keys, counts, **options):
    """{row first having a vector: (the vector, its summed count)}, and each row's vector back."""
    first, group, totals = group_rows(keys, counts, **options)
    return {int(f): (tuple(keys[f]), int(t)) for f, t in zip(first, totals, strict=True)}, keys[first[group]]


@pytest.mark.parametrize("collide", [False, True])
def test_grouping_by_hash_finds_the_same_groups_as_grouping_in_key_order(monkeypatch, collide):
    rng = np.random.default_rng(0)
    keys = rng.integers(0, 4, size=(5000, 6)) * 10**9 - 2 * 10**9  # many repeats, negative keys too
    counts = rng.integers(1, 50, size=len(keys))
    if collide:
        # Every row hashes alike: the rows must still be told apart.
        merge = importlib.import_module("negotiations.analysis.merge")
        monkeypatch.setattr(merge, "_MULTIPLIERS", np.zeros(64, dtype=np.uint64))

    by_key, back_by_key = groups(keys, counts)
    by_hash, back_by_hash = groups(keys, counts, in_key_order=False)

    assert by_hash == by_key
    assert len(by_key) == len(np.unique(keys, axis=0))
    assert sum(total for _, total in by_key.values()) == counts.sum()
    assert np.array_equal(back_by_key, keys)
    assert np.array_equal(back_by_hash, keys)
    # The first row of each group is its earliest: no row before it has the same vector.
    seen = set()
    for row, vector in enumerate(map(tuple, keys)):
        assert (row in by_hash) is (vector not in seen)
        seen.add(vector)
