"""Saved demand forecasts: a reference window, a horizon, unit costs and one scenario, with the
results the worker computed (forecast/calculations.py). Aggregate figures only: no child."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cip.models import DomainModel, Partnership
from forecast.calculations import CATEGORY_LABELS

CATEGORY_CHOICES = list(CATEGORY_LABELS.items())
RATE_FROM_CHOICES = [("entry", "Entries into care"), *CATEGORY_CHOICES]
RATE_TO_CHOICES = [*CATEGORY_CHOICES, ("exit", "Leaving care")]
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
    cost_fostering = models.DecimalField(
        "Weekly cost of fostering",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty to use the median weekly cost in the placement log",
    )
    cost_residential = models.DecimalField(
        "Weekly cost of residential care",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty to use the median weekly cost in the placement log",
    )
    cost_supported = models.DecimalField(
        "Weekly cost of supported accommodation",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty to use the median weekly cost in the placement log",
    )
    cost_other = models.DecimalField(
        "Weekly cost of other placements",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave empty to use the median weekly cost in the placement log",
    )
    scenario_name = models.CharField(
        "Scenario",
        max_length=200,
        blank=True,
        help_text="For example, Properties 1 to 4 open. Leave empty for the baseline alone",
    )
    rate_from = models.CharField(
        "Change the rate of moves from", max_length=12, choices=RATE_FROM_CHOICES, blank=True
    )
    rate_to = models.CharField("to", max_length=12, choices=RATE_TO_CHOICES, blank=True)
    rate_percent = models.DecimalField(
        "by this percentage",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(1000)],
        help_text="For example -20 for a fifth fewer, 10 for a tenth more",
    )
    move_children = models.PositiveIntegerField(
        "Move this many children",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100000)],
        help_text="On the first day of the projection, for example 9",
    )
    move_from = models.CharField("from", max_length=12, choices=CATEGORY_CHOICES, blank=True)
    move_to = models.CharField("to", max_length=12, choices=CATEGORY_CHOICES, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
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
        rate = (self.rate_from, self.rate_to, self.rate_percent)
        if any(v not in ("", None) for v in rate) and any(v in ("", None) for v in rate):
            errors["rate_percent"] = (
                "To change a rate, choose where the moves are from and to, and the percentage."
            )
        if self.rate_from == "entry" and self.rate_to == "exit":
            errors["rate_to"] = "Entries go into a placement category, not out of care."
        move = (self.move_children, self.move_from, self.move_to)
        if any(v not in ("", None) for v in move) and any(v in ("", None) for v in move):
            errors["move_children"] = (
                "To move children, give how many and the categories they move from and to."
            )
        if self.move_from and self.move_from == self.move_to:
            errors["move_to"] = "Children must move to a different category."
        if self.has_scenario and not self.scenario_name:
            errors["scenario_name"] = "Name the scenario, for example Properties 1 to 4 open."
        if errors:
            raise ValidationError(errors)

    @property
    def has_scenario(self) -> bool:
        return bool(self.rate_from or self.move_children)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def no_worker_yet(self) -> bool:
        """Queued for longer than a worker takes to pick it up: no worker may be running."""
        waited = timezone.now() - self.created_at
        return self.status == self.Status.QUEUED and waited > WORKER_PICKUP

    @property
    def entered_costs(self) -> dict:
        return {
            "fostering": self.cost_fostering,
            "residential": self.cost_residential,
            "supported": self.cost_supported,
            "other": self.cost_other,
        }
