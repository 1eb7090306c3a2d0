from django import forms
from django.utils import timezone

from briefs.forms import ParentedForm
from cip.forms import DateInput, Form, MoneyField, VersionField
from workpackages.models import (
    DeliveryContract,
    EvaluationEvidence,
    Home,
    KeyDate,
    OutcomeActual,
    OutcomeMeasure,
    WorkPackage,
)


class WorkPackageForm(ParentedForm):
    class Meta:
        model = WorkPackage
        fields = [
            "title",
            "brief",
            "priority_area",
            "scope",
            "delivery_model",
            "lead_organisation",
        ]

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["brief"].queryset = parent.design_briefs.order_by("number")
        self.fields["brief"].empty_label = "Not from a brief"
        self.fields["priority_area"].queryset = parent.priority_areas.all()
        self.fields["priority_area"].empty_label = "No priority area"


class RagForm(Form):
    rag = forms.ChoiceField(
        label="RAG status", choices=WorkPackage.Rag.choices, widget=forms.RadioSelect
    )
    commentary = forms.CharField(label="Commentary", widget=forms.Textarea)
    on = forms.DateField(label="Date set", widget=DateInput)
    version = VersionField()

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())
        self.initial.setdefault("version", version)


class StepForm(Form):
    """One lifecycle step (a stage, a contract status) and its date."""

    target = forms.ChoiceField(widget=forms.RadioSelect)
    on = forms.DateField(label="Date of the step", widget=DateInput)
    version = VersionField()

    def __init__(self, *args, choices, label: str, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = choices
        self.fields["target"].label = label
        self.initial.setdefault("on", timezone.localdate())
        self.initial.setdefault("version", version)


class ContractForm(ParentedForm):
    parent_field = "work_package"
    value = MoneyField(label="Value", required=False)

    class Meta:
        model = DeliveryContract
        fields = [
            "reference",
            "parties",
            "council_role",
            "partner_role",
            "subcontractors",
            "value",
            "start_date",
            "end_date",
            "break_clauses",
        ]
        widgets = {
            "parties": forms.CheckboxSelectMultiple,
            "subcontractors": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        data = super().clean()
        third_party = self.instance.work_package.delivery_model == (
            WorkPackage.DeliveryModel.THIRD_PARTY
        )
        if data.get("subcontractors") and not third_party:
            self.add_error(
                "subcontractors",
                "Sub-contractors are only named when a third-party provider delivers: "
                "change the work package's delivery model first",
            )
        return data


class KeyDateForm(ParentedForm):
    parent_field = "work_package"

    class Meta:
        model = KeyDate
        fields = ["label", "date", "is_estimate"]


class HomeForm(ParentedForm):
    """A CIP home on the work package page: how the placement log names it, its places and
    opening date."""

    parent_field = "work_package"

    class Meta:
        model = Home
        fields = ["name", "provider", "urn", "places", "opened_on"]
        labels = {"places": "Number of places", "opened_on": "Opening date"}
        widgets = {
            "opened_on": DateInput(),
            "places": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
            ),
            "urn": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["provider"].queryset = parent.partnership.providers.order_by("name")
        self.fields["provider"].empty_label = "Not recorded by provider"


class EvidenceForm(ParentedForm):
    parent_field = "work_package"

    class Meta:
        model = EvaluationEvidence
        fields = ["heading", "summary", "source", "recorded_on"]
        widgets = {"heading": forms.RadioSelect}


class MeasureForm(ParentedForm):
    parent_field = "work_package"

    class Meta:
        model = OutcomeMeasure
        fields = ["name", "unit", "baseline", "target", "direction"]
        widgets = {"direction": forms.RadioSelect}


class ActualForm(ParentedForm):
    parent_field = "measure"

    class Meta:
        model = OutcomeActual
        fields = ["period", "period_end", "value"]
