"""Saved demand forecasts: a reference window, a horizon, unit costs by category and route, and
a scenario of adjustments, with the results the worker computed (forecast/calculations.py).
Aggregate figures only: no child."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cip.models import DomainModel, Partnership
from forecast.calculations import CATEGORY_LABELS, ROUTE_LABELS, Adjustment

CATEGORY_CHOICES = list(CATEGORY_LABELS.items())
RATE_FROM_CHOICES = [("entry", "Entries into care"), *CATEGORY_CHOICES]
RATE_TO_CHOICES = [*CATEGORY_CHOICES, ("exit", "Leaving care")]
ROUTE_CHOICES = list(ROUTE_LABELS.items())
CATEGORIES = [c for c, _label in CATEGORY_CHOICES]
# A running worker polls the queue every second; a forecast untouched after this long means
# none is running, and the waiting page says what to start.
WORKER_PICKUP = timedelta(minutes=1)


class Forecast(DomainModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="forecasts")
    name = models.CharField(
        max_length=200, help_text="For example, Baseline with Properties 1 to 4"
    )
    window_start = models.DateField(
        "Reference window from", help_text="Rates are estimated from this day, for example 1 4 2022"
    )
    window_end = models.DateField(
        "Reference window to", help_text="The projection starts from the population on this day"
    )
    horizon_years = models.PositiveSmallIntegerField(
        "Years ahead",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="From 1 to 5",
    )
    scenario_name = models.CharField(
        "Scenario",
        max_length=200,
        blank=True,
        help_text="For example, Properties 1 to 4 open. Leave empty for the baseline alone",
    )

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, editable=False
    )
    progress = models.PositiveSmallIntegerField(default=0, editable=False)
    step = models.CharField(max_length=200, blank=True, editable=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    results = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")),
                name="forecast_window_ends_after_start",
                violation_error_message="The reference window must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(horizon_years__gte=1) & Q(horizon_years__lte=5),
                name="forecast_horizon_1_to_5_years",
                violation_error_message="A forecast looks 1 to 5 years ahead.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forecast:detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.window_start and self.window_end and self.window_end <= self.window_start:
            errors["window_end"] = "The reference window must end after it starts."
        if errors:
            raise ValidationError(errors)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def no_worker_yet(self) -> bool:
        """Queued for longer than a worker takes to pick it up: no worker may be running."""
        waited = timezone.now() - self.created_at
        return self.status == self.Status.QUEUED and waited > WORKER_PICKUP


class ForecastAdjustment(DomainModel):
    """One of a scenario's changes, in the order entered: a rate change for a category (both
    routes), or children moved on the first day between (category, route) pairs (a blank
    route: either route in proportion, or into the category's routes as its inflows are)."""

    partnership_path = "forecast__partnership"  # how cip.history finds its partnership

    class Kind(models.TextChoices):
        RATE = "rate", "Change a rate"
        MOVE = "move", "Move children"

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="adjustments")
    position = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    kind = models.CharField(max_length=4, choices=Kind.choices)
    from_category = models.CharField("from", max_length=12, choices=RATE_FROM_CHOICES)
    from_route = models.CharField(max_length=10, choices=ROUTE_CHOICES, blank=True)
    to_category = models.CharField("to", max_length=12, choices=RATE_TO_CHOICES)
    to_route = models.CharField(max_length=10, choices=ROUTE_CHOICES, blank=True)
    percent = models.DecimalField(
        "percentage",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(1000)],
    )
    children = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )

    class Meta:
        ordering = ["forecast", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "position"], name="forecast_adjustment_position_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="rate")
                    & Q(percent__isnull=False, percent__gte=-100, percent__lte=1000)
                    & Q(children__isnull=True, from_route="", to_route="")
                    & ~Q(from_category="entry", to_category="exit")
                )
                | (
                    Q(kind="move")
                    & Q(children__isnull=False, children__gte=1, children__lte=100000)
                    & Q(percent__isnull=True)
                    & ~Q(from_category="entry")
                    & ~Q(to_category="exit")
                    & (
                        ~Q(from_category=models.F("to_category"))
                        | (
                            ~Q(from_route="")
                            & ~Q(to_route="")
                            & ~Q(from_route=models.F("to_route"))
                        )
                    )
                ),
                name="forecast_adjustment_rate_or_move_valid",
                violation_error_message=(
                    "An adjustment changes a rate by a percentage, or moves a number of "
                    "children between two different places."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Adjustment {self.position}: {self.describe()}"

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.RATE:
            if self.percent is None:
                errors["percent"] = "Give the percentage change, for example -10."
            if self.from_route or self.to_route:
                errors["from_category"] = (
                    "A rate change applies to a category (both routes): "
                    "choose a category without a route."
                )
            if self.from_category == "entry" and self.to_category == "exit":
                errors["to_category"] = "Entries go into a placement category, not out of care."
        elif self.kind == self.Kind.MOVE:
            if not self.children:
                errors["children"] = "Give how many children move, for example 9."
            if self.from_category == "entry":
                errors["from_category"] = "Children move from a placement category."
            if self.to_category == "exit":
                errors["to_category"] = "Children move to a placement category."
            same = (self.from_category, self.from_route) == (self.to_category, self.to_route)
            if self.from_category == self.to_category and (
                same or not self.from_route or not self.to_route
            ):
                errors.setdefault(
                    "to_category",
                    "Children must move to a different category, or the same category "
                    "with the other route.",
                )
        if errors:
            raise ValidationError(errors)

    def as_calculation(self) -> Adjustment:
        return Adjustment(
            self.kind,
            self.from_category,
            self.to_category,
            percent=float(self.percent or 0),
            children=self.children or 0,
            from_route=self.from_route,
            to_route=self.to_route,
        )

    def describe(self) -> str:
        return self.as_calculation().describe()


class ForecastUnitCost(DomainModel):
    """A weekly cost entered for a category and route; where none is entered the forecast
    takes the log's median (forecast/engine.py)."""

    partnership_path = "forecast__partnership"  # how cip.history finds its partnership

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="unit_costs")
    category = models.CharField(max_length=12, choices=CATEGORY_CHOICES)
    route = models.CharField(max_length=10, choices=ROUTE_CHOICES)
    weekly_cost = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["forecast", "category", "route"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "category", "route"], name="forecast_unit_cost_unique"
            ),
            models.CheckConstraint(
                condition=Q(weekly_cost__gte=0),
                name="forecast_unit_cost_not_negative",
                violation_error_message="A weekly cost cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}, {self.get_route_display().lower()}"
