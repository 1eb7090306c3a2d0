from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cip import calculations, periods


class _UnindexedInHistory:
    """simple-history asks `field.name in no_db_index` of each field it copies into a history
    table. History is read by record (`id`) and by `history_id` alone, never by the copies of
    foreign keys or other indexed fields, yet each index there costs every write: for a
    100,000-episode import, the history tables' foreign-key indexes were a third of the
    database's work. So every copied field but the record's id is left unindexed."""

    def __contains__(self, name: str) -> bool:
        return name != "id"


class _History(HistoricalRecords):
    """simple-history puts an inherited history model in the app of the module that defines
    the model. The board's and the reports' models live in their own packages but keep the
    `cip` app label, so their histories take the model's label too."""

    def get_meta_options(self, model):
        return {"app_label": model._meta.app_label, **super().get_meta_options(model)}


class DomainModel(models.Model):
    """Base of every domain record: a history of each change and a version for edit checks.

    `version` goes up by one on every save through `cip.services.save_versioned`, so an edit
    form that carries the version it was loaded with can tell when someone else saved first.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = _History(inherit=True, no_db_index=_UnindexedInHistory())

    class Meta:
        abstract = True

    def changeable_by(self, user, partnership: "Partnership") -> bool:
        """Whether `user`, working in `partnership`, may change this record at all (before
        their role's capabilities are asked). A record reached through its partnership is
        that partnership's own; only the shared register says otherwise."""
        return True


_including_archived: ContextVar[bool] = ContextVar("including_archived", default=False)


@contextmanager
def including_archived() -> Iterator[None]:
    """Within this block the default managers of archivable models show archived rows too."""
    token = _including_archived.set(True)
    try:
        yield
    finally:
        _including_archived.reset(token)


class LiveManager(models.Manager):
    """The default manager of an archivable model: archived rows are left out, so every list,
    picker, count and total (and every reverse relation, which uses this manager) hides them
    without asking. `all_objects` is the way to reach them on purpose."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if _including_archived.get():
            return queryset
        return queryset.filter(archived_at__isnull=True)


class Archivable(models.Model):
    """A domain record that is archived rather than deleted (cip.archive): hidden from lists,
    pickers and totals, kept whole with its history, and restorable by those who may change
    it. Subclasses with a QuerySet of their own declare both managers from it:

        objects = LiveManager.from_queryset(BriefQuerySet)()
        all_objects = models.Manager.from_queryset(BriefQuerySet)()
    """

    archived_at = models.DateTimeField("archived on", null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Who may archive and restore it: any one of these cip.access.Capability values.
    archive_needs: tuple[str, ...] = ("edit",)
    # The list it is hidden from (a URL name taking `slug`), where "Archived" shows it again.
    archive_list_url: str = ""

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (a manager: ruff takes it for a field)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive_blockers(self) -> list[str]:
        """Why this record cannot be archived now (records that would be left pointing at it
        in lists of their own); empty when it can."""
        return []

    # Django checks uniqueness through the default manager, which hides archived rows: an
    # archived brief still holds its number, so the checks must see it (else the database's
    # constraint would answer with a 500 instead of a message on the form).
    def validate_unique(self, exclude=None):
        with including_archived():
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with including_archived():
            super().validate_constraints(exclude=exclude)


# The local names of the partnership a request (or a worker's task) is working in: an
# organisation shows its partnership's local name wherever it is shown as text (pages, tables,
# exports, PDFs, pickers). Set by cip.access.partnership_for and `local_names_of`; cleared at
# the start of every request (cip.access.LocalNamesMiddleware).
_local_names: ContextVar["LocalNames | None"] = ContextVar("local_names", default=None)


class LocalNames:
    """A partnership's local names, read in one query the first time an organisation is shown
    (and not at all when the partnership keeps none, which the membership query tells)."""

    def __init__(self, partnership_id: int, *, any_kept: bool = True):
        self.partnership_id = partnership_id
        self._names: dict[int, str] | None = None if any_kept else {}

    def get(self, organisation_id: int) -> str | None:
        if self._names is None:
            self._names = dict(
                OrganisationLocalName.objects.filter(
                    partnership_id=self.partnership_id
                ).values_list("organisation_id", "name")
            )
        return self._names.get(organisation_id)


def use_local_names(partnership_id: int | None, *, any_kept: bool = True) -> None:
    """Show organisations by `partnership_id`'s local names from now on in this context (a
    request); None shows the shared names."""
    names = None if partnership_id is None else LocalNames(partnership_id, any_kept=any_kept)
    _local_names.set(names)


@contextmanager
def local_names_of(partnership: "Partnership") -> Iterator[None]:
    """Within this block organisations show `partnership`'s local names (a worker's task)."""
    token = _local_names.set(LocalNames(partnership.pk))
    try:
        yield
    finally:
        _local_names.reset(token)


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, partnership: "Partnership"):
        """The shared register and the partnership's own entries."""
        return self.filter(Q(owner__isnull=True) | Q(owner=partnership))


