"""The dashboard's charts, built from `dashboard_figures` with the project's SVG toolkit
(cip.charts) so the page and the board pack PDF draw the same ones."""

from dataclasses import dataclass

from cip.charts import (
    PALETTE,
    BarChart,
    HorizontalBarChart,
    LineChart,
    bar_chart,
    horizontal_bar_chart,
    line_chart,
)
from cip.money import format_money, format_money_short
from dashboard.selectors import DashboardFigures


def _rate(value) -> str:
    return "Not recorded" if value is None else f"{value}"


@dataclass
class DashboardCharts:
    secured_by_year: BarChart
    rate_against_comparators: HorizontalBarChart
    looked_after_by_month: LineChart
    average_weekly_cost: HorizontalBarChart
    savings: LineChart


def dashboard_charts(figures: DashboardFigures) -> DashboardCharts:
    p = figures.placements
    return DashboardCharts(
        secured_by_year=bar_chart(
            "Funding secured by financial year of award",
            figures.funding.secured_by_year,
            formatter=format_money_short,
            label_heading="Financial year",
            value_heading="Secured",
        ),
        rate_against_comparators=horizontal_bar_chart(
            f"Children looked after per 10,000 children at {p.as_at:%-d %B %Y}, "
            "against comparators",
            [("This council", p.rate), *p.comparators],
            formatter=_rate,
            label_heading="Area",
            value_heading="Rate per 10,000",
            # This council's bar is dark blue, the comparators grey; the label says which.
            colours=(PALETTE[0], "#505a5f", "#505a5f", "#505a5f"),
        ),
        looked_after_by_month=line_chart(
            f"Children looked after at each month end to {p.as_at:%-d %B %Y}",
            [f"{day:%b %y}" for day, _ in p.trend],
            [("Children looked after", [count for _, count in p.trend])],
        ),
        average_weekly_cost=horizontal_bar_chart(
            f"Average weekly cost by placement category, {p.first:%-d %B %Y} "
            f"to {p.as_at:%-d %B %Y}",
            p.average_weekly,
            formatter=format_money,
            label_heading="Category",
            value_heading="Average weekly cost",
        ),
        savings=line_chart(
            f"Savings of approved business cases, cumulative to {figures.cases.as_at:%-d %B %Y}",
            figures.cases.years,
            [
                ("Projected", figures.cases.projected_cumulative),
                ("Realised", figures.cases.realised_cumulative),
            ],
            formatter=format_money_short,
        ),
    )
