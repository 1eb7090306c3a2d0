from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cip.access import Capability, partnership_for, role_can
from cip.archive_views import redirect_if_archived
from cip.parts import Part, PartViews
from cip.services import StaleEditError
from cip.tables import PartnershipTableView
from cip.views import save_form
from workpackages import calculations, evidence, services
from workpackages.business_cases.models import BusinessCase
from workpackages.filters import ContractFilter, WorkPackageFilter
from workpackages.forms import (
    ActualForm,
    ContractForm,
    EvidenceForm,
    HomeForm,
    KeyDateForm,
    MeasureForm,
    RagForm,
    StepForm,
    WorkPackageForm,
)
from workpackages.models import (
    DeliveryContract,
    EvaluationEvidence,
    Home,
    KeyDate,
    OutcomeActual,
    OutcomeMeasure,
    WorkPackage,
    WorkPackageEvent,
)
from workpackages.tables import ContractTable, WorkPackageTable

Stage = WorkPackage.Stage
ContractStatus = DeliveryContract.Status


def _contracts(partnership):
    return DeliveryContract.objects.filter(work_package__partnership=partnership)


def _event_relations() -> list[str]:
    return ["recorded_by", "decision__partnership"]


def _stale_message(stale: StaleEditError) -> str:
    return f"{stale.who} changed this record while you were looking at it. Check it and try again."


class WorkPackageListView(PartnershipTableView):
    table_class = WorkPackageTable
    filterset_class = WorkPackageFilter
    template_name = "workpackages/work_package_list.html"
    export_name = "work-packages"

    def get_queryset(self):
        return (
            self.partnership.work_packages(manager="all_objects").for_list().order_by("title", "pk")
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
def work_package_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    initial = {}
    brief_pk = request.GET.get("brief", "")
    if brief_pk.isdigit():  # "from this brief": prefill only with one of this partnership's
        brief = partnership.design_briefs.filter(pk=brief_pk).first()
        if brief is not None:
            initial = {"brief": brief.pk, "priority_area": brief.priority_area_id}
    form = WorkPackageForm(request.POST or None, parent=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        work_package = services.work_package_create(
            work_package=form.instance, user=request.user, on=timezone.localdate()
        )
        messages.success(request, f"{work_package} opened in design")
        return redirect(work_package)
    return render(request, "cip/form.html", {"form": form, "title": "Add a work package"})


@require_http_methods(["GET", "POST"])
def work_package_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    work_package = get_object_or_404(partnership.work_packages, pk=pk)
    form = WorkPackageForm(request.POST or None, instance=work_package, parent=partnership)
    if request.method == "POST" and save_form(request, form, message=f"{work_package} saved"):
        return redirect(work_package)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Edit {work_package}",
            "cancel_url": work_package.get_absolute_url(),
        },
    )


