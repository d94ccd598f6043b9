"""Hypothesis strategies: random valid scenario documents with every field exercised.

Unlike tests/analysis/strategies.py (small numeric tables for the brute-force oracle), these
draw free text in any script, fractional numbers, sources, units, open package choices and every
status, role and colour, to test the document format itself.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# Any Unicode text PostgreSQL can store: no NUL, no lone surrogates.
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
KEYS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
COLOURS = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)
PERCENT = st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False))
# Integers a double stores exactly, and finite floats of any size.
VALUES = st.one_of(
    st.none(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
)


def text(max_size: int = 60, *, blank: bool = True) -> st.SearchStrategy[str]:
    drawn = st.text(CHARACTERS, min_size=0 if blank else 1, max_size=max_size)
    return drawn if blank else drawn.filter(str.strip)


def sources() -> st.SearchStrategy[list[str]]:
    return st.lists(text(40, blank=False), max_size=3)


@st.composite
def scenario_documents(draw, *, max_parties: int = 4, max_issues: int = 4, max_options: int = 4):
    """A complete, valid document with every field written out, as export writes it."""
    party_keys = draw(st.lists(KEYS, min_size=1, max_size=max_parties, unique=True))
    issue_keys = draw(st.lists(KEYS, min_size=1, max_size=max_issues, unique=True))
    counts = [draw(st.integers(1, max_options)) for _ in issue_keys]
    all_options = draw(st.lists(KEYS, min_size=sum(counts), max_size=sum(counts), unique=True))
    options: dict[str, list[str]] = {}
    for key, count in zip(issue_keys, counts, strict=True):
        options[key], all_options = all_options[:count], all_options[count:]
    package_keys = draw(st.lists(KEYS, max_size=3, unique=True))
    return {
        "format": "negotiation-scenario",
        "format_version": 1,
        "scenario": {
            "name": draw(text(200, blank=False)),
            "slug": draw(KEYS),
            "summary": draw(text(300)),
            "status": draw(st.sampled_from(["draft", "active", "archived"])),
            "sources": draw(sources()),
        },
        "parties": [draw(_party(key)) for key in party_keys],
        "issues": [draw(_issue(key, options[key])) for key in issue_keys],
        "stances": [s for p in party_keys for s in draw(_stances(p, issue_keys))],
        "valuations": [draw(_valuation(p, o)) for p in party_keys for keys in options.values() for o in keys],
        "packages": [draw(_package(key, options)) for key in package_keys],
    }


def _party(key: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "key": st.just(key),
            "name": text(200, blank=False),
            "short": text(8, blank=False),
            "role": st.sampled_from(["principal", "mediator", "guarantor", "observer"]),
            "capability": PERCENT,
            "reservation": PERCENT,
            "batna": text(),
            "colour": COLOURS,
        }
    )


def _issue(key: str, option_keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    option = st.fixed_dictionaries(
        {
            "label": text(200, blank=False),
            "description": text(),
            "position": PERCENT,
            "value": VALUES,
            "unit": text(40),
        }
    )
    return st.fixed_dictionaries(
        {
            "key": st.just(key),
            "name": text(200, blank=False),
            "description": text(),
            "options": st.tuples(*(option.map(lambda o, k=k: {"key": k, **o}) for k in option_keys)).map(
                list
            ),
        }
    )


@st.composite
def _stances(draw, party: str, issue_keys: list[str]) -> list[dict[str, Any]]:
    weights = [draw(st.one_of(st.integers(0, 10), st.floats(0, 1e6, allow_nan=False))) for _ in issue_keys]
    if not any(weights):  # a party must care about something
        weights[draw(st.integers(0, len(weights) - 1))] = draw(st.integers(1, 10))
    return [
        {
            "party": party,
            "issue": issue,
            "weight": weight,
            "rationale": draw(text()),
            "sources": draw(sources()),
        }
        for issue, weight in zip(issue_keys, weights, strict=True)
    ]


def _valuation(party: str, option: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "party": st.just(party),
            "option": st.just(option),
            "utility": PERCENT,
            "red_line": st.booleans(),
            "rationale": text(),
        }
    )


def _package(key: str, options: dict[str, list[str]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "key": st.just(key),
            "name": text(200, blank=False),
            "notes": text(),
            "choices": st.fixed_dictionaries(
                {issue: st.one_of(st.none(), st.sampled_from(keys)) for issue, keys in options.items()}
            ),
        }
    )
