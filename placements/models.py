"""The placement log: pseudonymous children, a provider register and SSDA903 episodes.

A child is only a keyed hash of the case-system ID (see `child_reference` below), with the
month and year of birth and the sex. No name, address, full date of birth or UPN is stored.
"""

import hashlib
import hmac
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Cast
from django.urls import reverse

from cip.models import Archivable, DomainModel, LiveManager, Partnership
from placements import calculations, codes

# A weekly cost above this needs a confirmation (PlacementSettings.weekly_cost_ceiling).
DEFAULT_WEEKLY_COST_CEILING = Decimal("25000")


class PlacementSettings(DomainModel):
    """A partnership's own facts for the measures: which postcode districts are 'in county',
    the child population for the rate per 10,000, and the comparator rates."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="placement_settings"
    )
    county_districts = models.TextField(
        "Postcode districts in the county",
        blank=True,
        max_length=2000,
        help_text="Outward codes separated by spaces or commas, for example LE1 LE2 LE67",
    )
    under_18_population = models.PositiveIntegerField(
        "Children under 18 in the area",
        null=True,
        blank=True,
        help_text="The population estimate that the rate per 10,000 children divides by",
    )
    population_year = models.PositiveSmallIntegerField(
        "Year of the population estimate", null=True, blank=True
    )
    statistical_neighbours_rate = models.DecimalField(
        "Statistical neighbours' rate per 10,000",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    region_rate = models.DecimalField(
        "Region's rate per 10,000",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    england_rate = models.DecimalField(
        "England's rate per 10,000",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    weekly_cost_ceiling = models.DecimalField(
        "Highest weekly cost without a confirmation",
        max_digits=14,
        decimal_places=2,
        default=DEFAULT_WEEKLY_COST_CEILING,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="A placement's weekly cost above this must be confirmed when it is entered",
    )

    class Meta:
        verbose_name_plural = "placement settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0}) | Q(**{f"{name}__isnull": True}),
                name=f"placement_settings_{name}_not_negative",
                violation_error_message=f"The {label} cannot be negative.",
            )
            for name, label in (
                ("statistical_neighbours_rate", "statistical neighbours' rate"),
                ("region_rate", "region's rate"),
                ("england_rate", "England's rate"),
            )
        ] + [
            models.CheckConstraint(
                condition=Q(weekly_cost_ceiling__gt=0),
                name="placement_settings_cost_ceiling_positive",
                violation_error_message="The highest weekly cost must be more than £0.",
            )
        ]

    def __str__(self) -> str:
        return f"Placement settings ({self.partnership})"

    @property
    def districts(self) -> frozenset[str]:
        return calculations.parse_districts(self.county_districts)


class Child(DomainModel):
    class Sex(models.TextChoices):
        MALE = "1", "Male"
        FEMALE = "2", "Female"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="children")
    reference = models.CharField(
        max_length=64,
        editable=False,
        help_text="HMAC-SHA256 of the case-system ID; the ID itself is never stored",
    )
    birth_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    birth_month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    sex = models.CharField(max_length=1, choices=Sex.choices)

    class Meta:
        ordering = ["reference"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"],
                name="child_reference_unique_in_partnership",
                violation_error_message="This child is already on the log.",
            ),
            models.CheckConstraint(
                condition=Q(birth_month__gte=1) & Q(birth_month__lte=12),
                name="child_birth_month_in_range",
                violation_error_message="The month of birth must be between 1 and 12.",
            ),
        ]

    def __str__(self) -> str:
        return f"Child {self.short_reference}"

    @property
    def short_reference(self) -> str:
        return self.reference[:10]

    @property
    def birth(self) -> str:
        return date(self.birth_year, self.birth_month, 1).strftime("%B %Y")

    def get_absolute_url(self) -> str:
        return reverse(
            "placements:child-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )


class ProviderQuerySet(models.QuerySet):
    def ranked(self):
        """Best value first: price per unit of quality, unscored providers last."""
        # For ordering only (a float, so SQLite does not divide whole numbers as integers);
        # the figure shown comes from calculations.price_per_quality, in Decimal.
        per_quality = Cast("weekly_price", models.FloatField()) / Cast(
            "quality_score", models.FloatField()
        )
        return self.annotate(
            price_per_quality=models.Case(
                models.When(weekly_price__isnull=False, quality_score__gt=0, then=per_quality),
                default=None,
            ),
            open_placements=Count("episodes", filter=Q(episodes__dec__isnull=True)),
        ).order_by(models.F("price_per_quality").asc(nulls_last=True), "name", "pk")


class Provider(Archivable, DomainModel):
    class FrameworkStatus(models.TextChoices):
        PREFERRED = "preferred", "Preferred provider"
        RESERVE = "reserve", "Reserve preferred provider"
        OTHER = "other", "Other framework provider"
        OFF = "off", "Off-framework"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="providers")
    name = models.CharField(max_length=200)
    ofsted_urn = models.CharField(
        "Ofsted URN", max_length=8, blank=True, help_text="For example SC040532"
    )
    provider_type = models.CharField(
        "Provider type (PLACE_PROVIDER)", max_length=3, choices=codes.choices("PLACE_PROVIDER")
    )
    councils_own = models.BooleanField("The council's own provision", default=False)
    framework_status = models.CharField(
        max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.OFF
    )
    weekly_price = models.DecimalField(
        "Framework weekly price", max_digits=14, decimal_places=2, null=True, blank=True
    )
    quality_score = models.DecimalField(
        "Quality score",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Out of 100, from the framework's evaluation",
    )

    objects = LiveManager.from_queryset(ProviderQuerySet)()
    all_objects = models.Manager.from_queryset(ProviderQuerySet)()
    archive_list_url = "placements:provider-list"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="provider_name_unique_in_partnership",
                violation_error_message="There is already a provider with this name.",
            ),
            models.CheckConstraint(
                condition=Q(weekly_price__gte=0) | Q(weekly_price__isnull=True),
                name="provider_price_not_negative",
                violation_error_message="The weekly price cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(quality_score__gte=0, quality_score__lte=100)
                | Q(quality_score__isnull=True),
                name="provider_quality_between_0_and_100",
                violation_error_message="The quality score must be between 0 and 100.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def archive_blockers(self) -> list[str]:
        if self.episodes.filter(dec__isnull=True).exists():
            return ["Children are placed with it now: end their placements first."]
        return []

    @property
    def price_quality(self) -> Decimal | None:
        return calculations.price_per_quality(self.weekly_price, self.quality_score)


# A child's year × 12 + month of birth, from an episode (see calculations.adult_born_by).
BORN = models.F("child__birth_year") * 12 + models.F("child__birth_month")


class EpisodeQuerySet(models.QuerySet):
    def open_on(self, day: date):
        return self.filter(Q(dec__isnull=True) | Q(dec__gt=day), decom__lte=day)

    def overlapping(self, first: date, last: date):
        return self.filter(Q(dec__isnull=True) | Q(dec__gt=first), decom__lte=last)

    def looked_after_on(self, day: date):
        """Episodes that count a child as looked after on `day`: short breaks excluded, and
        so are children 18 or over that day (from the month and year of birth)."""
        return (
            self.open_on(day)
            .exclude(ls__in=calculations.SHORT_BREAKS)
            .alias(born=BORN)
            .filter(born__gt=calculations.adult_born_by(day))
        )

    def in_cip_provision(self):
        return self.filter(work_package__isnull=False)


class Episode(DomainModel):
    class Route(models.TextChoices):
        IN_HOUSE = "in_house", "In-house"
        FRAMEWORK = "framework", "Framework"
        SPOT = "spot", "Spot purchase (off-framework)"

    class Location(models.TextChoices):
        DERIVED = "", "Work it out from the placement postcode"
        IN = "in", "In county"
        OUT = "out", "Out of county"

    # Its own narrow index serves the placement figures' data stamp (placements.measures),
    # which counts the partnership's rows: 178 ms at 480,000 episodes, 254 ms by the wider
    # composite indexes (a parallel sequential scan).
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="episodes")
    # Indexed by the unique (child, decom), which leads with it.
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="episodes", db_index=False
    )
    decom = models.DateField("Start date (DECOM)")
    dec = models.DateField("End date (DEC)", null=True, blank=True)
    rne = models.CharField(
        "Reason for new episode (RNE)", max_length=1, choices=codes.choices("RNE")
    )
    ls = models.CharField("Legal status (LS)", max_length=2, choices=codes.choices("LS"))
    cin = models.CharField("Category of need (CIN)", max_length=2, choices=codes.choices("CIN"))
    place = models.CharField("Placement type (PLACE)", max_length=3, choices=codes.choices("PLACE"))
    place_provider = models.CharField(
        "Placement provider (PLACE_PROVIDER)",
        max_length=3,
        choices=codes.choices("PLACE_PROVIDER"),
        blank=True,
    )
    rec = models.CharField(
        "Reason episode ceased (REC)", max_length=3, choices=codes.choices("REC"), blank=True
    )
    reason_place_change = models.CharField(
        "Reason for placement change (REASON_PLACE_CHANGE)",
        max_length=6,
        choices=codes.choices("REASON_PLACE_CHANGE"),
        blank=True,
    )
    home_post = models.CharField(
        "Home postcode sector (HOME_POST)",
        max_length=8,
        blank=True,
        help_text="The postcode sector only, for example LE11 3; a full postcode is cut to this",
    )
    pl_post = models.CharField(
        "Placement postcode sector (PL_POST)",
        max_length=8,
        blank=True,
        help_text="The postcode sector only, for example LE16 7; a full postcode is cut to this",
    )
    urn = models.CharField("Ofsted URN (URN)", max_length=8, blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="episodes"
    )
    location = models.CharField(
        "In or out of county",
        max_length=3,
        choices=Location.choices,
        blank=True,
        default=Location.DERIVED,
    )
    in_county = models.BooleanField(
        null=True, editable=False, help_text="The location override, or else the postcode's"
    )
    weekly_cost = models.DecimalField(
        "Weekly cost", max_digits=14, decimal_places=2, null=True, blank=True
    )
    purchase_route = models.CharField(max_length=10, choices=Route.choices, blank=True)
    work_package = models.ForeignKey(
        "workpackages.WorkPackage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_episodes",
        help_text="The CIP work package whose provision this placement uses, such as a property",
        db_index=False,  # indexed where set (Meta.indexes): few episodes are in CIP provision
    )

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-decom", "pk"]
        # Which query each serves: docs/architecture.md, "Indexes and bulk writes".
        indexes = [
            models.Index(fields=["partnership", "decom", "dec"]),
            models.Index(fields=["partnership", "dec"], name="episode_partnership_end_idx"),
            models.Index(
                fields=["partnership", "place", "in_county"], name="episode_partnership_place_idx"
            ),
            models.Index(
                fields=["work_package"],
                condition=Q(work_package__isnull=False),
                name="episode_work_package_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "decom"],
                name="episode_one_start_per_child_and_day",
                violation_error_message="This child already has an episode starting that day.",
            ),
            models.CheckConstraint(
                condition=Q(dec__isnull=True) | Q(dec__gte=models.F("decom")),
                name="episode_ends_on_or_after_it_starts",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(weekly_cost__gte=0) | Q(weekly_cost__isnull=True),
                name="episode_cost_not_negative",
                violation_error_message="The weekly cost cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} from {self.decom:%d/%m/%Y}"

    @property
    def category(self) -> calculations.Category:
        return calculations.category(self.place, self.place_provider)

    @property
    def is_open(self) -> bool:
        return self.dec is None

    def clean(self):
        super().clean()
        for name in ("child", "provider", "work_package"):
            related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if related is not None and related.partnership_id != self.partnership_id:
                raise ValidationError({name: "Choose one of this partnership's records."})
        errors = {}
        today = date.today()
        if self.decom and self.decom > today:
            errors["decom"] = "The start date cannot be after today."
        if self.dec and self.dec > today:
            errors["dec"] = "The end date cannot be after today."
        child = self.child if self.child_id else None
        if "decom" not in errors and self.decom and child is not None:
            why = calculations.age_problem((child.birth_year, child.birth_month), self.decom)
            if why:
                errors["decom"] = why + "."
        if errors:
            raise ValidationError(errors)

    def derive_route(self) -> None:
        """Set `purchase_route` from PLACE_PROVIDER and the provider (`purchase_route`), as
        the import does for each episode it writes."""
        self.purchase_route = purchase_route(
            self.place_provider, self.provider if self.provider_id else None
        )

    def derive_location(self, districts) -> None:
        """Set `in_county` from the user's choice, or else from the placement postcode."""
        if self.location:
            self.in_county = self.location == self.Location.IN
        else:
            self.in_county = calculations.in_county(self.pl_post, districts)


