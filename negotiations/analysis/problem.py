"""The engine's input: one compact, validated value built from a scenario document.

Every function of the engine takes a `Problem`. It is built in exactly one place,
`problem_from_document`, from the scenario document (DESIGN §4), so the engine never sees Django
models and the API, the pages and the command line analyse the same thing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np

TOLERANCE = 1e-9  # computed scores are compared allowing this much floating-point error (DESIGN §3.4)


class ProblemError(Exception):
    """The scenario cannot be analysed as it stands; `errors` says why, one sentence each."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True, eq=False)
class Problem:
    """Parties p, issues i and the options of each issue, as arrays indexed by position.

    `weights[p, i]` are normalised (each party's row sums to 1); `utilities[i][p, o]` and
    `red_lines[i][p, o]` are per issue because issues have different numbers of options;
    `contributions[i][p, o] = weights[p, i] * utilities[i][p, o]`, the terms every score adds up.
    """

    party_keys: tuple[str, ...]
    party_names: tuple[str, ...]
    roles: tuple[str, ...]
    capability: np.ndarray
    reservation: np.ndarray
    issue_keys: tuple[str, ...]
    issue_names: tuple[str, ...]
    option_keys: tuple[tuple[str, ...], ...]
    option_labels: tuple[tuple[str, ...], ...]
    positions: tuple[np.ndarray, ...]
    raw_weights: np.ndarray
    weights: np.ndarray
    utilities: tuple[np.ndarray, ...]
    red_lines: tuple[np.ndarray, ...]
    contributions: tuple[np.ndarray, ...]

    @cached_property
    def fingerprint(self) -> str:
        """A SHA-256 digest of everything in the problem: two problems have the same one exactly when
        every analysis of them is the same, so an analysis computed once can be kept under it."""
        digest = hashlib.sha256()
        for field in fields(self):
            value = getattr(self, field.name)
            for part in value if isinstance(value, tuple) else (value,):
                if isinstance(part, np.ndarray):
                    digest.update(f"{part.dtype.str}{part.shape}".encode())
                    part = np.ascontiguousarray(part).tobytes()
                else:
                    part = repr(part).encode()
                digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    @property
    def principal(self) -> np.ndarray:
        """Which parties can veto a deal: only principals count for the ZOPA and the solutions."""
        return np.array([role == "principal" for role in self.roles])

    @property
    def option_counts(self) -> tuple[int, ...]:
        return tuple(len(keys) for keys in self.option_keys)

    @property
    def space_size(self) -> int:
        """How many complete packages there are (a Python int: it may exceed 2**64)."""
        size = 1
        for count in self.option_counts:
            size *= count
        return size

    def party_index(self, key: str) -> int:
        try:
            return self.party_keys.index(key)
        except ValueError:
            raise ProblemError([f"party: no party with key {key!r}"]) from None

    def choice_indices(self, choices: Mapping[str, str | None]) -> list[int | None]:
        """Option index per issue (None when open), from `{issue key: option key or None}`."""
        unknown = [key for key in choices if key not in self.issue_keys]
        errors = [f"choices.{key}: no issue with key {key!r}" for key in unknown]
        indices: list[int | None] = []
        for i, issue in enumerate(self.issue_keys):
            option = choices.get(issue)
            if option is None:
                indices.append(None)
            elif option in self.option_keys[i]:
                indices.append(self.option_keys[i].index(option))
            else:
                errors.append(
                    f"choices.{issue}: {option!r} is not an option of issue {issue!r}; "
                    f"choose one of {', '.join(self.option_keys[i])} or null"
                )
                indices.append(None)
        if errors:
            raise ProblemError(errors)
        return indices

    def complete_indices(self, choices: Mapping[str, str | None]) -> list[int]:
        """Option index per issue for a complete package; each open issue is an error naming it."""
        indices = self.choice_indices(choices)
        open_issues = [key for key, index in zip(self.issue_keys, indices, strict=True) if index is None]
        if open_issues:
            raise ProblemError(
                [
                    f"choices.{key}: the issue is open; this needs a complete package, one option per issue"
                    for key in open_issues
                ]
            )
        return indices  # type: ignore[return-value]

    def choices_of(self, indices: Any) -> dict[str, str | None]:
        """`{issue key: option key}` for a list of option indices (None for an open issue)."""
        return {
            issue: None if index is None else self.option_keys[i][int(index)]
            for i, (issue, index) in enumerate(zip(self.issue_keys, indices, strict=True))
        }


