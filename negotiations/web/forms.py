"""Forms of the scenario pages: they parse and check what a person typed; services write it.

Every editing form carries the version of the row it was loaded from, so a save can be refused
when someone else saved first (services.VersionConflict).
"""

from __future__ import annotations

from django import forms

from negotiations.models import Issue, Option, Party, Scenario, Stance, Valuation


class NumberField(forms.FloatField):
    """A number shown the way people type it: 5, not 5.0."""

    def prepare_value(self, value):
        return int(value) if isinstance(value, float) and value.is_integer() else value


class VersionedForm(forms.ModelForm):
    # Blank means "I saw no row": services then refuse to overwrite one that exists (version ≥ 1).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keys name rows in URLs and documents, so they are chosen once, when the row is added.
        if self.instance.pk is not None:
            self.fields.pop("key", None)

    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 0

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class PartyForm(VersionedForm):
    class Meta:
        model = Party
        fields = ["key", "name", "short", "role", "capability", "reservation", "batna", "colour"]
        labels = {"short": "Short name", "batna": "BATNA (best alternative)"}
        field_classes = {"capability": NumberField, "reservation": NumberField}
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "batna": forms.Textarea(attrs={"rows": 2}),
        }


class IssueForm(VersionedForm):
    class Meta:
        model = Issue
        fields = ["key", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class OptionForm(VersionedForm):
    class Meta:
        model = Option
        fields = ["key", "label", "description", "position", "value", "unit"]
        field_classes = {"position": NumberField, "value": NumberField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class SourcesField(forms.CharField):
    """Citations, one per line, stored as a list of strings."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class StanceForm(VersionedForm):
    sources = SourcesField(required=False, help_text="One citation per line.")

    class Meta:
        model = Stance
        fields = ["weight", "rationale", "sources"]
        field_classes = {"weight": NumberField}
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2})}


class ValuationForm(VersionedForm):
    class Meta:
        model = Valuation
        fields = ["utility", "red_line", "rationale"]
        field_classes = {"utility": NumberField}
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2})}


class ScenarioCreateForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["name", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}


class ScenarioImportForm(forms.Form):
    document = forms.FileField(label="Scenario document (.json)")
