"""The board's dashboard: headline figures and charts for one partnership."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from board import services as board_services
from cip.access import Capability, partnership_for, role_can
from cip.tables import rows_file
from dashboard.charts import dashboard_charts
from dashboard.exports import TABLES
from dashboard.forms import DashboardFilterForm
from dashboard.selectors import dashboard_figures
from workpackages.business_cases.models import BusinessCase


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
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


def dashboard_export(
    request: HttpRequest, slug: str, table: str, export_format: str
) -> HttpResponse:
    """One of the dashboard's tables (dashboard.exports.TABLES) as CSV or XLSX, as at the
    page's date (`?as_at=`, `?year=`): the same figures, unrounded (amounts in pounds)."""
    if export_format not in ("csv", "xlsx") or table not in TABLES:
        raise Http404("No such table or format")
    partnership = partnership_for(request, slug, Capability.EXPORT)
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, today=today, default=partnership.data_as_at)
    as_at, year = form.chosen()
    made = TABLES[table](dashboard_figures(partnership, as_at=as_at, financial_year=year))
    return rows_file(
        export_format,
        title=made.title,
        filename=f"{partnership.slug}-dashboard-{table}-{as_at:%Y-%m-%d}",
        headers=made.headers,
        kinds=made.kinds,
        rows=made.rows,
    )


@require_POST
def add_to_agenda(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Offer a business case whose realised figures crossed a switching value for the next
    board agenda (EDIT: those who keep the business cases). Once only: a second offer says it
    is already there."""
    partnership = partnership_for(request, slug, Capability.EDIT)
    case = get_object_or_404(BusinessCase.objects.for_partnership(partnership), pk=pk)
    meeting, item, created = board_services.agenda_item_offer(
        partnership=partnership,
        paper=case,
        title=f"Switching value crossed: {case.title}",
        on=timezone.localdate(),
        user=request.user,
    )
    if meeting is None:
        messages.error(
            request,
            "There is no board meeting scheduled: add the next meeting, then offer the case "
            "for its agenda.",
        )
    elif created:
        messages.success(
            request, f"{case.title} added to the agenda of {meeting}, item {item.position}."
        )
    else:
        messages.info(
            request, f"{case.title} is already on the agenda of {meeting} (item {item.position})."
        )
    return redirect(reverse("dashboard:dashboard", kwargs={"slug": partnership.slug}))
