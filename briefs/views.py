from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from briefs import calculations, services
from briefs.filters import BriefFilter, PriorityAreaFilter
from briefs.forms import (
    BriefForm,
    DocumentForm,
    MemberForm,
    MoveForm,
    PriorityAreaForm,
    ResearchForm,
    TaskForm,
)
from briefs.models import (
    BriefEvent,
    BriefTask,
    DesignBrief,
    DesignTeamMember,
    DocumentLink,
    ResearchItem,
)
from briefs.tables import BriefTable, PriorityAreaTable
from cip.access import Capability, partnership_for, role_can
from cip.archive_views import redirect_if_archived
from cip.parts import Part, PartViews
from cip.services import StaleEditError
from cip.tables import PartnershipTableView
from cip.views import save_form


class PriorityAreaListView(PartnershipTableView):
    need = Capability.MANAGE
    table_class = PriorityAreaTable
    filterset_class = PriorityAreaFilter
    template_name = "briefs/priority_area_list.html"
    export_name = "priority-areas"

    def get_queryset(self):
        return self.partnership.priority_areas(manager="all_objects").order_by(
            "order", "name", "pk"
        )

    def get_table_kwargs(self):
        return {"partnership": self.partnership}


@require_http_methods(["GET", "POST"])
def priority_area_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    latest = partnership.priority_areas.order_by("-order").first()
    form = PriorityAreaForm(
        request.POST or None,
        parent=partnership,
        initial={"order": latest.order + 1 if latest else 1},
    )
    if request.method == "POST" and save_form(request, form, message="Priority area added"):
        return redirect("briefs:priority-area-list", slug=slug)
    return render(request, "cip/form.html", {"form": form, "title": "Add a priority area"})


@require_http_methods(["GET", "POST"])
def priority_area_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    area = get_object_or_404(partnership.priority_areas(manager="all_objects"), pk=pk)
    if archived := redirect_if_archived(area, partnership):
        return archived
    form = PriorityAreaForm(request.POST or None, instance=area, parent=partnership)
    if request.method == "POST" and save_form(request, form, message="Priority area saved"):
        return redirect("briefs:priority-area-list", slug=slug)
    return render(
        request, "cip/form.html", {"form": form, "title": f"Edit {area}", "archive_record": area}
    )


class BriefListView(PartnershipTableView):
    table_class = BriefTable
    filterset_class = BriefFilter
    template_name = "briefs/brief_list.html"
    export_name = "design-briefs"

    def get_queryset(self):
        return (
            self.partnership.design_briefs(manager="all_objects")
            .for_list()
            .order_by("number", "pk")
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
def brief_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    # An archived brief keeps its number: the next one comes after it.
    latest = partnership.design_briefs(manager="all_objects").order_by("-number").first()
    form = BriefForm(
        request.POST or None,
        parent=partnership,
        initial={"number": latest.number + 1 if latest else 1},
    )
    if request.method == "POST" and form.is_valid():
        brief = services.brief_create(
            brief=form.instance, user=request.user, on=timezone.localdate()
        )
        messages.success(request, f"Brief {brief.number} drafted")
        return redirect(brief)
    return render(request, "cip/form.html", {"form": form, "title": "Draft a design brief"})


@require_http_methods(["GET", "POST"])
def brief_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    brief = get_object_or_404(partnership.design_briefs, pk=pk)
    form = BriefForm(request.POST or None, instance=brief, parent=partnership)
    if request.method == "POST" and save_form(request, form, message=f"Brief {brief.number} saved"):
        return redirect(brief)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Edit brief {brief.number}",
            "cancel_url": brief.get_absolute_url(),
        },
    )


def brief_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    brief = get_object_or_404(
        partnership.design_briefs(manager="all_objects")
        .select_related("priority_area")
        .prefetch_related(
            "tasks",
            Prefetch("members", DesignTeamMember.objects.select_related("organisation")),
            Prefetch("research", ResearchItem.objects.select_related("commissioned_by")),
            "documents",
            Prefetch("events", BriefEvent.objects.select_related(*_event_relations())),
            Prefetch("work_packages", _work_packages()),
        ),
        pk=pk,
    )
    if archived := redirect_if_archived(brief, partnership):
        return archived
    brief.partnership = partnership
    members = list(brief.members.all())
    leads = {m.organisation_id for m in members if m.is_lead}
    return render(
        request,
        "briefs/brief_detail.html",
        {
            "partnership": partnership,
            "brief": brief,
            "members": members,
            "missing_leads": [
                org for org in (partnership.council, partnership.partner) if org.pk not in leads
            ],
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


def _event_relations() -> list[str]:
    return ["recorded_by", "decision__partnership"]


def _work_packages():
    from workpackages.models import WorkPackage

    return WorkPackage.objects.select_related("lead_organisation").order_by("title")


@require_http_methods(["GET", "POST"])
def brief_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    brief = get_object_or_404(partnership.design_briefs, pk=pk)
    Status = DesignBrief.Status
    step = calculations.NEXT_STEP.get(brief.status)
    choices = [(step, Status(step).label)] if step else []
    form = MoveForm(request.POST or None, choices=choices, version=brief.version)
    blocked = None
    if brief.status == Status.DRAFT:
        blocked = "A draft brief is agreed only by a board decision: put it on a board agenda."
    elif step is None:
        blocked = "The brief is closed: it has no further stage."
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            services.brief_move(
                brief=brief,
                target=form.cleaned_data["target"],
                user=request.user,
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error("target", error.messages)
        except StaleEditError as stale:
            form.add_error(
                None,
                f"{stale.who} changed this brief while you were looking at it. "
                "Check it and try again.",
            )
        else:
            messages.success(
                request, f"Brief {brief.number} is now {brief.get_status_display().lower()}"
            )
            return redirect(brief)
    return render(
        request,
        "briefs/brief_move.html",
        {"partnership": partnership, "brief": brief, "form": form, "blocked": blocked},
    )


def _next_task(brief) -> dict:
    latest = brief.tasks.order_by("-order").first()
    return {"order": latest.order + 1 if latest else 1}


# The parts of a brief, edited on small forms of their own.
parts = PartViews(
    parents=lambda partnership: partnership.design_briefs,
    parent_field="brief",
    describe=lambda brief: f"brief {brief.number}",
    parts={
        "task": Part(BriefTask, TaskForm, "task", "tasks", initial=_next_task),
        "member": Part(DesignTeamMember, MemberForm, "design team member", "team"),
        "research": Part(ResearchItem, ResearchForm, "research item", "research"),
        "document": Part(DocumentLink, DocumentForm, "document link", "documents"),
    },
)
