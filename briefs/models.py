from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cip.models import Archivable, DomainModel, LiveManager, Organisation, Partnership


class PriorityArea(Archivable, DomainModel):
    """A priority of the partnership's Care Placement Strategy, configured by administrators."""

    archive_needs = ("manage",)
    archive_list_url = "briefs:priority-area-list"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="priority_areas"
    )
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(
        default=1, help_text="Where it comes in the strategy's list, 1 first"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="priority_area_name_unique_in_partnership",
                violation_error_message="The partnership already has a priority with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DesignBriefQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("priority_area").annotate(
            task_count=models.Count("tasks", distinct=True),
            member_count=models.Count("members", distinct=True),
        )


class DesignBrief(Archivable, DomainModel):
    """A brief the board issues to a joint design team for one priority area."""

    archive_list_url = "briefs:brief-list"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        IN_DESIGN = "in_design", "In design"
        RECOMMENDATIONS_MADE = "recommendations_made", "Recommendations made"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="design_briefs"
    )
    number = models.PositiveSmallIntegerField(help_text="Brief 1, Brief 2, …")
    title = models.CharField(max_length=200)
    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs",
        help_text="From the partnership's Care Placement Strategy priorities",
    )
    purpose = models.TextField(blank=True)
    issue_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    findings = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    agreed_by = models.ForeignKey(
        "cip.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The board decision that agreed the brief",
    )

    objects = LiveManager.from_queryset(DesignBriefQuerySet)()
    all_objects = models.Manager.from_queryset(DesignBriefQuerySet)()

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"],
                name="design_brief_number_unique_in_partnership",
                violation_error_message="The partnership already has a brief with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="design_brief_number_positive",
                violation_error_message="The brief number must be 1 or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"Brief {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("briefs:brief-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self):
        super().clean()
        if (
            self.priority_area_id
            and self.partnership_id
            and self.priority_area.partnership_id != self.partnership_id
        ):
            raise ValidationError({"priority_area": "Choose a priority area of this partnership."})


class BriefTask(DomainModel):
    partnership_path = "brief__partnership"  # how cip.history finds its partnership
    brief = models.ForeignKey(DesignBrief, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(help_text="Task 1 comes first")
    description = models.TextField()
    done = models.BooleanField("Done", default=False)

    class Meta:
        ordering = ["brief", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["brief", "order"],
                name="brief_task_order_unique_in_brief",
                violation_error_message="The brief already has a task with this number.",
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="brief_task_order_positive",
                violation_error_message="The task number must be 1 or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"Task {self.order}"


class DesignTeamMember(DomainModel):
    """A service expert seconded to the brief's design team by one side or the other."""

    partnership_path = "brief__partnership"  # how cip.history finds its partnership

    brief = models.ForeignKey(DesignBrief, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    expertise = models.CharField(max_length=200, blank=True)
    is_lead = models.BooleanField(
        "Lead for their organisation",
        default=False,
        help_text="Each side names one lead for the design team",
    )

    class Meta:
        ordering = ["brief", "-is_lead", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brief", "organisation"],
                condition=Q(is_lead=True),
                name="design_team_one_lead_per_organisation",
                violation_error_message="This organisation already has a lead on the team.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ResearchItem(DomainModel):
    """Research commissioned for a brief, such as the partner's data-analysis project."""

    partnership_path = "brief__partnership"  # how cip.history finds its partnership

    brief = models.ForeignKey(DesignBrief, on_delete=models.CASCADE, related_name="research")
    title = models.CharField(max_length=200)
    commissioned_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(blank=True)
    commissioned_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["brief", "title"]

    def __str__(self) -> str:
        return self.title


class DocumentLink(DomainModel):
    partnership_path = "brief__partnership"  # how cip.history finds its partnership
    brief = models.ForeignKey(DesignBrief, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    url = models.URLField("Link", max_length=500)

    class Meta:
        ordering = ["brief", "title"]

    def __str__(self) -> str:
        return self.title


class BriefEvent(DomainModel):
    """One dated step in a brief's lifecycle: the timeline on its page."""

    partnership_path = "brief__partnership"  # how cip.history finds its partnership

    brief = models.ForeignKey(DesignBrief, on_delete=models.CASCADE, related_name="events")
    date = models.DateField()
    from_status = models.CharField(max_length=30, choices=DesignBrief.Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=DesignBrief.Status.choices, blank=True)
    description = models.CharField(max_length=300)
    decision = models.ForeignKey(
        "cip.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["brief", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.description}"
