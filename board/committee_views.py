"""The committee's procedures: the register of interests and decisions between meetings
(written procedure)."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from board import calculations, minutes, services
from board.access import partnership_for_any
from board.committee_forms import ForwardPlanForm, InterestForm, ProposalForm, VoteForm
from board.models import Interest, MinutesRecord, Proposal, Vote
from board.views import add_errors
from cip import pdf
from cip.access import Capability, partnership_for, role_can
from cip.views import save_form

log = logging.getLogger("cip.access")


def _keeps_register(role: str) -> bool:
    """The chair (or secretary) and the administrator keep the whole register."""
    return role_can(role, Capability.CHAIR) or role_can(role, Capability.MANAGE)


# --- the register of interests ---------------------------------------------------------------


def interest_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    role = request.membership.role
    keeper = _keeps_register(role)
    entries = partnership.board_interests.select_related("user")
    if not keeper:
        entries = entries.filter(user=request.user)
    today = timezone.localdate()
    return render(
        request,
        "board/interest_list.html",
        {
            "partnership": partnership,
            "entries": entries,
            "keeper": keeper,
            "can_add": keeper or role_can(role, Capability.DECIDE),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def interest_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_any(
        request,
        slug,
        (Capability.DECIDE, Capability.MANAGE),
        why="Your role keeps no register of interests.",
    )
    keeper = _keeps_register(request.membership.role)
    form = InterestForm(
        request.POST or None, partnership=partnership, member=None if keeper else request.user
    )
    if request.method == "POST" and save_form(request, form, message="Interest registered"):
        return redirect("board:interest-list", slug=slug)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": "Register an interest" if keeper else "Register one of your interests",
            "cancel_url": _list_url(slug),
        },
    )


@require_http_methods(["GET", "POST"])
def interest_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member edits their own entries; the chair and the administrator any entry."""
    partnership = partnership_for(request, slug)
    entry = get_object_or_404(partnership.board_interests.select_related("user"), pk=pk)
    role = request.membership.role
    keeper = _keeps_register(role)
    own = entry.user_id == request.user.pk and role_can(role, Capability.DECIDE)
    if not (keeper or own):
        log.warning(
            "permission refused: user=%s partnership=%s role=%s interest of another path=%s",
            request.user.pk,
            slug,
            role,
            request.path,
        )
        raise PermissionDenied("Only the member, the chair and the administrator edit an entry.")
    form = InterestForm(
        request.POST or None,
        instance=entry,
        partnership=partnership,
        member=None if keeper else request.user,
    )
    if request.method == "POST" and save_form(request, form, message="Register entry saved"):
        return redirect("board:interest-list", slug=slug)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": "Edit an entry of the register", "cancel_url": _list_url(slug)},
    )


def _list_url(slug: str) -> str:
    return reverse("board:interest-list", kwargs={"slug": slug})


# --- decisions between meetings --------------------------------------------------------------


def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    today = timezone.localdate()
    proposals = list(partnership.board_proposals.select_related("meeting", "decision"))
    for proposal in proposals:
        proposal.status_now = proposal.status(today)
        proposal.status_now_label = Proposal.Status(proposal.status_now).label
    return render(
        request,
        "board/proposal_list.html",
        {
            "partnership": partnership,
            "proposals": proposals,
            "today": today,
            "can_chair": role_can(request.membership.role, Capability.CHAIR),
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.CHAIR)
    form = ProposalForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_send(
                partnership=partnership,
                title=data["title"],
                text=data["resolution"],
                kind=data["kind"],
                record=data["record"],
                continuation_year=data.get("continuation_year"),
                new_end_date=data.get("new_end_date"),
                deadline=data["deadline"],
                meeting=data["meeting"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error, {"record": "choice", "kind": "choice", "text": "resolution"})
        else:
            messages.success(request, f"“{proposal}” sent to the board's members for their votes")
            return redirect(proposal)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": "Seek a decision between meetings",
            "cancel_url": _proposals_url(slug),
        },
    )


def _proposals_url(slug: str) -> str:
    return reverse("board:proposal-list", kwargs={"slug": slug})


def _proposal(partnership, pk: int) -> Proposal:
    return get_object_or_404(
        partnership.board_proposals.select_related("meeting", "decision", "created_by"), pk=pk
    )


def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    proposal = _proposal(partnership, pk)
    today = timezone.localdate()
    votes = list(proposal.votes.select_related("user", "registered"))
    status = proposal.status(today)
    return render(
        request,
        "board/proposal_detail.html",
        {
            "partnership": partnership,
            "proposal": proposal,
            "votes": votes,
            "tally": {
                label: sum(1 for v in votes if v.choice == value)
                for value, label in Vote.Choice.choices
            },
            "status": status,
            "status_label": Proposal.Status(status).label,
            "today": today,
            "can_vote": status == Proposal.Status.OPEN
            and role_can(request.membership.role, Capability.DECIDE)
            and not any(v.user_id == request.user.pk for v in votes),
        },
    )


