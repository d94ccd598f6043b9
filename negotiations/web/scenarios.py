"""Scenario list: mine, shared with me and public; create, clone, import and export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from negotiations import services
from negotiations.scenario_document import (
    DocumentError,
    document_dumps,
    document_export,
    document_import,
    document_loads,
)
from negotiations.selectors import scenario_for_user, scenarios_for_user
from negotiations.web.forms import ScenarioCreateForm, ScenarioImportForm


def _groups(user) -> dict[str, list]:
    groups: dict[str, list] = {"mine": [], "shared": [], "public": []}
    for scenario in scenarios_for_user(user):
        if user.is_authenticated and scenario.owner_id == user.pk:
            groups["mine"].append(scenario)
        elif scenario.membership_role:
            groups["shared"].append(scenario)
        else:
            groups["public"].append(scenario)
    return groups


def _list_page(request: HttpRequest, *, status: int = 200, **context) -> HttpResponse:
    context = {
        "groups": _groups(request.user),
        "create_form": ScenarioCreateForm(),
        "import_form": ScenarioImportForm(),
    } | context
    return render(request, "scenarios/list.html", context, status=status)


@require_GET
def scenario_list(request):
    return _list_page(request)


@login_required
@require_POST
def scenario_create(request):
    form = ScenarioCreateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, status=400, create_form=form)
    scenario = services.scenario_create(owner=request.user, **form.cleaned_data)
    messages.success(request, f"Created “{scenario.name}”.")
    return redirect("scenario-overview", slug=scenario.slug)


@login_required
@require_POST
def scenario_import(request):
    form = ScenarioImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, status=400, import_form=form)
    upload = form.cleaned_data["document"]
    try:
        # One byte past the limit is enough for document_loads to refuse the size by name.
        raw = upload.read(settings.SCENARIO_DOCUMENT_MAX_BYTES + 1)
        scenario = document_import(document=document_loads(raw), owner=request.user)
    except DocumentError as error:
        return _list_page(request, status=400, import_form=form, import_errors=error.errors)
    messages.success(request, f"Imported “{scenario.name}”.")
    return redirect("scenario-overview", slug=scenario.slug)


@login_required
@require_POST
def scenario_clone(request, slug: str):
    scenario, _ = scenario_for_user(request.user, slug)
    copy = services.scenario_clone(scenario=scenario, owner=request.user)
    messages.success(request, f"Cloned “{scenario.name}” as “{copy.name}”; the copy is yours and private.")
    return redirect("scenario-overview", slug=copy.slug)


@require_GET
def scenario_export(request, slug: str):
    scenario, _ = scenario_for_user(request.user, slug)
    response = HttpResponse(document_dumps(document_export(scenario)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{scenario.slug}.json"'
    return response


urlpatterns = [
    path("", scenario_list, name="scenario-list"),
    path("scenarios/new/", scenario_create, name="scenario-create"),
    path("scenarios/import/", scenario_import, name="scenario-import"),
    path("s/<slug:slug>/clone/", scenario_clone, name="scenario-clone"),
    path("s/<slug:slug>/export/", scenario_export, name="scenario-export"),
]