class Organisation(Archivable, DomainModel):
    """A register of bodies identified by their org-id.guide identifier.

    Organisations are public bodies with public identifiers (a council, a charity, a funder),
    so the register is shared by the partnerships of an installation rather than copied. An
    entry added by a partnership's administrator is that partnership's own (`owner`): no other
    partnership sees or changes it. Shared entries (no owner) are read by every partnership and
    changed only by the installation's site administrators (`is_superuser`).
    """

    archive_needs = ("manage",)
    archive_list_url = "cip:organisation-list"

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        CHARITY = "charity", "Charity"
        PROVIDER = "provider", "Provider"
        FUNDER = "funder", "Funder"
        UNIVERSITY = "university", "University"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    identifier = models.CharField(
        "org-id identifier",
        max_length=60,
        unique=True,
        help_text="From org-id.guide, for example GB-LAE-LEC or GB-CHC-216250",
    )
    owner = models.ForeignKey(
        "cip.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="own_organisations",
        help_text="The partnership whose own entry this is; empty for the shared register",
    )

    objects = LiveManager.from_queryset(OrganisationQuerySet)()
    all_objects = models.Manager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name as the partnership being worked in shows it: its local name, if it keeps
        one, else the register's name."""
        names = _local_names.get()
        local = names.get(self.pk) if names is not None and self.pk else None
        return local or self.name

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None

    def changeable_by(self, user, partnership: "Partnership") -> bool:
        if self.is_shared:
            return user.is_superuser
        return self.owner_id == partnership.pk

    def archive_blockers(self) -> list[str]:
        if Partnership.objects.filter(Q(council=self) | Q(partner=self)).exists():
            return ["It is the council or the partner of a partnership."]
        return []


