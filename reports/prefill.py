"""Drafts and appendices from the live records: business cases (or work packages), funding
awards, placement measures and the risk register, each as at the report's date.

Narrative prefills return plain text in the convention of reports/calculations.py, for
the officer to edit. Appendices return plain, JSON-ready dicts (tables of strings and chart
inputs) so that a final version's snapshot holds exactly what its PDF shows. Every figure is
read from its app's reader as at the report's date (`as_at`): a paper never shows records
dated after it.
"""

from collections.abc import Callable
from datetime import date

from django.db.models import Min, Q, Sum
from django.utils import timezone

from cip import periods
from cip.money import format_money, format_money_short
from forecast import figures as forecast_figures
from funding import figures as funding_figures
from placements import measures
from workpackages import figures as case_figures


def as_at(report) -> date:
    """A report is as at its meeting (or today, while the meeting is still to come)."""
    return min(report.meeting_date, timezone.localdate())


def _money(value) -> str:
    return "" if value is None else format_money_short(value)


def approved_cases(partnership, as_at: date) -> list[dict]:
    """One row per business case the board had approved by `as_at`."""
    return [
        {
            "title": case.work_package,
            "investment": _money(case.investment),
            "saving": _money(case.annual_saving),
            "payback": case.payback_text,
            "position": str(case.payback_position),
        }
        for case in case_figures.approved_cases(partnership, as_at=as_at)
    ]


def _work_packages(partnership, as_at: date) -> list[dict]:
    """Work packages dated by then (their first key date), with their tier-2 contracts that had
    started; a work package with no key date is listed whatever the date."""
    packages = (
        partnership.work_packages.for_list()
        .annotate(first_date=Min("key_dates__date"))
        .filter(Q(first_date__isnull=True) | Q(first_date__lte=as_at))
        .annotate(
            contract_value=Sum(
                "contracts__value",
                filter=Q(contracts__start_date__isnull=True) | Q(contracts__start_date__lte=as_at),
            )
        )
        .order_by("title", "pk")
    )
    return [
        {
            "title": package.title,
            "stage": package.get_stage_display(),
            "model": package.get_delivery_model_display() or "Not decided",
            "value": _money(package.contract_value) or "Not recorded",
            "scope": package.scope,
        }
        for package in packages
    ]


def resource_implications(report) -> str:
    partnership, day = report.partnership, as_at(report)
    cases = approved_cases(partnership, day)
    if cases:
        lines = ["The business cases the CIP Board has approved set out these costs and savings:"]
        for letter, case in zip("abcdefghijklmnopqrstuvwxyz", cases, strict=False):
            lines.append(
                f"({letter}) {case['title']}: investment {case['investment']}; annual saving "
                f"{case['saving']}; payback {case['payback']}."
            )
        return "\n".join(lines)
    packages = _work_packages(partnership, day)
    if not packages:
        return ""
    lines = [
        "All activities delivered through the Partnership are approved through business "
        "cases. The work packages and the value of their tier-2 contracts are:"
    ]
    for letter, package in zip("abcdefghijklmnopqrstuvwxyz", packages, strict=False):
        lines.append(
            f"({letter}) {package['title']} ({package['stage'].lower()}): {package['value']}."
        )
    return "\n".join(lines)


def achievements(report) -> str:
    funding = funding_figures.figures(report.partnership, as_at=as_at(report))
    if not funding.awards:
        return ""
    lines = [
        f"{format_money_short(funding.totals.secured)} has been achieved through bids for "
        "funding to deliver new services to children and families, including:"
    ]
    for letter, award in zip("abcdefghijklmnopqrstuvwxyz", funding.awards, strict=False):
        lines.append(
            f"({letter}) {award.title}: {format_money(award.amount)} from {award.funder}, "
            f"led by {award.lead}."
        )
    return "\n".join(lines)


# --- appendices ------------------------------------------------------------------------------


def _table(caption: str, headers: list[str], rows: list[list[str]], numeric=()) -> dict:
    return {
        "caption": caption,
        "headers": headers,
        "rows": rows,
        "numeric": sorted(numeric),  # the indexes of the columns that hold numbers
    }


