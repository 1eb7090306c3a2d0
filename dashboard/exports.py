"""The dashboard's tables as rows for CSV and XLSX (cip.tables.rows_file): each one made from
the same `dashboard_figures` the page renders, as at the page's date, with amounts as numbers
(the page rounds them as the council writes them; the file keeps pounds and pence).

`TABLES` maps the name in the export's URL (`/dashboard/<name>.csv`) to its maker."""

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.selectors import DashboardFigures, headline_rows

REALISATION = {
    "green": "On plan (green)",
    "amber": "Behind plan (amber)",
    "red": "Well behind (red)",
}


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    kinds: list[str | None]  # "money", "percent" or None, per column
    rows: list[list]


def _cases(f: DashboardFigures) -> Table:
    return Table(
        "Business cases",
        [
            "Business case",
            "Investment",
            "Annual saving",
            "Payback",
            "Realised",
            "Planned to date",
            "Against plan",
            "Paid back",
        ],
        [None, "money", "money", None, "money", "money", None, None],
        [
            [
                case.work_package,
                case.investment,
                case.annual_saving,
                case.payback_text,
                case.realised,
                case.projected,
                REALISATION.get(case.realisation, case.realisation),
                str(case.payback_position),
            ]
            for case in f.cases.cases
        ],
    )


def _log(f: DashboardFigures) -> Table:
    return Table(
        "Cases against the log",
        [
            "Business case",
            "Realised from the log",
            "Projected",
            "Projected a year",
            "Days open",
            "Occupancy",
            "Assumed occupancy",
        ],
        [None, "money", "money", "money", None, "percent", "percent"],
        [
            [
                item.title,
                item.realised,
                item.projected,
                item.projected_annual,
                item.days_open,
                item.evidence.occupancy_pct,
                item.evidence.assumption,
            ]
            for item in f.cases.log
        ],
    )


def _work_packages(f: DashboardFigures) -> Table:
    d = f.delivery
    rows = [[total.label, *(cell.value for cell in cells), total.value] for total, cells in d.grid]
    rows.append(["All stages", *(cell.value for cell in d.rag_totals), d.work_packages.value])
    return Table("Work packages", ["Stage", *d.rags, "All"], [None] * (len(d.rags) + 2), rows)


def _briefs(f: DashboardFigures) -> Table:
    d = f.delivery
    rows = [[link.label, link.value] for link in d.briefs]
    rows.append(["All briefs", d.briefs_total.value])
    return Table("Design briefs", ["Status", "Briefs"], [None, None], rows)


def _overdue_actions(f: DashboardFigures) -> Table:
    return Table(
        "Overdue actions",
        ["Action", "Owner", "Due"],
        [None, None, None],
        [[a.description, a.owner, a.due] for a in f.governance.oldest_overdue],
    )


def _awaiting(f: DashboardFigures) -> Table:
    return Table(
        "Awaiting a decision",
        ["Agenda item", "Meeting", "Meeting date"],
        [None, None, None],
        [[i.title, i.meeting, i.meeting_date] for i in f.governance.awaiting_items],
    )


def _figures(f: DashboardFigures) -> Table:
    return Table(
        "Headline figures", ["Figure", "Value", "As at"], [None, None, None], headline_rows(f)
    )


TABLES: dict[str, Callable[[DashboardFigures], Table]] = {
    "figures": _figures,
    "cases": _cases,
    "log": _log,
    "work-packages": _work_packages,
    "briefs": _briefs,
    "overdue-actions": _overdue_actions,
    "awaiting": _awaiting,
}
