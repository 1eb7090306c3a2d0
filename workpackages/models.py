from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from briefs.models import DesignBrief, PriorityArea
from cip.models import Archivable, DomainModel, LiveManager, Organisation, Partnership

# Business cases live in their own package; Django finds an app's models through this module.
from workpackages.business_cases.models import (  # noqa: F401
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    StatedFigure,
)


class WorkPackageQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("brief", "priority_area", "lead_organisation")


class WorkPackage(Archivable, DomainModel):
    """A package of work a design brief led to: designed, delivered under a tier-2 contract,
    then evaluated (Cabinet report, 6 July 2018, paragraphs 41 and 42)."""

    archive_list_url = "workpackages:work-package-list"

    class Stage(models.TextChoices):
        DESIGN = "design", "Design"
        DELIVERY = "delivery", "Delivery"
        EVALUATION = "evaluation", "Evaluation"
        CLOSED = "closed", "Closed"

    class DeliveryModel(models.TextChoices):
        PARTNER = "partner", "Partner delivery"
        CO_DELIVERY = "co_delivery", "Partner and council co-delivery"
        THIRD_PARTY = "third_party", "Third-party provider delivery"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="work_packages"
    )
    brief = models.ForeignKey(
        DesignBrief,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_packages",
        verbose_name="originating brief",
    )
    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_packages",
    )
    title = models.CharField(max_length=200)
    scope = models.TextField(blank=True)
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.DESIGN, editable=False
    )
    delivery_model = models.CharField(max_length=20, choices=DeliveryModel.choices, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices, blank=True)
    rag_commentary = models.TextField("RAG commentary", blank=True)
    rag_set_on = models.DateField("RAG set on", null=True, blank=True)

    objects = LiveManager.from_queryset(WorkPackageQuerySet)()
    all_objects = models.Manager.from_queryset(WorkPackageQuerySet)()

    class Meta:
        ordering = ["partnership", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="work_package_title_unique_in_partnership",
                violation_error_message="The partnership already has a work package with "
                "this title.",
            ),
            models.CheckConstraint(
                condition=Q(rag="") | Q(rag_set_on__isnull=False),
                name="work_package_rag_has_a_date",
                violation_error_message="Give the date the RAG status was set.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "workpackages:work-package-detail",
            kwargs={"slug": self.partnership.slug, "pk": self.pk},
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.brief_id and self.brief.partnership_id != self.partnership_id:
            errors["brief"] = "Choose a brief of this partnership."
        if self.priority_area_id and self.priority_area.partnership_id != self.partnership_id:
            errors["priority_area"] = "Choose a priority area of this partnership."
        if errors:
            raise ValidationError(errors)

    def archive_blockers(self) -> list[str]:
        # A package that reached a business case, a contract or savings is part of the
        # record: it is closed (its stage), not archived.
        held = [
            ("business cases", self.business_cases.exists()),
            ("delivery contracts", self.contracts.exists()),
            ("realised savings", self.realised_savings.exists()),
        ]
        return [f"It has {name}: close it instead." for name, found in held if found]

    def has_approved_business_case(self) -> bool:
        return self.business_cases.filter(status=BusinessCase.Status.APPROVED).exists()

    def has_approved_contract(self) -> bool:
        return self.contracts.filter(
            status__in=[DeliveryContract.Status.APPROVED, DeliveryContract.Status.LIVE]
        ).exists()


class DeliveryContract(Archivable, DomainModel):
    """Tier 2: the contract under which one work package is delivered."""

    archive_list_url = "workpackages:contract-list"
    partnership_path = "work_package__partnership"
    # Its parties are in its history too: each change of them is a version (simple-history).
    _history_m2m_fields = ["parties", "subcontractors"]

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    work_package = models.ForeignKey(
        WorkPackage, on_delete=models.PROTECT, related_name="contracts"
    )
    reference = models.CharField(max_length=60)
    parties = models.ManyToManyField(Organisation, related_name="+", blank=True)
    council_role = models.TextField("Role of the council", blank=True)
    partner_role = models.TextField("Role of the partner", blank=True)
    subcontractors = models.ManyToManyField(
        Organisation,
        related_name="+",
        blank=True,
        verbose_name="sub-contractors",
        help_text="Only when a third-party provider delivers",
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    break_clauses = models.TextField(blank=True)
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
        help_text="The board decision that approved the contract",
    )

    class Meta:
        ordering = ["reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_package", "reference"],
                name="contract_reference_unique_in_work_package",
                violation_error_message="The work package already has a contract with this "
                "reference.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="delivery_contract_ends_after_it_starts",
                violation_error_message="The end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="delivery_contract_value_not_negative",
                violation_error_message="The value cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(
            "workpackages:contract-detail",
            kwargs={"slug": self.work_package.partnership.slug, "pk": self.pk},
        )

    def archive_blockers(self) -> list[str]:
        if self.status != self.Status.DRAFT:
            return ["The board approved it: it stays on the record (end it instead)."]
        return []


