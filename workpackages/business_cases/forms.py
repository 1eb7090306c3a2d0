from django import forms

from briefs.forms import ParentedForm
from cip.forms import Form, MoneyField, VersionedModelForm, VersionField
from workpackages.business_cases.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    StatedFigure,
)


def _money(label: str, **kwargs) -> MoneyField:
    # No form-level minimum: the model's validator says "<label> cannot be negative".
    return MoneyField(label=label, min_value=None, **kwargs)


MONEY_FIELDS = ("asset_transfer", "retained_value", "weekly_saving", "counterfactual_weekly_cost")


class BusinessCaseForm(VersionedModelForm):
    asset_transfer = _money(
        "Internal asset transfer value",
        required=False,
        help_text=BusinessCase._meta.get_field("asset_transfer").help_text,
    )
    retained_value = _money(
        "Retained asset value",
        required=False,
        help_text=BusinessCase._meta.get_field("retained_value").help_text,
    )
    weekly_saving = _money(
        "Weekly saving per person",
        required=False,
        help_text=BusinessCase._meta.get_field("weekly_saving").help_text,
    )

    counterfactual_weekly_cost = _money(
        "Counterfactual weekly cost per placement",
        required=False,
        help_text=BusinessCase._meta.get_field("counterfactual_weekly_cost").help_text,
    )

    class Meta:
        model = BusinessCase
        fields = [
            "work_package",
            "title",
            "strategic_case",
            "economic_case",
            "do_nothing_option",
            "other_options",
            "commercial_case",
            "financial_case",
            "management_case",
            "contingency_pct",
            "inflation_pct",
            "asset_transfer",
            "retained_value",
            "placements",
            "weekly_saving",
            "counterfactual_weekly_cost",
            "demand_forecast",
            "occupancy_pct",
            "appraisal_years",
            "start_year",
            "payback_target_years",
            "payback_target_net",
            "discount_rate_pct",
            "discount_rate_31_75_pct",
            "discount_rate_76_pct",
            "project_type",
            "optimism_bias_pct",
            "optimism_bias_mitigation_pct",
        ]
        labels = {
            "contingency_pct": "Contingency (%)",
            "inflation_pct": "Inflation (%)",
            "placements": "Number of placements",
            "occupancy_pct": "Occupancy (%)",
            "appraisal_years": "Appraisal period (years)",
            "start_year": "First financial year",
            "payback_target_years": "Payback target (years)",
            "discount_rate_pct": "Discount rate, years 0 to 30 (%)",
            "discount_rate_31_75_pct": "Discount rate, years 31 to 75 (%)",
            "discount_rate_76_pct": "Discount rate, years 76 on (%)",
            "project_type": "Project type for optimism bias",
            "optimism_bias_pct": "Optimism bias uplift (%)",
            "optimism_bias_mitigation_pct": "Optimism bias mitigation (%)",
        }
        widgets = {
            name: forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"})
            for name in (
                "contingency_pct",
                "inflation_pct",
                "occupancy_pct",
                "payback_target_years",
                "discount_rate_pct",
                "discount_rate_31_75_pct",
                "discount_rate_76_pct",
                "optimism_bias_pct",
                "optimism_bias_mitigation_pct",
            )
        } | {
            name: forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"})
            for name in ("placements", "appraisal_years", "start_year")
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.fields["work_package"].queryset = partnership.work_packages.order_by("title")
            self.fields["work_package"].empty_label = "Choose a work package"
        else:
            del self.fields["work_package"]
        self.fields["project_type"].choices = [("", "None"), *BusinessCase.ProjectType.choices]
        # The partnership's own forecasts that have finished, never another's.
        self.fields["demand_forecast"].queryset = partnership.forecasts.filter(
            status="ready"
        ).order_by("-created_at", "-pk")
        self.fields["demand_forecast"].empty_label = "None"
        for name in MONEY_FIELDS:
            self.initial.setdefault(name, getattr(self.instance, name))

    def clean(self):
        data = super().clean()
        work_package = data.get("work_package")
        if self.instance._state.adding and work_package is not None:
            # The version the service will give it, so validation checks the real number.
            numbers = work_package.business_cases.values_list("number", flat=True)
            self.instance.number = max(numbers, default=0) + 1
        for name in MONEY_FIELDS:
            if name in self.fields and data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data


class CapitalLineForm(ParentedForm):
    parent_field = "business_case"
    amount = _money("Amount")

    class Meta:
        model = CapitalLine
        fields = ["kind", "description", "amount"]
        labels = {"kind": "Kind of capital"}
        widgets = {"kind": forms.RadioSelect}


class CostLineForm(ParentedForm):
    parent_field = "business_case"
    amount = _money("Amount a year")

    class Meta:
        model = AnnualCostLine
        fields = ["side", "description", "amount"]
        labels = {"side": "Which cost"}
        widgets = {"side": forms.RadioSelect}


class StatedFigureForm(ParentedForm):
    parent_field = "business_case"

    class Meta:
        model = StatedFigure
        fields = ["figure", "qualifier", "value", "wording", "source"]
        labels = {"value": "Stated value", "qualifier": "How the paper states it"}
        widgets = {
            "qualifier": forms.RadioSelect,
            "value": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
            ),
        }

    def clean(self):
        data = super().clean()
        figure, qualifier = data.get("figure"), data.get("qualifier")
        is_payback = figure in (StatedFigure.Figure.GROSS_PAYBACK, StatedFigure.Figure.NET_PAYBACK)
        if qualifier == StatedFigure.Qualifier.WITHIN and figure and not is_payback:
            self.add_error("qualifier", "How the paper states it: “within” is for paybacks only")
        if is_payback and data.get("value") is not None and data["value"] <= 0:
            self.add_error("value", "Stated value: a payback is more than 0 years")
        return data


class RealisedSavingForm(ParentedForm):
    parent_field = "work_package"
    evidence_url = forms.URLField(
        label="Link to the evidence", required=False, assume_scheme="https"
    )
    amount = _money(
        "Amount saved",
        help_text=RealisedSaving._meta.get_field("amount").help_text,
    )

    class Meta:
        model = RealisedSaving
        fields = ["financial_year", "quarter", "amount", "evidence", "evidence_url"]
        labels = {"financial_year": "Financial year", "quarter": "Quarter"}
        widgets = {
            "financial_year": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        quarters = [c for c in self.fields["quarter"].choices if c[0] != ""]
        self.fields["quarter"].choices = [("", "The whole year"), *quarters]


class ConfirmForm(Form):
    """A bare POST carrying the version the record had when the page was loaded."""

    version = VersionField()
