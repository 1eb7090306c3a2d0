"""The board's dashboard: headline figures and charts for one partnership."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cip.access import Capability, partnership_for
from dashboard.charts import dashboard_charts
from dashboard.forms import DashboardFilterForm
from dashboard.selectors import dashboard_figures


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.VIEW)
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, today=today, default=partnership.data_as_at)
    as_at, year = form.chosen()
    figures = dashboard_figures(partnership, as_at=as_at, financial_year=year)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "partnership": partnership,
            "form": form,
            "f": figures,
            "charts": dashboard_charts(figures),
        },
    )
