"""Who may do what with a scenario: one rule, used by the pages and the API alike.

Roles rank viewer < editor < owner. A public scenario is readable by everyone, anonymous
included; a private one exists only for its members (outsiders get 404, never 403).
"""

from __future__ import annotations

from enum import IntEnum

from negotiations.models import Membership, Scenario


class Role(IntEnum):
    NONE = 0
    PUBLIC = 1  # may read because the scenario is public
    VIEWER = 2
    EDITOR = 3
    OWNER = 4

    @property
    def can_read(self) -> bool:
        return self >= Role.PUBLIC

    @property
    def can_write(self) -> bool:
        return self >= Role.EDITOR

    @property
    def can_manage(self) -> bool:
        return self >= Role.OWNER


MEMBERSHIP_ROLES = {
    Membership.Role.VIEWER: Role.VIEWER,
    Membership.Role.EDITOR: Role.EDITOR,
    Membership.Role.OWNER: Role.OWNER,
}


def role_for(user, scenario: Scenario, membership_role: str | None = None) -> Role:
    """The user's role; pass `membership_role` when a query already annotated it."""
    if user.is_authenticated and scenario.owner_id == user.pk:
        return Role.OWNER
    if membership_role is None and user.is_authenticated:
        membership_role = (
            Membership.objects.filter(scenario=scenario, user=user).values_list("role", flat=True).first()
        )
    if membership_role:
        return MEMBERSHIP_ROLES[membership_role]
    return Role.PUBLIC if scenario.is_public else Role.NONE
