"""Package builder: choose an option per issue, see every party's score, save the package.

One view serves the whole page and, for htmx, only the score panel: the builder form is a GET
form, so without JavaScript it submits and the full page shows the same panel.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from negotiations import services
from negotiations.access import Role
from negotiations.analysis import Problem, ProblemError, evaluate
from negotiations.selectors import scenario_for_user, scenario_problem
from negotiations.web.packages import (
    SavedPackage,
    builder_url,
    choices_from_query,
    saved_package,
    saved_packages,
)
from negotiations.web.scorecards import breakdown_rows, choice_table, issue_rows, party_cards


@require_GET
def package_builder(request, slug: str):
    scenario, role = scenario_for_user(request.user, slug)
    opened = saved_package(scenario, request.GET["package"]) if request.GET.get("package") else None
    # The swapped score panel lists no packages, so a choice costs no package queries.
    packages = [] if request.htmx else saved_packages(scenario)
    context: dict[str, Any] = {"scenario": scenario, "can_write": role.can_write, "packages": packages}
    try:
        problem = scenario_problem(scenario)
    except ProblemError as error:
        return render(request, "packages/builder.html", context | {"problem_errors": error.errors})
    choices = choices_from_query(problem, request.GET, opened.choices if opened else {})
    context |= _builder_context(problem, choices, opened=opened)
    template = "packages/builder.html#score-panel" if request.htmx else "packages/builder.html"
    response = render(request, template, context, status=400 if context["choice_errors"] else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def package_save(request, slug: str):
    """Save the builder's choices as a new package, or as a new version of the opened one."""
    scenario, _ = scenario_for_user(request.user, slug, need=Role.EDITOR)
    try:
        problem = scenario_problem(scenario)
    except ProblemError as error:
        context = {"scenario": scenario, "problem_errors": error.errors}
        return render(request, "packages/builder.html", context, status=400)
    choices = choices_from_query(problem, request.POST)
    opened = saved_package(scenario, request.POST["package"]) if request.POST.get("package") else None
    name = request.POST.get("name", "").strip()
    try:
        if opened and request.POST.get("save") == "update":
            saved = services.package_update(
                package=scenario.packages.get(key=opened.key),
                expected_version=_posted_version(request.POST.get("version")),
                choices={issue: choices.get(issue) for issue in problem.issue_keys},
                **({"name": name} if name else {}),
            )
        else:
            saved = services.package_create(
                scenario=scenario, name=name, choices=choices, author=request.user
            )
    except ValidationError as error:
        refusal = {"save_errors": _field_messages(error), "status": 400}
    except services.VersionConflict as conflict:
        theirs = saved_packages(scenario, key=opened.key) if conflict.current else []
        refusal = {"conflicted": True, "conflict": theirs[0] if theirs else None, "status": 409}
        if theirs:
            refusal["conflict_rows"] = choice_table(problem, [theirs[0].choices, choices])
    else:
        messages.success(request, f"Saved package “{saved.name}”.")
        return redirect(builder_url(slug, {}, package=saved.key))
    context = {"scenario": scenario, "can_write": True, "packages": saved_packages(scenario), "name": name}
    context |= _builder_context(problem, choices, opened=opened) | refusal
    return render(request, "packages/builder.html", context, status=refusal["status"])


def _builder_context(problem: Problem, choices: dict, *, opened: SavedPackage | None) -> dict[str, Any]:
    """Evaluate the choices; an unknown option is reported and its issue left open."""
    choice_errors: list[str] = []
    try:
        evaluation = evaluate(problem, choices)
    except ProblemError as error:
        choice_errors = error.errors
        valid = {
            issue: options for issue, options in zip(problem.issue_keys, problem.option_keys, strict=True)
        }
        evaluation = evaluate(problem, {i: o for i, o in choices.items() if o in valid.get(i, ())})
    return {
        "opened": opened,
        "choice_errors": choice_errors,
        "evaluation": evaluation,
        "issues": issue_rows(problem, evaluation["choices"]),
        "cards": party_cards(problem, evaluation),
        "breakdown": breakdown_rows(problem, evaluation),
    }


def _posted_version(value: str | None) -> int:
    # Without the version the builder loaded, an update could overwrite someone else's save unseen.
    if value is None or not value.isdigit():
        raise ValidationError(
            {"version": [f"{value!r} is not the package's version number; reopen the package."]}
        )
    return int(value)


def _field_messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    return [f"{field}: {message}" for field, items in error.message_dict.items() for message in items]


urlpatterns = [
    path("s/<slug:slug>/builder/", package_builder, name="package-builder"),
    path("s/<slug:slug>/builder/save/", package_save, name="package-save"),
]
