from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods

from cip import calculations, history, register
from cip.access import CHILD_LEVEL_MODELS, Capability, partnership_for, role_can
from cip.archive_views import redirect_if_archived
from cip.filters import OrganisationFilter
from cip.forms import (
    AgreementForm,
    ContractYearForm,
    MembershipRoleForm,
    OrganisationForm,
    OrganisationLocalNameForm,
    OrganisationProposalForm,
    PartnershipForm,
    ProposalDecisionForm,
)
from cip.models import (
    CollaborationAgreement,
    Membership,
    Organisation,
    OrganisationLocalName,
    OrganisationProposal,
    Partnership,
)
from cip.services import StaleEditError, delete_with_history, save_versioned
from cip.tables import OrganisationTable, PartnershipTableView


def save_form(request: HttpRequest, form, *, message: str) -> bool:
    """Validate and save a VersionedModelForm. False means: render the form again.

    When someone else saved first, the form keeps what this user typed, says what changed,
    and carries the new version, so saving again is a deliberate choice.
    """
    if not form.is_valid():
        return False
    try:
        save_versioned(
            instance=form.instance, expected_version=form.loaded_version, user=request.user
        )
    except ValidationError as invalid:
        # A rule the form could not check itself (a constraint on a field it does not show):
        # name the field, keep what was typed.
        for field, errors in invalid.message_dict.items():
            for error in errors:
                if field in form.fields:
                    form.add_error(field, error)
                elif field == NON_FIELD_ERRORS:
                    form.add_error(None, error)
                else:
                    label = form.instance._meta.get_field(field).verbose_name
                    form.add_error(None, f"{capfirst(label)}: {error}")
        return False
    except StaleEditError as stale:
        detail = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in stale.changes)
        form.add_error(
            None,
            f"{stale.who} saved this record while you were editing it, so your changes have "
            f"not been saved. {('What changed: ' + detail + '. ') if detail else ''}"
            "Check the values below and save again to keep yours.",
        )
        data = form.data.copy()
        data["version"] = stale.current.version
        form.data = data
        return False
    form._save_m2m()  # what ModelForm.save() would do after saving the instance
    messages.success(request, message)
    return True


def _shown_name(organisation: str):
    """The name a partnership keeps for its `organisation` ("council" or "partner"), or the
    register's: each row its own partnership's local name, in the list's one query."""
    local = OrganisationLocalName.objects.filter(
        partnership=OuterRef("pk"), organisation=OuterRef(organisation)
    ).values("name")[:1]
    return Coalesce(Subquery(local), F(f"{organisation}__name"))


def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.for_user(request.user).annotate(
        council_name=_shown_name("council"), partner_name=_shown_name("partner")
    )
    return render(request, "cip/home.html", {"partnerships": partnerships})


