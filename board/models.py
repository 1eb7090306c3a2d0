"""Board governance: meetings, agenda items, decisions, actions, risks and secondments.

They keep the `cip` app label they were born with, so their tables and migrations are
`cip_*`; the kernel (cip/) does not import them. Other apps plug their records into
decisions and agenda items through the registry in cip/decisions.py.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from board import calculations
from cip.models import Archivable, DomainModel, LiveManager, Membership, Organisation, Partnership

__all__ = [
    "Action",
    "AgendaItem",
    "Attendee",
    "BoardSettings",
    "Decision",
    "Declaration",
    "ForwardPlanEntry",
    "Interest",
    "Meeting",
    "MinutesRecord",
    "Proposal",
    "ProposalVote",
    "Risk",
    "Secondment",
    "Vote",
]


class BoardSettings(DomainModel):
    """Per-partnership choices: the risk RAG bands, when the continuation banner appears, and
    the quorum for the board's decisions."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="board_settings"
    )
    amber_from = models.PositiveSmallIntegerField(
        "Amber from score",
        default=calculations.DEFAULT_AMBER_FROM,
        help_text="A risk scoring this or more (and less than the red score) is amber",
    )
    red_from = models.PositiveSmallIntegerField(
        "Red from score",
        default=calculations.DEFAULT_RED_FROM,
        help_text="A risk scoring this or more is red",
    )
    warning_days = models.PositiveSmallIntegerField(
        "Days of warning",
        default=calculations.DEFAULT_WARNING_DAYS,
        help_text="Warn every member this many days before the termination-notice date",
    )
    quorum_members = models.PositiveSmallIntegerField(
        "Quorum: members present",
        default=0,
        help_text="How many members of the partnership must be present for the board to "
        "decide; 0 for no quorum",
    )
    quorum_each_side = models.BooleanField(
        "At least one member from each organisation",
        default=False,
        help_text="The quorum needs a member from the council and one from the partner "
        "(as each membership records)",
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        verbose_name_plural = "board settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(amber_from__gte=2)
                & Q(red_from__gt=F("amber_from"))
                & Q(red_from__lte=25),
                name="board_settings_rag_bands_in_order",
                violation_error_message=(
                    "The amber score must be at least 2 and below the red score, "
                    "and the red score at most 25."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quorum_members__lte=100),
                name="board_settings_quorum_at_most_100",
                violation_error_message="The quorum must be 100 members or fewer.",
            ),
            models.CheckConstraint(
                condition=Q(warning_days__lte=366),
                name="board_settings_warning_at_most_a_year",
                violation_error_message="The days of warning must be 366 or fewer.",
            ),
        ]

    def __str__(self) -> str:
        return f"Board settings ({self.partnership})"


class Meeting(Archivable, DomainModel):
    archive_needs = ("decide",)
    archive_list_url = "board:meeting-list"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        SIGNED_OFF = "signed_off", "Minutes signed off"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_meetings"
    )
    title = models.CharField(max_length=200, default="CIP Board")
    date = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    signed_off_on = models.DateField(null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="signed_off") | Q(signed_off_on__isnull=False),
                name="meeting_signed_off_has_a_date",
                violation_error_message="Signed-off minutes need the date they were signed off.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "board:meeting-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )

    @property
    def is_signed_off(self) -> bool:
        return self.status == self.Status.SIGNED_OFF

    def archive_blockers(self) -> list[str]:
        # The minutes of a meeting are the board's record: only a meeting set up by mistake,
        # with nothing decided at it, is archived.
        blockers = []
        if self.is_signed_off:
            blockers.append("Its minutes are signed off.")
        if self.decisions.exists():
            blockers.append("Decisions were recorded at it.")
        if self.board_packs.exists():
            blockers.append("It has a board pack: archive the pack first.")
        return blockers


