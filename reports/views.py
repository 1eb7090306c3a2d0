"""Report pages: the list, a report and its sections, final versions and background exports.

Officers, commissioners and administrators (EXPORT) create, edit, freeze and export reports;
every member (VIEW) reads them and downloads final PDFs, board packs among them. No request
renders a PDF: exports and final versions are rendered by the worker (reports/tasks.py).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cip.access import Capability, partnership_for, role_can
from cip.archive_views import redirect_if_archived
from cip.services import StaleEditError
from cip.tables import PartnershipTableView
from cip.views import save_form
from reports import calculations, documents, prefill, sections, services
from reports.filters import ReportFilter
from reports.forms import FinaliseForm, NewSectionForm, ReportForm, SectionForm
from reports.models import Export, FinalVersion, Report, ReportSection
from reports.tables import ReportTable


class ReportListView(PartnershipTableView):
    table_class = ReportTable
    filterset_class = ReportFilter
    template_name = "reports/report_list.html"
    export_name = "reports"

    def get_queryset(self):
        return self.partnership.reports(manager="all_objects").order_by("-meeting_date", "-pk")

    def get_table_kwargs(self):
        return {"partnership": self.partnership}


def _refuse_if_final(request: HttpRequest, report: Report) -> HttpResponse | None:
    if report.is_final:
        messages.error(
            request,
            "This report is final, so it cannot be changed. Start a new draft from it instead.",
        )
        return redirect(report)
    return None


def _section(partnership, pk: int) -> ReportSection:
    return get_object_or_404(
        ReportSection.objects.filter(report__partnership=partnership).select_related(
            "report__partnership"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    form = ReportForm(
        request.POST or None,
        partnership=partnership,
        initial={"director": "Children and Family Services"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(report=form.instance, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Report started, with drafts from the live records")
            return redirect(report)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": "Start a report",
            "cancel_url": reverse("reports:report-list", kwargs={"slug": slug}),
        },
    )


def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    report = get_object_or_404(
        partnership.reports(manager="all_objects").select_related("meeting", "based_on"), pk=pk
    )
    if archived := redirect_if_archived(report, partnership):
        return archived
    report_sections = list(report.sections.order_by("position"))
    numbered, _ = calculations.number(
        [(sections.is_numbered(s.key), s.text) for s in report_sections]
    )
    appendices_text = next((s.text for s in report_sections if s.key == "appendices"), "")
    own = len(prefill.narrative_appendix_titles(appendices_text))
    generated = [
        f"Appendix {own + n}: {prefill.APPENDIX_NAMES[flag]}"
        for n, flag in enumerate(
            (f for f, _ in prefill.APPENDICES if getattr(report, f) and not report.is_board_pack),
            start=1,
        )
    ]
    can_export = role_can(request.membership.role, Capability.EXPORT)
    final = FinalVersion.objects.filter(report=report).defer("pdf", "snapshot").first()
    return render(
        request,
        "reports/report_detail.html",
        {
            "partnership": partnership,
            "report": report,
            "rows": [
                {
                    "section": section,
                    "blocks": blocks,
                    "part": sections.part_of(section.key),
                    "prefill": bool(getattr(sections.heading_for(section.key), "prefill", "")),
                }
                for section, blocks in zip(report_sections, numbered, strict=True)
            ],
            "generated": generated,
            "final": final,
            "can_export": can_export,
            "can_edit": can_export and not report.is_final,
            "exports": report.exports.defer("data").order_by("-created_at", "-pk")[:5]
            if can_export
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    report = get_object_or_404(partnership.reports, pk=pk)
    if refused := _refuse_if_final(request, report):
        return refused
    form = ReportForm(request.POST or None, instance=report, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Report saved"):
        return redirect(report)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit {report.title}", "cancel_url": report.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    section = _section(partnership, pk)
    if refused := _refuse_if_final(request, section.report):
        return refused
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and save_form(request, form, message=f"{section.heading} saved"):
        return redirect(section.get_absolute_url())
    return render(
        request,
        "reports/section_form.html",
        {"form": form, "section": section, "report": section.report, "partnership": partnership},
    )


@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    report = get_object_or_404(partnership.reports, pk=pk)
    if refused := _refuse_if_final(request, report):
        return refused
    form = NewSectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(
                report=report,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("heading" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, f"{section.heading} added")
            return redirect(section.get_absolute_url())
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Add a heading to {report.title}",
            "cancel_url": report.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def section_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    section = _section(partnership, pk)
    report = section.report
    blocked = report.is_final or not section.is_own_heading
    if request.method == "POST" and not blocked:
        services.section_delete(section=section, user=request.user)
        messages.success(request, f"{section.heading} removed")
        return redirect(report)
    return render(
        request,
        "reports/section_delete.html",
        {"partnership": partnership, "section": section, "report": report, "blocked": blocked},
    )


def section_prefill(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    section = _section(partnership, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.section_prefill(section=section, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(section.report)
    messages.success(request, f"{section.heading} drafted again from the live records")
    return redirect(section.get_absolute_url())


@require_http_methods(["GET", "POST"])
def report_finalise(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    report = get_object_or_404(partnership.reports, pk=pk)
    if refused := _refuse_if_final(request, report):
        return refused
    form = FinaliseForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            final = services.report_finalise(
                report=report, expected_version=form.cleaned_data["version"], user=request.user
            )
        except StaleEditError as stale:
            form.add_error(
                None,
                f"{stale.who} changed the report while you were reading it. Check it again "
                "before marking it final.",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The report is final. Its PDF is being made.")
            return redirect(final)
    return render(
        request,
        "reports/report_finalise.html",
        {"partnership": partnership, "report": report, "form": form},
    )


def report_new_draft(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    report = get_object_or_404(partnership.reports, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        draft = services.report_new_draft(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(request, "A new draft has been started from the final report")
    return redirect(draft)


def report_export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    report = get_object_or_404(partnership.reports, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    export = services.export_request(report=report, user=request.user)
    return redirect(export)


def export_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    export = get_object_or_404(partnership.exports.select_related("report").defer("data"), pk=pk)
    return render(
        request,
        "reports/export_detail.html",
        {"partnership": partnership, "export": export},
    )


def export_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EXPORT)
    export = get_object_or_404(partnership.exports, pk=pk)
    if export.status != Export.Status.READY or export.data is None:
        messages.info(request, "The file is not ready yet.")
        return redirect(export)
    return _file(bytes(export.data), export.filename, export.content_type)


def report_word(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A Word copy of the report, for democratic services to finish: a final report's from the
    data its final PDF was made from, a draft's from the live records, as its PDF would be."""
    from reports import word

    partnership = partnership_for(request, slug, Capability.EXPORT)
    report = get_object_or_404(partnership.reports.select_related("partnership", "meeting"), pk=pk)
    final = FinalVersion.objects.filter(report=report).only("snapshot").first()
    document = final.snapshot if final else documents.build_document(report)
    name = "board-pack" if report.is_board_pack else "report"
    suffix = "-final" if final else ""
    return _file(
        word.render_docx(document),
        f"{partnership.slug}-{name}-{report.pk}{suffix}.docx",
        word.CONTENT_TYPE,
    )


def final_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug)
    final = get_object_or_404(
        FinalVersion.objects.filter(report__partnership=partnership).select_related(
            "report__partnership", "finalised_by"
        ),
        pk=pk,
    )
    if final.pdf is not None and final.pdf_sha256:
        return _file(bytes(final.pdf), final.filename, "application/pdf")
    return render(
        request,
        "reports/final_waiting.html",
        {"partnership": partnership, "final": final, "report": final.report},
    )


def _file(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
