"""Grant bids from the first prospect to the last monitoring report.

A bid moves through its stages only through `funding.services.bid_move_stage`, which refuses a
skipped stage; what each stage needs (a decided date and an amount once awarded) is checked in
`Bid.clean()`, so no form can save a bid that lacks it.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse

from cip.models import Archivable, DomainModel, LiveManager, Organisation, Partnership
from cip.money import format_money
from funding import calculations

MONEY = {"max_digits": 14, "decimal_places": 2}


class BidQuerySet(models.QuerySet):
    def secured(self):
        return self.filter(stage__in=Bid.SECURED_STAGES)

    def open(self):
        return self.filter(stage__in=Bid.OPEN_STAGES)

    def with_people(self):
        return self.select_related("funder", "lead_applicant", "evaluation_partner", "work_package")


class Bid(Archivable, DomainModel):
    class Stage(models.TextChoices):
        PROSPECT = "prospect", "Prospect"
        ELIGIBILITY_CHECKED = "eligibility_checked", "Eligibility checked"
        DRAFTING = "drafting", "Drafting"
        INTERNAL_SIGN_OFF = "internal_sign_off", "Internal sign-off"
        SUBMITTED = "submitted", "Submitted"
        AWARDED = "awarded", "Awarded"
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
        WITHDRAWN = "withdrawn", "Withdrawn"
        AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
        IN_DELIVERY = "in_delivery", "In delivery"
        CLOSED = "closed", "Closed"

    OPEN_STAGES = (
        Stage.PROSPECT,
        Stage.ELIGIBILITY_CHECKED,
        Stage.DRAFTING,
        Stage.INTERNAL_SIGN_OFF,
        Stage.SUBMITTED,
    )
    SECURED_STAGES = (Stage.AWARDED, Stage.AGREEMENT_SIGNED, Stage.IN_DELIVERY, Stage.CLOSED)
    DECIDED_STAGES = (*SECURED_STAGES, Stage.UNSUCCESSFUL)

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bids")
    title = models.CharField(max_length=200)
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField("funding programme", max_length=200, blank=True)
    lead_applicant = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Usually the council or the partner",
    )
    eligibility_note = models.TextField(
        blank=True,
        help_text="Who may apply, for example: open to councils only, with the partner supporting",
    )
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.PROSPECT)
    deadline = models.DateField("application deadline", null=True, blank=True)
    submitted_on = models.DateField("date submitted", null=True, blank=True)
    decision_expected_on = models.DateField("decision expected", null=True, blank=True)
    decided_on = models.DateField("date decided", null=True, blank=True)
    start_date = models.DateField("start date", null=True, blank=True)
    end_date = models.DateField("end date", null=True, blank=True)
    amount_requested = models.DecimalField("amount requested", null=True, blank=True, **MONEY)
    amount_awarded = models.DecimalField("amount awarded", null=True, blank=True, **MONEY)
    duration_months = models.PositiveSmallIntegerField("duration in months", null=True, blank=True)
    match_funding = models.DecimalField(
        "match funding", default=Decimal(0), help_text="Committed by the applicants", **MONEY
    )
    evaluation_partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evaluation_share = models.DecimalField(
        "evaluation partner's share",
        default=Decimal(0),
        help_text="The part of the award for the evaluation partner",
        **MONEY,
    )
    probability = models.PositiveSmallIntegerField(
        "probability of success (%)",
        default=25,
        help_text="A whole number from 0 to 100, used to weight the pipeline",
    )
    work_package = models.ForeignKey(
        "workpackages.WorkPackage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bids",
        help_text="The work package the funding pays for, if any",
    )
    notes = models.TextField(blank=True)

    objects = LiveManager.from_queryset(BidQuerySet)()
    all_objects = models.Manager.from_queryset(BidQuerySet)()
    archive_list_url = "funding:bid-list"

    class Meta:
        ordering = ["-decided_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0) | Q(amount_requested__isnull=True),
                name="bid_amount_requested_not_negative",
                violation_error_message="The amount requested cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__gte=0) | Q(amount_awarded__isnull=True),
                name="bid_amount_awarded_not_negative",
                violation_error_message="The amount awarded cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(match_funding__gte=0) & Q(evaluation_share__gte=0),
                name="bid_match_and_evaluation_not_negative",
                violation_error_message="Match funding and the evaluation share cannot be "
                "negative.",
            ),
            models.CheckConstraint(
                condition=Q(probability__gte=0) & Q(probability__lte=100),
                name="bid_probability_between_0_and_100",
                violation_error_message="The probability must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(decided_on__gte=F("submitted_on")),
                name="bid_decided_on_or_after_submitted",
                violation_error_message="The decided date cannot be before the submitted date.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=F("start_date")),
                name="bid_ends_after_it_starts",
                violation_error_message="The end date must be after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:bid-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self):
        errors: dict[str, str] = {}
        if self.decided_on and self.submitted_on and self.decided_on < self.submitted_on:
            errors["decided_on"] = "The decided date cannot be before the submitted date"
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = "The end date must be after the start date"
        if (
            self.amount_awarded is not None
            and self.evaluation_share
            and self.evaluation_share > self.amount_awarded
        ):
            errors["evaluation_share"] = (
                "The evaluation partner's share cannot be more than the amount awarded"
            )
        if self.work_package_id and self.work_package.partnership_id != self.partnership_id:
            errors["work_package"] = "Choose a work package of this partnership"
        if self.evaluation_share and self.evaluation_partner_id is None:
            errors["evaluation_partner"] = "Choose the evaluation partner that receives the share"
        for field, message in calculations.missing_for_stage(
            stage=self.stage, values=self._stage_values()
        ).items():
            errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    def _stage_values(self) -> dict:
        return {name: getattr(self, name) for name in calculations.STAGE_FIELDS}

    @property
    def is_secured(self) -> bool:
        return self.stage in self.SECURED_STAGES

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @property
    def weighted_value(self) -> Decimal:
        return calculations.weighted_value(self.amount_requested, self.probability)

    @property
    def net_of_evaluation(self) -> Decimal | None:
        if self.amount_awarded is None:
            return None
        return self.amount_awarded - (self.evaluation_share or Decimal(0))

    @property
    def lead_side(self) -> str:
        """Council, partner or another organisation, as the partnership sees the lead."""
        if self.lead_applicant_id == self.partnership.council_id:
            return "Council"
        if self.lead_applicant_id == self.partnership.partner_id:
            return "Partner"
        return "Other"

    @property
    def grant_identifier(self) -> str:
        return f"360G-{self.partnership.slug}-award-{self.pk}"


class SupportingOrganisation(DomainModel):
    partnership_path = "bid__partnership"  # how cip.history finds its partnership
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="supporters")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        max_length=200, help_text="For example: bid writing, delivery partner, evaluation"
    )

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "organisation"],
                name="supporter_once_per_bid",
                violation_error_message="This organisation already supports the bid.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class BidDocument(DomainModel):
    partnership_path = "bid__partnership"  # how cip.history finds its partnership
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    url = models.URLField("link", max_length=500, help_text="Where the document is kept")

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class ConditionQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(completed_on__isnull=True)

    def overdue(self, today: date):
        return self.outstanding().filter(due_on__lt=today)


class Condition(DomainModel):
    """A condition of an award: a payment to receive, a claim to make, a report to send."""

    partnership_path = "bid__partnership"  # how cip.history finds its partnership

    class Kind(models.TextChoices):
        PAYMENT = "payment", "Payment received"
        CLAIM = "claim", "Claim"
        MONITORING_REPORT = "monitoring_report", "Monitoring report"
        OTHER = "other", "Other condition"

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    due_on = models.DateField("due date", null=True, blank=True)
    completed_on = models.DateField(
        "date done", null=True, blank=True, help_text="Received, claimed or sent"
    )
    amount = models.DecimalField(null=True, blank=True, **MONEY)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True),
                name="condition_amount_not_negative",
                violation_error_message="The amount cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return calculations.is_overdue(due=self.due_on, done=self.completed_on, today=today)


class SubGrant(DomainModel):
    """An onward grant that an award funds to a local delivery partner."""

    partnership_path = "bid__partnership"  # how cip.history finds its partnership
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="sub_grants")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)
    purpose = models.CharField(max_length=300)
    awarded_on = models.DateField("date awarded")
    granted_through = models.CharField(
        max_length=200, blank=True, help_text="For example: the Shire Grants portal"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["awarded_on", "recipient__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="sub_grant_amount_not_negative",
                violation_error_message="The amount cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="sub_grant_ends_on_or_after_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.purpose}"

    def clean(self):
        if self.bid_id is None:
            return
        if not self.bid.is_secured:
            raise ValidationError("Sub-grants can only be made from a bid that has been awarded")
        if self.amount is None or self.bid.amount_awarded is None:
            return
        others = self.bid.sub_grants.exclude(pk=self.pk).aggregate(total=Sum("amount"))[
            "total"
        ] or Decimal(0)
        if others + self.amount > self.bid.amount_awarded:
            raise ValidationError(
                {
                    "amount": "The sub-grants would add up to more than the award "
                    f"({format_money(self.bid.amount_awarded)})"
                }
            )

    @property
    def grant_identifier(self) -> str:
        return f"360G-{self.bid.partnership.slug}-subgrant-{self.pk}"


class ReachFigure(DomainModel):
    """How many a funded programme reached: 1,904 places offered, as at a date."""

    partnership_path = "bid__partnership"  # how cip.history finds its partnership
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="reach_figures")
    value = models.PositiveIntegerField("figure")
    unit = models.CharField(max_length=100, help_text="For example: places offered")
    as_at = models.DateField("as at")
    source = models.CharField(max_length=200, blank=True, help_text="Where the figure comes from")

    class Meta:
        ordering = ["as_at", "pk"]

    def __str__(self) -> str:
        return f"{self.value:,} {self.unit}"