class Attendee(DomainModel):
    """A member of the partnership, or a named guest with their organisation."""

    partnership_path = "meeting__partnership"  # how cip.history finds its partnership

    class Attendance(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Member",
    )
    guest_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=150, blank=True, help_text="For example, Lead Member")
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.PRESENT
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_name=""))
                | (Q(user__isnull=True) & ~Q(guest_name="")),
                name="attendee_is_a_member_or_a_named_guest",
                violation_error_message="Choose a member, or name a guest, but not both.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="attendee_member_once_per_meeting",
                violation_error_message="This member is already listed for the meeting.",
            ),
        ]

    def __str__(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return self.guest_name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class AgendaItem(DomainModel):
    partnership_path = "meeting__partnership"  # how cip.history finds its partnership

    class Purpose(models.TextChoices):
        DECISION = "decision", "Decision"
        DISCUSSION = "discussion", "Discussion"
        NOTING = "noting", "Noting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(help_text="Where it comes on the agenda, 1 first")
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=150, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    paper_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paper_id = models.PositiveBigIntegerField(null=True, blank=True)
    paper = GenericForeignKey("paper_type", "paper_id")
    minutes = models.TextField(blank=True)

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_position_unique_in_meeting",
                violation_error_message="Another item already has this place on the agenda.",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="agenda_item_position_positive",
                violation_error_message="The place on the agenda must be 1 or more.",
            ),
            models.CheckConstraint(
                condition=Q(paper_type__isnull=True, paper_id__isnull=True)
                | Q(paper_type__isnull=False, paper_id__isnull=False),
                name="agenda_item_paper_complete",
                violation_error_message="A paper needs both its kind and its record.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Declaration(DomainModel):
    """A member's declaration of an interest in an agenda item. A member with a prejudicial
    interest takes no part in the vote (board.services.decision_record)."""

    partnership_path = "item__meeting__partnership"  # how cip.history finds its partnership

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Member"
    )
    interest = models.TextField(help_text="What the interest is, as the minutes record it")
    prejudicial = models.BooleanField(
        "Prejudicial interest",
        default=False,
        help_text="So significant that the member takes no part in the discussion or the vote",
    )
    registered = models.ForeignKey(
        "Interest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name="From the register of interests",
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "user"],
                name="declaration_once_per_member_and_item",
                violation_error_message="This member has already declared an interest in the item.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.interest[:60]}"


class DecisionQuerySet(models.QuerySet):
    def for_log(self):
        return self.select_related("meeting", "item", "corrects", "recorded_by")


class Decision(DomainModel):
    """What the board resolved on an agenda item, and the record it decided (if any)."""

    class Kind(models.TextChoices):
        BRIEF_AGREE = "brief_agree", "Agree a design brief"
        BUSINESS_CASE_APPROVE = "business_case_approve", "Approve a business case"
        CONTRACT_APPROVE = "contract_approve", "Approve a tier-2 contract"
        CONTINUATION = "continuation", "Continue into the next contract year"
        SECONDMENT_EXTEND = "secondment_extend", "Extend a secondment"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        DEFERRED = "deferred", "Deferred"
        REJECTED = "rejected", "Rejected"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_decisions"
    )
    number = models.PositiveIntegerField(
        editable=False, help_text="D1, D2, … in the log, until the minutes are signed off"
    )
    stable_reference = models.CharField(
        "reference",
        max_length=20,
        blank=True,
        editable=False,
        help_text="CIP-2021-07: given when the minutes are signed off, in date order within "
        "the year of the meeting, and never changed",
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    resolution = models.TextField(help_text="What the board resolved, as the minutes say it")
    record_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    record_label = models.CharField(
        max_length=300, blank=True, help_text="The record as it was named when decided"
    )
    new_end_date = models.DateField(
        "New end date",
        null=True,
        blank=True,
        help_text="For an extension: the date the secondment now ends",
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The earlier decision this one corrects",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-meeting__date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"],
                name="decision_number_unique_in_partnership",
                violation_error_message="The partnership already has a decision with this number.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "stable_reference"],
                condition=~Q(stable_reference=""),
                name="decision_reference_unique_in_partnership",
                violation_error_message="The partnership already has a decision with this "
                "reference.",
            ),
            models.CheckConstraint(
                condition=Q(record_type__isnull=True, record_id__isnull=True)
                | Q(record_type__isnull=False, record_id__isnull=False),
                name="decision_record_complete",
                violation_error_message="A decided record needs both its kind and its id.",
            ),
            models.CheckConstraint(
                condition=~Q(corrects=F("pk")),
                name="decision_does_not_correct_itself",
                violation_error_message="A decision cannot correct itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_kind_display()} ({self.get_outcome_display().lower()})"

    @property
    def reference(self) -> str:
        """CIP-2021-07 once the minutes are signed off; until then the running number, D12."""
        return self.stable_reference or f"D{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "board:decision-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )

    @property
    def is_frozen(self) -> bool:
        return self.meeting.is_signed_off

    def clean(self):
        if self.item_id and self.meeting_id and self.item.meeting_id != self.meeting_id:
            raise ValidationError({"item": "The item must be on the decision's meeting."})


