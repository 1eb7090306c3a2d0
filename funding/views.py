from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cip.access import Capability, partnership_for, role_can
from cip.archive_views import redirect_if_archived
from cip.forms import AsAtForm
from cip.services import StaleEditError
from cip.tables import PartnershipTableView
from cip.views import save_form
from funding import calculations, exporters, figures
from funding.filters import BidFilter, ConditionFilter, SubGrantFilter
from funding.forms import (
    BidForm,
    ConditionForm,
    DocumentForm,
    PastAwardForm,
    ReachForm,
    StageForm,
    SubGrantForm,
    SupporterForm,
)
from funding.models import (
    Bid,
    BidDocument,
    Condition,
    ReachFigure,
    SubGrant,
    SupportingOrganisation,
)
from funding.services import bid_move_stage, bid_record_past_award
from funding.tables import BidTable, ConditionTable, SubGrantTable, stage_tag


def _add_errors(form, error: ValidationError) -> None:
    """Put a model's errors on the form: on their field when the form has it, else on top."""
    for name, messages_ in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, messages_)
        elif name == NON_FIELD_ERRORS:
            form.add_error(None, messages_)
        else:
            form.add_error(None, [f"{name.replace('_', ' ').capitalize()}: {m}" for m in messages_])


def _save(request: HttpRequest, form, *, message: str) -> bool:
    try:
        return save_form(request, form, message=message)
    except ValidationError as error:
        _add_errors(form, error)
        return False


def _bid(partnership, pk: int) -> Bid:
    return get_object_or_404(partnership.bids.with_people(), pk=pk)


# Lists -------------------------------------------------------------------------------------


class BidListView(PartnershipTableView):
    table_class = BidTable
    filterset_class = BidFilter
    template_name = "funding/bid_list.html"
    export_name = "bids"

    def get_queryset(self):
        return self.partnership.bids(manager="all_objects").with_people().order_by("title", "pk")

    def get_table_kwargs(self):
        return {"partnership": self.partnership}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = role_can(self.request.membership.role, Capability.EDIT)
        return context


class ConditionListView(PartnershipTableView):
    table_class = ConditionTable
    filterset_class = ConditionFilter
    template_name = "funding/condition_list.html"
    export_name = "award-conditions"

    def get_queryset(self):
        return (
            Condition.objects.filter(
                bid__partnership=self.partnership, bid__archived_at__isnull=True
            )
            .select_related("bid")
            .order_by("due_on", "pk")
        )

    def get_table_kwargs(self):
        can_edit = role_can(self.request.membership.role, Capability.EDIT)
        return {"partnership": self.partnership, "can_edit": can_edit}


class SubGrantListView(PartnershipTableView):
    table_class = SubGrantTable
    filterset_class = SubGrantFilter
    template_name = "funding/sub_grant_list.html"
    export_name = "sub-grants"

    def get_queryset(self):
        return (
            SubGrant.objects.filter(
                bid__partnership=self.partnership, bid__archived_at__isnull=True
            )
            .select_related("bid", "recipient")
            .order_by("awarded_on", "pk")
        )

    def get_table_kwargs(self):
        return {"partnership": self.partnership}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total"] = self.object_list.aggregate(total=Sum("amount"))["total"]
        return context


# Dashboards ---------------------------------------------------------------------------------


def _figures(bids) -> list[calculations.BidFigures]:
    return [
        calculations.BidFigures(
            title=bid.title,
            stage=bid.stage,
            lead=bid.lead_applicant.name,
            amount_requested=bid.amount_requested,
            amount_awarded=bid.amount_awarded,
            decided_on=bid.decided_on,
            probability=bid.probability,
        )
        for bid in bids
    ]