@require_http_methods(["GET", "POST"])
def proposal_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.DECIDE)
    proposal = _proposal(partnership, pk)
    today = timezone.localdate()
    status = proposal.status(today)
    voted = proposal.votes.filter(user=request.user).first()
    form = VoteForm(request.POST or None, proposal=proposal, member=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_vote(
                proposal=proposal,
                member=request.user,
                choice=data["choice"],
                interest=data["interest"],
                prejudicial=data["prejudicial"],
                registered=data["registered"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            proposal.refresh_from_db()
            if proposal.carried_on is not None:
                messages.success(
                    request,
                    f"Your vote is recorded, and the proposal has carried: decision "
                    f"{proposal.decision.reference} is recorded for {proposal.meeting}",
                )
            else:
                messages.success(request, "Your vote is recorded")
            return redirect(proposal)
    return render(
        request,
        "board/proposal_vote.html",
        {
            "partnership": partnership,
            "proposal": proposal,
            "form": form,
            "status": status,
            "status_label": Proposal.Status(status).label,
            "today": today,
            "voted": voted,
            "registered_any": Interest.objects.filter(
                partnership=partnership, user=request.user
            ).exists(),
        },
    )


# --- the forward plan ------------------------------------------------------------------------


def _forward_plan(partnership, as_at):
    """The entries whose meeting is on or after the date, in meeting order."""
    return (
        partnership.forward_plan.filter(meeting__date__gte=as_at, meeting__archived_at__isnull=True)
        .select_related("meeting")
        .order_by("meeting__date", "meeting__pk", "pk")
    )


def forward_plan(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    today = timezone.localdate()
    return render(
        request,
        "board/forward_plan.html",
        {
            "partnership": partnership,
            "entries": _forward_plan(partnership, today),
            "today": today,
            "notice_days": calculations.NOTICE_DAYS,
            "can_chair": role_can(request.membership.role, Capability.CHAIR),
        },
    )


@require_http_methods(["GET", "POST"])
def forward_plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.CHAIR)
    form = ForwardPlanForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Added to the forward plan"):
        if form.instance.short_notice:
            messages.warning(
                request,
                f"“{form.instance}” gives {form.instance.notice_days} days' notice of its "
                f"meeting, fewer than {calculations.NOTICE_DAYS}: the plan flags it.",
            )
        return redirect("board:forward-plan", slug=slug)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": "Add a decision to the forward plan",
            "cancel_url": _plan_url(slug),
        },
    )


@require_http_methods(["GET", "POST"])
def forward_plan_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.CHAIR)
    entry = get_object_or_404(partnership.forward_plan, pk=pk)
    form = ForwardPlanForm(request.POST or None, instance=entry, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Forward plan entry saved"):
        return redirect("board:forward-plan", slug=slug)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit “{entry}”", "cancel_url": _plan_url(slug)},
    )


def _plan_url(slug: str) -> str:
    return reverse("board:forward-plan", kwargs={"slug": slug})


def forward_plan_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The forward plan as published: a PDF in the council's report style."""
    partnership = partnership_for(request, slug)
    today = timezone.localdate()
    html = render_to_string(
        "board/forward_plan_pdf.html",
        {
            "partnership": partnership,
            "entries": _forward_plan(partnership, today),
            "today": today,
            "notice_days": calculations.NOTICE_DAYS,
        },
    )
    response = HttpResponse(pdf.write_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="forward-plan-{partnership.slug}-{today:%Y-%m-%d}.pdf"'
    )
    return response


# --- minutes and decision notices ------------------------------------------------------------


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


MINUTES_REFRESH_SECONDS = 3


def _minutes_waiting(request: HttpRequest, partnership, frozen: MinutesRecord) -> HttpResponse:
    """The signed-off minutes' PDF is still being made by the worker: a page that checks again
    by itself (the Refresh header, no JavaScript) and says when no worker has started it."""
    response = render(
        request,
        "board/minutes_waiting.html",
        {
            "partnership": partnership,
            "frozen": frozen,
            "meeting": frozen.meeting,
            "refresh": None if frozen.failed else MINUTES_REFRESH_SECONDS,
        },
    )
    if not frozen.failed:
        response["Refresh"] = str(MINUTES_REFRESH_SECONDS)
    return response


def meeting_minutes_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Signed off: the stored PDF the worker made from the frozen data (a waiting page until
    it has). Before that, a draft from the live records."""
    partnership = partnership_for(request, slug)
    meeting = get_object_or_404(partnership.board_meetings.select_related("partnership"), pk=pk)
    frozen = MinutesRecord.objects.filter(meeting=meeting).select_related("meeting").first()
    if frozen is not None:
        if not frozen.is_rendered:
            return _minutes_waiting(request, partnership, frozen)
        return _pdf_response(bytes(frozen.pdf), frozen.filename)
    document = minutes.minutes_document(meeting)
    return _pdf_response(
        minutes.minutes_pdf(document),
        f"{partnership.slug}-minutes-{meeting.date:%Y-%m-%d}-draft.pdf",
    )


def decision_notice_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A decision's notice: from the frozen minutes' data once signed off, citing the stored
    minutes' SHA-256 (so only once the worker has made them), a draft from the live records
    before."""
    partnership = partnership_for(request, slug)
    decision = get_object_or_404(
        partnership.board_decisions.select_related("meeting__partnership"), pk=pk
    )
    frozen = MinutesRecord.objects.filter(meeting=decision.meeting).first()
    if frozen is not None:
        if not frozen.is_rendered:
            return _minutes_waiting(request, partnership, frozen)
        data = minutes.notice_pdf(frozen.snapshot, decision.pk, minutes_sha256=frozen.pdf_sha256)
    else:
        data = minutes.notice_pdf(minutes.minutes_document(decision.meeting), decision.pk)
    return _pdf_response(data, f"{partnership.slug}-decision-{decision.reference}.pdf")
