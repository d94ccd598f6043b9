"""The scenario document of DESIGN §4: canonical export and all-or-nothing import.

Export is canonical (fixed key order, list order as stored, whole numbers up to 2^53 written as
integers), so export → import → export gives the same bytes. Import first validates the whole document and
collects every error with its JSON path; only a valid document touches the database.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from negotiations.models import (
    COLOUR_PATTERN,
    KEY_PATTERN,
    Issue,
    Option,
    Package,
    PackageChoice,
    Party,
    Scenario,
    Stance,
    Valuation,
)

FORMAT = "negotiation-scenario"
FORMAT_VERSION = 1
DEFAULT_COLOUR = "#4a5568"
# Numbers are stored as doubles; a larger integer would come back as a different number.
MAX_EXACT_INTEGER = 2**53


class DocumentError(Exception):
    """A document that cannot be imported; `errors` holds every problem as 'path: message'."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s) in the scenario document")
        self.errors = errors


# ---------------------------------------------------------------------------------------------
# Export


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    value = float(value)
    # Whole numbers read as integers, except past 2^53, where only the float form reads back exactly.
    return int(value) if value.is_integer() and abs(value) <= MAX_EXACT_INTEGER else value


def document_export(scenario: Scenario) -> dict[str, Any]:
    parties = list(scenario.parties.order_by("order", "id"))
    issues = list(scenario.issues.order_by("order", "id").prefetch_related("options"))
    options = {issue.pk: sorted(issue.options.all(), key=lambda o: (o.order, o.pk)) for issue in issues}
    party_rank = {p.pk: n for n, p in enumerate(parties)}
    issue_rank = {i.pk: n for n, i in enumerate(issues)}
    option_rank = {o.pk: (issue_rank[i.pk], n) for i in issues for n, o in enumerate(options[i.pk])}
    stances = sorted(
        Stance.objects.filter(party__scenario=scenario).select_related("party", "issue"),
        key=lambda s: (party_rank[s.party_id], issue_rank[s.issue_id]),
    )
    valuations = sorted(
        Valuation.objects.filter(party__scenario=scenario).select_related("party", "option"),
        key=lambda v: (party_rank[v.party_id], option_rank[v.option_id]),
    )
    packages = list(scenario.packages.order_by("order", "id").prefetch_related("choices__option"))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "scenario": {
            "name": scenario.name,
            "slug": scenario.slug,
            "summary": scenario.summary,
            "status": scenario.status,
            "sources": list(scenario.sources),
        },
        "parties": [_party_out(p) for p in parties],
        "issues": [_issue_out(i, options[i.pk]) for i in issues],
        "stances": [_stance_out(s) for s in stances],
        "valuations": [_valuation_out(v) for v in valuations],
        "packages": [_package_out(p, issues) for p in packages],
    }


def _party_out(p: Party) -> dict[str, Any]:
    return {
        "key": p.key,
        "name": p.name,
        "short": p.short,
        "role": p.role,
        "capability": _number(p.capability),
        "reservation": _number(p.reservation),
        "batna": p.batna,
        "colour": p.colour,
    }


def _issue_out(issue: Issue, options: list[Option]) -> dict[str, Any]:
    return {
        "key": issue.key,
        "name": issue.name,
        "description": issue.description,
        "options": [
            {
                "key": o.key,
                "label": o.label,
                "description": o.description,
                "position": _number(o.position),
                "value": _number(o.value),
                "unit": o.unit,
            }
            for o in options
        ],
    }


def _stance_out(s: Stance) -> dict[str, Any]:
    return {
        "party": s.party.key,
        "issue": s.issue.key,
        "weight": _number(s.weight),
        "rationale": s.rationale,
        "sources": list(s.sources),
    }


def _valuation_out(v: Valuation) -> dict[str, Any]:
    return {
        "party": v.party.key,
        "option": v.option.key,
        "utility": _number(v.utility),
        "red_line": v.red_line,
        "rationale": v.rationale,
    }


def _package_out(package: Package, issues: list[Issue]) -> dict[str, Any]:
    chosen = {c.issue_id: c.option.key for c in package.choices.all()}
    return {
        "key": package.key,
        "name": package.name,
        "notes": package.notes,
        "choices": {i.key: chosen.get(i.pk) for i in issues},
    }


