"""Business case pages: the list, the case with every computed figure, its edit forms (only a
draft is edited), submission, new versions, and the savings realised."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cip import periods
from cip.access import Capability, partnership_for, role_can
from cip.charts import line_chart
from cip.money import format_money, format_money_short
from cip.parts import Part, PartViews
from cip.services import StaleEditError
from cip.tables import PartnershipTableView
from cip.views import save_form
from forecast import figures as forecast_figures
from workpackages import calculations, evidence
from workpackages import figures as case_figures
from workpackages.business_cases import services
from workpackages.business_cases.forms import (
    BusinessCaseForm,
    CapitalLineForm,
    ConfirmForm,
    CostLineForm,
    RealisedSavingForm,
    StatedFigureForm,
)
from workpackages.business_cases.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    StatedFigure,
)
from workpackages.business_cases.tables import BusinessCaseFilter, BusinessCaseTable

Status = BusinessCase.Status
VARIABLE_LABELS = {
    "weekly_saving": "Weekly saving per person",
    "occupancy": "Occupancy",
    "capital": "Capital",
}


def _cases(partnership):
    return BusinessCase.objects.for_partnership(partnership).select_related("work_package")


def _case(partnership, pk: int) -> BusinessCase:
    case = get_object_or_404(_cases(partnership), pk=pk)
    case.work_package.partnership = partnership
    return case


class BusinessCaseListView(PartnershipTableView):
    table_class = BusinessCaseTable
    filterset_class = BusinessCaseFilter
    template_name = "workpackages/business_cases/list.html"
    export_name = "business-cases"

    def get_queryset(self):
        return (
            BusinessCase.objects.for_partnership(self.partnership)
            .for_list()
            .order_by("work_package__title", "-number", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "partnership": self.partnership}

    def get_table_kwargs(self):
        return {"partnership": self.partnership}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = role_can(self.request.membership.role, Capability.EDIT)
        return context


@require_http_methods(["GET", "POST"])
def business_case_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    initial = {}
    chosen = request.GET.get("work_package", "")
    if chosen.isdigit() and partnership.work_packages.filter(pk=chosen).exists():
        initial["work_package"] = int(chosen)
    form = BusinessCaseForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.business_case_create(
                case=form.instance, user=request.user, on=timezone.localdate()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"{case} drafted: add its capital and annual cost lines")
            return redirect(case)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": "Start a business case",
            "cancel_url": _list_url(slug),
        },
    )


def _list_url(slug: str) -> str:
    return reverse("workpackages:business-case-list", kwargs={"slug": slug})


def _frozen(request, partnership, case) -> HttpResponse:
    """An approved or rejected version is frozen: offer to start the next version instead."""
    latest = case.work_package.business_cases.order_by("-number").first()
    open_case = case.work_package.business_cases.filter(
        status__in=[Status.DRAFT, Status.SUBMITTED]
    ).first()
    return render(
        request,
        "workpackages/business_cases/frozen.html",
        {
            "partnership": partnership,
            "case": case,
            "can_revise": case.status in (Status.APPROVED, Status.REJECTED)
            and latest.pk == case.pk
            and open_case is None,
            "open_case": open_case,
        },
    )


@require_http_methods(["GET", "POST"])
def business_case_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    case = _case(partnership, pk)
    if not case.is_editable:
        return _frozen(request, partnership, case)
    form = BusinessCaseForm(request.POST or None, instance=case, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message=f"{case} saved"):
        return redirect(case)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit {case}", "cancel_url": case.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def business_case_revise(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    case = _case(partnership, pk)
    if request.method == "GET":  # the form that posts here is on the edit page
        return redirect("workpackages:business-case-edit", slug=slug, pk=case.pk)
    try:
        draft = services.business_case_revise(case=case, user=request.user, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(case)
    messages.success(request, f"{draft} started as a draft copy of {case.version_label}")
    return redirect("workpackages:business-case-edit", slug=slug, pk=draft.pk)


@require_http_methods(["GET", "POST"])
def business_case_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    case = _case(partnership, pk)
    target = services.STEPS.get(case.status)
    form = ConfirmForm(request.POST or None, initial={"version": case.version})
    problem = None
    if target is None:
        problem = f"This version is {case.get_status_display().lower()}: " + (
            "only the board's decision moves it now."
            if case.status == Status.SUBMITTED
            else "it is frozen."
        )
    if request.method == "POST" and target and form.is_valid():
        try:
            services.business_case_move(
                case=case,
                target=target,
                user=request.user,
                on=timezone.localdate(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
            form.add_error(None, problem)  # so the page leads with the error summary
        except StaleEditError as stale:
            problem = f"{stale.who} changed this case while you were looking at it. Check it."
            form.add_error(None, problem)
        else:
            done = "submitted to the board" if target == Status.SUBMITTED else "withdrawn"
            messages.success(request, f"{case} {done}")
            return redirect(case)
    return render(
        request,
        "workpackages/business_cases/move.html",
        {
            "partnership": partnership,
            "case": case,
            "form": form,
            "target": target,
            "problem": problem,
        },
    )


def _realisation(case, figures: case_figures.CaseFigures, savings):
    """Realised savings against the plan: the records, a cumulative chart, and the reader's
    figures as at today (realised and projected over the periods ended, RAG, payback)."""
    annual = figures.annual_saving
    rows, cumulative = [], Decimal(0)
    for saving in savings:
        cumulative += saving.amount
        rows.append(
            {
                "saving": saving,
                "projected": calculations.projected_for(annual, saving.quarter),
                "cumulative": cumulative,
            }
        )
    by_year: dict[int, Decimal] = {}
    for saving in savings:
        by_year[saving.financial_year] = by_year.get(saving.financial_year, 0) + saving.amount
    last_year = max([case.start_year + min(case.appraisal_years, 10) - 1, *by_year])
    years = list(range(min([case.start_year, *by_year]), last_year + 1))
    projected_line, realised_line, running = [], [], Decimal(0)
    last_realised = max(by_year, default=None)
    for year in years:
        elapsed = year - case.start_year + 1
        projected_line.append(annual * elapsed if elapsed > 0 else Decimal(0))
        running += by_year.get(year, 0)
        realised_line.append(running if last_realised and year <= last_realised else None)
    chart = None
    if savings or annual > 0:
        chart = line_chart(
            f"Cumulative savings of {case.work_package}: realised against projected",
            [periods.financial_year_label(y) for y in years],
            [
                ("Projected (cumulative)", projected_line),
                ("Realised (cumulative)", realised_line),
            ],
            formatter=format_money_short,
        )
    return {
        "rows": rows,
        "as_at": figures.as_at,
        "realised_total": figures.realised,
        "projected_total": figures.projected,
        "rag": figures.realisation if savings else None,
        "payback": figures.payback_position,
        "investment": figures.investment,
        "chart": chart,
    }


def _value_text(variable: str, value) -> str:
    if value is None:
        return "Never reached"
    if variable == "occupancy":
        return f"{value.quantize(Decimal('0.1'))}%"
    return format_money(value.quantize(Decimal("0.01")))


def _switch_text(switch) -> dict | None:
    if switch is None:
        return None
    change = switch.change_pct
    note = ""
    if switch.switch is not None and switch.variable == "occupancy" and switch.switch > 100:
        note = "beyond full occupancy"
    elif switch.switch is not None and switch.switch < 0:
        note = "below zero: never reached"
    return {
        "value": _value_text(switch.variable, switch.switch),
        "change": f"{change:+.1f}%" if change is not None else "",
        "note": note,
    }


def _switching_rows(summary):
    payback = {s.variable: s for s in summary.payback_switching}
    return [
        {
            "label": VARIABLE_LABELS[s.variable],
            "base": _value_text(s.variable, s.base),
            "npv": _switch_text(s),
            "payback": _switch_text(payback.get(s.variable)),
        }
        for s in summary.npv_switching
    ]


def _stated_row(figure, summary) -> dict:
    computed, comparison = figure.compare(summary)
    if figure.is_payback:
        stated = f"{figure.value.normalize():f} years"
        computed_text = str(computed) if computed else "No payback"
        months = comparison.difference
        difference = "" if months is None else f"{months:+} month{'' if abs(months) == 1 else 's'}"
    else:
        stated = format_money(figure.value)
        computed_text = format_money(computed.quantize(Decimal("0.01")))
        difference = format_money(comparison.difference.quantize(Decimal("0.01")))
        if comparison.difference > 0:
            difference = "+" + difference
    return {
        "figure": figure,
        "stated": stated,
        "computed": computed_text,
        "difference": difference,
        "comparison": comparison,
    }


def _sensitivity_rows(summary):
    grouped: dict[str, list] = {}
    for row in summary.sensitivity:
        grouped.setdefault(row.variable, []).append(row)
    return [(VARIABLE_LABELS[v], rows) for v, rows in grouped.items()]


def business_case_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    case = get_object_or_404(
        _cases(partnership)
        .select_related("approved_by__meeting", "demand_forecast__partnership")
        .prefetch_related("capital_lines", "cost_lines", "stated_figures"),
        pk=pk,
    )
    work_package = case.work_package
    work_package.partnership = partnership
    savings = list(
        RealisedSaving.objects.filter(work_package=work_package).order_by(
            "financial_year", "quarter", "pk"
        )
    )
    figures = case_figures.for_case(case, as_at=partnership.opens_at, savings=savings)
    summary = figures.summary
    stated = [_stated_row(figure, summary) for figure in case.stated_figures.all()]
    versions = list(work_package.business_cases.order_by("number").only("pk", "number", "status"))
    return render(
        request,
        "workpackages/business_cases/detail.html",
        {
            "partnership": partnership,
            "case": case,
            "wp": work_package,
            "summary": summary,
            "capital_lines": list(case.capital_lines.all()),
            "do_nothing_lines": [
                c for c in case.cost_lines.all() if c.side == AnnualCostLine.Side.DO_NOTHING
            ],
            "new_model_lines": [
                c for c in case.cost_lines.all() if c.side == AnnualCostLine.Side.NEW_MODEL
            ],
            "stated": stated,
            "differences": sum(1 for s in stated if not s["comparison"].agrees),
            "money_tolerance": calculations.MONEY_TOLERANCE,
            "about_tolerance": calculations.ABOUT_TOLERANCE_PCT,
            "payback_tolerance": calculations.PAYBACK_TOLERANCE_MONTHS,
            "switching": _switching_rows(summary),
            "sensitivity": _sensitivity_rows(summary),
            "changes": (-20, -10, 0, 10, 20),
            "realisation": _realisation(case, figures, savings),
            "evidence": evidence.for_case(case, as_at=partnership.opens_at),
            "demand_forecast": forecast_figures.read(case.demand_forecast)
            if case.demand_forecast
            else None,
            "can_view_children": role_can(request.membership.role, Capability.VIEW_CHILDREN),
            "versions": versions,
            "five_cases": [
                ("Strategic case", case.strategic_case),
                ("Economic case", case.economic_case),
                ("Commercial case", case.commercial_case),
                ("Financial case", case.financial_case),
                ("Management case", case.management_case),
            ],
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


def _locked(request, partnership, case) -> HttpResponse | None:
    """A case the board has been asked to decide, or has decided, keeps its lines."""
    return None if case.is_editable else _frozen(request, partnership, case)


def _latest_case(work_package):
    """The page a realised saving is edited from: its work package's latest case."""
    case = work_package.business_cases.order_by("-number").first()
    if case is None:
        return work_package
    case.work_package = work_package
    return case


# The rows of a case edited on small forms of their own (cip.parts). A realised saving
# belongs to the work package, is not frozen with a case, and is reached from its latest case.
parts = PartViews(
    parents=lambda partnership: _cases(partnership).filter(work_package__archived_at__isnull=True),
    parent_field="business_case",
    describe=str,
    locked=_locked,
    parts={
        "capital-line": Part(CapitalLine, CapitalLineForm, "capital line", "capital-lines"),
        "cost-line": Part(AnnualCostLine, CostLineForm, "annual cost line", "cost-lines"),
        "stated-figure": Part(StatedFigure, StatedFigureForm, "stated figure", "stated-figures"),
        "saving": Part(
            RealisedSaving,
            RealisedSavingForm,
            "realised saving",
            "savings",
            parent_field="work_package",
            own_parent=lambda case: case.work_package,
            page=_latest_case,
            lockable=False,
        ),
    },
)
