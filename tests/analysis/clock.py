"""A clock for the solver's time bound (`milp.time_bound`) that tests can count on."""

from __future__ import annotations


class SteppingClock:
    """A clock `step` seconds further on each time it is read: under a bound of n seconds and steps
    of 1, the first n − 1 solves start and the next runs out of time; with a step longer than any
    bound, the first solve runs out, as if the solver were very slow."""

    def __init__(self, step: float = 1.0) -> None:
        self.step = step
        self.now = 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now
