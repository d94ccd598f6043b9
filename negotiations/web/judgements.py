"""Editors for the judgements: stances (parties × issues) and valuations (parties × options).

Each cell is its own small form. A saved stance swaps back its whole party row, because one new
weight changes every normalised weight of that party; a saved valuation swaps back its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from negotiations import services
from negotiations.access import Role
from negotiations.models import Issue, Option, Party, Scenario, Stance, Valuation
from negotiations.selectors import WeightCell, scenario_for_user, weight_table
from negotiations.web.editing import Outcome, gone, respond, save
from negotiations.web.forms import StanceForm, ValuationForm, VersionedForm


@dataclass
class Cell:
    """What one cell shows: the stored judgement, or the refused form beside its errors."""

    party: Party
    stored: Stance | Valuation | None
    form: VersionedForm
    outcome: Outcome = field(default_factory=Outcome)
    weight: WeightCell | None = None  # stances only: the normalised weight to show

    @property
    def open(self) -> bool:
        """Keep the rationale open where the person was just working."""
        return bool(self.outcome.saved or self.outcome.errors or self.outcome.conflict is not None)


def _form(form_class: type[VersionedForm], stored, *, data=None) -> VersionedForm:
    initial = {"version": stored.version} if stored else {}
    return form_class(data, instance=stored, initial=initial)


# ---------------------------------------------------------------------------------------------
# Stances


def _stance_rows(scenario: Scenario, *, party: Party | None = None, just: Cell | None = None) -> list:
    rows = []
    for p, cells in weight_table(scenario, party=party):
        row = []
        for weight in cells:
            if just is not None and just.party.pk == p.pk and just.weight.issue.pk == weight.issue.pk:
                if just.outcome.saved or just.outcome.conflict is not None:
                    just.form, just.stored = _form(StanceForm, weight.stance), weight.stance
                just.weight = weight
                row.append(just)
            else:
                row.append(Cell(p, weight.stance, _form(StanceForm, weight.stance), weight=weight))
        rows.append((p, row))
    return rows


@require_GET
def stance_editor(request, slug: str):
    scenario, role = scenario_for_user(request.user, slug)
    context = {"scenario": scenario, "can_write": role.can_write, "issues": list(scenario.issues.all())}
    return render(request, "editors/stances.html", context | {"rows": _stance_rows(scenario)})


@require_POST
def stance_save(request, slug: str, party: str, issue: str):
    scenario, _ = scenario_for_user(request.user, slug, need=Role.EDITOR)
    party_ = Party.objects.filter(scenario=scenario, key=party).first()
    issue_ = Issue.objects.filter(scenario=scenario, key=issue).first()
    if party_ is None or issue_ is None:
        return gone(
            request,
            what=f"The party “{party}”" if party_ is None else f"The issue “{issue}”",
            shape="row",
            anchor=f"stance-{party}",
            back=reverse("stance-editor", args=[slug]),
            span=scenario.issues.count() + 1,
        )
    stored = Stance.objects.filter(party=party_, issue=issue_).first()
    form = StanceForm(request.POST, instance=stored or Stance(party=party_, issue=issue_))
    outcome = save(
        form,
        lambda f: services.stance_set(
            party=party_, issue=issue_, expected_version=f.expected_version(), **f.changes()
        ),
    )
    just = Cell(party_, stored, form, outcome, weight=WeightCell(party_, issue_, stored, None))
    full = not request.htmx and outcome.status != 200
    rows = _stance_rows(scenario, party=None if full else party_, just=just)
    issues = list(scenario.issues.all())
    context = {"scenario": scenario, "can_write": True, "issues": issues, "rows": rows, "row": rows[0]}
    back = reverse("stance-editor", args=[slug]) + f"#stance-{party}"
    return respond(
        request, template="editors/stances.html", partial="row", context=context, outcome=outcome, back=back
    )


# ---------------------------------------------------------------------------------------------
# Valuations


def _valuation_rows(parties: list[Party], options: list[Option], *, just: Cell | None = None) -> list:
    stored = {
        (v.party_id, v.option_id): v for v in Valuation.objects.filter(option__in=options, party__in=parties)
    }
    rows = []
    for p in parties:
        row = []
        for o in options:
            v = stored.get((p.pk, o.pk))
            if just is not None and just.party.pk == p.pk and just.form.instance.option_id == o.pk:
                if just.outcome.saved or just.outcome.conflict is not None:
                    just.form, just.stored = _form(ValuationForm, v), v
                row.append(just)
            else:
                row.append(Cell(p, v, _form(ValuationForm, v)))
        rows.append((p, list(zip(options, row, strict=True))))
    return rows


@require_GET
def valuation_start(request, slug: str):
    scenario, _ = scenario_for_user(request.user, slug)
    first = scenario.issues.order_by("order", "id").first()
    if first is None:
        return render(request, "editors/valuations.html", {"scenario": scenario, "issues": []})
    return redirect("valuation-editor", slug=slug, issue=first.key)


@require_GET
def valuation_editor(request, slug: str, issue: str):
    scenario, role = scenario_for_user(request.user, slug)
    return render(request, "editors/valuations.html", _valuation_context(scenario, role, issue))


def _valuation_context(scenario: Scenario, role: Role, issue_key: str, just: Cell | None = None) -> dict:
    issues = list(scenario.issues.order_by("order", "id"))
    issue = next((i for i in issues if i.key == issue_key), None)
    if issue is None:
        raise Http404(f"No issue with key {issue_key!r} in this scenario.")
    options = list(issue.options.order_by("order", "id"))
    parties = list(scenario.parties.order_by("order", "id"))
    return {
        "scenario": scenario,
        "can_write": role.can_write,
        "issues": issues,
        "issue": issue,
        "options": options,
        "rows": _valuation_rows(parties, options, just=just),
    }


@require_POST
def valuation_save(request, slug: str, party: str, option: str):
    scenario, role = scenario_for_user(request.user, slug, need=Role.EDITOR)
    party_ = Party.objects.filter(scenario=scenario, key=party).first()
    option_ = Option.objects.select_related("issue").filter(scenario=scenario, key=option).first()
    if party_ is None or option_ is None:
        return gone(
            request,
            what=f"The party “{party}”" if party_ is None else f"The option “{option}”",
            shape="cell",
            anchor=f"valuation-{party}-{option}",
            back=reverse("valuation-editor-start", args=[slug]),
        )
    stored = Valuation.objects.filter(party=party_, option=option_).first()
    form = ValuationForm(request.POST, instance=stored or Valuation(party=party_, option=option_))
    outcome = save(
        form,
        lambda f: services.valuation_set(
            party=party_, option=option_, expected_version=f.expected_version(), **f.changes()
        ),
    )
    just = Cell(party_, stored, form, outcome)
    if request.htmx or outcome.status == 200:
        rows = _valuation_rows([party_], [option_], just=just)
        context = {"scenario": scenario, "can_write": True, "option": option_, "cell": rows[0][1][0][1]}
    else:
        context = _valuation_context(scenario, role, option_.issue.key, just=just)
    back = reverse("valuation-editor", args=[slug, option_.issue.key]) + f"#valuation-{party}-{option}"
    return respond(
        request,
        template="editors/valuations.html",
        partial="cell",
        context=context,
        outcome=outcome,
        back=back,
    )


urlpatterns = [
    path("s/<slug:slug>/edit/stances/", stance_editor, name="stance-editor"),
    path("s/<slug:slug>/stances/<slug:party>/<slug:issue>/", stance_save, name="stance-save"),
    path("s/<slug:slug>/edit/valuations/", valuation_start, name="valuation-editor-start"),
    path("s/<slug:slug>/edit/valuations/<slug:issue>/", valuation_editor, name="valuation-editor"),
    path("s/<slug:slug>/valuations/<slug:party>/<slug:option>/", valuation_save, name="valuation-save"),
]