def appendix_business_cases(partnership, as_at: date) -> dict:
    cases = approved_cases(partnership, as_at)
    if cases:
        rows = [
            [c["title"], c["investment"], c["saving"], c["payback"], c["position"]] for c in cases
        ]
        return {
            "title": "Business case summaries",
            "notes": [
                f"The business cases the CIP Board had approved by {periods.day_label(as_at)}. "
                "Each payback is on the investment the board's target covers: gross, or net of "
                "the asset the council retains."
            ],
            "tables": [
                _table(
                    "Approved business cases",
                    ["Work package", "Investment", "Annual saving", "Payback", "Paid back"],
                    rows,
                    numeric=(1, 2),
                )
            ],
            "charts": [],
        }
    packages = _work_packages(partnership, as_at)
    return {
        "title": "Business case summaries",
        "notes": [
            "No business case has been approved yet, so the work packages and their tier-2 "
            "contracts are listed instead."
            if packages
            else "No business case has been approved and no work packages are recorded yet."
        ],
        "tables": [
            _table(
                "Work packages and their tier-2 contracts",
                ["Work package", "Stage", "Delivery model", "Contract value"],
                [[p["title"], p["stage"], p["model"], p["value"]] for p in packages],
                numeric=(3,),
            )
        ]
        if packages
        else [],
        "charts": [],
    }


def appendix_funding(partnership, as_at: date) -> dict:
    funding = funding_figures.figures(partnership, as_at=as_at)
    bids = funding.awards
    rows = [
        [
            bid.title,
            bid.funder,
            bid.lead,
            periods.month_label(bid.decided_on),
            format_money(bid.amount),
        ]
        for bid in bids
    ]
    if rows:
        rows.append(["Total secured", "", "", "", format_money(funding.totals.secured)])
    chart = {
        "type": "bar",
        "title": "Funding awarded by bid",
        # Whole titles: the chart wraps a long one (cip.charts.wrap_label) rather than cut it.
        "items": [[bid.title, str(bid.amount)] for bid in bids],
        "money": True,
        "table": False,
        "label_heading": "Bid",
        "value_heading": "Awarded",
    }
    return {
        "title": "Funding awards",
        "notes": [] if bids else ["No funding has been awarded yet."],
        "tables": [
            _table(
                "Funding secured through bids",
                ["Bid", "Funder", "Lead applicant", "Decided", "Awarded"],
                rows,
                numeric=(4,),
            )
        ]
        if rows
        else [],
        "charts": [chart] if bids else [],
    }


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


def appendix_placements(partnership, as_at: date) -> dict:
    """The measures of the collection year the report's date falls in, counted at that date;
    the trend runs to the last 31 March before it."""
    year = periods.collection_year(as_at)
    first, year_end = periods.collection_year_bounds(year)
    ended = [
        y
        for y in measures.years_with_data(partnership)
        if periods.collection_year_bounds(y)[1] <= as_at
    ]
    if not ended and not measures.years_with_data(partnership):
        return {
            "title": "Placement measures",
            "notes": ["No placements are recorded yet."],
            "tables": [],
            "charts": [],
        }
    last = min(year_end, as_at)
    m = measures.for_year(partnership, first=first, last=last, years=ended)
    label = periods.collection_year_label(year)
    if last < year_end:
        label = f"{label} to {periods.day_label(last)}"
    rows = [
        [f"Children looked after at {periods.day_label(last)}", f"{m.looked_after:,}"],
        ["Rate per 10,000 children", "" if m.rate is None else str(m.rate)],
        *[[f"Rate: {c.name}", "" if c.rate is None else str(c.rate)] for c in m.comparators],
        ["Placed inside the county", _percent(m.in_county_share)],
        ["In residential placements", f"{m.residential:,}"],
        ["Residential placed inside the county", _percent(m.residential_in_county_share)],
        ["In the CIP's own provision", f"{m.cip_placements:,}"],
    ]
    if m.stability is not None:
        rows.append(
            ["With three or more placements in the year", _percent(m.stability.three_plus_share)]
        )
    if m.spend is not None:
        rows.append([f"Placement spend {label}", format_money_short(m.spend.total)])
        if m.spend.cost_avoided is not None:
            rows.append(
                ["Cost avoided by the CIP's provision", format_money_short(m.spend.cost_avoided)]
            )
    charts = [
        {
            "type": "line",
            "title": "Children looked after at 31 March",
            "labels": [period.removeprefix("31 March ") for period, _, _ in m.trend],
            "series": [["Children looked after", [str(n) for _, n, _ in m.trend]]],
            "money": False,
        }
    ]
    if m.spend is not None:
        charts.append(
            {
                "type": "bar",
                "title": f"Placement spend by kind, {label}",
                "items": [[c.label, str(v)] for c, v in m.spend.by_category.items() if v],
                "money": True,
                "label_heading": "Kind of placement",
                "value_heading": "Spend",
            }
        )
    return {
        "title": f"Placement measures, {label}",
        "notes": [],
        "tables": [_table(f"Placement measures, {label}", ["Measure", "Value"], rows, (1,))],
        "charts": charts,
    }


