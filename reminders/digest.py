"""Each person's digest as at a date: their overdue and due-soon items in every partnership
they are a member of, by what their role looks after. Plain data; reminders.mail sends it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from board import services as board_services
from board.models import Action, Proposal, Secondment
from cip.access import Capability, role_can
from cip.models import Membership
from funding.models import Condition

DUE_SOON_DAYS = 14  # actions, grant conditions and written procedures
SECONDMENT_WARNING_DAYS = 60  # a secondment ending within this is due for a decision


@dataclass(frozen=True)
class Line:
    partnership: str
    what: str
    due: date
    overdue: bool

    @property
    def text(self) -> str:
        when = f"{self.due:%-d %B %Y}"
        return f"{self.what}: {'overdue since' if self.overdue else 'due'} {when}"


def _lines_for(membership: Membership, as_at: date) -> list[Line]:
    partnership, role = membership.partnership, membership.role
    name = str(partnership)
    soon = as_at + timedelta(days=DUE_SOON_DAYS)
    lines: list[Line] = []
    # Actions by their owner: a member's own (Action.owner_member), whatever their role. An
    # action owned by someone outside the partnership (typed-in name, no member) goes to the
    # chair or secretary, who chases it; the typed-in text is never matched to a person.
    actions = Action.objects.open().filter(partnership=partnership, due_date__lte=soon)
    for action in actions.filter(owner_member=membership):
        lines.append(Line(name, f"Action: {action}", action.due_date, action.due_date < as_at))
    if role_can(role, Capability.CHAIR):
        for action in actions.filter(owner_member__isnull=True):
            lines.append(
                Line(
                    name,
                    f"Action owned outside the partnership: {action} ({action.owner})",
                    action.due_date,
                    action.due_date < as_at,
                )
            )
    if role_can(role, Capability.EDIT) or role_can(role, Capability.MANAGE):
        conditions = (
            Condition.objects.outstanding()
            .filter(bid__partnership=partnership, due_on__lte=soon)
            .select_related("bid")
        )
        for condition in conditions:
            lines.append(
                Line(
                    name,
                    f"Grant condition: {condition.title} ({condition.bid})",
                    condition.due_on,
                    condition.due_on < as_at,
                )
            )
    if role_can(role, Capability.CHAIR) or role_can(role, Capability.MANAGE):
        ending = Secondment.objects.filter(
            partnership=partnership,
            end_date__gte=as_at,
            end_date__lte=as_at + timedelta(days=SECONDMENT_WARNING_DAYS),
        )
        for secondment in ending:
            lines.append(Line(name, f"Secondment ends: {secondment}", secondment.end_date, False))
    if role_can(role, Capability.DECIDE):
        unvoted = Proposal.objects.filter(
            partnership=partnership,
            carried_on__isnull=True,
            deadline__gte=as_at,
            deadline__lte=soon,
        ).exclude(votes__user=membership.user)
        for proposal in unvoted:
            lines.append(Line(name, f"Your vote on “{proposal}”", proposal.deadline, False))
    outlook = board_services.next_continuation_for(partnership, as_at=as_at)
    settings = getattr(partnership, "board_settings", None)
    warning = settings.warning_days if settings else 60
    if outlook is not None and outlook.days_to_notice <= warning:
        lines.append(
            Line(
                name,
                f"Termination-notice deadline before Year {outlook.next_year_number}",
                outlook.notice_deadline,
                outlook.notice_deadline < as_at,
            )
        )
        lines.append(
            Line(
                name,
                f"Board decision on continuing into Year {outlook.next_year_number}",
                outlook.next_year_starts,
                outlook.next_year_starts < as_at,
            )
        )
    return lines


def digest_for(user, *, as_at: date) -> list[Line]:
    """The person's lines, overdue first, then by date."""
    memberships = Membership.objects.filter(user=user).select_related(
        "partnership__agreement", "partnership__board_settings"
    )
    lines = [line for m in memberships for line in _lines_for(m, as_at)]
    return sorted(lines, key=lambda line: (not line.overdue, line.due, line.partnership, line.what))


def recipients():
    """People with an email address who have not turned the digest off."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .exclude(reminder_preference__daily_digest=False)
        .distinct()
        .order_by("pk")
    )
