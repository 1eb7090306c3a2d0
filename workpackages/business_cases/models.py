"""Business cases (issue 6): the Five Case Model, the financial model's inputs, versions that
the board approves, figures stated in papers, and the savings realised afterwards.

Imported at the bottom of workpackages/models.py, so the models belong to the workpackages app.
The arithmetic is in workpackages/calculations.py; `BusinessCase.summary()` runs it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cip import periods
from cip.models import DomainModel
from workpackages import calculations

__all__ = [
    "AnnualCostLine",
    "BusinessCase",
    "CapitalLine",
    "RealisedSaving",
    "StatedFigure",
]

ZERO = Decimal(0)


def _money(verbose_name: str, **kwargs) -> models.DecimalField:
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[
            MinValueValidator(ZERO, message=f"{verbose_name.capitalize()} cannot be negative")
        ],
        **kwargs,
    )


def _pct(verbose_name: str, *, default, upper: int = 100, **kwargs) -> models.DecimalField:
    label = verbose_name.capitalize()
    return models.DecimalField(
        verbose_name,
        max_digits=6,
        decimal_places=2,
        default=Decimal(default),
        validators=[
            MinValueValidator(ZERO, message=f"{label} cannot be negative"),
            MaxValueValidator(Decimal(upper), message=f"{label} must be {upper}%% or less"),
        ],
        **kwargs,
    )


class BusinessCaseQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(work_package__partnership=partnership)

    def for_list(self):
        return self.select_related("work_package", "approved_by").prefetch_related(
            "capital_lines", "cost_lines"
        )


class BusinessCase(DomainModel):
    """One version of a work package's business case. Only a draft is edited; the board's
    decision approves or rejects a submitted version; an approved version is frozen, and a
    later approved version supersedes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted to the board"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Superseded"

    class ProjectType(models.TextChoices):
        # Green Book optimism bias categories (supplementary guidance), upper bounds in
        # calculations.OPTIMISM_BIAS_UPPER.
        STANDARD_BUILDINGS = "standard_buildings", "Standard buildings"
        NON_STANDARD_BUILDINGS = "non_standard_buildings", "Non-standard buildings"
        STANDARD_CIVIL = "standard_civil_engineering", "Standard civil engineering"
        NON_STANDARD_CIVIL = "non_standard_civil_engineering", "Non-standard civil engineering"
        EQUIPMENT = "equipment_development", "Equipment and development"
        OUTSOURCING = "outsourcing", "Outsourcing"

    work_package = models.ForeignKey(
        "workpackages.WorkPackage", on_delete=models.CASCADE, related_name="business_cases"
    )
    number = models.PositiveSmallIntegerField("version", editable=False, default=1)
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    approved_by = models.ForeignKey(
        "cip.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The board decision that approved or rejected this version",
    )
    submitted_on = models.DateField(null=True, blank=True, editable=False)
    decided_on = models.DateField(null=True, blank=True, editable=False)

    # HM Treasury's Five Case Model.
    strategic_case = models.TextField(
        "Strategic case", blank=True, help_text="The case for change and how it fits strategy"
    )
    economic_case = models.TextField(
        "Economic case", blank=True, help_text="The options appraised and the preferred option"
    )
    commercial_case = models.TextField(
        "Commercial case", blank=True, help_text="How the service will be procured and delivered"
    )
    financial_case = models.TextField(
        "Financial case", blank=True, help_text="Affordability and how it will be funded"
    )
    management_case = models.TextField(
        "Management case", blank=True, help_text="How it will be delivered, monitored and evaluated"
    )
    do_nothing_option = models.TextField(
        "Do nothing",
        blank=True,
        help_text="What happens without the investment: the baseline every option is "
        "compared against",
    )
    other_options = models.TextField(
        "Other options considered", blank=True, help_text="And why they were not preferred"
    )

    # The financial model's inputs (capital and annual cost lines are rows of their own).
    contingency_pct = _pct("contingency", default=0)
    inflation_pct = _pct("inflation", default=0)
    asset_transfer = _money(
        "internal asset transfer value",
        help_text="The value of a property the council already owns, moved into the scheme",
    )
    retained_value = _money(
        "retained asset value",
        help_text="The resale value if the asset is no longer needed (no appreciation assumed)",
    )
    placements = models.PositiveSmallIntegerField(
        "number of placements",
        default=0,
        validators=[MaxValueValidator(500, message="Number of placements must be 500 or fewer")],
    )
    weekly_saving = _money(
        "weekly saving per person",
        help_text="The weekly cost of the placements avoided, less the new model's, per person",
    )
    occupancy_pct = _pct("occupancy", default=100)
    counterfactual_weekly_cost = _money(
        "counterfactual weekly cost per placement",
        help_text="What each placement in the case's home would have cost a week without it: "
        "the realised savings from the placement log are worked out against this",
    )
    demand_forecast = models.ForeignKey(
        "forecast.Forecast",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="business_cases",
        verbose_name="demand forecast",
        help_text="A saved forecast (with its scenario, if it has one) as the do-nothing cost "
        "and the demand evidence",
    )
    appraisal_years = models.PositiveSmallIntegerField(
        "appraisal period (years)",
        default=10,
        validators=[
            MinValueValidator(1, message="Appraisal period must be at least 1 year"),
            MaxValueValidator(100, message="Appraisal period must be 100 years or fewer"),
        ],
    )
    start_year = models.PositiveSmallIntegerField(
        "first financial year",
        default=2021,
        validators=[
            MinValueValidator(2000, message="First financial year must be 2000 or later"),
            MaxValueValidator(2100, message="First financial year must be 2100 or earlier"),
        ],
        help_text="The year savings start: 2021 for 2021/22",
    )
    discount_rate_pct = _pct(
        "discount rate, years 0 to 30",
        default="3.5",
        upper=20,
        help_text="Green Book social time preference rate: 3.5%",
    )
    discount_rate_31_75_pct = _pct(
        "discount rate, years 31 to 75", default="3.0", upper=20, help_text="Green Book: 3.0%"
    )
    discount_rate_76_pct = _pct(
        "discount rate, years 76 on", default="2.5", upper=20, help_text="Green Book: 2.5%"
    )
    project_type = models.CharField(
        "project type for optimism bias",
        max_length=40,
        choices=ProjectType.choices,
        blank=True,
        help_text="Leave blank for no optimism bias",
    )
    optimism_bias_pct = _pct(
        "optimism bias uplift",
        default=0,
        upper=200,
        help_text="Per cent added to the investment; the Green Book upper bound for the "
        "project type is used when this is 0",
    )
    optimism_bias_mitigation_pct = _pct(
        "optimism bias mitigation",
        default=0,
        help_text="The share of the uplift the case has mitigated",
    )
    payback_target_years = models.DecimalField(
        "payback target (years)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=[
            MinValueValidator(
                Decimal("0.25"), message="Payback target must be at least 0.25 years"
            ),
            MaxValueValidator(Decimal(100), message="Payback target must be 100 years or fewer"),
        ],
        help_text="The payback the board expects",
    )
    payback_target_net = models.BooleanField(
        "Target applies to the net investment",
        default=False,
        help_text="Tick when the target is after the retained asset value; otherwise gross",
    )

    objects = BusinessCaseQuerySet.as_manager()
    partnership_path = "work_package__partnership"  # for cip.history.record_in

    class Meta:
        ordering = ["work_package", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_package", "number"],
                name="business_case_version_unique_in_work_package",
                violation_error_message="The work package already has this version.",
            ),
            models.UniqueConstraint(
                fields=["work_package"],
                condition=Q(status__in=["draft", "submitted"]),
                name="business_case_one_open_version",
                violation_error_message="The work package already has a version in draft or "
                "before the board.",
            ),
            models.CheckConstraint(
                condition=Q(asset_transfer__gte=0)
                & Q(retained_value__gte=0)
                & Q(weekly_saving__gte=0),
                name="business_case_amounts_not_negative",
                violation_error_message="Amounts cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(occupancy_pct__gte=0) & Q(occupancy_pct__lte=100),
                name="business_case_occupancy_0_to_100",
                violation_error_message="Occupancy must be between 0%% and 100%%.",
            ),
            models.CheckConstraint(
                condition=Q(appraisal_years__gte=1),
                name="business_case_appraisal_at_least_a_year",
                violation_error_message="The appraisal period must be at least 1 year.",
            ),
            models.CheckConstraint(
                condition=Q(payback_target_years__gt=0),
                name="business_case_payback_target_positive",
                violation_error_message="The payback target must be more than 0 years.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def get_absolute_url(self) -> str:
        return reverse(
            "workpackages:business-case-detail",
            kwargs={"slug": self.work_package.partnership.slug, "pk": self.pk},
        )

    @property
    def version_label(self) -> str:
        return f"v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        return not self.is_editable

    @property
    def optimism_bias_used_pct(self) -> Decimal:
        if not self.project_type:
            return ZERO
        if self.optimism_bias_pct:
            return self.optimism_bias_pct
        return calculations.OPTIMISM_BIAS_UPPER.get(self.project_type, ZERO)

    def rate_schedule(self) -> tuple[tuple[int, int | None, Decimal], ...]:
        return (
            (0, 30, self.discount_rate_pct),
            (31, 75, self.discount_rate_31_75_pct),
            (76, None, self.discount_rate_76_pct),
        )

    def inputs(self) -> calculations.CaseInputs:
        """The model's inputs. Reads capital_lines and cost_lines: prefetch them for lists."""
        capital = dict.fromkeys(CapitalLine.Kind.values, ZERO)
        for line in self.capital_lines.all():
            capital[line.kind] += line.amount
        do_nothing, new_model = [], []
        for line in self.cost_lines.all():
            side = do_nothing if line.side == AnnualCostLine.Side.DO_NOTHING else new_model
            side.append(line.amount)
        return calculations.CaseInputs(
            purchase=capital["purchase"],
            fees=capital["fees"],
            works=capital["works"],
            other_capital=capital["other"],
            contingency_pct=self.contingency_pct,
            inflation_pct=self.inflation_pct,
            asset_transfer=self.asset_transfer,
            retained_value=self.retained_value,
            do_nothing_costs=tuple(do_nothing),
            new_model_costs=tuple(new_model),
            placements=Decimal(self.placements),
            weekly_saving=self.weekly_saving,
            occupancy_pct=self.occupancy_pct,
            appraisal_years=self.appraisal_years,
            optimism_bias_pct=self.optimism_bias_used_pct,
            optimism_bias_mitigation_pct=self.optimism_bias_mitigation_pct,
            rate_schedule=self.rate_schedule(),
        )

    def summary(self) -> calculations.Summary:
        """Every computed figure (capital, investment, saving, paybacks, NPSV, BCR, switching
        values, sensitivity): what the case page, board papers and reports show."""
        return calculations.summarise(
            self.inputs(),
            payback_target_years=self.payback_target_years,
            target_net=self.payback_target_net,
        )


def _refuse_frozen(case_id) -> None:
    if case_id is None:
        return
    case = BusinessCase.objects.filter(pk=case_id).only("status", "number").first()
    if case is not None and not case.is_editable:
        raise ValidationError(
            f"Version {case.number} is {case.get_status_display().lower()} and frozen: start a "
            "new version to change it."
        )


class CapitalLine(DomainModel):
    class Kind(models.TextChoices):
        PURCHASE = "purchase", "Purchase"
        FEES = "fees", "Fees"
        WORKS = "works", "Works"
        OTHER = "other", "Other"

    business_case = models.ForeignKey(
        BusinessCase, on_delete=models.CASCADE, related_name="capital_lines"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=200)
    amount = _money("amount", default=None)

    partnership_path = "business_case__work_package__partnership"

    class Meta:
        ordering = ["business_case", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="capital_line_amount_not_negative",
                violation_error_message="A capital amount cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    def clean(self):
        super().clean()
        _refuse_frozen(self.business_case_id)


class AnnualCostLine(DomainModel):
    """A yearly cost: of doing nothing (avoided by the case) or of running the new model."""

    class Side(models.TextChoices):
        DO_NOTHING = "do_nothing", "Do-nothing cost (avoided)"
        NEW_MODEL = "new_model", "Cost of the new model"

    business_case = models.ForeignKey(
        BusinessCase, on_delete=models.CASCADE, related_name="cost_lines"
    )
    side = models.CharField(max_length=20, choices=Side.choices)
    description = models.CharField(
        max_length=200,
        help_text="For example: commissioned placements; social worker, IRO and QA time and "
        "travel; service, running and maintenance",
    )
    amount = _money("amount a year", default=None)

    partnership_path = "business_case__work_package__partnership"

    class Meta:
        ordering = ["business_case", "side", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="annual_cost_line_amount_not_negative",
                violation_error_message="An annual cost cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.description}"

    def clean(self):
        super().clean()
        _refuse_frozen(self.business_case_id)


class StatedFigure(DomainModel):
    """A figure as a paper states it, to be shown beside the one the model computes."""

    class Figure(models.TextChoices):
        CAPITAL_TOTAL = "capital_total", "Capital"
        GROSS_INVESTMENT = "gross_investment", "Gross investment"
        NET_INVESTMENT = "net_investment", "Net investment"
        ANNUAL_NET_SAVING = "annual_net_saving", "Annual net saving"
        GROSS_PAYBACK = "gross_payback", "Payback on the gross investment (years)"
        NET_PAYBACK = "net_payback", "Payback on the net investment (years)"
        NPSV = "npsv", "Net present social value"

    class Qualifier(models.TextChoices):
        EXACT = "exact", "As stated"
        ABOUT = "about", "About (in the region of)"
        WITHIN = "within", "Within (paybacks)"

    business_case = models.ForeignKey(
        BusinessCase, on_delete=models.CASCADE, related_name="stated_figures"
    )
    figure = models.CharField(max_length=30, choices=Figure.choices)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    value = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="Pounds, or years for a payback"
    )
    wording = models.CharField(
        max_length=200, blank=True, help_text="As the paper words it: “within two years”"
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="The paper and paragraph, for example Scrutiny "
        "report, 9 March 2021, paragraph 14(c)",
    )

    partnership_path = "business_case__work_package__partnership"

    class Meta:
        ordering = ["business_case", "figure", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_case", "figure", "source"],
                name="stated_figure_once_per_source",
                violation_error_message="This paper's figure is already recorded.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_figure_display()}: {self.wording or self.value}"

    def clean(self):
        super().clean()
        _refuse_frozen(self.business_case_id)

    @property
    def is_payback(self) -> bool:
        return self.figure in (self.Figure.GROSS_PAYBACK, self.Figure.NET_PAYBACK)

    def compare(self, summary: calculations.Summary) -> tuple[object, calculations.Comparison]:
        """(the computed figure, how the stated one compares with it)."""
        if self.is_payback:
            computed = (
                summary.gross_payback
                if self.figure == self.Figure.GROSS_PAYBACK
                else summary.net_payback
            )
            return computed, calculations.compare_payback(
                self.value, computed, within=self.qualifier == self.Qualifier.WITHIN
            )
        computed = getattr(summary, self.figure)
        return computed, calculations.compare_money(
            self.value, computed, about=self.qualifier == self.Qualifier.ABOUT
        )


class RealisedSaving(DomainModel):
    """A saving the work package actually made in a financial year or one of its quarters."""

    work_package = models.ForeignKey(
        "workpackages.WorkPackage", on_delete=models.CASCADE, related_name="realised_savings"
    )
    financial_year = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(2000, message="Financial year must be 2000 or later"),
            MaxValueValidator(2100, message="Financial year must be 2100 or earlier"),
        ],
        help_text="The year it starts in: 2021 for 2021/22",
    )
    quarter = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[
            (1, "Q1 (April to June)"),
            (2, "Q2 (July to September)"),
            (3, "Q3 (October to December)"),
            (4, "Q4 (January to March)"),
        ],
        help_text="Leave blank for the whole year",
    )
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="Negative when the period cost more than doing nothing would have",
    )
    evidence = models.TextField(
        help_text="What shows the saving: the finance ledger, the placement log, a report"
    )
    evidence_url = models.URLField("Link to the evidence", blank=True)

    partnership_path = "work_package__partnership"

    class Meta:
        ordering = ["work_package", "financial_year", "quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_package", "financial_year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="realised_saving_once_per_quarter",
                violation_error_message="A saving is already recorded for this quarter.",
            ),
            models.UniqueConstraint(
                fields=["work_package", "financial_year"],
                condition=Q(quarter__isnull=True),
                name="realised_saving_once_per_year",
                violation_error_message="A saving is already recorded for this year.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | (Q(quarter__gte=1) & Q(quarter__lte=4)),
                name="realised_saving_quarter_1_to_4",
                violation_error_message="The quarter must be 1 to 4.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.amount}"

    def clean(self):
        super().clean()
        if not self.work_package_id or not self.financial_year:
            return
        # A year is recorded whole or by quarters, never both: that would count it twice.
        same_year = RealisedSaving.objects.filter(
            work_package_id=self.work_package_id, financial_year=self.financial_year
        ).exclude(pk=self.pk)
        clash = (
            same_year.filter(quarter__isnull=True)
            if self.quarter
            else same_year.filter(quarter__isnull=False)
        )
        if clash.exists():
            raise ValidationError(
                {
                    "quarter": "This year is already recorded "
                    + ("as a whole year" if self.quarter else "by quarters")
                    + ": record it one way only."
                }
            )

    @property
    def period(self) -> str:
        return calculations.period_label(self.financial_year, self.quarter)

    @property
    def period_end(self):
        return periods.quarter_end(self.financial_year, self.quarter)