def document_dumps(document: dict[str, Any]) -> str:
    """The canonical text of a document: what export writes and round-trips compare."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Parsing and validation


def document_loads(raw: bytes | str) -> dict[str, Any]:
    """Parse document text, refusing what is too large, too deep or not JSON.

    What JSON parses but a document cannot hold (a key twice in one object, NaN, an integer of
    hundreds of digits) is kept, marked, for `document_validate` to report at its path.
    """
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    limit = settings.SCENARIO_DOCUMENT_MAX_BYTES
    if size > limit:
        raise DocumentError([f"$: the document is {size:,} bytes; the limit is {limit:,} bytes"])
    try:
        document = json.loads(raw, object_pairs_hook=_Object.from_pairs, parse_int=_integer)
    except RecursionError:
        raise DocumentError(["$: the document is nested too deeply to be a scenario document"]) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DocumentError([f"$: not valid JSON ({error})"]) from None
    return document


class _Object(dict):
    """A JSON object that remembers the names it gave more than once (the last value stands)."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> _Object:
        obj = cls(pairs)
        if len(obj) < len(pairs):
            names = [name for name, _ in pairs]
            obj.duplicates = tuple(dict.fromkeys(n for n in names if names.count(n) > 1))
        return obj


class _HugeInteger:
    """An integer too long to be worth converting; only ever reported as an error."""

    def __init__(self, digits: str):
        self.digits = digits

    def __repr__(self) -> str:
        return f"an integer of {len(self.digits.lstrip('-'))} digits"


def _integer(text: str) -> int | _HugeInteger:
    return int(text) if len(text) <= 100 else _HugeInteger(text)


# What a field check finds wrong: nothing, a message, or a message about a part ("[2]", message).
Problem = str | tuple[str, str] | None


@dataclass(frozen=True)
class Field:
    check: Callable[[Any], Problem]
    default: Any = ...

    @property
    def required(self) -> bool:
        return self.default is ...


def _storable(value: str) -> str | None:
    """Why a string cannot be stored as text (PostgreSQL refuses NUL and invalid UTF-8), or None."""
    if "\x00" in value:
        return "must not contain NUL (\\u0000) characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text (it contains a lone surrogate \\ud800-\\udfff)"
    return None


def _text(max_length: int | None = None, *, blank: bool = True) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be a string, got {_describe(value)}"
        if problem := _storable(value):
            return problem
        if not blank and not value.strip():
            return "must not be empty"
        if max_length is not None and len(value) > max_length:
            return f"must be at most {max_length} characters, got {len(value)}"
        return None

    return check


