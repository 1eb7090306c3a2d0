"""The design briefs' figures as at a date, for the dashboard and the board pack.

A brief's status on a day is the one its timeline had reached by then: its latest dated step
that set a status. Before its first step the brief was not yet on record, so a paper dated
earlier does not count it. A brief with no timeline at all (entered before timelines were
kept) counts at its present status.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Subquery

from briefs.models import BriefEvent


def status_counts(partnership, *, as_at: date) -> dict[str, int]:
    """{status: number of briefs} as at the date: one query."""
    steps = BriefEvent.objects.filter(brief=OuterRef("pk")).exclude(to_status="")
    reached = steps.filter(date__lte=as_at).order_by("-date", "-pk").values("to_status")[:1]
    rows = (
        partnership.design_briefs.annotate(status_then=Subquery(reached), timed=Exists(steps))
        .values("status_then", "status", "timed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, int] = {}
    for row in rows:
        status = row["status_then"] if row["timed"] else row["status"]
        if status:
            counts[status] = counts.get(status, 0) + row["n"]
    return counts
