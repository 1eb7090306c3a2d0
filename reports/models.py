"""Committee reports in the council's template, their frozen final versions and the exports
that render them in the background.

These models belong to the core `cip` app (imported at the bottom of cip/models.py), so their
tables and migrations are `cip_*`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cip.models import Archivable, DomainModel, Partnership

__all__ = ["Export", "FinalVersion", "Report", "ReportSection"]


class Report(Archivable, DomainModel):
    """A Cabinet or Scrutiny report, or a CIP Board pack. Its sections hold the narrative."""

    archive_needs = ("export",)
    archive_list_url = "reports:report-list"

    class Kind(models.TextChoices):
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Overview and Scrutiny Committee"
        BOARD_PACK = "board_pack", "CIP Board pack"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    committee = models.CharField(
        max_length=200,
        help_text="As the title block gives it, for example: Children and Families Overview "
        "and Scrutiny Committee",
    )
    meeting_date = models.DateField("meeting date")
    title = models.CharField(max_length=200)
    director = models.CharField(
        "Report of the Director of",
        max_length=200,
        blank=True,
        help_text="For example: Children and Family Services",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    meeting = models.ForeignKey(
        "cip.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_packs",
        verbose_name="board meeting",
        help_text="For a board pack: the meeting whose agenda, minutes and actions it carries",
    )
    include_business_cases = models.BooleanField("Appendix: business case summaries", default=True)
    include_funding = models.BooleanField("Appendix: funding awards", default=True)
    include_placements = models.BooleanField("Appendix: placement measures", default=True)
    include_risks = models.BooleanField("Appendix: risk register", default=False)
    include_forecast = models.BooleanField("Appendix: demand forecast", default=False)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="later_drafts",
        help_text="The final report this draft was started from",
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-meeting_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="board_pack") | Q(meeting__isnull=False),
                name="report_board_pack_has_a_meeting",
                violation_error_message="A board pack needs the board meeting it is for.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()}, {self.meeting_date:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:report-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def archive_blockers(self) -> list[str]:
        if self.is_final:
            return ["It is final: a published paper stays on the record."]
        return []

    @property
    def is_board_pack(self) -> bool:
        return self.kind == self.Kind.BOARD_PACK


class ReportSection(DomainModel):
    """One heading of the template and its narrative, stored as plain text.

    The text convention (see reports/calculations.py): a blank line starts a new numbered
    paragraph; a line starting "(a)", "a." or "a)" is a sub-point; a line starting "## " is
    an unnumbered sub-heading. The text is always escaped when rendered.
    """

    partnership_path = "report__partnership"  # how cip.history finds its partnership

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=30, help_text="Which heading of the template")
    heading = models.CharField(max_length=200)
    position = models.PositiveIntegerField(help_text="Order in the report, template order")
    text = models.TextField("narrative", blank=True)

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"],
                name="report_section_position_unique",
                violation_error_message="Another section already has this place in the report.",
            )
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url() + f"#section-{self.pk}"

    @property
    def is_own_heading(self) -> bool:
        return self.key == "body"


class FinalVersion(DomainModel):
    """A report frozen: the data it was made from, and the PDF rendered from that data alone.

    The snapshot is written when the report is marked final; the PDF is rendered from the
    snapshot by a background task, so later changes to live records cannot alter either.
    """

    partnership_path = "report__partnership"  # how cip.history finds its partnership

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="final_version")
    snapshot = models.JSONField(help_text="Everything the PDF shows, as it was when frozen")
    snapshot_sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # Emptied when the person is deleted (SET_NULL), so it may be blank: a later versioned save
    # of the record (full_clean) must not refuse the empty field.
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    failed = models.TextField(blank=True, help_text="Why the PDF could not be rendered")

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Final: {self.report.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:final-pdf", kwargs={"slug": self.report.partnership.slug, "pk": self.pk}
        )

    @property
    def filename(self) -> str:
        return f"{self.report.partnership.slug}-report-{self.report_id}-final.pdf"

    @property
    def no_worker_yet(self) -> bool:
        """Not rendered, not failed, and older than a worker takes to pick it up."""
        return not self.pdf_sha256 and not self.failed and _waited_a_minute(self.created_at)


# A running worker polls the queue every second; a task still untouched after this long means
# none is running, and the waiting page says what to start.
WORKER_PICKUP = timedelta(minutes=1)


def _waited_a_minute(since) -> bool:
    return timezone.now() - since > WORKER_PICKUP


class Export(DomainModel):
    """A file made in the background: a draft report's PDF or a board pack."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="exports")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="exports")
    # Emptied when the person is deleted (SET_NULL), so it may be blank: a later versioned save
    # of the record (full_clean) must not refuse the empty field.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    step = models.CharField(max_length=200, blank=True, help_text="What it is doing now")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, default="application/pdf")
    data = models.BinaryField(null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="export_progress_at_most_100",
                violation_error_message="Progress cannot be more than 100%.",
            )
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:export-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def no_worker_yet(self) -> bool:
        """Queued for longer than a worker takes to pick it up: no worker may be running."""
        return self.status == self.Status.QUEUED and _waited_a_minute(self.created_at)
