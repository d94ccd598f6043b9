"""A hand-worked scenario for the analysis endpoints: two principals, two issues of two options.

    weights      border  trade        utilities  border-hold  border-cede  trade-open  trade-closed
    north (r 50)   3       1           north         80           20           60          0
    south (r 40)   1       1           south         30           90           10 (red)    70

Both parties have capability 50, so ŵ(north) = (0.75, 0.25) and ŵ(south) = (0.5, 0.5), and the
four complete packages score (north, south):

    {border-hold, trade-closed}  0.75·80 + 0.25·0 = 60,   0.5·30 + 0.5·70 = 50   both accept
    {border-hold, trade-open}    60 + 15 = 75,            15 + 5 = 20            south's red line
    {border-cede, trade-closed}  15 + 0 = 15,             45 + 35 = 80           north below 50
    {border-cede, trade-open}    15 + 15 = 30,            45 + 5 = 50            both refuse

so the ZOPA is {border-hold, trade-closed} alone, with surpluses 10 and 10 (Nash product 100).
Saved packages: "deal" (that one), "lopsided" {border-hold, trade-open} and "half" (border-hold,
trade open).
"""

from __future__ import annotations


def _party(key: str, reservation: int) -> dict:
    return {"key": key, "name": key.title(), "short": key[:3].upper(), "role": "principal",
            "capability": 50, "reservation": reservation}  # fmt: skip


def _issue(key: str, options: list[str]) -> dict:
    options = [{"key": o, "label": o, "position": 100 * n} for n, o in enumerate(options)]
    return {"key": key, "name": key.title(), "options": options}


DOCUMENT = {
    "format": "negotiation-scenario",
    "format_version": 1,
    "scenario": {"name": "Border talks", "slug": "border-talks"},
    "parties": [_party("north", 50), _party("south", 40)],
    "issues": [
        _issue("border", ["border-hold", "border-cede"]),
        _issue("trade", ["trade-open", "trade-closed"]),
    ],
    "stances": [
        {"party": "north", "issue": "border", "weight": 3},
        {"party": "north", "issue": "trade", "weight": 1},
        {"party": "south", "issue": "border", "weight": 1},
        {"party": "south", "issue": "trade", "weight": 1},
    ],
    "valuations": [
        {"party": "north", "option": "border-hold", "utility": 80},
        {"party": "north", "option": "border-cede", "utility": 20},
        {"party": "north", "option": "trade-open", "utility": 60},
        {"party": "north", "option": "trade-closed", "utility": 0},
        {"party": "south", "option": "border-hold", "utility": 30},
        {"party": "south", "option": "border-cede", "utility": 90},
        {"party": "south", "option": "trade-open", "utility": 10, "red_line": True},
        {"party": "south", "option": "trade-closed", "utility": 70},
    ],
    "packages": [
        {"key": "deal", "name": "Deal", "choices": {"border": "border-hold", "trade": "trade-closed"}},
        {"key": "lopsided", "name": "Lopsided", "choices": {"border": "border-hold", "trade": "trade-open"}},
        {"key": "half", "name": "Half", "choices": {"border": "border-hold", "trade": None}},
    ],
}
