"""The board's figures as at a date, for the agenda page, the board pack and the dashboard.

An action is on a paper of a given date when it was raised by then (at a meeting held by
then, or with no meeting), and it is overdue when its due date had passed by then. A risk is
on it when it was open that day (raised by then, and not closed or archived by then), with
its score and wording as they stood at the end of that day. A decision awaits on it when its
agenda item was for decision by the end of that day, at a meeting not archived or signed off
by then, with no decision recorded on it by then (the items' and meetings' history).
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from board.models import AgendaItem, Decision, Meeting, Risk


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


def open_risks(partnership, *, as_at: date):
    """The risks open on `as_at`, each as its history record that stood at the end of that
    day: a QuerySet of `Risk.history` rows (title, owner, likelihood, impact, score,
    mitigation as they were then; `id` is the risk's).

    Open on the day: raised on or before it, and not closed by it (`closed_on` after it, or
    none) nor archived by its end. A risk raised on a day before it was first recorded here
    (a backdated `raised_on`) stands as first recorded. A risk closed and later reopened
    loses its closed date, so papers of the days between count it as open.
    """
    end = timezone.make_aware(datetime.combine(as_at + timedelta(days=1), time.min))
    History = Risk.history.model
    then = History.objects.filter(id=OuterRef("pk"), history_date__lt=end).order_by(
        "-history_date", "-history_id"
    )
    first = History.objects.filter(id=OuterRef("pk")).order_by("history_date", "history_id")
    stood = (
        partnership.board_risks(manager="all_objects")
        .filter(raised_on__lte=as_at)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_at))
        .filter(Q(archived_at__isnull=True) | Q(archived_at__gte=end))
        .annotate(
            stood=Coalesce(
                Subquery(then.values("history_id")[:1]), Subquery(first.values("history_id")[:1])
            )
        )
        .values("stood")
    )
    return History.objects.filter(history_id__in=stood)


def open_risk_cells(partnership, *, as_at: date) -> dict[tuple[int, int], int]:
    """{(likelihood, impact): risks open on `as_at`}, scored as they stood: one query."""
    cells = (
        open_risks(partnership, as_at=as_at)
        .values("likelihood", "impact")
        .annotate(n=Count("history_id"))
        .order_by()
    )
    return {(row["likelihood"], row["impact"]): row["n"] for row in cells}


def awaiting_decisions(partnership, *, as_at: date, limit: int) -> tuple[int, list[dict]]:
    """Items on an agenda for the board to decide with no decision recorded by the end of
    `as_at`: (how many, the first `limit` by meeting date). An item counts when it existed by
    then (its first history record), was for decision as it stood then (its title is shown as
    it stood), its meeting was neither archived nor signed off by then (the meeting's history)
    and no decision on it had been recorded (`created_at`) by then. One query: the total comes
    with the first rows (a window over the whole result)."""
    end = timezone.make_aware(datetime.combine(as_at + timedelta(days=1), time.min))
    then = AgendaItem.history.model.objects.filter(id=OuterRef("pk"), history_date__lt=end)
    then = then.order_by("-history_date", "-history_id")
    meeting = Meeting.history.model.objects.filter(
        id=OuterRef("meeting_id"), history_date__lt=end
    ).order_by("-history_date", "-history_id")
    decided = Decision.objects.filter(item_id=OuterRef("pk"), created_at__lt=end)
    waiting = (
        AgendaItem.objects.filter(meeting__partnership=partnership)
        .annotate(
            stood_purpose=Subquery(then.values("purpose")[:1]),
            stood_title=Subquery(then.values("title")[:1]),
            meeting_status=Subquery(meeting.values("status")[:1]),
            meeting_archived=Subquery(meeting.values("archived_at")[:1]),
            decided=Exists(decided),
        )
        .filter(
            stood_purpose=AgendaItem.Purpose.DECISION,
            meeting_archived__isnull=True,
            decided=False,
        )
        .filter(Q(meeting_status__isnull=True) | ~Q(meeting_status=Meeting.Status.SIGNED_OFF))
    )
    rows = list(
        waiting.annotate(total=Window(Count("pk")))
        .order_by("meeting__date", "position", "pk")
        .values("stood_title", "meeting_id", "meeting__title", "meeting__date", "total")[:limit]
    )
    for row in rows:
        row["title"] = row.pop("stood_title")
    return (rows[0]["total"] if rows else 0), rows
