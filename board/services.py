"""Board writes: recording decisions (which move the decided record), signing off minutes,
and the two decision kinds this package owns (contract-year continuation and secondment
extension)."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from board import calculations as board_calculations
from board.models import (
    AgendaItem,
    Attendee,
    BoardSettings,
    Decision,
    Declaration,
    Interest,
    Meeting,
    MinutesRecord,
    Proposal,
    ProposalVote,
    Secondment,
    Vote,
)
from cip import calculations, decisions
from cip.access import Capability, role_can
from cip.calculations import ContinuationOutlook
from cip.models import CollaborationAgreement, ContractYear, Membership, Partnership
from cip.services import save_versioned

Outcome = Decision.Outcome


def ensure_open(meeting: Meeting) -> None:
    """Refuse any change to a meeting whose minutes are signed off."""
    if meeting.is_signed_off:
        raise ValidationError(
            f"The minutes of {meeting} are signed off, so its record is frozen. "
            "Record a correction at a later meeting instead."
        )


def present_members(meeting: Meeting):
    """The members of the partnership recorded as present at the meeting (users)."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=meeting.attendees.filter(
                user__isnull=False, attendance=Attendee.Attendance.PRESENT
            ).values("user_id"),
            memberships__partnership_id=meeting.partnership_id,
        )
        .order_by("first_name", "last_name", "username")
    )


def prejudiced_members(item: AgendaItem) -> set[int]:
    """The user ids of the members who declared a prejudicial interest in the item."""
    return set(item.declarations.filter(prejudicial=True).values_list("user_id", flat=True))


def _record_votes(decision: Decision, votes: dict[int, str], *, user) -> None:
    """Each vote given; once any is, a member present with a prejudicial interest in the item
    is recorded as not voting, and a vote for or against from them is refused."""
    if not votes:
        return
    present = set(present_members(decision.meeting).values_list("pk", flat=True))
    if stray := sorted(set(votes) - present):
        raise ValidationError(
            {"votes": f"Only members recorded as present vote; user {stray[0]} was not."}
        )
    for voter in prejudiced_members(decision.item) & present:
        if votes.get(voter, Vote.Choice.NOT_VOTING) != Vote.Choice.NOT_VOTING:
            raise ValidationError(
                {
                    f"vote_{voter}": "This member declared a prejudicial interest in the item, "
                    "so does not vote"
                }
            )
        votes = {**votes, voter: Vote.Choice.NOT_VOTING}
    for voter, choice in votes.items():
        vote = Vote(decision=decision, user_id=voter, choice=choice)
        vote._history_user = user
        vote.full_clean()
        vote.save()


def ensure_quorate(meeting: Meeting) -> None:
    """Refuse a decision at a meeting without the quorum of the board's settings: members of
    the partnership recorded as present, with one from each organisation if it asks."""
    rule = BoardSettings.objects.filter(partnership_id=meeting.partnership_id).first()
    if rule is None or (rule.quorum_members == 0 and not rule.quorum_each_side):
        return
    present = meeting.attendees.filter(
        user__isnull=False, attendance=Attendee.Attendance.PRESENT
    ).values("user_id")
    sides = list(
        Membership.objects.filter(
            partnership_id=meeting.partnership_id, user_id__in=present
        ).values_list("side", flat=True)
    )
    shortfall = board_calculations.quorum_shortfall(
        present_sides=sides, minimum=rule.quorum_members, each_side=rule.quorum_each_side
    )
    if shortfall:
        raise ValidationError(shortfall)


