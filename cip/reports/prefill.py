"""Drafts and appendices from the live records: business cases (or work packages), funding
awards, placement measures and the risk register.

Narrative prefills return plain text in the convention of cip/reports/calculations.py, for
the officer to edit. Appendices return plain, JSON-ready dicts (tables of strings and chart
inputs) so that a final version's snapshot holds exactly what its PDF shows.

Business cases (issue 6) are found by model lookup, `workpackages.BusinessCase`, so this
module works before and after that model lands: with no such model, or no approved case, it
draws on the work packages and their tier-2 contracts instead. Figures are read from the
case by the first of several likely attribute names (see `_CASE_FIGURES`), each optional.
"""

import logging
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db.models import Sum

from cip.money import format_money, format_money_short

log = logging.getLogger("cip.reports.prefill")

# Attribute (or zero-argument method) names a business case may give each figure by.
_CASE_FIGURES = {
    "capital": ("gross_investment", "capital_total", "total_capital", "capital"),
    "saving": ("annual_net_saving", "net_annual_saving", "annual_saving"),
    "payback": ("payback_text", "stated_payback", "payback_display", "payback"),
}


def business_case_model():
    """The BusinessCase model of issue 6, or None while it does not exist."""
    try:
        return apps.get_model("workpackages", "BusinessCase")
    except LookupError:
        return None


def _read(record, names) -> object | None:
    for name in names:
        try:
            value = getattr(record, name)
            value = value() if callable(value) else value
        except Exception:  # a figure the case cannot give is left blank, and logged
            log.debug("business case %s has no usable %s", getattr(record, "pk", None), name)
            continue
        if value not in (None, ""):
            return value
    return None


def _money(value, short=True) -> str:
    if value is None:
        return ""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return format_money_short(amount) if short else format_money(amount)


def approved_cases(partnership) -> list[dict] | None:
    """One row per approved business case, or None when the model does not exist yet."""
    model = business_case_model()
    if model is None:
        return None
    field_names = {f.name for f in model._meta.get_fields()}
    cases = model._default_manager.filter(work_package__partnership=partnership)
    if "status" in field_names:
        cases = cases.filter(status="approved")
    queryset = cases.for_list() if hasattr(cases, "for_list") else cases
    rows = []
    for case in queryset.select_related("work_package").order_by("work_package__title", "pk"):
        figures = _case_figures(case)
        rows.append(
            {
                "title": str(case.work_package),
                "capital": _money(figures["capital"]),
                "saving": _money(figures["saving"]),
                "payback": figures["payback"],
                "summary": str(_read(case, ("summary_text", "strategic_case", "scope")) or ""),
            }
        )
    return rows


def _case_figures(case) -> dict:
    """Capital (gross investment), annual net saving and payback of one case: from its computed
    summary (issue 6's `BusinessCase.summary()`), else from attributes of those names."""
    try:
        summary = case.summary() if callable(getattr(case, "summary", None)) else None
    except Exception:
        summary = None
    if summary is not None and hasattr(summary, "gross_investment"):
        gross, net = summary.gross_payback, summary.net_payback
        if gross is None:
            payback = "no payback"
        elif net is not None and net.years < gross.years:
            payback = f"{net} net of the retained asset; {gross} gross"
        else:
            payback = str(gross)
        return {
            "capital": summary.gross_investment,
            "saving": summary.annual_net_saving,
            "payback": payback,
        }
    return {
        "capital": _read(case, _CASE_FIGURES["capital"]),
        "saving": _read(case, _CASE_FIGURES["saving"]),
        "payback": str(_read(case, _CASE_FIGURES["payback"]) or ""),
    }


