"""The board's figures as at a date, for the agenda page, the board pack and the dashboard.

An action is on a paper of a given date when it was raised by then (at a meeting held by
then, or with no meeting), and it is overdue when its due date had passed by then. Risks and
decisions awaiting keep only their present state (a risk records no date it was raised or
closed), so their figures are as they stand today, and the surfaces say so.
"""

from datetime import date

from django.db.models import Count, Q, Window
from django.utils import timezone

from board.models import AgendaItem


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


def action_counts(partnership, *, as_at: date) -> tuple[int, int]:
    """(open, overdue) actions as at the date: one query."""
    counts = (
        open_actions(partnership, as_at=as_at)
        .order_by()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=as_at)))
    )
    return counts["open"], counts["overdue"]


def overdue_actions(partnership, *, as_at: date, limit: int) -> list[dict]:
    """The longest overdue actions as at the date, earliest due first."""
    return list(
        open_actions(partnership, as_at=as_at)
        .filter(due_date__lt=as_at)
        .values("description", "owner", "due_date")[:limit]
    )


def open_risk_cells(partnership) -> dict[tuple[int, int], int]:
    """{(likelihood, impact): open risks}, as they stand today: one query."""
    Risk = partnership.board_risks.model
    cells = (
        partnership.board_risks.filter(status=Risk.Status.OPEN)
        .values("likelihood", "impact")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["likelihood"], row["impact"]): row["n"] for row in cells}


def awaiting_decisions(partnership, *, limit: int) -> tuple[int, list[dict]]:
    """Items on an agenda for the board to decide with no decision recorded yet, as they stand
    today: (how many, the first `limit` by meeting date). One query: the total comes with the
    first rows (a window over the whole result)."""
    waiting = AgendaItem.objects.filter(
        meeting__partnership=partnership,
        meeting__archived_at__isnull=True,
        purpose=AgendaItem.Purpose.DECISION,
        decisions__isnull=True,
    ).exclude(meeting__status="signed_off")
    rows = list(
        waiting.annotate(total=Window(Count("pk")))
        .order_by("meeting__date", "position", "pk")
        .values("title", "meeting_id", "meeting__title", "meeting__date", "total")[:limit]
    )
    return (rows[0]["total"] if rows else 0), rows
