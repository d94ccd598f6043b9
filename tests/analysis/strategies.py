"""Hypothesis strategies: random scenario documents small enough for the brute-force oracle."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.analysis.tables import document_from_tables

ROLES = ["principal", "mediator", "guarantor", "observer"]


@st.composite
def scenario_documents(
    draw, *, max_issues: int = 6, max_options: int = 5, max_parties: int = 5, related: bool = False
):
    """Up to 6 issues × 5 options × 5 parties, with red lines, tied utilities (drawn from a coarse
    grid), zero weights on some issues, non-principal parties and reservations high enough that
    the ZOPA is often empty.

    `related` ties the principals' scores by a sum that is the same for every package: either p1
    wants exactly the opposite of p0, or the principals split every option's 100 points between
    them (zero-sum), weighing the issues alike."""
    issue_count = draw(st.integers(1, max_issues))
    counts = [draw(st.integers(1, max_options)) for _ in range(issue_count)]
    party_count = draw(st.integers(1, max_parties))
    options = {f"i{i}": [f"i{i}o{o}" for o in range(n)] for i, n in enumerate(counts)}
    parties, weights, utilities, red_lines = {}, {}, {}, {}
    for p in range(party_count):
        key = f"p{p}"
        role = "principal" if p < 2 else draw(st.sampled_from(ROLES))
        parties[key] = (role, draw(st.sampled_from([0, 20, 40, 50, 60, 75])), draw(st.integers(1, 100)))
        row = {issue: draw(st.sampled_from([0, 0, 1, 2, 5, 10])) for issue in options}
        if not any(row.values()):
            row[draw(st.sampled_from(sorted(options)))] = 1
        weights[key] = row
        utilities[key] = {
            o: draw(st.sampled_from([0, 10, 25, 50, 50, 75, 90, 100]))
            for keys in options.values()
            for o in keys
        }
        red_lines[key] = [o for keys in options.values() for o in keys if draw(st.integers(0, 9)) == 0]
    if related:
        relate(draw(st.sampled_from(["opposed", "zero-sum"])), parties, weights, utilities)
    return document_from_tables(
        parties=parties, options=options, weights=weights, utilities=utilities, red_lines=red_lines
    )


def relate(how: str, parties: dict, weights: dict, utilities: dict) -> None:
    """Make the principals' scores add up alike for every package (see `scenario_documents`)."""
    principals = [key for key, (role, *_) in parties.items() if role == "principal"]
    tied = principals[:2] if how == "opposed" else principals
    for key in tied:
        weights[key] = dict(weights[principals[0]])
    for option in utilities[principals[0]]:
        if how == "opposed" and len(tied) == 2:
            utilities[tied[1]][option] = 100 - utilities[tied[0]][option]
            continue
        total = sum(utilities[key][option] for key in tied)
        for key in tied:
            utilities[key][option] = 100 * utilities[key][option] / total if total else 100 / len(tied)


@st.composite
def documents_with_packages(draw, **sizes):
    """A scenario document (as `scenario_documents`) and one of its complete packages, as
    `{issue key: option key}`."""
    document = draw(scenario_documents(**sizes))
    choices = {
        issue["key"]: draw(st.sampled_from([option["key"] for option in issue["options"]]))
        for issue in document["issues"]
    }
    return document, choices
