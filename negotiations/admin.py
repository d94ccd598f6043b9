from __future__ import annotations

from django.contrib import admin

from negotiations.models import (
    Issue,
    Membership,
    Option,
    Package,
    PackageChoice,
    Party,
    Scenario,
    Stance,
    StoredAnalysis,
    Valuation,
)
from negotiations.services import scenario_touch


class TouchesScenario(admin.ModelAdmin):
    """Admin edits bypass the services, so bump the scenario's version here too: API clients and
    pages holding the old version then get a conflict instead of overwriting, and cached analyses
    of the old content are not reused."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        scenario_touch(_scenario_of(form.instance))

    def delete_model(self, request, obj):
        scenario_id = _scenario_of(obj)
        super().delete_model(request, obj)
        scenario_touch(scenario_id)


def _scenario_of(obj) -> int:
    return obj.pk if isinstance(obj, Scenario) else obj.scenario_id


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ["order", "key", "name", "short", "role", "capability", "reservation", "colour"]


class IssueInline(admin.TabularInline):
    model = Issue
    extra = 0
    fields = ["order", "key", "name"]
    show_change_link = True


class PackageInline(admin.TabularInline):
    model = Package
    extra = 0
    fields = ["order", "key", "name", "author"]
    show_change_link = True


@admin.register(Scenario)
class ScenarioAdmin(TouchesScenario):
    list_display = ["name", "slug", "status", "owner", "is_public", "version", "updated"]
    list_filter = ["status", "is_public"]
    search_fields = ["name", "slug", "summary"]
    readonly_fields = ["version", "created", "updated"]
    autocomplete_fields = ["owner"]
    inlines = [MembershipInline, PartyInline, IssueInline, PackageInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["order", "key", "label", "position", "value", "unit"]
    exclude = ["scenario"]


class StanceInline(admin.TabularInline):
    model = Stance
    extra = 0
    fields = ["party", "weight", "rationale"]


@admin.register(Issue)
class IssueAdmin(TouchesScenario):
    list_display = ["name", "key", "scenario", "order"]
    list_filter = ["scenario"]
    search_fields = ["name", "key"]
    inlines = [OptionInline, StanceInline]

    def save_formset(self, request, form, formset, change):
        # An option repeats its issue's scenario; fill it in so the integrity trigger is satisfied.
        for instance in formset.save(commit=False):
            if isinstance(instance, Option):
                instance.scenario_id = form.instance.scenario_id
            instance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


class ValuationInline(admin.TabularInline):
    model = Valuation
    extra = 0
    fields = ["option", "utility", "red_line", "rationale"]


@admin.register(Party)
class PartyAdmin(TouchesScenario):
    list_display = ["name", "short", "role", "capability", "reservation", "scenario"]
    list_filter = ["scenario", "role"]
    search_fields = ["name", "key"]
    inlines = [ValuationInline]


class PackageChoiceInline(admin.TabularInline):
    model = PackageChoice
    extra = 0


@admin.register(Package)
class PackageAdmin(TouchesScenario):
    list_display = ["name", "key", "scenario", "author", "version", "updated"]
    list_filter = ["scenario"]
    search_fields = ["name", "key"]
    readonly_fields = ["version", "created", "updated"]
    inlines = [PackageChoiceInline]


@admin.register(Option)
class OptionAdmin(TouchesScenario):
    list_display = ["label", "key", "issue", "position", "value", "unit"]
    list_filter = ["scenario"]
    search_fields = ["label", "key"]
    exclude = ["scenario"]

    def save_model(self, request, obj, form, change):
        obj.scenario_id = obj.issue.scenario_id
        super().save_model(request, obj, form, change)


@admin.register(StoredAnalysis)
class StoredAnalysisAdmin(admin.ModelAdmin):
    """Analyses kept by `manage.py analyse SLUG --store`. Only that command computes one, so here
    they are shown, not added or edited; deleting one makes the API and the pages compute the
    bounded analysis again."""

    list_display = ["scenario", "computed", "result_size"]
    search_fields = ["scenario__name", "scenario__slug"]
    fields = ["scenario", "computed", "fingerprint", "result_size"]
    readonly_fields = fields

    @admin.display(description="result (characters of JSON)")
    def result_size(self, obj: StoredAnalysis) -> str:
        return f"{len(obj.result):,}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
