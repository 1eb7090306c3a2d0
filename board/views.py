"""Board pages: meetings and their agenda pack, the decision log, the action log, the risk
register and its heat map, secondments and the board's settings."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from board import calculations, services
from board import figures as board_figures
from board.access import (
    ACTION_RISK_EDITORS,
    can_edit_actions_and_risks,
    partnership_for_any,
)
from board.filters import (
    ActionFilter,
    DecisionFilter,
    MeetingFilter,
    RiskFilter,
    SecondmentFilter,
)
from board.forms import (
    ActionForm,
    AgendaItemForm,
    AttendeeForm,
    BoardSettingsForm,
    CorrectionForm,
    DecisionEditForm,
    DecisionForm,
    DeclarationForm,
    MeetingForm,
    RiskForm,
    SecondmentForm,
    SignOffForm,
)
from board.models import (
    AgendaItem,
    Attendee,
    BoardSettings,
    Declaration,
    Meeting,
    Secondment,
)
from board.tables import (
    ActionTable,
    DecisionTable,
    MeetingTable,
    RiskTable,
    SecondmentTable,
)
from cip.access import Capability, partnership_for, role_can
from cip.archive_views import redirect_if_archived
from cip.models import Partnership
from cip.services import StaleEditError, delete_with_history
from cip.tables import PartnershipTableView
from cip.views import save_form


def board_settings(partnership: Partnership) -> BoardSettings:
    """The partnership's settings, or the defaults (unsaved) when none are recorded."""
    found = BoardSettings.objects.filter(partnership=partnership).first()
    return found or BoardSettings(partnership=partnership)


