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


def scatter(
    sample: Sequence[tuple[float, float]],
    frontier: Sequence[dict],
    reservation: tuple[float, float],
    *,
    size: int = 460,
) -> dict:
    """A square 0–100 plot of two parties' scores: `sample` as dots, `frontier` (dicts with "x",
    "y" and whatever the template needs) as linked marks joined by a line, both reservation lines."""
    frame = Frame(width=size, height=size, left=48, bottom=48, top=28, right=16)
    marks = [point | {"cx": frame.x(point["x"]), "cy": frame.y(point["y"])} for point in frontier]
    return {
        "frame": frame,
        # One path of zero-length strokes with round caps draws every dot in a few bytes each.
        "dots": "".join(f"M{frame.x(x)} {frame.y(y)}h0" for x, y in sample),
        "frontier": marks,
        "line": " ".join(f"{m['cx']},{m['cy']}" for m in sorted(marks, key=lambda m: (m["x"], -m["y"]))),
        "reservation": {"x": frame.x(reservation[0]), "y": frame.y(reservation[1])},
        "bottom": frame.y(0),
        "right": frame.x(100),
        "x_numbers": frame.y(0) + 16,
        "x_label": frame.y(0) + 36,
        "y_label": frame.top - 12,
    }


def spectrum(
    options: Sequence[tuple[str, float]],
    points: Sequence[dict],
    *,
    median: float | None,
    mean: float | None,
    width: int = 640,
) -> dict:
    """One issue's 0–100 line: its options as numbered ticks, each party's ideal point (dicts with
    "position" and "voice") as a circle whose area grows with its voice, the forecast marked (when
    there is one: nobody has a voice on an issue no party weighs).

    Parties with the same ideal point stack upwards, so none hides another.
    """
    loudest = max((point["voice"] for point in points), default=0) or 1
    stacked: dict[float, float] = {}
    circles = []
    for point in sorted(points, key=lambda point: -point["voice"]):
        r = round(4 + 14 * (point["voice"] / loudest) ** 0.5, 1)
        below = stacked.get(point["position"], 0.0)
        stacked[point["position"]] = below + 2 * r + 2
        circles.append(point | {"r": r, "lift": below + r})
    axis = round(max(stacked.values(), default=0.0) + 12, 1)
    left, right = 28, width - 36

    def x(position: float) -> float:
        return round(left + position / 100 * (right - left), 1)

    return {
        "width": width,
        "height": round(axis + 64),
        "left": left,
        "right": right,
        "axis": axis,
        "tick_top": axis - 5,
        "tick_bottom": axis + 5,
        "number_y": axis + 18,
        "end_y": axis + 4,
        "label_y": axis + 58,
        "forecast_y": axis + 24,
        "mean_y": axis - 6,
        "ticks": [
            {"n": n, "label": label, "x": x(position)} for n, (label, position) in enumerate(options, 1)
        ],
        "circles": [c | {"cx": x(c["position"]), "cy": round(axis - 4 - c["lift"], 1)} for c in circles],
        "median": None if median is None else x(median),
        "mean": None if mean is None else x(mean),
    }
