"""Reads shared by the API and the pages: scoped lookups and the analysis input."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, F, FilteredRelation, Q, QuerySet, Value
from django.http import Http404

from negotiations.access import Role, role_for
from negotiations.analysis import Problem, analyse, analysis_key, problem_from_document
from negotiations.fixed_queries import fetch_instance, select_list
from negotiations.models import Issue, Membership, PackageChoice, Party, Scenario, Stance, StoredAnalysis
from negotiations.scenario_document import document_dumps, document_export


def scenarios_for_user(user) -> QuerySet[Scenario]:
    """Every scenario the user may read, annotated with `membership_role`."""
    visible = Q(is_public=True)
    if user.is_authenticated:
        visible |= Q(owner=user) | Q(membership_role__isnull=False)
    return _with_membership_role(Scenario.objects.select_related("owner"), user).filter(visible)


def _with_membership_role(scenarios: QuerySet[Scenario], user) -> QuerySet[Scenario]:
    """Annotate `membership_role`: the user's role from their membership, None without one.

    A join on the user's own membership (at most one row per scenario, by the unique constraint),
    not a query per scenario; a Subquery annotation takes longer to build than both together.
    """
    if not user.is_authenticated:
        return scenarios.annotate(membership_role=Value(None, output_field=CharField()))
    mine = FilteredRelation("memberships", condition=Q(memberships__user=user))
    return scenarios.annotate(mine=mine, membership_role=F("mine__role"))


# The scenario with the caller's role from their own membership (at most one row, by the unique
# constraint; none for an anonymous caller, whose pk is None). It runs on every page and API call,
# so it is a fixed statement (negotiations.fixed_queries). No join on the owner, whom only the
# overview page and the API's scenario detail show (one query more there).
_SCENARIO_WITH_ROLE = f"""
    SELECT {select_list(Scenario, "s")}, m.role
    FROM {Scenario._meta.db_table} s
    LEFT JOIN {Membership._meta.db_table} m ON m.scenario_id = s.id AND m.user_id = %s
    WHERE s.slug = %s
"""


def scenario_for_user(user, slug: str, *, need: Role = Role.PUBLIC) -> tuple[Scenario, Role]:
    """The scenario and the user's role on it.

    404 when the user may not read it (so outsiders learn nothing of it); 403 when they may read
    it but lack the role `need` asks for.
    """
    found = fetch_instance(Scenario, _SCENARIO_WITH_ROLE, [user.pk, slug])
    if found is None:
        raise Http404("No scenario found with that slug.")
    scenario, (membership_role,) = found
    scenario.membership_role = membership_role  # as scenarios_for_user annotates it
    # "" rather than None when there is no membership: role_for then knows not to query for it.
    role = role_for(user, scenario, membership_role or "")
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


def scenario_document_bytes(scenario: Scenario) -> bytes:
    """The scenario document's canonical text (document_dumps of the export), kept per state.

    The document endpoint serves it on every read; exporting means seven queries and a ~100 KB
    dump, so it is done once per version. If a write lands between reading the version and
    exporting, the text kept under the old version is newer than it, which is harmless: that
    version is no longer current, so no later request asks for it.
    """
    return _document_at(scenario.pk, scenario.created, scenario.version)


@lru_cache(maxsize=16)
def _document_at(scenario_id: int, created: datetime, version: int) -> bytes:
    return document_dumps(document_export(Scenario.objects.get(pk=scenario_id))).encode()


def scenario_analysis(scenario: Scenario) -> dict[str, Any]:
    """The whole analysis (analysis.analyse) of a scenario: the one `manage.py analyse --store` kept,
    if it was computed from the engine input the scenario has now; otherwise one computed within a
    request's time bounds, once per state (it can take a while)."""
    stored = (
        StoredAnalysis.objects.filter(
            scenario_id=scenario.pk, fingerprint=analysis_key(scenario_problem(scenario))
        )
        .values_list("result", flat=True)
        .first()
    )
    if stored is not None:
        return json.loads(stored)
    return _analysis_at(scenario.pk, scenario.created, scenario.version)


@lru_cache(maxsize=16)
def _analysis_at(scenario_id: int, created: datetime, version: int) -> dict[str, Any]:
    return analyse(_problem_at(scenario_id, created, version))


@dataclass(frozen=True)
class WeightCell:
    """A party's stance on an issue with its normalised weight ŵ (DESIGN §3.1), as a share 0–1.

    `share` is None when the stance is missing or the party gives every issue weight zero: both
    leave ŵ undefined, and the pages say so rather than show a made-up number.
    """

    party: Party
    issue: Issue
    stance: Stance | None
    share: float | None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else 100 * self.share


def weight_table(scenario: Scenario, *, party: Party | None = None) -> list[tuple[Party, list[WeightCell]]]:
    """Every party (or one) with its stance on each issue and ŵ, in three queries.

    The engine normalises the same way (problem_from_document), but it refuses a scenario with any
    judgement missing; the editors must show the weights while the scenario is still incomplete.
    """
    parties = [party] if party is not None else list(scenario.parties.order_by("order", "id"))
    issues = list(scenario.issues.order_by("order", "id"))
    stances = Stance.objects.filter(issue__scenario=scenario)
    if party is not None:
        stances = stances.filter(party=party)
    by_cell = {(s.party_id, s.issue_id): s for s in stances}
    table = []
    for p in parties:
        row = [by_cell.get((p.pk, i.pk)) for i in issues]
        total = sum(s.weight for s in row if s is not None)
        table.append(
            (
                p,
                [
                    WeightCell(p, i, s, s.weight / total if s is not None and total > 0 else None)
                    for i, s in zip(issues, row, strict=True)
                ],
            )
        )
    return table


def package_choices(scenario: Scenario, key: str) -> dict[str, str]:
    """A saved package's choices, `{issue key: option key}` (open issues absent); 404 if there is none."""
    package = scenario.packages.filter(key=key).values_list("pk", flat=True).first()
    if package is None:
        raise Http404(f"No package with key {key!r} in this scenario.")
    return dict(PackageChoice.objects.filter(package=package).values_list("issue__key", "option__key"))