def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    agreement = getattr(partnership, "agreement", None)
    years = list(partnership.contract_years.all())
    today = timezone.localdate()
    position = calculations.contract_position(
        commencement=agreement and agreement.commencement_date,
        term_years=agreement and agreement.maximum_term_years,
        period_months=agreement and agreement.renewal_period_months,
        notice_months=agreement and agreement.termination_notice_months,
        years=[(y.number, y.start_date, y.end_date, y.status) for y in years],
        as_at=today,
    )
    return render(
        request,
        "cip/partnership_detail.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "years": years,
            "position": position,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and save_form(request, form, message="Partnership saved"):
        return redirect(partnership)
    return render(request, "cip/form.html", {"form": form, "title": "Edit the partnership"})


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    # The form edits a copy of its own: the page (the contract banner) reads the agreement as
    # stored, which a form re-shown with what the user typed must not change.
    agreement = CollaborationAgreement.objects.filter(partnership=partnership).first()
    form = AgreementForm(request.POST or None, instance=agreement)
    if agreement is None:
        form.instance.partnership_id = partnership.pk
    if request.method == "POST" and save_form(request, form, message="Agreement saved"):
        return redirect(partnership)
    return render(
        request, "cip/form.html", {"form": form, "title": "Edit the collaboration agreement"}
    )


@require_http_methods(["GET", "POST"])
def contract_year_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    latest = partnership.contract_years.order_by("-number").first()
    agreement = getattr(partnership, "agreement", None)
    initial = {}
    if latest:
        start = latest.end_date + timedelta(days=1)
        initial = {"number": latest.number + 1, "start_date": start}
        if agreement is not None:
            span = calculations.next_year_span(
                previous_end=latest.end_date,
                period_months=agreement.renewal_period_months,
                agreement_ends=agreement.maximum_end_date,
            )
            initial["end_date"] = span[1] if span else None
    elif agreement is not None:
        initial = {"number": 1, "start_date": agreement.commencement_date}
    form = ContractYearForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and save_form(request, form, message="Contract year added"):
        return redirect(partnership)
    return render(request, "cip/form.html", {"form": form, "title": "Add a contract year"})


@require_http_methods(["GET", "POST"])
def contract_year_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    year = get_object_or_404(partnership.contract_years, pk=pk)
    form = ContractYearForm(request.POST or None, instance=year, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message=f"{year} saved"):
        return redirect(partnership)
    return render(request, "cip/form.html", {"form": form, "title": f"Edit contract {year}"})


def membership_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    memberships = partnership.memberships.select_related("user").order_by("user__username")
    # Invitations not yet accepted, and still good (cip.invitations).
    since = timezone.now() - timedelta(days=settings.INVITATION_DAYS)
    invitations = partnership.invitations.filter(accepted_at__isnull=True, created_at__gte=since)
    return render(
        request,
        "cip/membership_list.html",
        {"partnership": partnership, "memberships": memberships, "invitations": invitations},
    )


def _last_administrator(membership: Membership) -> bool:
    return (
        membership.role == Membership.Role.ADMINISTRATOR
        and not membership.partnership.memberships.filter(role=Membership.Role.ADMINISTRATOR)
        .exclude(pk=membership.pk)
        .exists()
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    membership = get_object_or_404(partnership.memberships.select_related("user"), pk=pk)
    was_last_admin = _last_administrator(membership)
    form = MembershipRoleForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        if was_last_admin and form.cleaned_data["role"] != Membership.Role.ADMINISTRATOR:
            form.add_error("role", "The partnership needs at least one administrator")
        elif save_form(request, form, message=f"{membership.user.username}'s role saved"):
            return redirect("cip:membership-list", slug=slug)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Change {membership.user.username}'s role"},
    )


@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    membership = get_object_or_404(partnership.memberships.select_related("user"), pk=pk)
    blocked = _last_administrator(membership)
    if request.method == "POST" and not blocked:
        delete_with_history(record=membership, user=request.user)
        messages.success(request, f"{membership.user.username} removed from the partnership")
        return redirect("cip:membership-list", slug=slug)
    return render(
        request,
        "cip/membership_remove.html",
        {"partnership": partnership, "membership": membership, "blocked": blocked},
    )


class OrganisationListView(PartnershipTableView):
    table_class = OrganisationTable
    filterset_class = OrganisationFilter
    template_name = "cip/organisation_list.html"
    export_name = "organisations"

    def get_queryset(self):
        return Organisation.all_objects.visible_to(self.partnership).order_by("name", "pk")

    def get_table_kwargs(self):
        can_edit = role_can(self.request.membership.role, Capability.MANAGE)
        return {"partnership": self.partnership, "can_edit": can_edit, "user": self.request.user}


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    form = OrganisationForm(request.POST or None, instance=Organisation(owner=partnership))
    if request.method == "POST" and save_form(request, form, message="Organisation added"):
        return redirect("cip:organisation-list", slug=slug)
    return render(request, "cip/form.html", {"form": form, "title": "Add an organisation"})


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    organisation = history.record_to_change(partnership, Organisation, pk, request.user)
    if archived := redirect_if_archived(organisation, partnership):
        return archived
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and save_form(request, form, message="Organisation saved"):
        return redirect("cip:organisation-list", slug=slug)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit {organisation}", "archive_record": organisation},
    )


def _shared_organisation(partnership: Partnership, pk: int) -> Organisation:
    """A live entry of the shared register (a partnership's own entry is edited, not proposed
    or renamed locally; another partnership's is a 404)."""
    return get_object_or_404(
        Organisation.objects.visible_to(partnership).filter(owner__isnull=True), pk=pk
    )


