"""Writes on design briefs that move their lifecycle or touch several rows."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from briefs import calculations
from briefs.models import BriefEvent, DesignBrief
from cip.services import save_versioned

Status = DesignBrief.Status


def _event(
    *, brief: DesignBrief, on: date, before: str, after: str, text: str, user, decision=None
):
    event = BriefEvent(
        brief=brief,
        date=on,
        from_status=before,
        to_status=after,
        description=text,
        recorded_by=user if getattr(user, "pk", None) else None,
        decision=decision,
    )
    return save_versioned(instance=event, expected_version=None, user=user)


@transaction.atomic
def brief_create(*, brief: DesignBrief, user, on: date) -> DesignBrief:
    """Save a new draft brief and open its timeline."""
    brief.status = Status.DRAFT
    save_versioned(instance=brief, expected_version=None, user=user)
    _event(brief=brief, on=on, before="", after=Status.DRAFT, text="Brief drafted", user=user)
    return brief


def _has_lead(brief: DesignBrief, organisation_id: int) -> bool:
    return brief.members.filter(is_lead=True, organisation_id=organisation_id).exists()


@transaction.atomic
def brief_move(
    *, brief: DesignBrief, target: str, user, on: date, expected_version: int | None = None
) -> DesignBrief:
    """Move a brief one step on (agreed → in design → recommendations made → closed).

    Raises ValidationError with the reason when the move is not allowed.
    """
    partnership = brief.partnership
    problem = calculations.move_problem(
        current=brief.status,
        target=target,
        has_council_lead=_has_lead(brief, partnership.council_id),
        has_partner_lead=_has_lead(brief, partnership.partner_id),
        has_recommendations=bool(brief.recommendations.strip()),
    )
    if problem:
        raise ValidationError(problem)
    before = brief.status
    brief.status = target
    save_versioned(
        instance=brief,
        expected_version=brief.version if expected_version is None else expected_version,
        user=user,
    )
    _event(
        brief=brief,
        on=on,
        before=before,
        after=target,
        text=f"Moved to {Status(target).label.lower()}",
        user=user,
    )
    return brief


OUTCOME_TEXT = {
    "approved": "Agreed by the board",
    "deferred": "Deferred by the board",
    "rejected": "Not agreed by the board",
}


@transaction.atomic
def brief_agree(*, decision, record: DesignBrief, user) -> None:
    """Apply a board decision on a brief (cip.decisions kind "brief_agree").

    Called inside the decision's transaction for every outcome. On a draft, approval agrees
    the brief; deferral or rejection leaves it a draft and records the step on its timeline.
    A brief entered in a later state as history (no agreeing decision on record) can have the
    decision that agreed it recorded afterwards: its state stays, the decision is linked.
    """
    brief = record
    outcome = decision.outcome
    if outcome not in OUTCOME_TEXT:
        raise ValidationError(f"Unknown decision outcome {outcome!r}.")
    historical = brief.status != Status.DRAFT and brief.agreed_by_id is None
    if not historical or outcome != "approved":
        problem = calculations.decision_problem(current=brief.status)
        if problem:
            raise ValidationError(f"{brief}: {problem} It is {brief.get_status_display().lower()}.")
    on = decision.meeting.date
    after = brief.status
    if outcome == "approved":
        after = Status.AGREED
        brief.status = brief.status if historical else Status.AGREED
        brief.agreed_by = decision
        if brief.issue_date is None:
            brief.issue_date = on
        save_versioned(instance=brief, expected_version=brief.version, user=user)
    _event(
        brief=brief,
        on=on,
        before="" if historical else Status.DRAFT,
        after=after,
        text=OUTCOME_TEXT[outcome],
        user=user,
        decision=decision,
    )