class Return(DomainModel):
    """One SSDA903 upload: its files, who loaded it and when, how far the background import
    has got, what it found (its problems and the DfE's rules), and which collection years its
    episodes cover. The files' bytes (which carry case IDs and full dates of birth) are kept
    only until the worker has read them, and then cleared."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Not imported"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="returns")
    # Emptied when the person is deleted (SET_NULL), so it may be blank: a later versioned save
    # of the record (full_clean) must not refuse the empty field.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    header_name = models.CharField("Header file", max_length=255)
    episodes_name = models.CharField("Episodes file", max_length=255)
    header_data = models.BinaryField(null=True, blank=True, editable=False)
    episodes_data = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=200, blank=True, help_text="What it is doing now")
    rows_read = models.PositiveIntegerField(default=0)
    problems_found = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True, help_text="The first problems found")
    # The collection year (by the year it ends in) of the latest date in the episodes file:
    # the year the return is for. Its episodes may have begun years before.
    collection_year = models.PositiveSmallIntegerField(null=True, blank=True)
    children_created = models.PositiveIntegerField(default=0)
    children_updated = models.PositiveIntegerField(default=0)
    episodes_created = models.PositiveIntegerField(default=0)
    episodes_updated = models.PositiveIntegerField(default=0)
    # The DfE's rules (csc-validator-be-903): one {rule, message, file, row, column, blocking}
    # a failing cell, and why they did not run if they could not.
    dfe_findings = models.JSONField(default=list, blank=True)
    dfe_total = models.PositiveIntegerField(default=0, help_text="Failing rows, all rules")
    dfe_blocking = models.PositiveIntegerField(default=0, help_text="Of which stop the import")
    dfe_ruleset = models.CharField(max_length=20, blank=True)
    dfe_not_run = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the worker last showed progress (started, moved to the next step, or read more
    # rows): a return that shows none for RETURN_STUCK_AFTER can be marked as failed.
    progress_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"SSDA903 return {self.episodes_name} ({self.created_at:%d/%m/%Y %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse(
            "placements:return-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.IMPORTED, self.Status.REFUSED, self.Status.FAILED)

    @property
    def no_worker_yet(self) -> bool:
        """Queued for longer than a worker takes to pick it up: no worker may be running."""
        from django.utils import timezone

        return (
            self.status == self.Status.QUEUED
            and timezone.now() - self.created_at > RETURN_WORKER_PICKUP
        )

    def is_stuck(self, last_progress=None) -> bool:
        """Waiting or in progress, with no progress for RETURN_STUCK_AFTER (its worker died,
        or none runs): `last_progress` is any later sign of life than the row's own (the
        progress file an import on SQLite writes)."""
        from django.utils import timezone

        if self.is_finished:
            return False
        last = max(t for t in (self.created_at, self.progress_at, last_progress) if t)
        return timezone.now() - last > RETURN_STUCK_AFTER

    @property
    def year_label(self) -> str:
        return (
            ""
            if self.collection_year is None
            else codes.collection_year_label(self.collection_year)
        )

    @property
    def warnings(self) -> int:
        return self.dfe_total - self.dfe_blocking

    @property
    def blocking(self) -> int:
        return self.dfe_blocking


# A running worker polls the queue every second (as for PDFs, reports.models).
RETURN_WORKER_PICKUP = timedelta(minutes=1)
# No sign of progress for this long: the worker has died (the DfE's rules, the longest step
# without one, time out after 15 minutes: placements.dfe.TIMEOUT_SECONDS).
RETURN_STUCK_AFTER = timedelta(minutes=30)


# --- readers every module of the app needs (the importer, forms, measures) ---------------


def purchase_route(place_provider: str, provider: Provider | None) -> str:
    """How a placement is bought: in-house when the council provides it (PLACE_PROVIDER
    PR1), else by the provider's framework status (spot when off the framework), or not
    known without a provider."""
    if place_provider == "PR1":
        return Episode.Route.IN_HOUSE
    if provider is None:
        return ""
    if provider.framework_status == Provider.FrameworkStatus.OFF:
        return Episode.Route.SPOT
    return Episode.Route.FRAMEWORK


def child_reference(case_id: str) -> str:
    """The pseudonymous reference of a case-system ID: HMAC-SHA256 keyed by PSEUDONYM_KEY.

    The same ID always gives the same reference, so a re-import finds the same child; without
    the key the ID cannot be recovered or guessed by hashing candidate IDs."""
    key = settings.PSEUDONYM_KEY.encode()
    return hmac.digest(key, case_id.strip().encode(), hashlib.sha256).hex()


def settings_for(partnership: Partnership) -> PlacementSettings:
    """The partnership's placement settings, unsaved defaults when none are recorded yet."""
    found = PlacementSettings.objects.filter(partnership=partnership).first()
    return found or PlacementSettings(partnership=partnership)
