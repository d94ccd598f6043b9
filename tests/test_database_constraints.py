"""Rows written straight to the database, bypassing Django validation, still cannot break integrity."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from negotiations.models import (
    Issue,
    Membership,
    Option,
    Package,
    PackageChoice,
    Party,
    Scenario,
    Stance,
    Valuation,
)
from tests.factories import (
    IssueFactory,
    MembershipFactory,
    OptionFactory,
    PackageFactory,
    PartyFactory,
    ScenarioFactory,
    StanceFactory,
    ValuationFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.parametrize(
    ("field", "value"),
    [("capability", -1), ("capability", 100.5), ("reservation", 101), ("reservation", -0.01)],
)
def test_party_ranges_are_enforced_by_the_database(field, value):
    party = PartyFactory()
    assert_refused(lambda: Party.objects.filter(pk=party.pk).update(**{field: value}))


def test_party_colour_must_be_lowercase_hex():
    party = PartyFactory()
    assert_refused(lambda: Party.objects.filter(pk=party.pk).update(colour="red"))


def test_party_role_must_be_known():
    party = PartyFactory()
    assert_refused(lambda: Party.objects.filter(pk=party.pk).update(role="spoiler"))


def test_party_keys_are_unique_within_a_scenario():
    party = PartyFactory(key="ua")
    assert_refused(lambda: PartyFactory(scenario=party.scenario, key="ua"))
    assert PartyFactory(key="ua").scenario != party.scenario


def test_option_keys_are_unique_across_the_whole_scenario():
    option = OptionFactory(key="freeze")
    other_issue = IssueFactory(scenario=option.scenario)
    assert_refused(lambda: OptionFactory(issue=other_issue, key="freeze"))


@pytest.mark.parametrize("value", [-0.5, 100.01])
def test_option_position_stays_on_the_spectrum(value):
    option = OptionFactory()
    assert_refused(lambda: Option.objects.filter(pk=option.pk).update(position=value))


def test_option_cannot_claim_another_scenario_than_its_issue():
    issue = IssueFactory()
    assert_refused(lambda: OptionFactory(issue=issue, scenario=ScenarioFactory()))


def test_negative_weight_is_refused():
    stance = StanceFactory()
    assert_refused(lambda: Stance.objects.filter(pk=stance.pk).update(weight=-1))


def test_one_stance_per_party_and_issue():
    stance = StanceFactory()
    assert_refused(lambda: StanceFactory(party=stance.party, issue=stance.issue))


def test_stance_cannot_join_party_and_issue_of_different_scenarios():
    party = PartyFactory()
    assert_refused(lambda: Stance.objects.create(party=party, issue=IssueFactory(), weight=1))


@pytest.mark.parametrize("value", [-1, 100.5])
def test_utility_stays_between_0_and_100(value):
    valuation = ValuationFactory()
    assert_refused(lambda: Valuation.objects.filter(pk=valuation.pk).update(utility=value))


def test_one_valuation_per_party_and_option():
    valuation = ValuationFactory()
    assert_refused(lambda: ValuationFactory(party=valuation.party, option=valuation.option))


def test_valuation_cannot_join_party_and_option_of_different_scenarios():
    party = PartyFactory()
    assert_refused(lambda: Valuation.objects.create(party=party, option=OptionFactory(), utility=10))


def test_package_choice_cannot_pick_an_option_of_another_issue():
    package = PackageFactory()
    issue = IssueFactory(scenario=package.scenario)
    wrong = OptionFactory(issue=IssueFactory(scenario=package.scenario))
    assert_refused(lambda: PackageChoice.objects.create(package=package, issue=issue, option=wrong))


def test_package_choice_cannot_pick_an_issue_of_another_scenario():
    package = PackageFactory()
    option = OptionFactory()
    assert_refused(lambda: PackageChoice.objects.create(package=package, issue=option.issue, option=option))


def test_package_choice_cannot_be_moved_to_a_foreign_option_by_update():
    package = PackageFactory()
    option = OptionFactory(issue=IssueFactory(scenario=package.scenario))
    choice = PackageChoice.objects.create(package=package, issue=option.issue, option=option)
    foreign = OptionFactory()
    assert_refused(lambda: PackageChoice.objects.filter(pk=choice.pk).update(option=foreign))


def test_one_choice_per_package_and_issue():
    package = PackageFactory()
    issue = IssueFactory(scenario=package.scenario)
    first, second = OptionFactory(issue=issue), OptionFactory(issue=issue)
    PackageChoice.objects.create(package=package, issue=issue, option=first)
    assert_refused(lambda: PackageChoice.objects.create(package=package, issue=issue, option=second))


# Keys, statuses and roles


def test_scenario_slugs_are_unique():
    scenario = ScenarioFactory(slug="talks")
    assert_refused(lambda: ScenarioFactory(slug="talks", owner=scenario.owner))


def test_scenario_status_must_be_known():
    scenario = ScenarioFactory()
    assert_refused(lambda: Scenario.objects.filter(pk=scenario.pk).update(status="finished"))


def test_issue_keys_are_unique_within_a_scenario():
    issue = IssueFactory(key="territory")
    assert_refused(lambda: IssueFactory(scenario=issue.scenario, key="territory"))
    assert IssueFactory(key="territory").scenario != issue.scenario


def test_package_keys_are_unique_within_a_scenario():
    package = PackageFactory(key="ceasefire-first")
    assert_refused(lambda: PackageFactory(scenario=package.scenario, key="ceasefire-first"))


def test_one_membership_per_user_and_scenario():
    membership = MembershipFactory()
    assert_refused(
        lambda: Membership.objects.create(scenario=membership.scenario, user=membership.user, role="editor")
    )


def test_membership_role_must_be_known():
    membership = MembershipFactory()
    assert_refused(lambda: Membership.objects.filter(pk=membership.pk).update(role="admin"))


# Writes that skip the ORM's per-row path: bulk_create and raw SQL


def test_bulk_created_valuations_cannot_cross_scenarios():
    party = PartyFactory()
    own, foreign = OptionFactory(issue__scenario=party.scenario), OptionFactory()
    assert_refused(
        lambda: Valuation.objects.bulk_create(
            [
                Valuation(party=party, option=own, utility=10),
                Valuation(party=party, option=foreign, utility=10),
            ]
        )
    )
    assert not Valuation.objects.filter(party=party).exists()  # the whole statement was refused


def test_bulk_created_choices_cannot_pick_another_issues_option():
    package = PackageFactory()
    issue, other = IssueFactory(scenario=package.scenario), IssueFactory(scenario=package.scenario)
    wrong = OptionFactory(issue=other)
    assert_refused(
        lambda: PackageChoice.objects.bulk_create([PackageChoice(package=package, issue=issue, option=wrong)])
    )


def raw_sql(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_cannot_store_a_negative_weight():
    stance = StanceFactory()
    assert_refused(
        lambda: raw_sql(f"UPDATE {Stance._meta.db_table} SET weight = %s WHERE id = %s", [-0.5, stance.pk])
    )


def test_raw_sql_cannot_store_a_utility_over_100():
    valuation = ValuationFactory()
    table = Valuation._meta.db_table
    assert_refused(lambda: raw_sql(f"UPDATE {table} SET utility = %s WHERE id = %s", [100.5, valuation.pk]))


def test_raw_sql_cannot_insert_a_second_stance_on_one_issue():
    stance = StanceFactory()
    table = Stance._meta.db_table
    assert_refused(
        lambda: raw_sql(
            f"INSERT INTO {table} (party_id, issue_id, weight, rationale, sources, version)"
            " VALUES (%s, %s, 1, '', '[]', 1)",
            [stance.party_id, stance.issue_id],
        )
    )


def test_raw_sql_cannot_point_a_choice_at_another_scenarios_option():
    package = PackageFactory()
    option = OptionFactory(issue__scenario=package.scenario)
    choice = PackageChoice.objects.create(package=package, issue=option.issue, option=option)
    foreign = OptionFactory()
    table = PackageChoice._meta.db_table
    assert_refused(
        lambda: raw_sql(
            f"UPDATE {table} SET issue_id = %s, option_id = %s WHERE id = %s",
            [foreign.issue_id, foreign.pk, choice.pk],
        )
    )


def test_a_stance_cannot_be_moved_to_another_scenarios_issue():
    stance = StanceFactory()
    assert_refused(lambda: Stance.objects.filter(pk=stance.pk).update(issue=IssueFactory()))


def test_an_option_cannot_be_given_another_scenario_than_its_issue_by_update():
    option = OptionFactory()
    assert_refused(lambda: Option.objects.filter(pk=option.pk).update(scenario=ScenarioFactory()))


# Moving a row that others depend on would carry them across scenarios or issues


def test_a_party_with_stances_cannot_move_to_another_scenario():
    stance = StanceFactory()
    assert_refused(lambda: Party.objects.filter(pk=stance.party_id).update(scenario=ScenarioFactory()))


def test_a_party_with_valuations_cannot_move_to_another_scenario():
    valuation = ValuationFactory()
    assert_refused(lambda: Party.objects.filter(pk=valuation.party_id).update(scenario=ScenarioFactory()))


def test_a_party_with_no_judgements_yet_may_move():
    party, elsewhere = PartyFactory(), ScenarioFactory()
    Party.objects.filter(pk=party.pk).update(scenario=elsewhere)
    party.refresh_from_db()
    assert party.scenario == elsewhere


def test_an_issue_with_options_cannot_move_to_another_scenario():
    option = OptionFactory()
    assert_refused(lambda: Issue.objects.filter(pk=option.issue_id).update(scenario=ScenarioFactory()))


def test_an_issue_with_stances_cannot_move_to_another_scenario():
    stance = StanceFactory()
    assert_refused(lambda: Issue.objects.filter(pk=stance.issue_id).update(scenario=ScenarioFactory()))


def test_an_option_chosen_by_a_package_cannot_move_to_another_issue():
    package = PackageFactory()
    option = OptionFactory(issue__scenario=package.scenario)
    PackageChoice.objects.create(package=package, issue=option.issue, option=option)
    other = IssueFactory(scenario=package.scenario)
    assert_refused(lambda: Option.objects.filter(pk=option.pk).update(issue=other))


def test_an_option_nobody_chose_may_move_to_another_issue_of_its_scenario():
    option = OptionFactory()
    other = IssueFactory(scenario=option.scenario)
    Option.objects.filter(pk=option.pk).update(issue=other)
    option.refresh_from_db()
    assert option.issue == other


def test_an_option_with_valuations_cannot_move_to_another_scenario():
    valuation = ValuationFactory()
    elsewhere = IssueFactory()
    assert_refused(
        lambda: Option.objects.filter(pk=valuation.option_id).update(
            issue=elsewhere, scenario=elsewhere.scenario
        )
    )


def test_a_package_with_choices_cannot_move_to_another_scenario():
    package = PackageFactory()
    option = OptionFactory(issue__scenario=package.scenario)
    PackageChoice.objects.create(package=package, issue=option.issue, option=option)
    assert_refused(lambda: Package.objects.filter(pk=package.pk).update(scenario=ScenarioFactory()))