class OrganisationLocalName(DomainModel):
    """The name one partnership shows for an organisation of the shared register, in place of
    the register's name; other partnerships still see the register's name."""

    partnership = models.ForeignKey(
        "cip.Partnership", on_delete=models.CASCADE, related_name="local_names"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(
        "local name",
        max_length=200,
        help_text="The name your partnership's pages, tables, exports and reports show",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="one_local_name_per_partnership_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationProposal(DomainModel):
    """A partnership administrator's proposed change to a shared organisation, for a site
    administrator to accept (applied through the versioned save, so the register's history
    keeps it) or decline with a reason."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    partnership = models.ForeignKey(
        "cip.Partnership", on_delete=models.CASCADE, related_name="organisation_proposals"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Organisation.Kind.choices)
    identifier = models.CharField(
        "org-id identifier",
        max_length=60,
        help_text="From org-id.guide, for example GB-LAE-LEC or GB-CHC-216250",
    )
    why = models.TextField("why the change", blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PROPOSED, editable=False
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decline_reason = models.TextField("reason for declining", blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Proposed change to {self.organisation.name}"


class PartnershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Partnership(DomainModel):
    """A council and its partner: every other domain record hangs off one of these."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    data_as_at = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="For a partnership whose records stop at a date (the demonstration, an "
        "archive): the last date of its data, at which its dashboard opens instead of today.",
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(council=models.F("partner")),
                name="partnership_council_is_not_partner",
                violation_error_message="The council and the partner must be different.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cip:partnership-detail", kwargs={"slug": self.slug})

    @property
    def opens_at(self) -> date:
        """The day its pages show figures and registers as at when none is asked for: today,
        or the last date of its data when its records stop there (the demonstration)."""
        today = timezone.localdate()
        return min(self.data_as_at or today, today)


class Membership(DomainModel):
    class Role(models.TextChoices):
        BOARD_MEMBER = "board", "Board member"
        # A board member who also sets up meetings and records decisions (cip.access CHAIR).
        CHAIR = "chair", "Board chair or secretary"
        COMMISSIONER = "commissioner", "Commissioner"
        OFFICER = "officer", "Officer"
        ADMINISTRATOR = "administrator", "Administrator"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )

    class Side(models.TextChoices):
        COUNCIL = "council", "The council"
        PARTNER = "partner", "The partner"

    role = models.CharField(max_length=20, choices=Role.choices)
    side = models.CharField(
        "Organisation",
        max_length=20,
        choices=Side.choices,
        blank=True,
        help_text="Which of the partnership's two organisations the member is from, "
        "for the board's quorum; leave empty for neither",
    )

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"],
                name="membership_one_per_user_and_partnership",
                violation_error_message="This person is already a member of the partnership.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.partnership})"


class CollaborationAgreement(DomainModel):
    """Tier 1: governance and the design process, renewed annually up to a maximum term."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="agreement"
    )
    title = models.CharField(max_length=200, default="Collaboration agreement")
    award_date = models.DateField()
    commencement_date = models.DateField()
    maximum_term_years = models.PositiveSmallIntegerField(default=10)
    renewal_period_months = models.PositiveSmallIntegerField(
        default=12, help_text="The agreement continues one contract year at a time"
    )
    termination_notice_months = models.PositiveSmallIntegerField(
        default=3, help_text="Notice either party must give before a contract year ends"
    )
    advertised_maximum_value = models.DecimalField(max_digits=14, decimal_places=2)
    annual_value_basis = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="The yearly spend that the advertised maximum was based on",
    )
    objectives = models.TextField(blank=True)
    shared_values = models.TextField(blank=True)
    governance = models.TextField(blank=True)
    evaluation_partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(commencement_date__gte=models.F("award_date")),
                name="agreement_commences_on_or_after_award",
                violation_error_message="The agreement cannot commence before it is awarded.",
            ),
            models.CheckConstraint(
                condition=Q(maximum_term_years__gte=1) & Q(maximum_term_years__lte=25),
                name="agreement_term_between_1_and_25_years",
                violation_error_message="The maximum term must be between 1 and 25 years.",
            ),
            models.CheckConstraint(
                condition=Q(advertised_maximum_value__gte=0) & Q(annual_value_basis__gte=0),
                name="agreement_values_not_negative",
                violation_error_message="Values cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.partnership})"

    @property
    def maximum_end_date(self) -> date:
        return periods.add_years(self.commencement_date, self.maximum_term_years)


class ContractYearQuerySet(models.QuerySet):
    def containing(self, day: date):
        return self.filter(start_date__lte=day, end_date__gte=day)


class ContractYear(DomainModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        # cip.calculations.contract_position reads these two.
        CONTINUED = calculations.CONTINUED, "Continued"
        ENDED = calculations.ENDED, "Ended"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contract_years"
    )
    number = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    notes = models.TextField(blank=True)

    objects = ContractYearQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"],
                name="contract_year_number_unique_in_partnership",
                violation_error_message="The partnership already has a year with this number.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="contract_year_ends_after_it_starts",
                violation_error_message="The end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="contract_year_number_positive",
                violation_error_message="The year number must be 1 or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"Year {self.number}"

    def clean(self):
        """Contract years run one after another, with no gap and no overlap, within the
        agreement's maximum term (cip.calculations.contract_year_problems says how)."""
        if not (self.partnership_id and self.number and self.start_date and self.end_date):
            return
        neighbours = ContractYear.objects.filter(
            partnership_id=self.partnership_id, number__in=(self.number - 1, self.number + 1)
        ).exclude(pk=self.pk)
        spans = {y.number: (y.start_date, y.end_date) for y in neighbours}
        agreement = CollaborationAgreement.objects.filter(
            partnership_id=self.partnership_id
        ).first()
        problems = calculations.contract_year_problems(
            number=self.number,
            start=self.start_date,
            end=self.end_date,
            previous=spans.get(self.number - 1),
            adding=self._state.adding,
            following=spans.get(self.number + 1),
            commencement=agreement.commencement_date if agreement else None,
            agreement_ends=agreement.maximum_end_date if agreement else None,
        )
        if problems:
            raise ValidationError(problems)


# --- sign-in: single sign-on identities and invitations ---------------------------------
class Identity(DomainModel):
    """An account at an OpenID Connect provider (cip.sso), linked to one user.

    A person is known by the issuer together with its `sub` claim, which the provider never
    reuses or changes (Microsoft Entra ID: per application). An e-mail address is neither:
    it is never used to find a user. It belongs to a user, not to a partnership: a
    partnership's history pages reach it through the user's membership.
    """

    partnership_path = "user__memberships__partnership"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                name="identity_one_per_issuer_and_subject",
                violation_error_message="This account is already linked to a user.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class Invitation(DomainModel):
    """An administrator's invitation to join a partnership in a role (cip.invitations).

    The link sent by e-mail carries the invitation's id signed with a timestamp; it is good
    for `INVITATION_DAYS` and once.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("Email address")
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    # Emptied when the person is deleted (SET_NULL), so it may be blank: a later versioned save
    # of the record (full_clean) must not refuse the empty field.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.email}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.INVITATION_DAYS)
