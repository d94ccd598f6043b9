"""Reads shared by the API and the pages: scoped lookups and the analysis input."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from negotiations.access import Role, role_for
from negotiations.analysis import Problem, problem_from_document
from negotiations.models import Membership, Scenario
from negotiations.scenario_document import document_export


def scenarios_for_user(user) -> QuerySet[Scenario]:
    """Every scenario the user may read, annotated with `membership_role`."""
    visible = Q(is_public=True)
    if user.is_authenticated:
        visible |= Q(owner=user) | Q(memberships__user=user)
        role = Membership.objects.filter(scenario=OuterRef("pk"), user=user).values("role")[:1]
    else:
        role = Membership.objects.none().values("role")
    return (
        Scenario.objects.filter(visible)
        .distinct()
        .select_related("owner")
        .annotate(membership_role=Subquery(role))
    )


def scenario_for_user(user, slug: str, *, need: Role = Role.PUBLIC) -> tuple[Scenario, Role]:
    """The scenario and the user's role on it.

    404 when the user may not read it (so outsiders learn nothing of it); 403 when they may read
    it but lack the role `need` asks for.
    """
    scenario = Scenario.objects.select_related("owner").filter(slug=slug).first()
    role = role_for(user, scenario) if scenario is not None else Role.NONE
    if not role.can_read:
        raise Http404("No scenario found with that slug.")
    if role < need:
        raise PermissionDenied(f"This needs the {need.name.lower()} role on the scenario.")
    return scenario, role


def scenario_problem(scenario: Scenario) -> Problem:
    """The analysis engine's input for a scenario: the one place models become engine data.

    Raises analysis.ProblemError when the scenario cannot be analysed yet (say, a missing
    valuation). Every content write bumps the scenario's version, so (pk, created, version) names
    one state; `created` tells apart a scenario that reuses the id of a deleted one.
    """
    return _problem_at(scenario.pk, scenario.created, scenario.version)


@lru_cache(maxsize=64)
def _problem_at(scenario_id: int, created: datetime, version: int) -> Problem:
    return problem_from_document(document_export(Scenario.objects.get(pk=scenario_id)))
