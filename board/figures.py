"""The board's figures as at a date, for the agenda page, the board pack and the dashboard.

An action is on a paper of a given date when it was raised by then (at a meeting held by
then, or with no meeting), and it is overdue when its due date had passed by then.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone


def paper_date(meeting_date: date) -> date:
    """A paper is as at its meeting, or today while the meeting is still to come."""
    return min(meeting_date, timezone.localdate())


def open_actions(partnership, *, as_at: date):
    """The actions still open, raised by `as_at`, earliest due first."""
    return (
        partnership.board_actions.open()
        .filter(Q(meeting__isnull=True) | Q(meeting__date__lte=as_at))
        .select_related("meeting")
        .order_by("due_date", "pk")
    )