def add_errors(form, error: ValidationError, fields: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: onto the named field where the form has it,
    otherwise at the top of the page."""
    fields = fields or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def refuse_if_signed_off(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    if meeting.is_signed_off:
        messages.error(
            request,
            f"The minutes of {meeting} are signed off, so the meeting and its decisions "
            "can no longer be changed. Record a correction at a later meeting instead.",
        )
        return redirect(meeting)
    return None


# --- meetings --------------------------------------------------------------------------------


class MeetingListView(PartnershipTableView):
    table_class = MeetingTable
    filterset_class = MeetingFilter
    template_name = "board/meeting_list.html"
    export_name = "board-meetings"

    def get_queryset(self):
        return (
            self.partnership.board_meetings(manager="all_objects")
            .annotate(
                item_count=Count("items", distinct=True),
                decision_count=Count("decisions", distinct=True),
            )
            .order_by("-date", "-pk")
        )

    def get_table_kwargs(self):
        return {"partnership": self.partnership}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_chair"] = role_can(self.request.membership.role, Capability.CHAIR)
        return context


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.CHAIR)
    form = MeetingForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Meeting added"):
        return redirect(form.instance)
    return render(request, "cip/form.html", {"form": form, "title": "Add a board meeting"})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.DECIDE)
    meeting = get_object_or_404(partnership.board_meetings, pk=pk)
    if refused := refuse_if_signed_off(request, meeting):
        return refused
    form = MeetingForm(request.POST or None, instance=meeting, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Meeting saved"):
        return redirect(meeting)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit {meeting}", "cancel_url": meeting.get_absolute_url()},
    )


def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    meeting = get_object_or_404(partnership.board_meetings(manager="all_objects"), pk=pk)
    if archived := redirect_if_archived(meeting, partnership):
        return archived
    role = request.membership.role
    return render(
        request,
        "board/meeting_detail.html",
        {
            "partnership": partnership,
            "meeting": meeting,
            "attendees": meeting.attendees.select_related("user", "organisation"),
            "items": _with_declarations(meeting, services.meeting_items(meeting)),
            "actions": meeting.actions.order_by("due_date", "pk"),
            "can_decide": role_can(role, Capability.DECIDE) and not meeting.is_signed_off,
            "can_chair": role_can(role, Capability.CHAIR) and not meeting.is_signed_off,
            "can_edit_actions": can_edit_actions_and_risks(role),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_sign_off(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.DECIDE)
    meeting = get_object_or_404(partnership.board_meetings, pk=pk)
    if refused := refuse_if_signed_off(request, meeting):
        return refused
    form = SignOffForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_sign_off(
                meeting=meeting, expected_version=form.cleaned_data["version"], user=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEditError as stale:
            form.add_error(
                None, f"{stale.who} changed the meeting while you were reading it. Check it again."
            )
        else:
            messages.success(request, f"The minutes of {meeting} are signed off")
            return redirect(meeting)
    return render(
        request,
        "board/meeting_sign_off.html",
        {"partnership": partnership, "meeting": meeting, "form": form},
    )


def meeting_pack(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The agenda pack: agenda, previous minutes, open actions, decisions sought, papers."""
    partnership = partnership_for(request, slug)
    meeting = get_object_or_404(partnership.board_meetings, pk=pk)
    items = list(services.meeting_items(meeting))
    previous = (
        partnership.board_meetings.filter(date__lt=meeting.date).order_by("-date", "-pk").first()
    )
    as_at = board_figures.paper_date(meeting.date)
    between = list(meeting.proposals.select_related("decision__item").order_by("deadline", "pk"))
    for proposal in between:
        proposal.status_then = proposal.status(as_at)
    return render(
        request,
        "board/meeting_pack.html",
        {
            "between": between,
            "partnership": partnership,
            "meeting": meeting,
            "items": items,
            "attendees": meeting.attendees.select_related("user", "organisation"),
            "previous": previous,
            "previous_items": list(previous.items.order_by("position")) if previous else [],
            "open_actions": board_figures.open_actions(partnership, as_at=as_at),
            "sought": [item for item in items if item.purpose == AgendaItem.Purpose.DECISION],
            "papers": [item for item in items if item.paper is not None],
            "today": as_at,  # overdue as the board sees it at the meeting
        },
    )


def _with_declarations(meeting: Meeting, items) -> list:
    """The items, each with its declarations of interest as `declared` (one query for all)."""
    items = list(items)
    declared: dict[int, list] = {}
    for declaration in Declaration.objects.filter(item__meeting=meeting).select_related("user"):
        declared.setdefault(declaration.item_id, []).append(declaration)
    for item in items:
        item.declared = declared.get(item.pk, [])
    return items


@require_http_methods(["GET", "POST"])
def declaration_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member's declaration of interest in an agenda item."""
    partnership = partnership_for(request, slug, Capability.DECIDE)
    item = get_object_or_404(
        AgendaItem.objects.filter(
            meeting__partnership=partnership, meeting__archived_at__isnull=True
        ).select_related("meeting"),
        pk=pk,
    )
    if refused := refuse_if_signed_off(request, item.meeting):
        return refused
    form = DeclarationForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_record(
                item=item,
                member=form.cleaned_data["user"],
                interest=form.cleaned_data["interest"],
                prejudicial=form.cleaned_data["prejudicial"],
                registered=form.cleaned_data.get("registered"),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Declaration of interest recorded")
            return redirect(item.meeting)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Declare an interest in item {item.position}: {item.title}",
            "cancel_url": item.meeting.get_absolute_url(),
        },
    )


# --- attendees and agenda items --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendee_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.DECIDE)
    meeting = get_object_or_404(partnership.board_meetings, pk=pk)
    if refused := refuse_if_signed_off(request, meeting):
        return refused
    form = AttendeeForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and save_form(request, form, message="Attendee added"):
        return redirect(meeting)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Add an attendee to {meeting}",
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def attendee_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.DECIDE)
    attendee = get_object_or_404(
        partnership_attendees(partnership).select_related("user", "meeting"), pk=pk
    )
    meeting = attendee.meeting
    if refused := refuse_if_signed_off(request, meeting):
        return refused
    if request.method == "POST":
        delete_with_history(record=attendee, user=request.user)
        messages.success(request, f"{attendee} removed from the meeting")
        return redirect(meeting)
    return render(
        request,
        "board/attendee_remove.html",
        {"partnership": partnership, "attendee": attendee, "meeting": meeting},
    )