def appendix_risks(partnership, as_at: date) -> dict:
    """The risks open on the report's date, as they stood at the end of it (the board's
    reader)."""
    from board import calculations as board
    from board import figures as board_figures

    settings = getattr(partnership, "board_settings", None)
    bands = {"amber_from": settings.amber_from, "red_from": settings.red_from} if settings else {}
    risks = board_figures.open_risks(partnership, as_at=as_at).order_by("-score", "title", "id")
    rows = [
        [
            risk.title,
            risk.owner,
            str(risk.likelihood),
            str(risk.impact),
            f"{risk.score} ({board.rag(risk.score, **bands).capitalize()})",
            risk.mitigation,
        ]
        for risk in risks
    ]
    return {
        "title": "Risk register",
        "notes": [] if rows else ["There are no open risks."],
        "tables": [
            _table(
                "Open risks, highest score first",
                ["Risk", "Owner", "Likelihood", "Impact", "Score", "Mitigation"],
                rows,
                numeric=(2, 3, 4),
            )
        ]
        if rows
        else [],
        "charts": [],
    }


def appendix_forecast(partnership, as_at: date) -> dict:
    """The demand forecast the dashboard shows at the report's date (forecast.figures.latest:
    the latest made from the log as it stood by then), year by year with its range."""
    found = forecast_figures.latest(partnership, as_at=as_at)
    if found is None:
        return {
            "title": "Demand forecast",
            "notes": [f"No demand forecast had been made from the log by {as_at:%-d %B %Y}."],
            "tables": [],
            "charts": [],
        }
    scenario = bool(found.scenario_name)
    headers = ["Year ending", "Baseline children", "Range", "Baseline cost", "Cost range"]
    if scenario:
        headers += ["Scenario children", "Scenario cost"]
    rows = []
    for year in found.years:
        row = [
            f"{year.ending:%-d %b %Y}",
            f"{year.baseline.total:.0f}",
            f"{year.low.total:.0f} to {year.high.total:.0f}",
            format_money(year.baseline.cost),
            f"{format_money_short(year.low.cost)} to {format_money_short(year.high.cost)}",
        ]
        if scenario:
            row += [f"{year.scenario.total:.0f}", format_money(year.scenario.cost)]
        rows.append(row)
    window = f"{found.window_start:%-d %B %Y} to {found.window_end:%-d %B %Y}"
    notes = [
        f"{found.name}: the children looked after and the cost of their placements, projected "
        f"from the placement log's rates over {window} ({found.starting_total:.0f} children "
        "at its end), with a 95% range."
        + (f" Scenario: {found.scenario_name} ({found.scenario_description})." if scenario else "")
    ]
    return {
        "title": "Demand forecast",
        "notes": notes,
        "tables": [
            _table(
                "Projected children looked after and placement costs",
                headers,
                rows,
                numeric=(1, 3, 5, 6) if scenario else (1, 3),
            )
        ],
        "charts": [],
    }


APPENDICES: list[tuple[str, Callable]] = [
    ("include_business_cases", appendix_business_cases),
    ("include_funding", appendix_funding),
    ("include_placements", appendix_placements),
    ("include_risks", appendix_risks),
    ("include_forecast", appendix_forecast),
]


def narrative_appendix_titles(text: str) -> list[str]:
    """The appendices the officer wrote: "## Appendix 1 - …" headings in the Appendices text."""
    titles = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith("## ") and stripped[3:].lower().startswith("appendix"):
            titles.append(stripped[3:].strip())
    return titles


def generated_appendices(report, *, narrative_count: int) -> list[dict]:
    """The data appendices the report includes, numbered after the officer's own."""
    result = []
    for flag, build in APPENDICES:
        if getattr(report, flag):
            appendix = build(report.partnership, as_at(report))
            number = narrative_count + len(result) + 1
            appendix["title"] = f"Appendix {number} - {appendix['title']}"
            result.append(appendix)
    return result


APPENDIX_NAMES = {
    "include_business_cases": "Business case summaries",
    "include_funding": "Funding awards",
    "include_placements": "Placement measures",
    "include_risks": "Risk register",
    "include_forecast": "Demand forecast",
}


def appendix_list(report) -> str:
    appendices_text = next((s.text for s in report.sections.all() if s.key == "appendices"), "")
    lines = [t.replace(" - ", ": ", 1) for t in narrative_appendix_titles(appendices_text)]
    for flag, _ in APPENDICES:
        if getattr(report, flag):
            lines.append(f"Appendix {len(lines) + 1}: {APPENDIX_NAMES[flag]}")
    return "\n".join(lines) if lines else "None."


PREFILLS: dict[str, Callable] = {
    "resource_implications": resource_implications,
    "achievements": achievements,
    "appendix_list": appendix_list,
}
