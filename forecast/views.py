"""Demand forecasts: the list, a new forecast (queued for the worker) and a forecast's page,
which refreshes itself (Refresh header, no JavaScript) until the worker has finished."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cip import charts
from cip.access import Capability, partnership_for, role_can
from cip.money import format_money_short
from forecast import figures, services
from forecast.forms import ForecastForm

REFRESH_SECONDS = 3


def forecast_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.VIEW)
    forecasts = partnership.forecasts.defer("results").order_by("-created_at", "-pk")[:100]
    return render(
        request,
        "forecast/forecast_list.html",
        {
            "partnership": partnership,
            "forecasts": forecasts,
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
def forecast_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    form = ForecastForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            forecast = services.forecast_request(
                forecast=form.instance,
                user=request.user,
                adjustments=form.adjustments,
                unit_costs=form.unit_costs,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect(forecast)
    return render(
        request,
        "forecast/forecast_form.html",
        {"partnership": partnership, "form": form, "title": "Make a demand forecast"},
    )


def _charts(found):
    labels = [f"Year {y.year}" for y in found.years]
    children = [
        ("Baseline", [round(y.baseline.total) for y in found.years]),
        ("Baseline, low", [round(y.low.total) for y in found.years]),
        ("Baseline, high", [round(y.high.total) for y in found.years]),
    ]
    costs = [
        ("Baseline", [y.baseline.cost for y in found.years]),
        ("Baseline, low", [y.low.cost for y in found.years]),
        ("Baseline, high", [y.high.cost for y in found.years]),
    ]
    if found.scenario_name:
        children.append((found.scenario_name, [round(y.scenario.total) for y in found.years]))
        costs.append((found.scenario_name, [y.scenario.cost for y in found.years]))
    return (
        charts.line_chart("Children looked after at each year's end", labels, children),
        charts.line_chart(
            "Cost of placements each year", labels, costs, formatter=format_money_short
        ),
    )


def forecast_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.VIEW)
    forecast = get_object_or_404(partnership.forecasts, pk=pk)
    found = figures.read(forecast)
    children_chart, cost_chart = _charts(found) if found else (None, None)
    response = render(
        request,
        "forecast/forecast_detail.html",
        {
            "partnership": partnership,
            "forecast": forecast,
            "found": found,
            "children_chart": children_chart,
            "cost_chart": cost_chart,
        },
    )
    if not forecast.is_finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