def partnership_attendees(partnership: Partnership):
    return Attendee.objects.filter(
        meeting__partnership=partnership, meeting__archived_at__isnull=True
    )


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.DECIDE)
    meeting = get_object_or_404(partnership.board_meetings, pk=pk)
    if refused := refuse_if_signed_off(request, meeting):
        return refused
    last = meeting.items.order_by("-position").values_list("position", flat=True).first()
    form = AgendaItemForm(
        request.POST or None, meeting=meeting, initial={"position": (last or 0) + 1}
    )
    if request.method == "POST" and save_form(request, form, message="Agenda item added"):
        return redirect(meeting)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Add an agenda item to {meeting}",
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.DECIDE)
    item = get_object_or_404(
        AgendaItem.objects.filter(
            meeting__partnership=partnership, meeting__archived_at__isnull=True
        ).select_related("meeting"),
        pk=pk,
    )
    if refused := refuse_if_signed_off(request, item.meeting):
        return refused
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and save_form(request, form, message="Agenda item saved"):
        return redirect(item.meeting)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Edit item {item.position}: minutes and details",
            "cancel_url": item.meeting.get_absolute_url(),
        },
    )


# --- decisions -------------------------------------------------------------------------------


class DecisionListView(PartnershipTableView):
    table_class = DecisionTable
    filterset_class = DecisionFilter
    template_name = "board/decision_list.html"
    export_name = "decision-log"

    def get_queryset(self):
        return self.partnership.board_decisions.select_related("meeting", "corrects").order_by(
            "-meeting__date", "-number"
        )

    def get_table_kwargs(self):
        return {"partnership": self.partnership}


def _decision_errors_fields() -> dict[str, str]:
    return {"record": "choice", "kind": "choice", "corrects": "choice"}


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record a decision on an agenda item: this is what moves the decided record."""
    partnership = partnership_for(request, slug, Capability.CHAIR)
    item = get_object_or_404(
        AgendaItem.objects.filter(
            meeting__partnership=partnership, meeting__archived_at__isnull=True
        ).select_related("meeting"),
        pk=pk,
    )
    meeting = item.meeting
    if refused := refuse_if_signed_off(request, meeting):
        return refused
    form = DecisionForm(request.POST or None, partnership=partnership, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                meeting=meeting,
                item=item,
                kind=data["kind"],
                outcome=data["outcome"],
                resolution=data["resolution"],
                record=data["record"],
                user=request.user,
                new_end_date=data.get("new_end_date"),
                continuation_year=data.get("continuation_year"),
                votes=data.get("votes"),
            )
        except ValidationError as error:
            add_errors(form, error, _decision_errors_fields())
        else:
            messages.success(request, f"Decision {decision.reference} recorded")
            return redirect(decision)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Record a decision on item {item.position}: {item.title}",
            "cancel_url": meeting.get_absolute_url(),
        },
    )


def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    decision = get_object_or_404(
        partnership.board_decisions.select_related(
            "meeting", "item", "corrects", "recorded_by", "record_type"
        ),
        pk=pk,
    )
    record = decision.record if decision.record_type_id else None
    return render(
        request,
        "board/decision_detail.html",
        {
            "partnership": partnership,
            "decision": decision,
            "record": record,
            "record_url": _record_url(record),
            "record_status": _record_status(record),
            "corrections": decision.corrections.select_related("meeting").order_by("number"),
            "votes": decision.votes.select_related("user").order_by(
                "user__first_name", "user__last_name", "user__username"
            ),
            "can_chair": role_can(request.membership.role, Capability.CHAIR),
        },
    )


def _record_url(record) -> str | None:
    if record is None:
        return None
    if record._meta.label == "cip.ContractYear":
        return record.partnership.get_absolute_url()
    getter = getattr(record, "get_absolute_url", None)
    try:
        return getter() if getter else None
    except Exception:  # a record whose URL cannot be built is shown without a link
        return None


def _record_status(record) -> str | None:
    display = getattr(record, "get_status_display", None)
    return display() if callable(display) else None


@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.CHAIR)
    decision = get_object_or_404(partnership.board_decisions.select_related("meeting"), pk=pk)
    if refused := refuse_if_signed_off(request, decision.meeting):
        return refused
    form = DecisionEditForm(request.POST or None, instance=decision)
    if request.method == "POST" and save_form(
        request, form, message=f"Decision {decision.reference} saved"
    ):
        return redirect(decision)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Reword decision {decision.reference}",
            "cancel_url": decision.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A correction is a new decision, on an open meeting's item, that refers to the old one."""
    partnership = partnership_for(request, slug, Capability.CHAIR)
    original = get_object_or_404(partnership.board_decisions.select_related("meeting"), pk=pk)
    form = CorrectionForm(request.POST or None, partnership=partnership, corrects=original)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                meeting=data["item"].meeting,
                item=data["item"],
                kind=data["kind"],
                outcome=data["outcome"],
                resolution=data["resolution"],
                record=data["record"],
                user=request.user,
                corrects=original,
                new_end_date=data.get("new_end_date"),
                continuation_year=data.get("continuation_year"),
            )
        except ValidationError as error:
            add_errors(form, error, _decision_errors_fields())
        else:
            messages.success(
                request, f"Decision {decision.reference} recorded, correcting {original.reference}"
            )
            return redirect(decision)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Correct decision {original.reference}",
            "cancel_url": original.get_absolute_url(),
        },
    )


