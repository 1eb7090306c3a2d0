from decimal import Decimal

from django import forms

from cip.forms import DateInput, Form, MoneyField, VersionedModelForm, VersionField
from cip.models import Organisation
from funding import calculations
from funding.models import (
    Bid,
    BidDocument,
    Condition,
    ReachFigure,
    SubGrant,
    SupportingOrganisation,
)
from funding.services import OVER_REQUEST


def _money(label: str, *, required: bool = False, help_text: str = "") -> MoneyField:
    field = MoneyField(label=label, required=required, help_text=help_text)
    field.error_messages["min_value"] = f"{label} cannot be negative"
    field.error_messages["required"] = f"Enter the {label.lower()}"
    return field


def _organisations():
    return Organisation.objects.order_by("name")


CONFIRM_LABEL = "I confirm the award is larger than the amount requested"
DUPLICATE_LABEL = "I confirm this is a different bid from the one already recorded"


class BidForm(VersionedModelForm):
    amount_requested = _money("Amount requested")
    amount_awarded = _money("Amount awarded")
    match_funding = _money("Match funding", help_text="Committed by the applicants")
    evaluation_share = _money(
        "Evaluation partner's share", help_text="The part of the award for the evaluation partner"
    )
    confirm_over_request = forms.BooleanField(label=CONFIRM_LABEL, required=False)
    confirm_not_duplicate = forms.BooleanField(label=DUPLICATE_LABEL, required=False)

    class Meta:
        model = Bid
        fields = [
            "title",
            "funder",
            "programme",
            "confirm_not_duplicate",
            "lead_applicant",
            "eligibility_note",
            "deadline",
            "submitted_on",
            "decision_expected_on",
            "decided_on",
            "start_date",
            "end_date",
            "amount_requested",
            "amount_awarded",
            "confirm_over_request",
            "duration_months",
            "match_funding",
            "evaluation_partner",
            "evaluation_share",
            "probability",
            "work_package",
            "notes",
        ]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.partnership = partnership
        for name in ("funder", "lead_applicant", "evaluation_partner"):
            self.fields[name].queryset = _organisations()
        self.fields["work_package"].queryset = partnership.work_packages.order_by("pk")
        if self.instance.pk:
            self.fields["title"].help_text = f"Stage: {self.instance.get_stage_display()}"

    def clean_match_funding(self):
        return self.cleaned_data["match_funding"] or Decimal(0)

    def clean_evaluation_share(self):
        return self.cleaned_data["evaluation_share"] or Decimal(0)

    def clean(self):
        data = super().clean()
        # Asked again only when either amount changes, not on every later edit of the bid.
        amounts_changed = {"amount_requested", "amount_awarded"} & set(self.changed_data)
        if (
            amounts_changed
            and calculations.awarded_exceeds_request(
                requested=data.get("amount_requested"), awarded=data.get("amount_awarded")
            )
            and not data.get("confirm_over_request")
        ):
            self.add_error("confirm_over_request", OVER_REQUEST)
        # Asked when a bid is recorded, or renamed or moved to another funder or programme.
        if {"title", "funder", "programme"} & set(self.changed_data) and not data.get(
            "confirm_not_duplicate"
        ):
            same = self._same_bid(data)
            if same is not None:
                self.add_error(
                    "confirm_not_duplicate",
                    f"“{same.title}” ({same.get_stage_display()}) is already recorded with "
                    "this funder and programme: tick the box to confirm this is a different "
                    "bid",
                )
        return data

    def _same_bid(self, data) -> Bid | None:
        title, funder = data.get("title"), data.get("funder")
        if not title or funder is None:
            return None
        others = self.partnership.bids.filter(
            funder=funder, programme__iexact=(data.get("programme") or "").strip()
        ).exclude(pk=self.instance.pk)
        return next(
            (bid for bid in others.order_by("pk") if calculations.similar_titles(bid.title, title)),
            None,
        )


class PastAwardForm(BidForm):
    """An award decided before the partnership kept its bids here, recorded in one step with
    its dates; the service takes it through each stage so its history is complete."""

    stage = forms.ChoiceField(
        label="Stage the award has reached",
        widget=forms.RadioSelect,
        choices=[(s, Bid.Stage(s).label) for s in calculations.SECURED],
    )

    field_order = ["stage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["probability"].initial = 100

    def clean(self):
        data = super().clean()
        # The model checks what the chosen stage needs (the amount awarded, the dates of a
        # grant in delivery), naming each missing field.
        self.instance.stage = data.get("stage") or Bid.Stage.AWARDED
        return data


class StageForm(Form):
    """Moves a bid on one stage, asking for what the next stage needs."""

    stage = forms.ChoiceField(label="Move the bid to", widget=forms.RadioSelect)
    eligibility_note = forms.CharField(
        label="Eligibility note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed from “Eligibility checked” on",
    )
    amount_requested = _money("Amount requested")
    submitted_on = forms.DateField(label="Date submitted", required=False, widget=DateInput)
    decided_on = forms.DateField(label="Date decided", required=False, widget=DateInput)
    amount_awarded = _money("Amount awarded")
    confirm_over_request = forms.BooleanField(label=CONFIRM_LABEL, required=False)
    start_date = forms.DateField(label="Start date", required=False, widget=DateInput)
    end_date = forms.DateField(label="End date", required=False, widget=DateInput)
    version = VersionField()

    def __init__(self, *args, bid: Bid, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version": bid.version,
                **{name: getattr(bid, name) for name in calculations.STAGE_FIELDS},
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (stage, Bid.Stage(stage).label) for stage in calculations.NEXT_STAGES[bid.stage]
        ]


class ChildForm(VersionedModelForm):
    """A record that hangs off a bid. The bid is not a form field, yet its constraints
    (one supporter per organisation) are checked here rather than failing on save."""

    def __init__(self, *args, bid: Bid, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.bid = bid
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = _organisations()

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("bid")
        return exclude


class SupporterForm(ChildForm):
    class Meta:
        model = SupportingOrganisation
        fields = ["organisation", "role"]


class DocumentForm(ChildForm):
    class Meta:
        model = BidDocument
        fields = ["title", "url"]


class ConditionForm(ChildForm):
    amount = _money("Amount", help_text="For a payment or a claim")

    class Meta:
        model = Condition
        fields = ["kind", "title", "due_on", "completed_on", "amount"]
        widgets = {"kind": forms.RadioSelect}


class SubGrantForm(ChildForm):
    amount = _money("Amount", required=True)

    class Meta:
        model = SubGrant
        fields = [
            "recipient",
            "amount",
            "purpose",
            "awarded_on",
            "granted_through",
            "start_date",
            "end_date",
        ]


class ReachForm(ChildForm):
    class Meta:
        model = ReachFigure
        fields = ["value", "unit", "as_at", "source"]