def _work_packages(partnership) -> list[dict]:
    packages = (
        partnership.work_packages.for_list()
        .annotate(contract_value=Sum("contracts__value"))
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
    partnership = report.partnership
    cases = approved_cases(partnership)
    if cases:
        lines = ["The business cases the CIP Board has approved set out these costs and savings:"]
        for letter, case in zip("abcdefghijklmnopqrstuvwxyz", cases, strict=False):
            parts = [f"capital {case['capital']}" if case["capital"] else ""]
            parts.append(f"annual saving {case['saving']}" if case["saving"] else "")
            parts.append(f"payback {case['payback']}" if case["payback"] else "")
            figures = "; ".join(p for p in parts if p) or "figures to be confirmed"
            lines.append(f"({letter}) {case['title']}: {figures}.")
        return "\n".join(lines)
    packages = _work_packages(partnership)
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


def _secured_bids(partnership):
    return list(partnership.bids.secured().with_people().order_by("decided_on", "title", "pk"))


def achievements(report) -> str:
    bids = _secured_bids(report.partnership)
    if not bids:
        return ""
    total = sum((bid.amount_awarded or Decimal(0) for bid in bids), Decimal(0))
    lines = [
        f"{format_money_short(total)} has been achieved through bids for funding to deliver "
        "new services to children and families, including:"
    ]
    for letter, bid in zip("abcdefghijklmnopqrstuvwxyz", bids, strict=False):
        lead = f", led by {bid.lead_applicant}" if bid.lead_applicant_id else ""
        lines.append(
            f"({letter}) {bid.title}: {format_money(bid.amount_awarded)} from {bid.funder}{lead}."
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


def appendix_business_cases(partnership) -> dict:
    cases = approved_cases(partnership)
    if cases:
        rows = [[c["title"], c["capital"], c["saving"], c["payback"]] for c in cases]
        return {
            "title": "Business case summaries",
            "notes": [c["summary"] for c in cases if c["summary"]],
            "tables": [
                _table(
                    "Approved business cases",
                    ["Work package", "Capital", "Annual saving", "Payback"],
                    rows,
                    numeric=(1, 2),
                )
            ],
            "charts": [],
        }
    packages = _work_packages(partnership)
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


def appendix_funding(partnership) -> dict:
    bids = _secured_bids(partnership)
    total = sum((bid.amount_awarded or Decimal(0) for bid in bids), Decimal(0))
    rows = [
        [
            bid.title,
            str(bid.funder),
            str(bid.lead_applicant),
            bid.decided_on.strftime("%B %Y") if bid.decided_on else "",
            format_money(bid.amount_awarded),
        ]
        for bid in bids
    ]
    if rows:
        rows.append(["Total secured", "", "", "", format_money(total)])
    chart = {
        "type": "bar",
        "title": "Funding awarded by bid",
        # Short labels: the chart's label column is narrow, and the table above names each bid.
        "items": [[_short(bid.title), str(bid.amount_awarded or 0)] for bid in bids],
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


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


def appendix_placements(partnership, today: date | None = None) -> dict:
    from placements import codes, measures

    today = today or date.today()
    years = measures.years_with_data(partnership)
    if not years:
        return {
            "title": "Placement measures",
            "notes": ["No placements are recorded yet."],
            "tables": [],
            "charts": [],
        }
    year = years[-1]
    first, last = codes.collection_year_bounds(year)
    m = measures.for_year(partnership, first=first, last=last, years=years)
    label = codes.collection_year_label(year)
    rows = [
        ["Children looked after at 31 March", f"{m.looked_after:,}"],
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


def appendix_risks(partnership) -> dict:
    from cip.board import calculations as board

    settings = getattr(partnership, "board_settings", None)
    bands = {"amber_from": settings.amber_from, "red_from": settings.red_from} if settings else {}
    risks = partnership.board_risks.filter(status="open").order_by("-score", "title", "pk")
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


APPENDICES: list[tuple[str, Callable]] = [
    ("include_business_cases", appendix_business_cases),
    ("include_funding", appendix_funding),
    ("include_placements", appendix_placements),
    ("include_risks", appendix_risks),
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
            appendix = build(report.partnership)
            number = narrative_count + len(result) + 1
            appendix["title"] = f"Appendix {number} - {appendix['title']}"
            result.append(appendix)
    return result


APPENDIX_NAMES = {
    "include_business_cases": "Business case summaries",
    "include_funding": "Funding awards",
    "include_placements": "Placement measures",
    "include_risks": "Risk register",
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