# --- actions ---------------------------------------------------------------------------------


class ActionListView(PartnershipTableView):
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "board/action_list.html"
    export_name = "action-log"

    def get_queryset(self):
        return (
            self.partnership.board_actions(manager="all_objects")
            .select_related("meeting")
            .order_by("due_date", "pk")
        )

    def get_table_kwargs(self):
        role = self.request.membership.role
        return {
            "partnership": self.partnership,
            "can_edit": can_edit_actions_and_risks(role),
            "today": timezone.localdate(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can_edit_actions_and_risks(self.request.membership.role)
        return context


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_any(request, slug, ACTION_RISK_EDITORS)
    initial = {}
    meeting_pk = request.GET.get("meeting", "")
    if meeting_pk.isdigit():
        initial["meeting"] = partnership.board_meetings.filter(pk=meeting_pk).first()
    form = ActionForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and save_form(request, form, message="Action added"):
        return redirect("board:action-list", slug=slug)
    return render(request, "cip/form.html", {"form": form, "title": "Add an action"})


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for_any(request, slug, ACTION_RISK_EDITORS)
    action = get_object_or_404(partnership.board_actions(manager="all_objects"), pk=pk)
    if archived := redirect_if_archived(action, partnership):
        return archived
    form = ActionForm(request.POST or None, instance=action, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Action saved"):
        return redirect("board:action-list", slug=slug)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": "Edit an action", "archive_record": action},
    )


# --- risks -----------------------------------------------------------------------------------


class RiskListView(PartnershipTableView):
    table_class = RiskTable
    filterset_class = RiskFilter
    template_name = "board/risk_list.html"
    export_name = "risk-register"

    def get_queryset(self):
        return self.partnership.board_risks(manager="all_objects").order_by("-score", "title", "pk")

    def settings(self) -> BoardSettings:
        if not hasattr(self, "_settings"):
            self._settings = board_settings(self.partnership)
        return self._settings

    def get_table_kwargs(self):
        bands = self.settings()
        return {
            "partnership": self.partnership,
            "can_edit": can_edit_actions_and_risks(self.request.membership.role),
            "amber_from": bands.amber_from,
            "red_from": bands.red_from,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bands = self.settings()
        counts = board_figures.open_risk_cells(self.partnership, as_at=timezone.localdate())
        context["heat_map"] = calculations.heat_map(
            counts, amber_from=bands.amber_from, red_from=bands.red_from
        )
        context["bands"] = bands
        context["can_edit"] = can_edit_actions_and_risks(self.request.membership.role)
        context["can_manage"] = role_can(self.request.membership.role, Capability.MANAGE)
        return context


@require_http_methods(["GET", "POST"])
def risk_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_any(request, slug, ACTION_RISK_EDITORS)
    form = RiskForm(
        request.POST or None,
        partnership=partnership,
        initial={"last_reviewed": timezone.localdate()},
    )
    if request.method == "POST" and save_form(request, form, message="Risk added"):
        return redirect(form.instance)
    return render(request, "cip/form.html", {"form": form, "title": "Add a risk"})


@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for_any(request, slug, ACTION_RISK_EDITORS)
    risk = get_object_or_404(partnership.board_risks, pk=pk)
    form = RiskForm(request.POST or None, instance=risk, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Risk saved"):
        return redirect(risk)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit risk: {risk.title}", "cancel_url": risk.get_absolute_url()},
    )


def risk_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    risk = get_object_or_404(
        partnership.board_risks(manager="all_objects").select_related("work_package"), pk=pk
    )
    if archived := redirect_if_archived(risk, partnership):
        return archived
    bands = board_settings(partnership)
    rows = risk.history.order_by("history_date", "history_id").values_list(
        "history_date", "likelihood", "impact"
    )
    points = [
        (
            day,
            likelihood,
            impact,
            score,
            calculations.rag(score, amber_from=bands.amber_from, red_from=bands.red_from),
        )
        for day, likelihood, impact, score in calculations.score_history(list(rows))
    ]
    return render(
        request,
        "board/risk_detail.html",
        {
            "partnership": partnership,
            "risk": risk,
            "rag": calculations.rag(
                risk.score, amber_from=bands.amber_from, red_from=bands.red_from
            ),
            "points": points,
            "can_edit": can_edit_actions_and_risks(request.membership.role),
        },
    )


# --- secondments -----------------------------------------------------------------------------


class SecondmentListView(PartnershipTableView):
    table_class = SecondmentTable
    filterset_class = SecondmentFilter
    template_name = "board/secondment_list.html"
    export_name = "secondments"

    def get_queryset(self):
        return (
            self.partnership.secondments(manager="all_objects")
            .select_related("home_organisation")
            .order_by("end_date", "person", "pk")
        )

    def get_table_kwargs(self):
        return {"partnership": self.partnership}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = role_can(self.request.membership.role, Capability.MANAGE)
        return context


@require_http_methods(["GET", "POST"])
def secondment_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    form = SecondmentForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Secondment added"):
        return redirect(form.instance)
    return render(request, "cip/form.html", {"form": form, "title": "Add a secondment"})


@require_http_methods(["GET", "POST"])
def secondment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    secondment = get_object_or_404(partnership.secondments, pk=pk)
    form = SecondmentForm(request.POST or None, instance=secondment, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Secondment saved"):
        return redirect(secondment)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Edit the secondment of {secondment.person}",
            "cancel_url": secondment.get_absolute_url(),
        },
    )


def secondment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    secondment = get_object_or_404(
        partnership.secondments(manager="all_objects").select_related("home_organisation"), pk=pk
    )
    if archived := redirect_if_archived(secondment, partnership):
        return archived
    decided = (
        partnership.board_decisions.filter(
            record_type=ContentType.objects.get_for_model(Secondment), record_id=secondment.pk
        )
        .select_related("meeting")
        .order_by("meeting__date", "number")
    )
    return render(
        request,
        "board/secondment_detail.html",
        {
            "partnership": partnership,
            "secondment": secondment,
            "decisions": decided,
            "can_manage": role_can(request.membership.role, Capability.MANAGE),
        },
    )


# --- settings --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    form = BoardSettingsForm(
        request.POST or None, instance=board_settings(partnership), partnership=partnership
    )
    if request.method == "POST" and save_form(request, form, message="Board settings saved"):
        return redirect("board:risk-list", slug=slug)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": "Risk bands, continuation warning and quorum"},
    )