class Vote(DomainModel):
    """How a member present at the meeting voted on a decision."""

    partnership_path = "decision__partnership"  # how cip.history finds its partnership

    class Choice(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"
        ABSTAIN = "abstain", "Abstained"
        # A member with a prejudicial interest in the item takes no part in the vote.
        NOT_VOTING = "not_voting", "Not voting (prejudicial interest)"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Member"
    )
    choice = models.CharField("Vote", max_length=20, choices=Choice.choices)

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "user"],
                name="vote_once_per_member_and_decision",
                violation_error_message="This member has already voted on the decision.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_choice_display()}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, today: date):
        return self.open().filter(due_date__lt=today)


class Action(Archivable, DomainModel):
    archive_needs = ("decide", "edit")
    archive_list_url = "board:action-list"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_actions"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="Raised at",
    )
    description = models.TextField()
    # The member who owns the action: the link the reminders digest follows. `owner` holds the
    # name shown everywhere: the member's name when one is chosen, otherwise typed in for
    # someone outside the partnership (who gets no digest).
    owner_member = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_actions",
        verbose_name="Owner (a member of the partnership)",
        help_text="Their daily reminders email lists the action",
    )
    owner = models.CharField(
        "Owner (someone outside the partnership)",
        max_length=150,
        blank=True,
        help_text="Their name or role, if no member owns the action",
    )
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    objects = LiveManager.from_queryset(ActionQuerySet)()
    all_objects = models.Manager.from_queryset(ActionQuerySet)()

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        super().clean()
        if self.owner_member_id is not None:
            member = self.owner_member
            if member.partnership_id != self.partnership_id:
                raise ValidationError({"owner_member": "Choose a member of this partnership."})
            self.owner = (member.user.get_full_name() or member.user.username)[:150]
        elif not self.owner.strip():
            raise ValidationError(
                {
                    "owner_member": "Choose the member who owns the action, or name someone "
                    "outside the partnership who does"
                }
            )

    def is_overdue(self, today: date) -> bool:
        return calculations.action_overdue(
            due=self.due_date, is_open=self.status in self.OPEN_STATUSES, today=today
        )


_ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(Archivable, DomainModel):
    """A risk on the register. The score is likelihood times impact; its history is in `history`.

    A risk is on the register from the day it was raised (`raised_on`) until the day it was
    closed (`closed_on`, set when its status becomes closed and cleared if it is reopened), so a
    paper of any date counts the risks open on that day (board/figures.py)."""

    archive_needs = ("decide", "edit")
    archive_list_url = "board:risk-list"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Likelihood(models.IntegerChoices):
        RARE = 1, "Rare (1)"
        UNLIKELY = 2, "Unlikely (2)"
        POSSIBLE = 3, "Possible (3)"
        LIKELY = 4, "Likely (4)"
        ALMOST_CERTAIN = 5, "Almost certain (5)"

    class Impact(models.IntegerChoices):
        NEGLIGIBLE = 1, "Negligible (1)"
        MINOR = 2, "Minor (2)"
        MODERATE = 3, "Moderate (3)"
        MAJOR = 4, "Major (4)"
        SEVERE = 5, "Severe (5)"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_risks"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=150)
    likelihood = models.PositiveSmallIntegerField(
        choices=Likelihood.choices, validators=_ONE_TO_FIVE
    )
    impact = models.PositiveSmallIntegerField(choices=Impact.choices, validators=_ONE_TO_FIVE)
    score = models.PositiveSmallIntegerField(editable=False, default=1)
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    last_reviewed = models.DateField("Last reviewed")
    raised_on = models.DateField(
        "Raised on", default=timezone.localdate, help_text="The day the risk was first recorded"
    )
    closed_on = models.DateField(
        "Closed on",
        null=True,
        blank=True,
        help_text="Only for a closed risk. Leave it blank to close the risk today",
    )
    work_package = models.ForeignKey(
        "workpackages.WorkPackage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_risks",
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-score", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1) & Q(likelihood__lte=5),
                name="risk_likelihood_1_to_5",
                violation_error_message="Likelihood must be from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1) & Q(impact__lte=5),
                name="risk_impact_1_to_5",
                violation_error_message="Impact must be from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(score=F("likelihood") * F("impact")),
                name="risk_score_is_likelihood_times_impact",
                violation_error_message="The score must be likelihood times impact.",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | ~Q(status="closed") & Q(closed_on__isnull=True),
                name="risk_closed_has_a_closed_date",
                violation_error_message="A closed risk has the date it was closed, "
                "and an open one has none.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="risk_closed_on_or_after_raised",
                violation_error_message="A risk cannot be closed before it was raised.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("board:risk-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def _date_the_status(self) -> None:
        """A risk closed without a date is closed today; a reopened one has no closed date."""
        if self.status == self.Status.CLOSED:
            if self.closed_on is None:
                self.closed_on = timezone.localdate()
        else:
            self.closed_on = None

    def clean(self):
        if self.likelihood and self.impact:
            self.score = calculations.risk_score(self.likelihood, self.impact)
        self._date_the_status()
        today, errors = timezone.localdate(), {}
        if self.raised_on and self.raised_on > today:
            errors["raised_on"] = "The date the risk was raised cannot be in the future"
        if self.closed_on and self.closed_on > today:
            errors["closed_on"] = "The date the risk was closed cannot be in the future"
        elif self.closed_on and self.raised_on and self.closed_on < self.raised_on:
            errors["closed_on"] = "The date the risk was closed cannot be before it was raised"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.likelihood and self.impact:
            self.score = calculations.risk_score(self.likelihood, self.impact)
        self._date_the_status()
        super().save(*args, **kwargs)


class Secondment(Archivable, DomainModel):
    """Staff seconded into the partnership. The end date moves by board decision."""

    archive_needs = ("manage",)
    archive_list_url = "board:secondment-list"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="secondments"
    )
    person = models.CharField(max_length=150)
    home_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["end_date", "person", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="secondment_ends_on_or_after_start",
                violation_error_message="The end date must not come before the start date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.role}"

    def get_absolute_url(self) -> str:
        return reverse(
            "board:secondment-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )


class InterestQuerySet(models.QuerySet):
    def current(self, as_at: date):
        """Entries registered by the date and not ended before it."""
        return self.filter(registered_on__lte=as_at).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=as_at)
        )


