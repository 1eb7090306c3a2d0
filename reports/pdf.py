"""Report PDFs: A4, running header, "Page X of Y", from a report's document (reports/
documents.py) or a final version's snapshot. The writing itself, and what WeasyPrint may fetch,
is the kernel's (cip/pdf.py).
"""

from decimal import Decimal

from django.template.loader import render_to_string

from cip import charts
from cip.pdf import write_pdf
from reports.formatting import chart_formatter


def chart_for(spec: dict):
    """A chart object (cip.charts) from the plain inputs kept in a document or snapshot."""
    formatter = chart_formatter(spec.get("money", False))
    if spec["type"] == "bar":
        # Horizontal bars (the dashboard's), each label wrapped whole: bid titles stay readable.
        return "reports/_hbar_chart.html", charts.horizontal_bar_chart(
            spec["title"],
            [(label, None if value is None else Decimal(value)) for label, value in spec["items"]],
            formatter=formatter,
            value_heading=spec.get("value_heading", "Value"),
            label_heading=spec.get("label_heading", "Item"),
        )
    return "charts/_line.html", charts.line_chart(
        spec["title"],
        spec["labels"],
        [
            (name, [None if v is None else Decimal(v) for v in values])
            for name, values in spec["series"]
        ],
        formatter=formatter,
    )


def render_html(document: dict) -> str:
    """The report as one HTML document, from the plain data of `build_document` or a snapshot."""
    appendices = []
    for appendix in document.get("appendices") or []:
        drawn = [(*chart_for(spec), spec.get("table", True)) for spec in appendix.get("charts", [])]
        appendices.append({**appendix, "drawn": drawn})
    pack = document.get("pack") or {}
    pack_charts = [chart_for(spec) for spec in pack.get("charts", [])]
    return render_to_string(
        "reports/pdf.html",
        {"doc": document, "appendices": appendices, "pack_charts": pack_charts},
    )


def render_pdf(document: dict) -> bytes:
    return write_pdf(render_html(document))