def pipeline(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    bids = list(partnership.bids.with_people().order_by("deadline", "title", "pk"))
    totals = calculations.funding_totals(_figures(bids))
    stages = []
    for value, label in Bid.Stage.choices:
        in_stage = [bid for bid in bids if bid.stage == value]
        _count, requested, weighted = totals.by_stage.get(value, (0, 0, 0))
        stages.append(
            {
                "value": value,
                "label": label,
                "bids": in_stage,
                "requested": requested,
                "weighted": weighted,
                "open": value in calculations.OPEN,
            }
        )
    return render(
        request,
        "funding/pipeline.html",
        {
            "partnership": partnership,
            "stages": stages,
            "totals": totals,
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


def totals(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    form = AsAtForm(request.GET or None, today=timezone.localdate())
    funding = figures.figures(partnership, as_at=form.day())
    return render(
        request,
        "funding/totals.html",
        {
            "partnership": partnership,
            "form": form,
            "funding": funding,
            "totals": funding.totals,
            "headline": funding.headline,
        },
    )


# One bid ------------------------------------------------------------------------------------


def bid_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    bid = get_object_or_404(partnership.bids(manager="all_objects").with_people(), pk=pk)
    if archived := redirect_if_archived(bid, partnership):
        return archived
    today = timezone.localdate()
    conditions = list(bid.conditions.all())
    for condition in conditions:
        condition.overdue = condition.is_overdue(today)
    sub_grants = list(bid.sub_grants.select_related("recipient"))
    return render(
        request,
        "funding/bid_detail.html",
        {
            "partnership": partnership,
            "bid": bid,
            "stage_tag": stage_tag(bid),
            "supporters": bid.supporters.select_related("organisation"),
            "documents": bid.documents.all(),
            "conditions": conditions,
            "overdue_count": sum(1 for c in conditions if c.overdue),
            "sub_grants": sub_grants,
            "sub_granted": sum((s.amount for s in sub_grants), start=0),
            "reach": bid.reach_figures.all(),
            "next_stages": calculations.NEXT_STAGES[bid.stage],
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
def bid_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    form = BidForm(
        request.POST or None,
        partnership=partnership,
        initial={"lead_applicant": partnership.council_id},
    )
    if request.method == "POST" and _save(request, form, message="Bid recorded as a prospect"):
        return redirect(form.instance)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": "Record a bid", "cancel_url": _list_url(partnership)},
    )


@require_http_methods(["GET", "POST"])
def bid_past_award(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    form = PastAwardForm(
        request.POST or None,
        partnership=partnership,
        initial={"lead_applicant": partnership.council_id, "stage": Bid.Stage.AWARDED},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bid = bid_record_past_award(
                bid=form.instance,
                to_stage=form.cleaned_data["stage"],
                user=request.user,
                confirm_over_request=form.cleaned_data["confirm_over_request"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"Past award recorded at “{bid.get_stage_display()}”, with every stage"
            )
            return redirect(bid)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": "Record a past award", "cancel_url": _list_url(partnership)},
    )


@require_http_methods(["GET", "POST"])
def bid_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    bid = _bid(partnership, pk)
    form = BidForm(request.POST or None, instance=bid, partnership=partnership)
    if request.method == "POST" and _save(request, form, message="Bid saved"):
        return redirect(bid)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit {bid.title}", "cancel_url": bid.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def bid_stage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    bid = _bid(partnership, pk)
    current = bid.get_stage_display()
    form = StageForm(request.POST or None, bid=bid)
    if not calculations.NEXT_STAGES[bid.stage]:
        form = None
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        stage = data.pop("stage")
        version = data.pop("version")
        try:
            bid_move_stage(
                bid=bid, to_stage=stage, expected_version=version, user=request.user, **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        except StaleEditError as stale:
            form.add_error(
                None,
                f"{stale.who} changed this bid while you were moving it, so nothing has been "
                "saved. Check the bid and try again.",
            )
        else:
            messages.success(request, f"Bid moved to “{bid.get_stage_display()}”")
            return redirect(bid)
    return render(
        request,
        "funding/bid_stage.html",
        {"partnership": partnership, "bid": bid, "form": form, "current": current},
    )


def _list_url(partnership) -> str:
    return reverse("funding:bid-list", kwargs={"slug": partnership.slug})


# Records that hang off a bid ----------------------------------------------------------------

CHILDREN = {
    "supporter": (SupportingOrganisation, SupporterForm, "a supporting organisation"),
    "document": (BidDocument, DocumentForm, "a document"),
    "condition": (Condition, ConditionForm, "a condition of the award"),
    "sub-grant": (SubGrant, SubGrantForm, "a sub-grant"),
    "reach": (ReachFigure, ReachForm, "a reach figure"),
}


def _child_create(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    bid = _bid(partnership, pk)
    _model, form_class, noun = CHILDREN[kind]
    form = form_class(request.POST or None, bid=bid)
    if request.method == "POST" and _save(request, form, message=f"Added {noun}"):
        return redirect(bid)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Add {noun} to {bid.title}", "cancel_url": bid.get_absolute_url()},
    )


def _child_edit(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    model, form_class, noun = CHILDREN[kind]
    record = get_object_or_404(
        model.objects.select_related("bid__partnership"),
        pk=pk,
        bid__partnership=partnership,
        bid__archived_at__isnull=True,
    )
    bid = record.bid
    form = form_class(request.POST or None, instance=record, bid=bid)
    if request.method == "POST" and _save(request, form, message=f"Saved {noun}"):
        return redirect(bid)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Edit {noun} of {bid.title}",
            "cancel_url": bid.get_absolute_url(),
        },
    )


def _child_views(kind: str):
    @require_http_methods(["GET", "POST"])
    def create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        return _child_create(request, slug, pk, kind)

    @require_http_methods(["GET", "POST"])
    def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        return _child_edit(request, slug, pk, kind)

    return create, edit


supporter_create, supporter_edit = _child_views("supporter")
document_create, document_edit = _child_views("document")
condition_create, condition_edit = _child_views("condition")
sub_grant_create, sub_grant_edit = _child_views("sub-grant")
reach_create, reach_edit = _child_views("reach")


# 360Giving ----------------------------------------------------------------------------------


def giving_360(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    return render(
        request,
        "funding/giving_360.html",
        {
            "partnership": partnership,
            "grants": exporters.grants_for(partnership),
            "can_export": role_can(request.membership.role, Capability.EXPORT),
        },
    )


def giving_360_json(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    response = JsonResponse(exporters.package(partnership), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-360giving.json"'
    return response


def giving_360_csv(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    response = HttpResponse(
        exporters.to_csv(exporters.grants_for(partnership)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-360giving.csv"'
    return response
