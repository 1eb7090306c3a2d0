"""The dashboard figures a board pack carries.

The board's dashboard (cip/dashboard) gives its figures as text rows for exactly this
(`selectors.headline_rows`); they are used as at the meeting (or today, if that is sooner).
Should the dashboard's selectors fail on a partnership's data, the pack still goes out with
the few headline figures read here straight from their apps, and the failure is logged.
"""

import logging
from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from cip.board import calculations as board
from cip.money import format_money, format_money_short

log = logging.getLogger("cip.reports.dashboard")


def figures(partnership, as_at: date | None = None) -> list[list[str]]:
    """[figure, value, as at] rows."""
    as_at = min(as_at or timezone.localdate(), timezone.localdate())
    try:
        from cip.dashboard.selectors import dashboard_figures, financial_year_label, headline_rows

        board = dashboard_figures(
            partnership, as_at=as_at, financial_year=financial_year_label(as_at)
        )
        return [list(row) for row in headline_rows(board)]
    except Exception:  # the pack must still go out: fall back to the figures read here
        log.exception("dashboard figures failed for the board pack of %s", partnership.slug)
    today = f"{timezone.localdate():%-d %B %Y}"
    return [[label, value, today] for label, value in own_figures(partnership)]


def own_figures(partnership) -> list[list[str]]:
    rows: list[list[str]] = []
    secured = partnership.bids.secured().aggregate(total=Sum("amount_awarded"), n=Count("pk"))
    rows.append(
        [
            "Funding secured through bids",
            f"{format_money_short(secured['total'] or Decimal(0))} from {secured['n']} awards",
        ]
    )
    pipeline = partnership.bids.open().aggregate(total=Sum("amount_requested"), n=Count("pk"))
    rows.append(
        [
            "Bids in progress",
            f"{pipeline['n']} asking for {format_money(pipeline['total'] or Decimal(0))}",
        ]
    )
    stages = dict(partnership.work_packages.values_list("stage").annotate(n=Count("pk")).order_by())
    if stages:
        from workpackages.models import WorkPackage

        rows.append(
            [
                "Work packages",
                ", ".join(
                    f"{stages[value]} in {label.lower()}"
                    for value, label in WorkPackage.Stage.choices
                    if stages.get(value)
                ),
            ]
        )
    settings = getattr(partnership, "board_settings", None)
    bands = {"amber_from": settings.amber_from, "red_from": settings.red_from} if settings else {}
    scores = partnership.board_risks.filter(status="open").values_list("score", flat=True)
    rag = Counter(board.rag(score, **bands) for score in scores)
    rows.append(
        [
            "Open risks",
            f"{sum(rag.values())}: "
            + ", ".join(
                f"{rag.get(name, 0)} {name}" for name in (board.RED, board.AMBER, board.GREEN)
            ),
        ]
    )
    today = timezone.localdate()
    actions = partnership.board_actions.open().aggregate(
        n=Count("pk"), overdue=Count("pk", filter=_overdue(today))
    )
    rows.append(["Open actions", f"{actions['n']}, of which {actions['overdue']} overdue"])
    rows.extend(_placements(partnership))
    return rows


def _overdue(today):
    return Q(due_date__lt=today)


def _placements(partnership) -> list[list[str]]:
    from placements import codes, measures

    years = measures.years_with_data(partnership)
    if not years:
        return []
    first, last = codes.collection_year_bounds(years[-1])
    m = measures.for_year(partnership, first=first, last=last)
    rate = f" ({m.rate} per 10,000)" if m.rate is not None else ""
    return [[f"Children looked after at {last.day} {last:%B %Y}", f"{m.looked_after:,}{rate}"]]