def _pattern(pattern: str, hint: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be a string, got {_describe(value)}"
        if len(value) > 50 or not re.fullmatch(pattern, value):
            return f"must be {hint}, got {value!r}"
        return None

    return check


def _number_in(
    low: float, high: float | None = None, *, nullable: bool = False
) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        exact = f"at most {MAX_EXACT_INTEGER:,} in size to be stored exactly"
        if isinstance(value, _HugeInteger):
            return f"must be {bound if math.isfinite(low) else exact}, got {value!r}"
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return f"must be a number, got {_describe(value)}"
        if value < low or (high is not None and value > high):
            return f"must be {bound}, got {value:g}"
        if isinstance(value, int) and abs(value) > MAX_EXACT_INTEGER:
            return f"must be {exact}, got {value:g}"
        return None

    return check


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value not in choices:
            return f"must be one of {', '.join(choices)}, got {_describe(value)}"
        return None

    return check


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, got {_describe(value)}"


def _sources(value: Any) -> Problem:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        return f"must be a list of citation strings, got {_describe(value)}"
    for n, source in enumerate(value):
        if problem := _storable(source):
            return f"[{n}]", problem
    return None


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if _jsonable(value) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


KEY = Field(
    _pattern(KEY_PATTERN, "a key of lowercase letters, digits and single hyphens, at most 50 characters")
)
REF = Field(_text(50, blank=False))
SCENARIO_FIELDS = {
    "name": Field(_text(200, blank=False)),
    "slug": KEY,
    "summary": Field(_text(), ""),
    "status": Field(_one_of(*Scenario.Status.values), "draft"),
    "sources": Field(_sources, []),
}
PARTY_FIELDS = {
    "key": KEY,
    "name": Field(_text(200, blank=False)),
    "short": Field(_text(8, blank=False)),
    "role": Field(_one_of(*Party.Role.values)),
    "capability": Field(_number_in(0, 100)),
    "reservation": Field(_number_in(0, 100)),
    "batna": Field(_text(), ""),
    "colour": Field(_pattern(COLOUR_PATTERN, "a colour of the form #rrggbb, lowercase"), DEFAULT_COLOUR),
}
ISSUE_FIELDS = {
    "key": KEY,
    "name": Field(_text(200, blank=False)),
    "description": Field(_text(), ""),
    "options": Field(lambda v: None if isinstance(v, list) else f"must be a list, got {_describe(v)}"),
}
OPTION_FIELDS = {
    "key": KEY,
    "label": Field(_text(200, blank=False)),
    "description": Field(_text(), ""),
    "position": Field(_number_in(0, 100)),
    "value": Field(_number_in(-math.inf, nullable=True), None),
    "unit": Field(_text(40), ""),
}
STANCE_FIELDS = {
    "party": REF,
    "issue": REF,
    "weight": Field(_number_in(0)),
    "rationale": Field(_text(), ""),
    "sources": Field(_sources, []),
}
VALUATION_FIELDS = {
    "party": REF,
    "option": REF,
    "utility": Field(_number_in(0, 100)),
    "red_line": Field(_boolean, False),
    "rationale": Field(_text(), ""),
}
PACKAGE_FIELDS = {
    "key": KEY,
    "name": Field(_text(200, blank=False)),
    "notes": Field(_text(), ""),
    "choices": Field(lambda v: None if isinstance(v, dict) else f"must be an object, got {_describe(v)}"),
}
LISTS = {
    "parties": PARTY_FIELDS,
    "issues": ISSUE_FIELDS,
    "stances": STANCE_FIELDS,
    "valuations": VALUATION_FIELDS,
    "packages": PACKAGE_FIELDS,
}


class _Checker:
    """Walks a document once, normalising it and collecting every error with its path."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def duplicates(self, value: dict[str, Any], path: str) -> None:
        for name in getattr(value, "duplicates", ()):
            self.error(f"{path}.{name}" if path else name, "is given more than once in the same object")

    def record(self, value: Any, fields: dict[str, Field], path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"must be an object, got {_describe(value)}")
            return None
        self.duplicates(value, path)
        for name in value.keys() - fields.keys():
            self.error(f"{path}.{name}", f"is not a known field (known: {', '.join(fields)})")
        clean: dict[str, Any] = {}
        for name, field in fields.items():
            if name not in value:
                if field.required:
                    self.error(f"{path}.{name}", "is required")
                else:
                    clean[name] = list(field.default) if isinstance(field.default, list) else field.default
                continue
            problem = field.check(value[name])
            if isinstance(problem, tuple):
                self.error(f"{path}.{name}{problem[0]}", problem[1])
            elif problem:
                self.error(f"{path}.{name}", problem)
            else:
                clean[name] = value[name]
        return clean

    def records(self, document: dict[str, Any], name: str, fields: dict[str, Field]) -> list[dict[str, Any]]:
        value = document.get(name, [])
        if not isinstance(value, list):
            self.error(name, f"must be a list, got {_describe(value)}")
            return []
        cleaned = [self.record(item, fields, f"{name}[{n}]") for n, item in enumerate(value)]
        return [c for c in cleaned if c is not None]

    def unique(self, items: list[tuple[str, Any]], what: str) -> None:
        seen: dict[Any, str] = {}
        for path, value in items:
            if value is None:
                continue
            if value in seen:
                self.error(path, f"duplicate {what} {_describe(value)} (first at {seen[value]})")
            else:
                seen[value] = path


def document_validate(document: Any, *, complete: bool = True) -> dict[str, Any]:
    """Return a normalised copy of a valid document (defaults filled in) or raise DocumentError.

    `complete` also asks for what analysis needs: an option on every issue, and from every party
    a stance on every issue (not all weighted 0) and a valuation of every option. Only a copy of
    a scenario still being built (a clone) is taken without it.
    """
    check = _Checker()
    if not isinstance(document, dict):
        raise DocumentError([f"$: must be a JSON object, got {_describe(document)}"])
    check.duplicates(document, "")
    for name in document.keys() - {"format", "format_version", "scenario", *LISTS}:
        check.error(
            name, f"is not a known field (known: format, format_version, scenario, {', '.join(LISTS)})"
        )
    if document.get("format") != FORMAT:
        check.error("format", f"must be {FORMAT!r}, got {_describe(document.get('format'))}")
    if document.get("format_version") != FORMAT_VERSION or isinstance(document.get("format_version"), bool):
        check.error(
            "format_version", f"must be {FORMAT_VERSION}, got {_describe(document.get('format_version'))}"
        )
    scenario = (
        check.record(document.get("scenario"), SCENARIO_FIELDS, "scenario")
        if "scenario" in document
        else None
    )
    if "scenario" not in document:
        check.error("scenario", "is required")
    clean = {name: check.records(document, name, fields) for name, fields in LISTS.items()}
    _check_options(check, document, clean["issues"], complete=complete)
    _check_references(check, document, clean)
    if complete and not check.errors:
        _check_complete(check, clean)
    if check.errors:
        raise DocumentError(check.errors)
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "scenario": scenario, **clean}


def _indexed(document: dict[str, Any], name: str) -> list[tuple[int, Any]]:
    value = document.get(name)
    return list(enumerate(value)) if isinstance(value, list) else []


def _check_options(
    check: _Checker, document: dict[str, Any], issues: list[dict[str, Any]], *, complete: bool
) -> None:
    option_keys: list[tuple[str, Any]] = []
    for n, raw in _indexed(document, "issues"):
        if not isinstance(raw, dict) or not isinstance(raw.get("options"), list):
            continue
        if complete and not raw["options"]:
            check.error(f"issues[{n}].options", "must have at least one option")
        options = []
        for m, option in enumerate(raw["options"]):
            path = f"issues[{n}].options[{m}]"
            clean = check.record(option, OPTION_FIELDS, path)
            if clean is not None:
                options.append(clean)
                option_keys.append((f"{path}.key", clean.get("key")))
        for issue in issues:
            if issue.get("key") == raw.get("key") and issue.get("options") is raw["options"]:
                issue["options"] = options
    check.unique(option_keys, "option key")


def _check_references(
    check: _Checker, document: dict[str, Any], clean: dict[str, list[dict[str, Any]]]
) -> None:
    keys = {
        # A key that is not a string is reported by the record check; here it would not even hash.
        name: [
            (f"{name}[{n}].key", r["key"])
            for n, r in _indexed(document, name)
            if isinstance(r, dict) and isinstance(r.get("key"), str)
        ]
        for name in ("parties", "issues", "packages")
    }
    for name, items in keys.items():
        check.unique(items, f"{name[:-1] if name != 'parties' else 'party'} key")
    parties = {k for _, k in keys["parties"]}
    issues = {k for _, k in keys["issues"]}
    option_issue = {
        o.get("key"): i.get("key")
        for i in clean["issues"]
        for o in i.get("options", [])
        if isinstance(o, dict)
    }
    _check_links(check, document, "stances", {"party": parties, "issue": issues}, ("party", "issue"))
    _check_links(
        check, document, "valuations", {"party": parties, "option": set(option_issue)}, ("party", "option")
    )
    for n, package in _indexed(document, "packages"):
        choices = package.get("choices") if isinstance(package, dict) else None
        if not isinstance(choices, dict):
            continue
        check.duplicates(choices, f"packages[{n}].choices")
        for issue, option in choices.items():
            path = f"packages[{n}].choices.{issue}"
            if issue not in issues:
                check.error(path, f"names issue {issue!r}, which the document does not define")
            elif option is not None and not isinstance(option, str):
                check.error(path, f"must be an option key or null, got {_describe(option)}")
            elif option is not None and option not in option_issue:
                check.error(path, f"names option {option!r}, which the document does not define")
            elif option is not None and option_issue[option] != issue:
                check.error(
                    path, f"option {option!r} belongs to issue {option_issue[option]!r}, not {issue!r}"
                )


def _check_complete(check: _Checker, clean: dict[str, list[dict[str, Any]]]) -> None:
    """Every party judges every issue and option, and cares about something (DESIGN §3.1-3.2).

    Runs on a document already free of other errors, so every key and reference is sound.
    """
    weights = {(s["party"], s["issue"]): s["weight"] for s in clean["stances"]}
    valued = {(v["party"], v["option"]) for v in clean["valuations"]}
    for n, party in enumerate(clean["parties"]):
        path, key = f"parties[{n}]", party["key"]
        for m, issue in enumerate(clean["issues"]):
            if (key, issue["key"]) not in weights:
                check.error(path, f"has no stance on issue {issue['key']!r} (issues[{m}]); give it a weight")
            for k, option in enumerate(issue["options"]):
                if (key, option["key"]) not in valued:
                    check.error(
                        path,
                        f"has no valuation of option {option['key']!r} (issues[{m}].options[{k}]); "
                        "give it a utility",
                    )
        own = [w for (p, _), w in weights.items() if p == key]
        if own and not any(own):
            check.error(
                path,
                "weighs every issue 0, so it has no priorities; give at least one issue a positive weight",
            )


def _check_links(
    check: _Checker, document: dict[str, Any], name: str, known: dict[str, set[Any]], pair: tuple[str, str]
) -> None:
    seen: list[tuple[str, Any]] = []
    for n, record in _indexed(document, name):
        if not isinstance(record, dict):
            continue
        for field, keys in known.items():
            value = record.get(field)
            if isinstance(value, str) and value not in keys:
                check.error(
                    f"{name}[{n}].{field}", f"names {field} {value!r}, which the document does not define"
                )
        a, b = (record.get(f) for f in pair)
        if isinstance(a, str) and isinstance(b, str):
            seen.append((f"{name}[{n}]", (a, b)))
    check.unique(seen, f"{name[:-1]} for {' and '.join(pair)}")


# ---------------------------------------------------------------------------------------------
# Import


def document_import(*, document: Any, owner, slug: str | None = None, complete: bool = True) -> Scenario:
    """Create a new scenario from a document. A taken slug gets a numeric suffix."""
    clean = document_validate(document, complete=complete)
    meta = clean["scenario"]
    with transaction.atomic():
        scenario = Scenario.objects.create(
            owner=owner,
            name=meta["name"],
            slug=free_slug(slug or meta["slug"]),
            summary=meta["summary"],
            status=meta["status"],
            sources=meta["sources"],
        )
        _create_content(scenario, clean)
    return scenario


def document_replace(*, scenario: Scenario, document: Any) -> Scenario:
    """Replace a scenario's content (not its slug, owner or members) with a document's.

    The caller holds the transaction and the version check (services.scenario_replace_content).
    """
    clean = document_validate(document)
    meta = clean["scenario"]
    scenario.parties.all().delete()
    scenario.issues.all().delete()
    scenario.packages.all().delete()
    Scenario.objects.filter(pk=scenario.pk).update(
        name=meta["name"], summary=meta["summary"], status=meta["status"], sources=meta["sources"]
    )
    _create_content(scenario, clean)
    scenario.refresh_from_db()
    return scenario


# Slugs that name something else at the same place in URLs: /api/scenarios/import/ is the import.
RESERVED_SLUGS = frozenset({"import"})


def free_slug(wanted: str) -> str:
    """`wanted` when no scenario has it (and it names nothing else), else it with a random suffix.

    The suffix is random rather than a count (`-2`, `-3`): a count would tell whoever asked for a
    taken slug how many scenarios, private ones included, share it and what they are called.
    """
    stem = wanted[:43].rstrip("-")  # room for "-" and six hex digits within 50 characters
    taken = set(Scenario.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    if wanted not in taken and wanted not in RESERVED_SLUGS:
        return wanted
    while (candidate := f"{stem}-{secrets.token_hex(3)}") in taken:
        pass
    return candidate


def _create_content(scenario: Scenario, clean: dict[str, Any]) -> None:
    parties = Party.objects.bulk_create(
        Party(scenario=scenario, order=n, **p) for n, p in enumerate(clean["parties"])
    )
    issues = Issue.objects.bulk_create(
        Issue(scenario=scenario, order=n, key=i["key"], name=i["name"], description=i["description"])
        for n, i in enumerate(clean["issues"])
    )
    options = Option.objects.bulk_create(
        Option(scenario=scenario, issue=issue, order=m, **o)
        for issue, raw in zip(issues, clean["issues"], strict=True)
        for m, o in enumerate(raw["options"])
    )
    party = {p.key: p for p in parties}
    issue = {i.key: i for i in issues}
    option = {o.key: o for o in options}
    Stance.objects.bulk_create(
        Stance(
            party=party[s["party"]],
            issue=issue[s["issue"]],
            weight=s["weight"],
            rationale=s["rationale"],
            sources=s["sources"],
        )
        for s in clean["stances"]
    )
    Valuation.objects.bulk_create(
        Valuation(
            party=party[v["party"]],
            option=option[v["option"]],
            utility=v["utility"],
            red_line=v["red_line"],
            rationale=v["rationale"],
        )
        for v in clean["valuations"]
    )
    packages = Package.objects.bulk_create(
        Package(scenario=scenario, order=n, key=p["key"], name=p["name"], notes=p["notes"])
        for n, p in enumerate(clean["packages"])
    )
    PackageChoice.objects.bulk_create(
        PackageChoice(package=package, issue=issue[i], option=option[o])
        for package, raw in zip(packages, clean["packages"], strict=True)
        for i, o in raw["choices"].items()
        if o is not None
    )