def _model_label(record: models.Model) -> str:
    return record._meta.label  # "briefs.DesignBrief"


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    item: AgendaItem,
    kind: str,
    outcome: str,
    resolution: str,
    record: models.Model | None,
    user,
    corrects: Decision | None = None,
    new_end_date: date | None = None,
    continuation_year: int | None = None,
    votes: dict[int, str] | None = None,
    between_meetings: bool = False,
) -> Decision:
    """Record what the board resolved and move the decided record through its kind's `apply`.

    `votes` maps each voting member's user id to a Vote.Choice; only members recorded as
    present at the meeting vote. `between_meetings`: a written procedure carried by a quorum
    of votes (proposal_vote), so the meeting's attendance is not asked for.

    A continuation decision names the contract year it continues into by number
    (`continuation_year`, with no `record`): that year is added if it is not yet recorded
    (`contract_year_next`), and then continued, deferred or ended like any decided record.

    Refused (ValidationError, nothing saved) when the minutes are signed off, the kind is not
    registered, the record is of the wrong model or is not among the partnership's candidates
    (another partnership's record), or `apply` refuses."""
    partnership = meeting.partnership
    # Lock the meeting and read its status afresh, so that minutes signed off while this
    # decision was being entered refuse it (the sign-off takes the same lock).
    meeting.status = (
        Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    )
    ensure_open(meeting)
    if item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Choose an item on this meeting's agenda."})
    if not between_meetings:
        ensure_quorate(meeting)
    if kind == Decision.Kind.CONTINUATION and record is None and continuation_year is not None:
        record = contract_year_next(partnership=partnership, number=continuation_year, user=user)
    registered = check_kind_and_record(
        partnership=partnership, kind=kind, record=record, new_end_date=new_end_date
    )
    if corrects is not None and corrects.partnership_id != partnership.pk:
        raise ValidationError(
            {"corrects": "A decision can only correct one of its own partnership."}
        )
    # Numbers are D1, D2, … per partnership: lock the partnership row so that two decisions
    # recorded at once cannot take the same number.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    number = (partnership.board_decisions.aggregate(top=Max("number"))["top"] or 0) + 1
    decision = Decision(
        partnership=partnership,
        number=number,
        meeting=meeting,
        item=item,
        kind=kind,
        outcome=outcome,
        resolution=resolution,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        record_label=str(record)[:300] if record is not None else "",
        new_end_date=new_end_date,
        corrects=corrects,
        recorded_by=user,
    )
    decision._history_user = user
    decision.full_clean()
    decision.save()
    _record_votes(decision, votes or {}, user=user)
    if registered.apply is not None:
        registered.apply(decision=decision, record=record, user=user)
    return decision


def check_kind_and_record(
    *, partnership: Partnership, kind: str, record: models.Model | None, new_end_date
):
    """The registered kind, when `record` is one it can decide for the partnership and a new
    end date is given only to an extension; raises ValidationError otherwise."""
    registered = decisions.kinds().get(kind)
    if registered is None:
        raise ValidationError({"kind": "Choose a kind of decision that this service can record."})
    if registered.model is None:
        if record is not None:
            raise ValidationError(
                {"record": f"A decision of kind “{registered.label}” has no record."}
            )
    else:
        if record is None:
            raise ValidationError(
                {"record": f"Choose the record that “{registered.label}” decides."}
            )
        if _model_label(record) != registered.model:
            raise ValidationError(
                {
                    "record": f"“{registered.label}” decides a "
                    f"{registered.model_class()._meta.verbose_name}, "
                    f"not a {record._meta.verbose_name}."
                }
            )
        if not registered.candidates(partnership).filter(pk=record.pk).exists():
            raise ValidationError(
                {
                    "record": f"{record} is not a record of {partnership} "
                    "that this decision can decide."
                }
            )
    if new_end_date is not None and kind != Decision.Kind.SECONDMENT_EXTEND:
        # Only an extension moves a date; any other kind would drop it without a word.
        raise ValidationError(
            {
                "new_end_date": "Only a decision to extend a secondment has a new end date: "
                f"leave it empty for “{registered.label}”."
            }
        )
    return registered


@transaction.atomic
def declaration_record(
    *,
    item: AgendaItem,
    member,
    interest: str,
    prejudicial: bool,
    user,
    registered: Interest | None = None,
):
    """Record a member's declaration of interest in an agenda item, while the minutes are open.
    `registered`: the entry of the member's register of interests it declares, whose
    description stands for `interest` when that is left empty."""
    ensure_open(item.meeting)
    if not item.meeting.partnership.memberships.filter(user=member).exists():
        raise ValidationError({"user": "Choose a member of the partnership."})
    if registered is not None:
        if registered.partnership_id != item.meeting.partnership_id or (
            registered.user_id != member.pk
        ):
            raise ValidationError({"registered": "Choose an entry of this member's register."})
        interest = interest or registered.description
    declaration = Declaration(
        item=item,
        user=member,
        interest=interest,
        prejudicial=prejudicial,
        registered=registered,
    )
    declaration._history_user = user
    declaration.full_clean()
    declaration.save()
    return declaration


