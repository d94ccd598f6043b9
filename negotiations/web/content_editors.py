"""Editors for parties, issues and options: one card per row, each saved in place.

The three kinds differ only in their model, form and page, so one set of views serves all three,
driven by a `Kind`. A card posts to its own URL: htmx swaps the card's partial back in; without
JavaScript the post redirects to the editor page (or shows it with the refusal in place).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from negotiations import services
from negotiations.access import Role
from negotiations.models import Issue, Option, Party, Scenario
from negotiations.selectors import scenario_for_user
from negotiations.web.editing import Outcome, gone, respond, save
from negotiations.web.forms import IssueForm, OptionForm, PartyForm, VersionedForm
from negotiations.web.overview import issues_with_options


@dataclass
class Entry:
    """One row being edited: the stored object, its form, and what became of the last save."""

    kind: str  # "party", "issue" or "option": which fields the card shows
    route: str  # "parties", "issues" or "options": the prefix of its URL names
    obj: models.Model
    form: VersionedForm
    outcome: Outcome = field(default_factory=Outcome)


@dataclass(frozen=True)
class Kind:
    name: str  # the URL segment
    singular: str  # the form prefix: "<singular>-<key>" for a row, "new-<singular>" to create one
    form: type[VersionedForm]
    template: str
    editor: str  # URL name of the page listing this kind
    find: Callable[[Scenario, str], models.Model | None]

    def entry(self, obj: models.Model) -> Entry:
        form = self.form(instance=obj, prefix=f"{self.singular}-{obj.key}", initial={"version": obj.version})
        return Entry(self.singular, self.name, obj, form)


# Lookups return None for a missing key: a row deleted while someone edits it is explained in its
# place (editing.gone), not answered with a bare 404.
def _party(scenario: Scenario, key: str) -> Party | None:
    return Party.objects.filter(scenario=scenario, key=key).first()


def _issue(scenario: Scenario, key: str) -> Issue | None:
    return Issue.objects.filter(scenario=scenario, key=key).first()


def _option(scenario: Scenario, key: str) -> Option | None:
    return Option.objects.select_related("issue").filter(scenario=scenario, key=key).first()


PARTIES = Kind("parties", "party", PartyForm, "editors/parties.html", "party-editor", _party)
ISSUES = Kind("issues", "issue", IssueForm, "editors/issues.html", "issue-editor", _issue)
OPTIONS = Kind("options", "option", OptionForm, "editors/issues.html", "issue-editor", _option)
KINDS = {kind.name: kind for kind in (PARTIES, ISSUES, OPTIONS)}


def _page_context(scenario: Scenario, role: Role, kind: Kind, replaced: Entry | None = None, **extra) -> dict:
    """The editor page; `replaced` is the entry just refused, shown with the values typed."""

    def entry(obj: models.Model, entry_kind: Kind) -> Entry:
        if replaced is not None and type(replaced.obj) is type(obj) and replaced.obj.pk == obj.pk:
            return replaced
        return entry_kind.entry(obj)

    context = {"scenario": scenario, "can_write": role.can_write, **extra}
    if kind.template == PARTIES.template:
        context["entries"] = [entry(p, PARTIES) for p in scenario.parties.order_by("order", "id")]
        context.setdefault("new_form", PartyForm(prefix="new-party"))
    else:
        refused_option = extra.get("new_option")
        context["issues"] = [
            (
                entry(item.issue, ISSUES),
                [entry(o, OPTIONS) for o in item.options],
                refused_option
                if refused_option and refused_option[0] == item.issue.key
                else (item.issue.key, OptionForm(prefix=f"new-option-{item.issue.key}"), Outcome()),
            )
            for item in issues_with_options(scenario)
        ]
        context.setdefault("new_form", IssueForm(prefix="new-issue"))
    return context


@require_GET
def party_editor(request, slug: str):
    scenario, role = scenario_for_user(request.user, slug)
    return render(request, PARTIES.template, _page_context(scenario, role, PARTIES))


@require_GET
def issue_editor(request, slug: str):
    scenario, role = scenario_for_user(request.user, slug)
    return render(request, ISSUES.template, _page_context(scenario, role, ISSUES))


@require_POST
def content_save(request, slug: str, kind: str, key: str):
    kind_ = KINDS[kind]
    scenario, role = scenario_for_user(request.user, slug, need=Role.EDITOR)
    obj = kind_.find(scenario, key)
    if obj is None:
        return _gone(request, kind_, slug, key)
    form = kind_.form(request.POST, instance=obj, prefix=f"{kind_.singular}-{key}")
    outcome = save(
        form,
        lambda f: services.content_update(f.instance, expected_version=f.expected_version(), **f.changes()),
    )
    if outcome.deleted:
        return _gone(request, kind_, slug, key)
    # Saved or stale: show the row as stored now. Invalid: keep what was typed beside the errors.
    entry = Entry(kind_.singular, kind_.name, obj, form, outcome)
    if outcome.saved:
        entry = replace(kind_.entry(outcome.saved), outcome=outcome)
        if not request.htmx:
            messages.success(request, f"Saved “{obj}”.")
    elif outcome.conflict is not None:
        entry = replace(kind_.entry(kind_.find(scenario, key)), outcome=outcome)
    return _answer(request, scenario, role, kind_, entry, f"#{kind_.singular}-{key}")


@require_POST
def content_delete(request, slug: str, kind: str, key: str):
    kind_ = KINDS[kind]
    scenario, role = scenario_for_user(request.user, slug, need=Role.EDITOR)
    obj = kind_.find(scenario, key)
    if obj is None:
        return _gone(request, kind_, slug, key)
    posted = request.POST.get("version", "")
    try:
        services.content_delete(obj, expected_version=int(posted) if posted.isdigit() else 0)
    except services.VersionConflict as conflict:
        if conflict.current is None:
            return _gone(request, kind_, slug, key)
        return _answer(
            request,
            scenario,
            role,
            kind_,
            replace(kind_.entry(conflict.current), outcome=Outcome(conflict=[])),
        )
    if request.htmx:
        return HttpResponse("")  # the card is swapped for nothing
    messages.success(request, f"Deleted “{obj}”.")
    return redirect(kind_.editor, slug=slug)


def _answer(request, scenario: Scenario, role: Role, kind: Kind, entry: Entry, anchor: str = ""):
    """The card after a save or a refused delete; the whole page only for a refused plain post."""
    context = {"scenario": scenario, "can_write": True, "entry": entry}
    if not request.htmx and entry.outcome.status != 200:
        context = _page_context(scenario, role, kind, replaced=entry) | context
    back = reverse(kind.editor, args=[scenario.slug]) + anchor
    return respond(
        request, template=kind.template, partial="entry", context=context, outcome=entry.outcome, back=back
    )


@require_POST
def content_create(request, slug: str, kind: str, issue: str | None = None):
    """Add a row at the end of its list: a plain form post, shown again with its errors if refused."""
    kind_ = KINDS[kind]
    scenario, role = scenario_for_user(request.user, slug, need=Role.EDITOR)
    parent = _issue(scenario, issue) if issue else None
    if issue and parent is None:
        return _gone(request, ISSUES, slug, issue)
    prefix = f"new-option-{issue}" if parent else f"new-{kind_.singular}"
    instance = kind_.form._meta.model(scenario=scenario, **({"issue": parent} if parent else {}))
    form = kind_.form(request.POST, instance=instance, prefix=prefix)
    outcome = save(form, lambda f: services.content_create(f.instance))
    if outcome.saved:
        messages.success(request, f"Added “{outcome.saved}”.")
        return redirect(reverse(kind_.editor, args=[slug]) + f"#{kind_.singular}-{outcome.saved.key}")
    extra = {"new_option": (issue, form, outcome)} if parent else {"new_form": form, "new_outcome": outcome}
    return render(
        request, kind_.template, _page_context(scenario, role, kind_, **extra), status=outcome.status
    )


def _gone(request, kind: Kind, slug: str, key: str):
    return gone(
        request,
        what=f"The {kind.singular} “{key}”",
        shape="entry",
        anchor=f"{kind.singular}-{key}",
        back=reverse(kind.editor, args=[slug]),
    )


urlpatterns = [
    path("s/<slug:slug>/edit/parties/", party_editor, name="party-editor"),
    path("s/<slug:slug>/edit/issues/", issue_editor, name="issue-editor"),
    path(
        "s/<slug:slug>/add/options/to/<slug:issue>/",
        content_create,
        {"kind": "options"},
        name="option-create",
    ),
]
for _name in KINDS:
    # An option is added under its issue (option-create above), never on its own.
    if _name != OPTIONS.name:
        urlpatterns.append(
            path(f"s/<slug:slug>/add/{_name}/", content_create, {"kind": _name}, name=f"{_name}-create")
        )
    urlpatterns += [
        path(f"s/<slug:slug>/edit/{_name}/<slug:key>/", content_save, {"kind": _name}, name=f"{_name}-save"),
        path(
            f"s/<slug:slug>/edit/{_name}/<slug:key>/delete/",
            content_delete,
            {"kind": _name},
            name=f"{_name}-delete",
        ),
    ]
