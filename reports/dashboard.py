"""The dashboard a board pack carries: the board's dashboard (dashboard/) as text rows
(`selectors.headline_rows`) and its charts, as at the meeting (or today, if that is sooner).

The charts are kept as plain inputs (reports.pdf.chart_for draws them), so that a final pack's
snapshot holds them: the same titles as the dashboard's own charts (dashboard.charts), and
the figures of `dashboard_figures`, passed on as they are.
"""

from datetime import date

from django.utils import timezone

from cip.periods import financial_year
from dashboard.charts import dashboard_charts
from dashboard.selectors import dashboard_figures, headline_rows


def _as_at(as_at: date | None) -> date:
    return min(as_at or timezone.localdate(), timezone.localdate())


def figures(partnership, as_at: date | None = None) -> list[list[str]]:
    """[figure, value, as at] rows."""
    return pack_dashboard(partnership, as_at)[0]


def _text(value) -> str | None:
    return None if value is None else str(value)


def pack_dashboard(partnership, as_at: date | None = None) -> tuple[list[list[str]], list[dict]]:
    """The dashboard's rows and its charts' inputs, from one reading of its figures."""
    as_at = _as_at(as_at)
    board = dashboard_figures(partnership, as_at=as_at, financial_year=financial_year(as_at))
    rows = [list(row) for row in headline_rows(board)]
    drawn = dashboard_charts(board)
    p = board.placements
    charts = [
        {
            "type": "bar",
            "title": drawn.secured_by_year.title,
            "items": [[label, _text(v)] for label, v in board.funding.secured_by_year],
            "money": True,
            "label_heading": drawn.secured_by_year.label_heading,
            "value_heading": drawn.secured_by_year.value_heading,
        },
        {
            "type": "line",
            "title": drawn.savings.title,
            "labels": list(board.cases.years),
            "series": [
                ["Projected", [_text(v) for v in board.cases.projected_cumulative]],
                ["Realised", [_text(v) for v in board.cases.realised_cumulative]],
            ],
            "money": True,
        },
        {
            "type": "bar",
            "title": drawn.rate_against_comparators.title,
            "items": [[label, _text(v)] for label, v in [("This council", p.rate), *p.comparators]],
            "money": False,
            "label_heading": drawn.rate_against_comparators.label_heading,
            "value_heading": drawn.rate_against_comparators.value_heading,
        },
        {
            "type": "line",
            "title": drawn.looked_after_by_month.title,
            "labels": [f"{day:%b %y}" for day, _ in p.trend],
            "series": [["Children looked after", [str(count) for _, count in p.trend]]],
            "money": False,
        },
        {
            "type": "bar",
            "title": drawn.average_weekly_cost.title,
            "items": [[label, _text(v)] for label, v in p.average_weekly],
            "money": True,
            "label_heading": drawn.average_weekly_cost.label_heading,
            "value_heading": drawn.average_weekly_cost.value_heading,
        },
    ]
    # A chart with nothing to draw (no placements or cases yet) is left out; the rows say so.
    return rows, [c for c in charts if c.get("items") or any(v for _, v in c.get("series", []))]