@transaction.atomic
def decision_update(
    *, decision: Decision, resolution: str, expected_version: int, user
) -> Decision:
    """Reword a decision's resolution while its minutes are still open."""
    ensure_open(decision.meeting)
    decision.resolution = resolution
    return save_versioned(instance=decision, expected_version=expected_version, user=user)


@transaction.atomic
def meeting_sign_off(
    *, meeting: Meeting, expected_version: int, user, on: date | None = None
) -> Meeting:
    """Sign off the minutes (today, or `on`): from then the meeting, its items and its
    decisions are frozen, and its decisions take their stable references (CIP-2021-07).

    Minutes are signed off in date order, so that the references follow the meetings' dates
    within each year, whatever order the decisions were typed in."""
    meeting.status = (
        Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    )
    ensure_open(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError("Only a meeting that has been held can have its minutes signed off.")
    earlier = (
        Meeting.objects.filter(partnership_id=meeting.partnership_id, date__lt=meeting.date)
        .exclude(status=Meeting.Status.SIGNED_OFF)
        .order_by("date")
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            f"Sign off the minutes of {earlier} first (or archive it, if it did not take "
            "place): minutes are signed off in date order, so that decisions are numbered "
            "in date order."
        )
    meeting.status = Meeting.Status.SIGNED_OFF
    meeting.signed_off_on = on or timezone.localdate()
    meeting.signed_off_by = user
    save_versioned(instance=meeting, expected_version=expected_version, user=user)
    _give_references(meeting, user=user)
    _freeze_minutes(meeting, user=user)
    return meeting


def _freeze_minutes(meeting: Meeting, *, user) -> MinutesRecord:
    """The minutes as signed off, with their references: the data, with its SHA-256, stored
    once; the worker renders the PDF from that data alone (board.tasks.render_minutes)."""
    from board import minutes
    from board.tasks import render_minutes

    document = minutes.minutes_document(meeting)
    record = MinutesRecord(
        meeting=meeting,
        snapshot=document,
        snapshot_sha256=minutes.sha256(minutes.canonical_json(document)),
    )
    record._history_user = user
    record.full_clean()
    record.save()
    render_minutes.enqueue(record.pk)
    return record


def _give_references(meeting: Meeting, *, user) -> None:
    """Number the meeting's decisions after the year's signed-off ones, in agenda order."""
    # The partnership's row lock: two sign-offs at once cannot hand out the same numbers.
    Partnership.objects.select_for_update().filter(pk=meeting.partnership_id).first()
    year = meeting.date.year
    given = Decision.objects.filter(
        partnership_id=meeting.partnership_id,
        meeting__date__year=year,
        meeting__status=Meeting.Status.SIGNED_OFF,
    ).exclude(stable_reference="")
    taken = given.count()
    for offset, decision in enumerate(
        meeting.decisions.filter(stable_reference="").order_by("item__position", "number"),
        start=1,
    ):
        decision.stable_reference = board_calculations.decision_reference(year, taken + offset)
        save_versioned(instance=decision, expected_version=decision.version, user=user)


# --- the kinds this package owns -------------------------------------------------------------

_CONTINUATION_STATUS = {
    Outcome.APPROVED: ContractYear.Status.CONTINUED,
    Outcome.DEFERRED: ContractYear.Status.PENDING,
    # The board decided not to continue: the year will not run.
    Outcome.REJECTED: ContractYear.Status.ENDED,
}


def next_continuation_for(partnership: Partnership, *, as_at: date) -> ContinuationOutlook | None:
    """The next continuation decision of the partnership, as every page names it
    (cip.calculations.contract_position over its agreement and recorded years)."""
    agreement = getattr(partnership, "agreement", None)
    if agreement is None:
        return None
    years = partnership.contract_years.values_list("number", "start_date", "end_date", "status")
    return calculations.contract_position(
        commencement=agreement.commencement_date,
        term_years=agreement.maximum_term_years,
        period_months=agreement.renewal_period_months,
        notice_months=agreement.termination_notice_months,
        years=years,
        as_at=as_at,
    ).outlook


def _add_year(*, partnership: Partnership, number: int, span, status: str, user, notes=""):
    year = ContractYear(
        partnership=partnership,
        number=number,
        start_date=span[0],
        end_date=span[1],
        status=status,
        notes=notes,
    )
    year._history_user = user
    year.full_clean()
    year.save()
    return year


def contract_year_next(*, partnership: Partnership, number: int, user) -> ContractYear:
    """The contract year that the next continuation decision is into, added (pending) when it
    is not yet recorded: from the day after the year before it, for the renewal period, within
    the agreement's maximum term. Refused unless `number` is that year (say, when another
    decision was recorded meanwhile), or when no continuation is due."""
    agreement = CollaborationAgreement.objects.filter(partnership=partnership).first()
    if agreement is None:
        raise ValidationError(
            {"record": "Record the collaboration agreement first: its terms say when years run."}
        )
    # Lock the partnership, so that two decisions cannot add the same year at once.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    partnership.agreement = agreement
    outlook = next_continuation_for(partnership, as_at=timezone.localdate())
    if outlook is None:
        raise ValidationError(
            {
                "record": "No continuation decision is due: the agreement has reached its "
                "maximum term, or the board decided not to continue."
            }
        )
    if number != outlook.next_year_number:
        raise ValidationError(
            {
                "record": f"The next continuation decision is into Year "
                f"{outlook.next_year_number}, not Year {number}: choose again."
            }
        )
    existing = partnership.contract_years.filter(number=number).first()
    if existing is not None:
        return existing
    agreement_ends = agreement.maximum_end_date
    if number == 2 and not partnership.contract_years.filter(number=1).exists():
        # Year 1 runs from commencement by the award itself; no decision continues it.
        first = calculations.next_year_span(
            previous_end=agreement.commencement_date - timedelta(days=1),
            period_months=agreement.renewal_period_months,
            agreement_ends=agreement_ends,
        )
        _add_year(
            partnership=partnership,
            number=1,
            span=first,
            status=ContractYear.Status.CONTINUED,
            user=user,
            notes="Year 1 runs from the agreement's commencement, with no decision.",
        )
    span = calculations.next_year_span(
        previous_end=outlook.next_year_starts - timedelta(days=1),
        period_months=agreement.renewal_period_months,
        agreement_ends=agreement_ends,
    )
    return _add_year(
        partnership=partnership,
        number=number,
        span=span,
        status=ContractYear.Status.PENDING,
        user=user,
    )


def continuation_apply(*, decision: Decision, record: ContractYear, user) -> None:
    """A continuation decision concerns the year continued into: approved continues it,
    deferred leaves it pending, rejected ends it."""
    record.status = _CONTINUATION_STATUS[decision.outcome]
    save_versioned(instance=record, expected_version=record.version, user=user)


def secondment_extend_apply(*, decision: Decision, record: Secondment, user) -> None:
    """An approved extension moves the secondment's end date to the decision's new end date;
    deferred and rejected leave it as it is."""
    if decision.outcome != Outcome.APPROVED:
        return
    if decision.new_end_date is None:
        raise ValidationError({"new_end_date": "Enter the new end date of the secondment."})
    if decision.new_end_date <= record.end_date:
        raise ValidationError(
            {
                "new_end_date": "The new end date must be after the current end, "
                f"{record.end_date:%-d %B %Y}."
            }
        )
    record.end_date = decision.new_end_date
    save_versioned(instance=record, expected_version=record.version, user=user)


def register_board_kinds() -> None:
    decisions.register(
        key=Decision.Kind.CONTINUATION,
        label=Decision.Kind.CONTINUATION.label,
        model="cip.ContractYear",
        candidates=lambda partnership: partnership.contract_years.all(),
        apply=continuation_apply,
    )
    decisions.register(
        key=Decision.Kind.SECONDMENT_EXTEND,
        label=Decision.Kind.SECONDMENT_EXTEND.label,
        model="cip.Secondment",
        candidates=lambda partnership: partnership.secondments.all(),
        apply=secondment_extend_apply,
    )
    decisions.register(
        key=Decision.Kind.OTHER,
        label=Decision.Kind.OTHER.label,
        model=None,
        candidates=None,
        apply=None,
    )
    decisions.register_paper(
        model="cip.ContractYear",
        label="Contract year",
        candidates=lambda partnership: partnership.contract_years.all(),
    )


def meeting_items(meeting: Meeting):
    """A meeting's agenda in order, with each item's paper and decisions (the meeting page and
    the board pack read the same)."""
    return meeting.items.prefetch_related(
        "paper", Prefetch("decisions", queryset=Decision.objects.order_by("number"))
    ).order_by("position")


# --- decisions between meetings (written procedure) ------------------------------------------


def _quorum_rule(partnership: Partnership) -> BoardSettings | None:
    rule = BoardSettings.objects.filter(partnership=partnership).first()
    if rule is None or (rule.quorum_members == 0 and not rule.quorum_each_side):
        return None
    return rule


@transaction.atomic
def proposal_send(
    *,
    partnership: Partnership,
    title: str,
    text: str,
    kind: str,
    record: models.Model | None,
    deadline: date,
    meeting: Meeting,
    user,
    continuation_year: int | None = None,
    new_end_date: date | None = None,
    on: date | None = None,
) -> Proposal:
    """Send a proposal to the board's members for a written vote (today, or `on`).

    Refused without a quorum in the board's settings (it is what carries the proposal), when
    the kind and record could not be decided at a meeting, or when the meeting it reports to
    is another partnership's, archived or signed off."""
    on = on or timezone.localdate()
    if _quorum_rule(partnership) is None:
        raise ValidationError(
            "Set the board's quorum first (board settings): a written procedure carries when "
            "a quorum of members has voted for it."
        )
    if meeting.partnership_id != partnership.pk or meeting.archived_at is not None:
        raise ValidationError({"meeting": "Choose a meeting of this partnership."})
    if meeting.is_signed_off:
        raise ValidationError(
            {"meeting": f"The minutes of {meeting} are signed off: choose a later meeting."}
        )
    if kind == Decision.Kind.CONTINUATION and record is None:
        outlook = next_continuation_for(partnership, as_at=on)
        if outlook is None or continuation_year != outlook.next_year_number:
            raise ValidationError({"record": "Choose the next contract year from the list."})
    else:
        continuation_year = None
        check_kind_and_record(
            partnership=partnership, kind=kind, record=record, new_end_date=new_end_date
        )
    if deadline < on:
        raise ValidationError({"deadline": "The deadline must be today or later."})
    proposal = Proposal(
        partnership=partnership,
        title=title,
        text=text,
        kind=kind,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        record_label=str(record)[:300] if record is not None else "",
        continuation_year=continuation_year,
        new_end_date=new_end_date,
        sent_on=on,
        deadline=deadline,
        meeting=meeting,
        created_by=user,
    )
    proposal._history_user = user
    proposal.full_clean()
    proposal.save()
    return proposal


def proposal_voters(partnership: Partnership):
    """The members who vote on a written procedure: those whose role decides."""
    roles = [role for role in Membership.Role.values if role_can(role, Capability.DECIDE)]
    return partnership.memberships.filter(role__in=roles)


@transaction.atomic
def proposal_vote(
    *,
    proposal: Proposal,
    member,
    choice: str,
    user,
    interest: str = "",
    prejudicial: bool = False,
    registered: Interest | None = None,
    on: date | None = None,
) -> ProposalVote:
    """A member's vote on a written procedure (today, or `on`), after declaring any interest.

    A member who declares a prejudicial interest is recorded as not voting, and a vote for,
    against or abstaining from them is refused. Votes are taken up to the deadline and until
    the proposal carries; the vote that brings the votes for it to a quorum carries it: the
    decision is recorded (decision_record, so its kind's effects and reference apply) on a
    new item of the meeting it reports to, "Decided between meetings"."""
    on = on or timezone.localdate()
    proposal = Proposal.objects.select_for_update().select_related("meeting").get(pk=proposal.pk)
    partnership = proposal.partnership
    if proposal.carried_on is not None:
        raise ValidationError("The proposal has already carried: voting is closed.")
    if on > proposal.deadline:
        raise ValidationError(
            f"The deadline for votes was {proposal.deadline:%-d %B %Y}: the proposal lapsed."
        )
    membership = proposal_voters(partnership).filter(user=member).first()
    if membership is None:
        raise ValidationError("Only the board's members vote on a written procedure.")
    if registered is not None and (
        registered.partnership_id != partnership.pk or registered.user_id != member.pk
    ):
        raise ValidationError({"registered": "Choose an entry of your own register."})
    if registered is not None:
        interest = interest or registered.description
    if prejudicial and choice != Vote.Choice.NOT_VOTING:
        raise ValidationError(
            {
                "choice": "You declared a prejudicial interest, so you take no part in the "
                "vote: choose “not voting”"
            }
        )
    if prejudicial and not interest:
        raise ValidationError({"interest": "Say what the prejudicial interest is"})
    if choice == Vote.Choice.NOT_VOTING and not prejudicial:
        raise ValidationError(
            {"choice": "Not voting is for a member with a prejudicial interest: abstain instead"}
        )
    if proposal.votes.filter(user=member).exists():
        raise ValidationError("You have already voted on this proposal.")
    vote = ProposalVote(
        proposal=proposal,
        user=member,
        choice=choice,
        cast_on=on,
        interest=interest,
        prejudicial=prejudicial,
        registered=registered,
    )
    vote._history_user = user
    vote.full_clean()
    vote.save()
    _carry_if_quorate(proposal, on=on, user=user)
    return vote


def _carry_if_quorate(proposal: Proposal, *, on: date, user) -> None:
    rule = _quorum_rule(proposal.partnership)
    if rule is None:
        return  # the quorum was removed after sending: nothing carries until it is set again
    for_sides = list(
        Membership.objects.filter(
            partnership_id=proposal.partnership_id,
            user_id__in=proposal.votes.filter(choice=Vote.Choice.FOR).values("user_id"),
        ).values_list("side", flat=True)
    )
    if board_calculations.quorum_shortfall(
        present_sides=for_sides, minimum=rule.quorum_members, each_side=rule.quorum_each_side
    ):
        return
    meeting = proposal.meeting
    ensure_open(meeting)
    position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
    votes = list(proposal.votes.all())
    tally = {c: sum(1 for v in votes if v.choice == c) for c in Vote.Choice.values}
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=f"Decided between meetings: {proposal.title}"[:200],
        purpose=AgendaItem.Purpose.NOTING,
        minutes=f"Carried by written procedure on {on:%-d %B %Y} "
        f"(sent {proposal.sent_on:%-d %B %Y}, deadline {proposal.deadline:%-d %B %Y}): "
        f"{tally['for']} for, "
        f"{tally['against']} against, {tally['abstain']} abstained, "
        f"{tally['not_voting']} not voting.",
    )
    item._history_user = user
    item.full_clean()
    item.save()
    decision = decision_record(
        meeting=meeting,
        item=item,
        kind=proposal.kind,
        outcome=Outcome.APPROVED,
        resolution=proposal.text,
        record=proposal.record,
        user=user,
        new_end_date=proposal.new_end_date,
        continuation_year=proposal.continuation_year,
        between_meetings=True,
    )
    for cast in votes:
        vote = Vote(decision=decision, user_id=cast.user_id, choice=cast.choice)
        vote._history_user = user
        vote.full_clean()
        vote.save()
    proposal.decision = decision
    proposal.carried_on = on
    save_versioned(instance=proposal, expected_version=proposal.version, user=user)


@transaction.atomic
def agenda_item_offer(
    *, partnership: Partnership, paper: models.Model, title: str, on: date, user
) -> tuple[Meeting | None, AgendaItem | None, bool]:
    """Put `paper` on the agenda of the partnership's next scheduled meeting (the first on
    or after `on`), once: (meeting, item, created). No meeting scheduled: (None, None, False);
    the paper already on that meeting's agenda: that item, not created again."""
    meeting = (
        Meeting.objects.select_for_update()
        .filter(partnership=partnership, status=Meeting.Status.SCHEDULED, date__gte=on)
        .order_by("date", "pk")
        .first()
    )
    if meeting is None:
        return None, None, False
    paper_type = ContentType.objects.get_for_model(paper)
    existing = meeting.items.filter(paper_type=paper_type, paper_id=paper.pk).first()
    if existing is not None:
        return meeting, existing, False
    position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=title[:200],
        purpose=AgendaItem.Purpose.DISCUSSION,
        paper_type=paper_type,
        paper_id=paper.pk,
    )
    item._history_user = user
    item.full_clean()
    item.save()
    return meeting, item, True