@require_http_methods(["GET", "POST"])
def organisation_local_name(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    organisation = _shared_organisation(partnership, pk)
    kept = partnership.local_names.filter(organisation=organisation).first()
    local = kept or OrganisationLocalName(partnership=partnership, organisation=organisation)
    form = OrganisationLocalNameForm(request.POST or None, instance=local)
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["name"]:
        if kept is not None:
            register.forget_local_name(local_name=kept, user=request.user)
        messages.success(
            request, f"Your partnership shows the register's name: {organisation.name}"
        )
        return redirect("cip:organisation-list", slug=slug)
    if request.method == "POST" and save_form(request, form, message="Local name saved"):
        return redirect("cip:organisation-list", slug=slug)
    return render(
        request,
        "cip/organisation_local_name.html",
        {"form": form, "organisation": organisation, "partnership": partnership},
    )


@require_http_methods(["GET", "POST"])
def organisation_propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    organisation = _shared_organisation(partnership, pk)
    proposal = OrganisationProposal(
        partnership=partnership,
        organisation=organisation,
        proposed_by=request.user,
        name=organisation.name,
        kind=organisation.kind,
        identifier=organisation.identifier,
    )
    form = OrganisationProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and save_form(
        request, form, message="Your proposal has been sent to the site administrators"
    ):
        return redirect("cip:organisation-list", slug=slug)
    earlier = partnership.organisation_proposals.filter(organisation=organisation).order_by(
        "-created_at", "-pk"
    )
    return render(
        request,
        "cip/organisation_propose.html",
        {
            "form": form,
            "organisation": organisation,
            "partnership": partnership,
            "earlier": earlier,
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_proposals(request: HttpRequest) -> HttpResponse:
    """The site administrators' page: open proposals to the shared register, each accepted
    (applied to the organisation, kept in its history) or declined with a reason."""
    if not request.user.is_superuser:
        raise PermissionDenied("Only a site administrator decides proposals to the register.")
    open_proposals = list(
        OrganisationProposal.objects.filter(status=OrganisationProposal.Status.PROPOSED)
        .select_related("organisation", "partnership", "proposed_by")
        .order_by("created_at", "pk")
    )
    decisions = {p.pk: ProposalDecisionForm(prefix=f"p{p.pk}") for p in open_proposals}
    failed = None
    if request.method == "POST":
        try:
            chosen = int(request.POST.get("proposal", ""))
        except ValueError:
            chosen = 0
        proposal = next((p for p in open_proposals if p.pk == chosen), None)
        if proposal is None:
            messages.error(request, "That proposal has already been decided.")
            return redirect("cip:organisation-proposals")
        form = failed = ProposalDecisionForm(request.POST, prefix=f"p{proposal.pk}")
        decisions[proposal.pk] = form
        if form.is_valid():
            decide = {"accept": register.accept_proposal, "decline": register.decline_proposal}
            kwargs = {"proposal": proposal}
            if form.cleaned_data["decision"] == "decline":
                kwargs["reason"] = form.cleaned_data["decline_reason"]
            try:
                decide[form.cleaned_data["decision"]](user=request.user, **kwargs)
            except StaleEditError:
                form.add_error(None, "Another site administrator decided this proposal first.")
            except ValidationError as invalid:
                for error in invalid.messages:
                    form.add_error(None, error)
            else:
                verb = "accepted" if form.cleaned_data["decision"] == "accept" else "declined"
                messages.success(request, f"Proposal for {proposal.organisation.name} {verb}")
                return redirect("cip:organisation-proposals")
    return render(
        request,
        "cip/organisation_proposals.html",
        {"proposals": [(p, decisions[p.pk]) for p in open_proposals], "form": failed},
    )


def record_history(request: HttpRequest, slug: str, model: str, pk: int) -> HttpResponse:
    kind = history.domain_model(model)
    child_level = kind._meta.label_lower in CHILD_LEVEL_MODELS
    need = Capability.VIEW_CHILDREN if child_level else Capability.VIEW
    partnership = partnership_for(request, slug, need)
    try:
        record, deleted = history.record_in(partnership, kind, pk), False
    except Http404:  # deleted for good: its history is kept, and shown
        record, deleted = history.deleted_in(partnership, kind, pk), True
    return render(
        request,
        "cip/record_history.html",
        {
            "partnership": partnership,
            "record": record,
            "model_label": model,
            "verbose_name": record._meta.verbose_name,
            "versions": history.versions(record, partnership),
            "deleted": deleted,
            "archived": getattr(record, "is_archived", False),
            "can_restore": not deleted and role_can(request.membership.role, Capability.MANAGE),
        },
    )


@require_http_methods(["POST"])
def record_restore(request: HttpRequest, slug: str, model: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    record = history.record_to_change(partnership, history.domain_model(model), pk, request.user)
    try:
        history_id = int(request.POST.get("history_id", ""))
    except ValueError:
        history_id = 0
    try:
        history.restore(record=record, history_id=history_id, user=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"Restored an earlier version of {record}")
    return redirect("cip:record-history", slug=slug, model=model, pk=pk)
