"""Packages for the package pages: saved ones read in two queries, choices to and from URLs.

A package's choices travel in query strings as `?<issue key>=<option key>`, an empty value for an
open issue, so every state of the builder (and every suggested package) is a plain link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.urls import reverse

from negotiations.analysis import Problem
from negotiations.models import PackageChoice, Scenario


@dataclass(frozen=True)
class SavedPackage:
    key: str
    name: str
    notes: str
    version: int
    choices: dict[str, str]  # issue key -> option key; open issues are absent


def saved_packages(scenario: Scenario, *, key: str | None = None) -> list[SavedPackage]:
    """The scenario's packages in their order (only the one with `key` if given), in two queries."""
    choices = PackageChoice.objects.select_related("issue", "option").only(
        "package", "issue__key", "option__key"
    )
    packages = scenario.packages.order_by("order", "id").prefetch_related(
        Prefetch("choices", queryset=choices)
    )
    if key is not None:
        packages = packages.filter(key=key)
    return [
        SavedPackage(
            key=p.key,
            name=p.name,
            notes=p.notes,
            version=p.version,
            choices={c.issue.key: c.option.key for c in p.choices.all()},
        )
        for p in packages
    ]


def saved_package(scenario: Scenario, key: str) -> SavedPackage:
    for package in saved_packages(scenario, key=key):
        return package
    raise Http404(f"No package with key {key!r} in this scenario.")


def choices_from_query(problem: Problem, query: QueryDict, base: Mapping[str, str | None] = ()) -> dict:
    """`base` choices overridden by any issue key in the query; an empty value leaves the issue open."""
    choices = dict(base)
    for issue in problem.issue_keys:
        if issue in query:
            choices[issue] = query[issue] or None
    return choices


def builder_url(slug: str, choices: Mapping[str, str | None], **extra: str) -> str:
    params = {issue: option or "" for issue, option in choices.items()} | extra
    return f"{reverse('package-builder', args=[slug])}?{urlencode(params)}"