class KeyDate(DomainModel):
    partnership_path = "work_package__partnership"  # how cip.history finds its partnership
    work_package = models.ForeignKey(
        WorkPackage, on_delete=models.CASCADE, related_name="key_dates"
    )
    label = models.CharField(max_length=200)
    date = models.DateField()
    is_estimate = models.BooleanField(
        "Estimated", default=False, help_text="Tick when the date is a forecast"
    )

    class Meta:
        ordering = ["work_package", "date", "pk"]

    def __str__(self) -> str:
        return self.label


class EvaluationEvidence(DomainModel):
    """Evidence under the four headings of the Cabinet report (paragraph 42(3))."""

    partnership_path = "work_package__partnership"  # how cip.history finds its partnership

    class Heading(models.TextChoices):
        CHILDREN = "children", "Impact and improved outcomes for children and young people"
        FAMILIES = "families", "Improved outcomes for families"
        VALUE = "value", "Value for money"
        PARTNERSHIP = "partnership", "Benefits of the partnership approach"

    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="evidence")
    heading = models.CharField(max_length=20, choices=Heading.choices)
    summary = models.TextField()
    source = models.CharField(max_length=300, blank=True, help_text="Report, survey or dataset")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["work_package", "heading", "recorded_on", "pk"]
        verbose_name_plural = "evaluation evidence"

    def __str__(self) -> str:
        return f"{self.get_heading_display()}: {self.summary[:40]}"


class OutcomeMeasure(DomainModel):
    partnership_path = "work_package__partnership"  # how cip.history finds its partnership

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, help_text="For example: children, %, £ a week")
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    direction = models.CharField(max_length=10, choices=Direction.choices)

    class Meta:
        ordering = ["work_package", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_package", "name"],
                name="outcome_measure_name_unique_in_work_package",
                violation_error_message="The work package already has a measure with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.baseline is None or self.target is None or not self.direction:
            return
        wrong_way = (
            self.target < self.baseline
            if self.direction == self.Direction.HIGHER
            else self.target > self.baseline
        )
        if wrong_way:
            raise ValidationError(
                {"target": "The target must improve on the baseline in the chosen direction."}
            )


class OutcomeActual(DomainModel):
    partnership_path = "measure__work_package__partnership"  # how cip.history finds its partnership
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="actuals")
    period = models.CharField(max_length=60, help_text="For example: Summer 2019, Q1 2021/22")
    period_end = models.DateField(help_text="The last day of the period")
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["measure", "period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_end"],
                name="outcome_actual_one_per_period",
                violation_error_message="The measure already has an actual for this period.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class WorkPackageEvent(DomainModel):
    """One dated step in a work package's (or its contract's) lifecycle: the timeline."""

    partnership_path = "work_package__partnership"  # how cip.history finds its partnership

    class Kind(models.TextChoices):
        STAGE = "stage", "Stage"
        CONTRACT = "contract", "Contract"
        RAG = "rag", "RAG status"
        NOTE = "note", "Milestone"

    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="events")
    contract = models.ForeignKey(
        DeliveryContract,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    from_value = models.CharField(max_length=30, blank=True)
    to_value = models.CharField(max_length=30, blank=True)
    description = models.CharField(max_length=300)
    decision = models.ForeignKey(
        "cip.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["work_package", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.description}"


class Home(DomainModel):
    """A CIP home: the provision a work package delivers (such as a property), recorded in the
    placement log as a provider and/or an Ofsted URN, with its places and opening date. The
    realised savings (workpackages.evidence) count the children placed in it from then."""

    partnership_path = "work_package__partnership"  # how cip.history finds its partnership
    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="homes")
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(
        "placements.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cip_homes",
        help_text="The provider the placement log records for this home",
    )
    urn = models.CharField(
        "Ofsted URN",
        max_length=8,
        blank=True,
        help_text="The URN the placement log records for this home, for example SC040532",
    )
    places = models.PositiveSmallIntegerField(
        "number of places",
        validators=[
            MinValueValidator(1, message="Number of places must be at least 1"),
            MaxValueValidator(500, message="Number of places must be 500 or fewer"),
        ],
    )
    opened_on = models.DateField("opening date")

    class Meta:
        ordering = ["work_package", "opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(provider__isnull=True, urn=""),
                name="home_has_provider_or_urn",
                violation_error_message="Give the home's provider or its Ofsted URN (or both).",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="home_at_least_one_place",
                violation_error_message="A home has at least one place.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.urn = self.urn.strip().upper()
        if not self.provider_id and not self.urn:
            raise ValidationError({"urn": "Give the home's provider or its Ofsted URN (or both)."})
        if (
            self.provider_id
            and self.work_package_id
            and self.provider.partnership_id != self.work_package.partnership_id
        ):
            raise ValidationError({"provider": "Choose one of this partnership's providers."})