class Interest(DomainModel):
    """An entry in a member's register of interests: kept by the member, read by the chair and
    the administrator. A declaration on an agenda item or a written procedure can name it."""

    class Category(models.TextChoices):
        EMPLOYMENT = "employment", "Employment, office, trade or profession"
        FINANCIAL = "financial", "Financial interest (shares, contracts, land)"
        MEMBERSHIP = "membership", "Membership of a body (charity, trust, union, club)"
        GIFT = "gift", "Gift or hospitality"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_interests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Member"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField(
        help_text="The interest as the register records it, for example "
        "“Trustee of Glenfield Youth Trust”"
    )
    registered_on = models.DateField("Registered on")
    ended_on = models.DateField(
        "Ended on", null=True, blank=True, help_text="Leave empty while the interest continues"
    )

    objects = InterestQuerySet.as_manager()

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["user__last_name", "user__first_name", "registered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("registered_on")),
                name="interest_ends_on_or_after_registration",
                violation_error_message="The end date must not come before the date registered.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:80]}"


class Proposal(DomainModel):
    """A decision sought between meetings by written procedure. The board's members vote
    online; it carries when a quorum (BoardSettings) has voted for it by its deadline, and
    lapses at the deadline otherwise. A carried proposal is recorded as a decision on an item
    of the meeting it reports to (board.services.proposal_vote)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open for votes"
        CARRIED = "carried", "Carried"
        LAPSED = "lapsed", "Lapsed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_proposals"
    )
    title = models.CharField(max_length=200)
    text = models.TextField(
        "Proposed resolution", help_text="What the board is asked to resolve, as it will be minuted"
    )
    kind = models.CharField(max_length=30, choices=Decision.Kind.choices)
    record_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    record_label = models.CharField(max_length=300, blank=True)
    continuation_year = models.PositiveSmallIntegerField(null=True, blank=True)
    new_end_date = models.DateField("New end date", null=True, blank=True)
    sent_on = models.DateField("Sent on", editable=False)
    deadline = models.DateField(
        help_text="Votes are taken up to the end of this day; without a quorum for it by "
        "then, the proposal lapses"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name="Reported to",
        help_text="The next meeting, where the decision is reported as decided between meetings",
    )
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="proposal",
    )
    carried_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("sent_on")),
                name="proposal_deadline_not_before_sent",
                violation_error_message="The deadline must not come before the day it is sent.",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=True, carried_on__isnull=True)
                | Q(decision__isnull=False, carried_on__isnull=False),
                name="proposal_carried_has_its_decision",
                violation_error_message="A carried proposal needs its decision and its date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "board:proposal-detail", kwargs={"slug": self.partnership.slug, "pk": self.pk}
        )

    def status(self, as_at: date) -> str:
        return calculations.proposal_status(
            deadline=self.deadline, carried_on=self.carried_on, as_at=as_at
        )

    def status_label(self, as_at: date) -> str:
        return self.Status(self.status(as_at)).label


class ProposalVote(DomainModel):
    """A member's vote on a written procedure, with the interest they declared before it."""

    partnership_path = "proposal__partnership"  # how cip.history finds its partnership

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Member"
    )
    choice = models.CharField("Vote", max_length=20, choices=Vote.Choice.choices)
    cast_on = models.DateField(editable=False)
    interest = models.TextField(blank=True, help_text="Any interest the member declared")
    prejudicial = models.BooleanField("Prejudicial interest", default=False)
    registered = models.ForeignKey(
        Interest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_votes",
        verbose_name="From the register of interests",
    )

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["proposal", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                name="proposal_vote_once_per_member",
                violation_error_message="This member has already voted on the proposal.",
            ),
            models.CheckConstraint(
                condition=Q(prejudicial=False) | Q(choice="not_voting"),
                name="proposal_vote_prejudiced_does_not_vote",
                violation_error_message="A member with a prejudicial interest does not vote.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_choice_display()}"


class ForwardPlanEntry(DomainModel):
    """A decision the board expects to take, published ahead in its forward plan. An entry
    added fewer than NOTICE_DAYS before its meeting is flagged as short notice."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="forward_plan"
    )
    title = models.CharField("Decision", max_length=200)
    description = models.TextField(
        "What is to be decided", blank=True, help_text="As the forward plan will publish it"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="forward_plan_entries",
        verbose_name="Expected meeting",
    )
    key_decision = models.BooleanField(
        "Key decision",
        default=False,
        help_text="Significant spending or savings, or a significant effect on communities",
    )
    private = models.BooleanField("To be taken in private session", default=False)
    private_reason = models.TextField(
        "Why in private",
        blank=True,
        help_text="For example, information about the financial affairs of a provider",
    )
    added_on = models.DateField("Added on", editable=False)

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["meeting__date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(private=False) | ~Q(private_reason=""),
                name="forward_plan_private_has_a_reason",
                violation_error_message="Say why the decision is to be taken in private.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def notice_days(self) -> int:
        return calculations.notice_days(added_on=self.added_on, meeting_date=self.meeting.date)

    @property
    def short_notice(self) -> bool:
        return calculations.short_notice(added_on=self.added_on, meeting_date=self.meeting.date)


class MinutesRecord(DomainModel):
    """A meeting's minutes frozen at sign-off: the data they were made from and the PDF made
    from that data, each with its SHA-256. The data is written at sign-off
    (board.services.meeting_sign_off); the worker renders the PDF from it once
    (board.tasks.render_minutes), and the stored file is served from then on, as a report's
    FinalVersion is."""

    partnership_path = "meeting__partnership"  # how cip.history finds its partnership

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes_record")
    snapshot = models.JSONField(help_text="Everything the minutes show, as signed off")
    snapshot_sha256 = models.CharField(max_length=64)
    # Rendered from the snapshot alone, once, by the worker (board.tasks.render_minutes).
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    failed = models.TextField(blank=True, help_text="Why the PDF could not be rendered")

    class Meta:
        app_label = "cip"  # tables and migrations stay cip_*
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Minutes: {self.meeting}"

    @property
    def filename(self) -> str:
        return f"{self.meeting.partnership.slug}-minutes-{self.meeting.date:%Y-%m-%d}.pdf"

    @property
    def is_rendered(self) -> bool:
        return self.pdf is not None and bool(self.pdf_sha256)

    @property
    def no_worker_yet(self) -> bool:
        """Not rendered, not failed, and untouched for longer than a worker takes to start."""
        return (
            not self.pdf_sha256
            and not self.failed
            and timezone.now() - self.created_at > WORKER_PICKUP
        )


# A running worker polls its queue every second (as reports.models.WORKER_PICKUP): a PDF still
# unmade after this long means none is running, and the waiting page says what to start.
WORKER_PICKUP = timedelta(minutes=1)
