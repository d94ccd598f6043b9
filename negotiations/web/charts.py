"""Geometry for the inline SVG charts: where the engine's numbers go on the page, nothing more.

Scores live on 0–100, so each chart maps that range to pixels; every figure plotted here is also
printed in a table beside the chart for people who cannot see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SERIES_MARKS = "ABCD"  # bars carry a letter as well as a colour, so series never rely on colour alone


@dataclass(frozen=True)
class Frame:
    """A 0–100 by 0–100 plot area inside an SVG of `width` × `height` pixels."""

    width: int
    height: int
    left: int = 40
    right: int = 10
    top: int = 12
    bottom: int = 40

    def x(self, value: float) -> float:
        return round(self.left + value / 100 * (self.width - self.left - self.right), 1)

    def y(self, value: float) -> float:
        return round(self.top + (100 - value) / 100 * (self.height - self.top - self.bottom), 1)

    @property
    def ticks(self) -> list[dict]:
        return [{"value": v, "x": self.x(v), "y": self.y(v)} for v in (0, 25, 50, 75, 100)]


def grouped_bars(
    groups: Sequence[tuple[str, float]], series: Sequence[Sequence[float | None]], *, width: int = 720
) -> dict:
    """Bars of `series[s][g]` (a score, None when undecided) grouped by party `groups[g] = (name, r)`."""
    frame = Frame(width=width, height=280, bottom=56)
    span = (frame.width - frame.left - frame.right) / max(len(groups), 1)
    bar = span * 0.8 / max(len(series), 1)
    out = []
    for g, (name, reservation) in enumerate(groups):
        start = frame.left + g * span + span * 0.1
        bars = [
            {
                "x": round(start + s * bar, 1),
                "y": frame.y(values[g]),
                "width": round(bar - 2, 1),
                "height": round(frame.y(0) - frame.y(values[g]), 1),
                "mark": SERIES_MARKS[s],
                "series": s,
                "value": values[g],
            }
            for s, values in enumerate(series)
            if values[g] is not None
        ]
        out.append(
            {
                "name": name,
                "bars": bars,
                "label_x": round(start + span * 0.4, 1),
                "reservation": {
                    "x1": round(start, 1),
                    "x2": round(start + span * 0.8, 1),
                    "y": frame.y(reservation),
                },
            }
        )
    return {"frame": frame, "groups": out, "baseline": frame.y(0), "label_y": frame.y(0) + 18}
