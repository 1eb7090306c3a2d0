"""The dashboard figures a board pack carries, from whichever apps hold data.

The board's dashboard page (cip/dashboard) is still to come; until it lands this reads the
same headline figures straight from their apps, each in a few aggregate queries.
"""

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from cip.board import calculations as board
from cip.money import format_money, format_money_short


def figures(partnership) -> list[list[str]]:
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
