# ruff: noqa: E501 - the table of cases reads best one case to a line
"""Malformed scenario documents: each is refused with its errors at their JSON paths, and nothing
in the database changes, whether it is imported as a new scenario or replaces an existing one.

The base document (tests/documents.py) has parties p0-p2, issues i0-i2 with options i0-o0 to
i2-o2, a stance per party × issue (stances[3 × party + issue]), a valuation per party × option
(valuations[9 × party + 3 × issue + option]) and packages pkg0, pkg1 choosing on every issue.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps

from negotiations import services
from negotiations.scenario_document import (
    DocumentError,
    document_dumps,
    document_export,
    document_import,
    document_loads,
)
from tests.documents import make_document

pytestmark = pytest.mark.django_db
KEY_HINT = "a key of lowercase letters, digits and single hyphens, at most 50 characters"
COLOUR_HINT = "a colour of the form #rrggbb, lowercase"


def base() -> dict[str, Any]:
    return make_document(slug="broken")


def changed(change: Callable[[dict[str, Any]], Any]) -> Callable[[], bytes]:
    """The base document with one change made to it, as JSON text."""

    def build() -> bytes:
        document = base()
        change(document)
        return json.dumps(document).encode()

    return build


def edited(old: str, new: str, *, count: int = 1) -> Callable[[], bytes]:
    """The base document's text with `old` (which must occur) replaced by `new`: for what a
    Python dict cannot express, like a key given twice, NaN or a 400-digit number."""

    def build() -> bytes:
        text = json.dumps(base(), indent=2)
        assert old in text, old
        return text.replace(old, new, count).encode()

    return build


def text(raw: str | bytes) -> Callable[[], bytes]:
    return lambda: raw.encode() if isinstance(raw, str) else raw


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


def drop_valuation(document, party: str, option: str) -> None:
    document["valuations"] = [
        v for v in document["valuations"] if (v["party"], v["option"]) != (party, option)
    ]


def set_in(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change setting one value, addressed like an error path: 'issues[2].options[0].position'."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return change


ROLES = "principal, mediator, guarantor, observer"
TEN_MEGABYTES = changed(set_in("scenario.summary", "x" * 10 * 1024 * 1024))()
# (id, the document's bytes, an error the answer must contain word for word)
CASES = [
    # Not a document at all
    ("not-json", text("{not json"), "$: not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    ("top-level-list", text("[]"), "$: must be a JSON object, got []"),
    ("not-utf8", text(b'{"format": "\xff"}'), "$: not valid JSON ('utf-8' codec can't decode byte 0xff in position 12: invalid start byte)"),
    ("ten-megabytes", text(TEN_MEGABYTES), f"$: the document is {len(TEN_MEGABYTES):,} bytes; the limit is 5,242,880 bytes"),
    ("deeply-nested-text", text("[" * 100_000 + "]" * 100_000), "$: the document is nested too deeply to be a scenario document"),
    # Envelope
    ("wrong-format", changed(set_in("format", "other")), "format: must be 'negotiation-scenario', got \"other\""),
    ("wrong-format-version", changed(set_in("format_version", 2)), "format_version: must be 1, got 2"),
    ("format-version-true", changed(set_in("format_version", True)), "format_version: must be 1, got true"),
    ("missing-scenario", changed(lambda d: d.pop("scenario")), "scenario: is required"),
    ("scenario-not-object", changed(set_in("scenario", "talks")), 'scenario: must be an object, got "talks"'),
    ("unknown-top-level-field", changed(set_in("annex", [])), "annex: is not a known field (known: format, format_version, scenario, parties, issues, stances, valuations, packages)"),
    ("parties-not-list", changed(set_in("parties", {})), "parties: must be a list, got {}"),
    # Scenario
    ("bad-slug", changed(set_in("scenario.slug", "Bad Slug")), f"scenario.slug: must be {KEY_HINT}, got 'Bad Slug'"),
    ("slug-too-long", changed(set_in("scenario.slug", "a" * 51)), f"scenario.slug: must be {KEY_HINT}, got '{'a' * 51}'"),
    ("bad-status", changed(set_in("scenario.status", "finished")), 'scenario.status: must be one of draft, active, archived, got "finished"'),
    ("sources-not-list", changed(set_in("scenario.sources", "Helsinki 1975")), 'scenario.sources: must be a list of citation strings, got "Helsinki 1975"'),
    ("blank-name", changed(set_in("scenario.name", "   ")), "scenario.name: must not be empty"),
    # Parties
    ("party-not-object", changed(set_in("parties[1]", 5)), "parties[1]: must be an object, got 5"),
    ("party-missing-name", changed(lambda d: d["parties"][0].pop("name")), "parties[0].name: is required"),
    ("name-not-string", changed(set_in("parties[2].name", 42)), "parties[2].name: must be a string, got 42"),
    ("capability-text", changed(set_in("parties[0].capability", "high")), 'parties[0].capability: must be a number, got "high"'),
    ("capability-boolean", changed(set_in("parties[0].capability", True)), "parties[0].capability: must be a number, got true"),
    ("capability-over-100", changed(set_in("parties[0].capability", 140)), "parties[0].capability: must be between 0 and 100, got 140"),
    ("reservation-negative", changed(set_in("parties[2].reservation", -1)), "parties[2].reservation: must be between 0 and 100, got -1"),
    ("bad-role", changed(set_in("parties[1].role", "spoiler")), f'parties[1].role: must be one of {ROLES}, got "spoiler"'),
    ("colour-name", changed(set_in("parties[0].colour", "red")), f"parties[0].colour: must be {COLOUR_HINT}, got 'red'"),
    ("colour-uppercase", changed(set_in("parties[1].colour", "#FFAA00")), f"parties[1].colour: must be {COLOUR_HINT}, got '#FFAA00'"),
    ("short-too-long", changed(set_in("parties[0].short", "ABCDEFGHI")), "parties[0].short: must be at most 8 characters, got 9"),
    ("key-is-a-list", changed(set_in("parties[0].key", ["p0"])), 'parties[0].key: must be a string, got ["p0"]'),
    ("duplicate-party-key", changed(set_in("parties[1].key", "p0")), 'parties[1].key: duplicate party key "p0" (first at parties[0].key)'),
    # Issues and options
    ("empty-issue", changed(set_in("issues[1].options", [])), "issues[1].options: must have at least one option"),
    ("options-not-list", changed(set_in("issues[0].options", "none")), 'issues[0].options: must be a list, got "none"'),
    ("duplicate-issue-key", changed(set_in("issues[2].key", "i0")), 'issues[2].key: duplicate issue key "i0" (first at issues[0].key)'),
    ("bad-option-key", changed(set_in("issues[1].options[0].key", "Bad Key")), f"issues[1].options[0].key: must be {KEY_HINT}, got 'Bad Key'"),
    ("option-key-in-two-issues", changed(set_in("issues[1].options[0].key", "i0-o0")), 'issues[1].options[0].key: duplicate option key "i0-o0" (first at issues[0].options[0].key)'),
    ("position-over-100", changed(set_in("issues[2].options[0].position", 140)), "issues[2].options[0].position: must be between 0 and 100, got 140"),
    ("position-boolean", changed(set_in("issues[0].options[2].position", False)), "issues[0].options[2].position: must be a number, got false"),
    ("unit-too-long", changed(set_in("issues[0].options[0].unit", "u" * 41)), "issues[0].options[0].unit: must be at most 40 characters, got 41"),
    ("unknown-option-field", changed(set_in("issues[0].options[0].colour", "#000000")), "issues[0].options[0].colour: is not a known field (known: key, label, description, position, value, unit)"),
    ("value-inexact-integer", changed(set_in("issues[0].options[0].value", 2**60)), "issues[0].options[0].value: must be at most 9,007,199,254,740,992 in size to be stored exactly, got 1.15292e+18"),
    ("value-huge-integer", edited('"value": null', '"value": ' + "9" * 101), "issues[0].options[0].value: must be at most 9,007,199,254,740,992 in size to be stored exactly, got an integer of 101 digits"),
    ("capability-400-digits", edited('"capability": ', '"capability": 1' + "0" * 400 + ", \"x\": "), "parties[0].capability: must be between 0 and 100, got an integer of 401 digits"),
    ("position-nan", edited('"position": 50.0', '"position": NaN'), "issues[0].options[1].position: must be a number, got NaN"),
    ("weight-infinity", edited('"weight": ', '"weight": Infinity, "x": '), "stances[0].weight: must be a number, got Infinity"),
    ("utility-minus-infinity", edited('"utility": ', '"utility": -Infinity, "x": '), "valuations[0].utility: must be a number, got -Infinity"),
    ("utility-overflowing-float", edited('"utility": ', '"utility": 1e400, "x": '), "valuations[0].utility: must be a number, got Infinity"),
    ("deeply-nested-field", changed(set_in("scenario.summary", nested(500))), 'scenario.summary: must be a string, got [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...'),
    ("nul-in-name", changed(set_in("parties[0].name", "Uk\x00raine")), "parties[0].name: must not contain NUL (\\u0000) characters"),
    ("nul-in-source", changed(set_in("stances[0].sources", ["CFE 1990", "\x00"])), "stances[0].sources[1]: must not contain NUL (\\u0000) characters"),
    ("lone-surrogate", edited('"rationale": ""', '"rationale": "\\ud800"'), "stances[0].rationale: must be valid Unicode text (it contains a lone surrogate \\ud800-\\udfff)"),
    # Keys given twice in one JSON object (a dict keeps only the last; the text had both)
    ("json-key-twice-in-party", edited('"short": "P0"', '"short": "P0", "short": "Q"'), "parties[0].short: is given more than once in the same object"),
    ("json-key-twice-at-top", edited('"format_version": 1', '"format_version": 1, "format_version": 1'), "format_version: is given more than once in the same object"),
    ("json-key-twice-in-choices", edited('"choices": {', '"choices": {"i0": null, '), "packages[0].choices.i0: is given more than once in the same object"),
    # Stances and valuations
    ("stance-for-unknown-party", changed(set_in("stances[0].party", "ghost")), "stances[0].party: names party 'ghost', which the document does not define"),
    ("stance-for-unknown-issue", changed(set_in("stances[4].issue", "ghost")), "stances[4].issue: names issue 'ghost', which the document does not define"),
    ("valuation-of-unknown-option", changed(set_in("valuations[5].option", "i9-o9")), "valuations[5].option: names option 'i9-o9', which the document does not define"),
    ("two-stances-on-one-issue", changed(set_in("stances[1].issue", "i0")), 'stances[1]: duplicate stance for party and issue ["p0", "i0"] (first at stances[0])'),
    ("two-valuations-of-one-option", changed(set_in("valuations[1].option", "i0-o0")), 'valuations[1]: duplicate valuation for party and option ["p0", "i0-o0"] (first at valuations[0])'),
    ("negative-weight", changed(set_in("stances[4].weight", -1)), "stances[4].weight: must be at least 0, got -1"),
    ("utility-over-100", changed(set_in("valuations[3].utility", 100.5)), "valuations[3].utility: must be between 0 and 100, got 100.5"),
    ("red-line-text", changed(set_in("valuations[3].red_line", "yes")), 'valuations[3].red_line: must be true or false, got "yes"'),
    ("all-weights-zero", changed(lambda d: [s.update(weight=0) for s in d["stances"] if s["party"] == "p1"]), "parties[1]: weighs every issue 0, so it has no priorities; give at least one issue a positive weight"),
    ("missing-valuation", changed(lambda d: drop_valuation(d, "p2", "i1-o2")), "parties[2]: has no valuation of option 'i1-o2' (issues[1].options[2]); give it a utility"),
    ("missing-stance", changed(lambda d: d["stances"].pop(2)), "parties[0]: has no stance on issue 'i2' (issues[2]); give it a weight"),
    # Packages
    ("choice-of-another-issues-option", changed(set_in("packages[0].choices.i0", "i1-o0")), "packages[0].choices.i0: option 'i1-o0' belongs to issue 'i1', not 'i0'"),
    ("choice-of-unknown-issue", changed(set_in("packages[0].choices.nowhere", None)), "packages[0].choices.nowhere: names issue 'nowhere', which the document does not define"),
    ("choice-of-unknown-option", changed(set_in("packages[1].choices.i2", "i2-o9")), "packages[1].choices.i2: names option 'i2-o9', which the document does not define"),
    ("choice-not-a-key", changed(set_in("packages[0].choices.i1", 5)), "packages[0].choices.i1: must be an option key or null, got 5"),
    ("choices-a-list", changed(set_in("packages[1].choices", [])), "packages[1].choices: must be an object, got []"),
    ("duplicate-package-key", changed(set_in("packages[1].key", "pkg0")), 'packages[1].key: duplicate package key "pkg0" (first at packages[0].key)'),
]  # fmt: skip


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def errors_of(raw: bytes, write: Callable[[dict[str, Any]], Any]) -> list[str]:
    with pytest.raises(DocumentError) as refused:
        write(document_loads(raw))
    return refused.value.errors


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_malformed_document_is_not_imported(scenario, owner, raw, expected):
    before = row_counts()

    errors = errors_of(raw(), lambda document: document_import(document=document, owner=owner))

    assert expected in errors
    assert row_counts() == before


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_malformed_document_replaces_nothing(scenario, raw, expected):
    before, exported = row_counts(), document_dumps(document_export(scenario))

    errors = errors_of(
        raw(),
        lambda document: services.scenario_replace_content(
            scenario=scenario, document=document, expected_version=scenario.version
        ),
    )

    assert expected in errors
    assert row_counts() == before
    scenario.refresh_from_db()
    assert document_dumps(document_export(scenario)) == exported


def test_there_are_enough_distinct_cases():
    assert len({c[0] for c in CASES}) == len(CASES) >= 50


def test_the_size_limit_is_the_one_the_settings_give(settings):
    assert settings.SCENARIO_DOCUMENT_MAX_BYTES == 5 * 1024 * 1024 < len(TEN_MEGABYTES)


def test_the_base_document_itself_imports(owner):
    scenario = document_import(document=document_loads(json.dumps(base()).encode()), owner=owner)

    assert scenario.slug == "broken"


def test_every_error_comes_back_at_once(owner):
    document = base()
    document["scenario"]["status"] = "done"
    document["parties"][0]["capability"] = 140
    document["issues"][2]["options"][0]["position"] = -5
    document["stances"][8]["party"] = "ghost"
    document["packages"][0]["choices"]["i0"] = "i1-o1"

    errors = errors_of(json.dumps(document).encode(), lambda d: document_import(document=d, owner=owner))

    assert errors == [
        'scenario.status: must be one of draft, active, archived, got "done"',
        "parties[0].capability: must be between 0 and 100, got 140",
        "issues[2].options[0].position: must be between 0 and 100, got -5",
        "stances[8].party: names party 'ghost', which the document does not define",
        "packages[0].choices.i0: option 'i1-o1' belongs to issue 'i1', not 'i0'",
    ]


def test_every_missing_judgement_is_named(owner):
    document = base()
    document["stances"] = [s for s in document["stances"] if s["party"] != "p2"]
    document["valuations"] = [v for v in document["valuations"] if v["option"] != "i2-o1"]

    errors = errors_of(json.dumps(document).encode(), lambda d: document_import(document=d, owner=owner))

    missing_stances = [
        f"parties[2]: has no stance on issue 'i{n}' (issues[{n}]); give it a weight" for n in range(3)
    ]
    missing_valuations = [
        f"parties[{n}]: has no valuation of option 'i2-o1' (issues[2].options[1]); give it a utility"
        for n in range(3)
    ]
    assert sorted(errors) == sorted(missing_stances + missing_valuations)


def test_a_scenario_still_being_built_is_cloned_as_it_stands(scenario, owner):
    scenario.options.filter(key="i1-o2").first().valuations.filter(party__key="p0").delete()
    services.content_create(scenario.issues.model(scenario=scenario, key="later", name="Decided later"))
    expected = document_export(scenario)

    copy = services.scenario_clone(scenario=scenario, owner=owner, name=scenario.name)

    assert {**document_export(copy), "scenario": None} == {**expected, "scenario": None}
    assert copy.issues.get(key="later").options.count() == 0