def problem_from_document(document: Mapping[str, Any]) -> Problem:
    """Translate a (validated) scenario document into a Problem, or say why it cannot be analysed."""
    parties = list(document["parties"])
    issues = list(document["issues"])
    errors: list[str] = []
    if not issues:
        errors.append("issues: the scenario has no issues to settle")
    if not any(p["role"] == "principal" for p in parties):
        errors.append("parties: at least one party must be a principal, or no package can be judged")
    errors += [
        f"issues.{issue['key']}: the issue has no options" for issue in issues if not issue.get("options")
    ]
    if errors:
        raise ProblemError(errors)

    party_at = {p["key"]: n for n, p in enumerate(parties)}
    issue_at = {issue["key"]: n for n, issue in enumerate(issues)}
    option_at = {o["key"]: (i, n) for i, issue in enumerate(issues) for n, o in enumerate(issue["options"])}
    raw = np.full((len(parties), len(issues)), np.nan)
    for stance in document["stances"]:
        raw[party_at[stance["party"]], issue_at[stance["issue"]]] = stance["weight"]
    utilities = [np.full((len(parties), len(issue["options"])), np.nan) for issue in issues]
    red_lines = [np.zeros((len(parties), len(issue["options"])), dtype=bool) for issue in issues]
    for valuation in document["valuations"]:
        i, o = option_at[valuation["option"]]
        utilities[i][party_at[valuation["party"]], o] = valuation["utility"]
        red_lines[i][party_at[valuation["party"]], o] = valuation["red_line"]

    errors += _missing_judgements(parties, issues, raw, utilities)
    if errors:
        raise ProblemError(errors)
    weights = raw / raw.sum(axis=1, keepdims=True)
    return Problem(
        party_keys=tuple(p["key"] for p in parties),
        party_names=tuple(p["name"] for p in parties),
        roles=tuple(p["role"] for p in parties),
        capability=np.array([float(p["capability"]) for p in parties]),
        reservation=np.array([float(p["reservation"]) for p in parties]),
        issue_keys=tuple(issue["key"] for issue in issues),
        issue_names=tuple(issue["name"] for issue in issues),
        option_keys=tuple(tuple(o["key"] for o in issue["options"]) for issue in issues),
        option_labels=tuple(tuple(o["label"] for o in issue["options"]) for issue in issues),
        positions=tuple(np.array([float(o["position"]) for o in issue["options"]]) for issue in issues),
        raw_weights=raw,
        weights=weights,
        utilities=tuple(utilities),
        red_lines=tuple(red_lines),
        contributions=tuple(weights[:, [i]] * u for i, u in enumerate(utilities)),
    )


def _missing_judgements(parties: list, issues: list, raw: np.ndarray, utilities: list) -> list[str]:
    errors = []
    for p, party in enumerate(parties):
        missing = [issues[i]["key"] for i in np.flatnonzero(np.isnan(raw[p]))]
        if missing:
            errors.append(f"stances: party {party['key']!r} has no weight for {', '.join(missing)}")
        elif raw[p].sum() <= 0:
            errors.append(
                f"stances: party {party['key']!r} has all weights zero, so it has no priorities; "
                "give at least one issue a positive weight"
            )
        for i, issue in enumerate(issues):
            for o in np.flatnonzero(np.isnan(utilities[i][p])):
                option = issue["options"][o]["key"]
                errors.append(f"valuations: no utility for party {party['key']!r} on option {option!r}")
    return errors