def work_package_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    work_package = get_object_or_404(
        partnership.work_packages(manager="all_objects")
        .for_list()
        .prefetch_related(
            "key_dates",
            "evidence",
            Prefetch("homes", Home.objects.select_related("provider")),
            Prefetch("contracts", DeliveryContract.objects.order_by("reference")),
            Prefetch(
                "measures",
                OutcomeMeasure.objects.prefetch_related(
                    Prefetch("actuals", OutcomeActual.objects.order_by("period_end"))
                ),
            ),
            Prefetch("events", WorkPackageEvent.objects.select_related(*_event_relations())),
        ),
        pk=pk,
    )
    if archived := redirect_if_archived(work_package, partnership):
        return archived
    work_package.partnership = partnership
    measures = []
    for measure in work_package.measures.all():
        actuals = list(measure.actuals.all())
        measures.append(
            {
                "measure": measure,
                "actuals": actuals,
                "progress": calculations.progress(
                    baseline=measure.baseline,
                    target=measure.target,
                    higher_is_better=measure.direction == OutcomeMeasure.Direction.HIGHER,
                    latest=actuals[-1].value if actuals else None,
                ),
            }
        )
    evaluation = {heading: [] for heading in EvaluationEvidence.Heading}
    for item in work_package.evidence.all():
        evaluation[EvaluationEvidence.Heading(item.heading)].append(item)
    contracts = list(work_package.contracts.all())
    case = occupancy = None
    if homes := list(work_package.homes.all()):
        case = _current_case(work_package)
        if case is None:
            occupancy = evidence.for_work_package(
                work_package, counterfactual=Decimal(0), as_at=partnership.opens_at, homes=homes
            )
        else:
            case.work_package = work_package
            occupancy = evidence.for_case(case, as_at=partnership.opens_at, homes=homes)
    return render(
        request,
        "workpackages/work_package_detail.html",
        {
            "partnership": partnership,
            "wp": work_package,
            "contracts": contracts,
            "has_contract": any(
                c.status in (ContractStatus.APPROVED, ContractStatus.LIVE) for c in contracts
            ),
            # Asked only where the page shows it: before delivery.
            "has_business_case": work_package.stage == Stage.DESIGN
            and work_package.has_approved_business_case(),
            "measures": measures,
            "evaluation": [(heading.label, items) for heading, items in evaluation.items()],
            "case": case,
            "evidence": occupancy,
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


def _current_case(work_package) -> BusinessCase | None:
    """The case a work package's homes are read against: its approved version, or else its
    latest version that has not been superseded or rejected. One query."""
    cases = list(
        work_package.business_cases.exclude(
            status__in=[BusinessCase.Status.SUPERSEDED, BusinessCase.Status.REJECTED]
        )
        .only("pk", "number", "title", "status", "occupancy_pct", "counterfactual_weekly_cost")
        .order_by("-number")
    )
    approved = [c for c in cases if c.status == BusinessCase.Status.APPROVED]
    return (approved or cases or [None])[0]


@require_http_methods(["GET", "POST"])
def work_package_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    work_package = get_object_or_404(partnership.work_packages, pk=pk)
    order = calculations.STAGE_ORDER
    position = order.index(work_package.stage)
    step = order[position + 1] if position + 1 < len(order) else None
    choices = [(step, Stage(step).label)] if step else []
    form = StepForm(
        request.POST or None,
        choices=choices,
        label="Move the work package to",
        version=work_package.version,
    )
    if request.method == "POST" and step and form.is_valid():
        try:
            services.work_package_move(
                work_package=work_package,
                target=form.cleaned_data["target"],
                user=request.user,
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error("target", error.messages)
        except StaleEditError as stale:
            form.add_error(None, _stale_message(stale))
        else:
            messages.success(request, f"{work_package} is now in {Stage(step).label.lower()}")
            return redirect(work_package)
    problem = services.delivery_problem(work_package, step) if step else None
    return render(
        request,
        "workpackages/step_form.html",
        {
            "partnership": partnership,
            "record": work_package,
            "form": form,
            "title": "Move the work package on",
            "current": work_package.get_stage_display(),
            "blocked": None if step else "The work package is closed: it has no further stage.",
            "warning": problem if request.method == "GET" else None,
            "back": work_package.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def work_package_rag(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    work_package = get_object_or_404(partnership.work_packages, pk=pk)
    form = RagForm(
        request.POST or None,
        version=work_package.version,
        initial={"rag": work_package.rag, "commentary": work_package.rag_commentary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rag_set(
                work_package=work_package,
                rag=form.cleaned_data["rag"],
                commentary=form.cleaned_data["commentary"],
                user=request.user,
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError as stale:
            form.add_error(None, _stale_message(stale))
        else:
            messages.success(request, "RAG status set")
            return redirect(work_package)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Set the RAG status of {work_package}",
            "cancel_url": work_package.get_absolute_url(),
        },
    )


class ContractListView(PartnershipTableView):
    table_class = ContractTable
    filterset_class = ContractFilter
    template_name = "workpackages/contract_list.html"
    export_name = "delivery-contracts"

    def get_queryset(self):
        return (
            DeliveryContract.all_objects.filter(work_package__partnership=self.partnership)
            .select_related("work_package")
            .order_by("reference", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "partnership": self.partnership}

    def get_table_kwargs(self):
        return {"partnership": self.partnership}


@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    work_package = get_object_or_404(partnership.work_packages, pk=pk)
    form = ContractForm(
        request.POST or None,
        parent=work_package,
        initial={"parties": [partnership.council_id, partnership.partner_id]},
    )
    if request.method == "POST" and form.is_valid():
        contract = services.contract_create(
            contract=form.instance, user=request.user, on=timezone.localdate(), form=form
        )
        messages.success(request, f"Contract {contract.reference} drafted")
        return redirect("workpackages:contract-detail", slug=slug, pk=contract.pk)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Draft a tier-2 contract for {work_package}",
            "cancel_url": work_package.get_absolute_url(),
        },
    )


def _contract(partnership, pk: int) -> DeliveryContract:
    return get_object_or_404(_contracts(partnership).select_related("work_package"), pk=pk)


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    contract = _contract(partnership, pk)
    back = reverse_contract(slug, contract)
    if contract.status != ContractStatus.DRAFT:
        return render(
            request,
            "workpackages/contract_locked.html",
            {"partnership": partnership, "contract": contract, "back": back},
        )
    form = ContractForm(request.POST or None, instance=contract, parent=contract.work_package)
    if request.method == "POST" and save_form(request, form, message=f"{contract} saved"):
        return redirect(back)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit contract {contract}", "cancel_url": back},
    )


def reverse_contract(slug: str, contract: DeliveryContract) -> str:
    return reverse("workpackages:contract-detail", kwargs={"slug": slug, "pk": contract.pk})


def contract_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    contract = get_object_or_404(
        DeliveryContract.all_objects.filter(work_package__partnership=partnership)
        .select_related("work_package")
        .prefetch_related(
            "parties",
            "subcontractors",
            Prefetch("events", WorkPackageEvent.objects.select_related(*_event_relations())),
        ),
        pk=pk,
    )
    if archived := redirect_if_archived(contract, partnership):
        return archived
    return render(
        request,
        "workpackages/contract_detail.html",
        {
            "partnership": partnership,
            "contract": contract,
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
def contract_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    contract = _contract(partnership, pk)
    step = calculations.CONTRACT_NEXT.get(contract.status)
    choices = [(step, ContractStatus(step).label)] if step else []
    form = StepForm(
        request.POST or None,
        choices=choices,
        label="Move the contract to",
        version=contract.version,
    )
    back = reverse_contract(slug, contract)
    blocked = None
    if contract.status == ContractStatus.DRAFT:
        blocked = "A draft contract is approved only by a board decision: put it on a board agenda."
    elif step is None:
        blocked = "The contract has ended."
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            services.contract_move(
                contract=contract,
                target=form.cleaned_data["target"],
                user=request.user,
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error("target", error.messages)
        except StaleEditError as stale:
            form.add_error(None, _stale_message(stale))
        else:
            messages.success(request, f"Contract {contract} is now {step}")
            return redirect(back)
    return render(
        request,
        "workpackages/step_form.html",
        {
            "partnership": partnership,
            "record": contract,
            "form": form,
            "title": "Move the contract on",
            "current": contract.get_status_display(),
            "blocked": blocked,
            "back": back,
        },
    )


def _today(_work_package) -> dict:
    return {"recorded_on": timezone.localdate()}


# The parts of a work package, edited on small forms of their own.
parts = PartViews(
    parents=lambda partnership: partnership.work_packages,
    parent_field="work_package",
    describe=str,
    parts={
        "key-date": Part(KeyDate, KeyDateForm, "key date", "key-dates"),
        "evidence": Part(
            EvaluationEvidence, EvidenceForm, "piece of evaluation evidence", "evidence", _today
        ),
        "measure": Part(OutcomeMeasure, MeasureForm, "outcome measure", "measures"),
        "home": Part(Home, HomeForm, "CIP home", "homes"),
    },
)


@require_http_methods(["GET", "POST"])
def actual_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    measure = get_object_or_404(
        OutcomeMeasure.objects.select_related("work_package").filter(
            work_package__partnership=partnership, work_package__archived_at__isnull=True
        ),
        pk=pk,
    )
    form = ActualForm(request.POST or None, parent=measure)
    if request.method == "POST" and save_form(request, form, message="Actual recorded"):
        return redirect(measure.work_package)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Record an actual for {measure}",
            "cancel_url": measure.work_package.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def actual_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    actual = get_object_or_404(
        OutcomeActual.objects.select_related("measure__work_package").filter(
            measure__work_package__partnership=partnership,
            measure__work_package__archived_at__isnull=True,
        ),
        pk=pk,
    )
    form = ActualForm(request.POST or None, instance=actual, parent=actual.measure)
    work_package = actual.measure.work_package
    if request.method == "POST" and save_form(request, form, message="Actual saved"):
        return redirect(work_package)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Edit the {actual.period} actual for {actual.measure}",
            "cancel_url": work_package.get_absolute_url(),
        },
    )
