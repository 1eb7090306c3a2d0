"""One test per write path of reports: the report, its headings (made in bulk), the final
version, new drafts (copied in bulk) and PDF requests."""

import pytest
from django.urls import reverse

from reports.models import Export, FinalVersion, Report, ReportSection
from tests.history.writes import assert_written, post_form, writes
from tests.reports.factories import report_with_sections

pytestmark = pytest.mark.django_db
SERVICES = "reports.services"


def _url(name, partnership, **kwargs):
    return reverse(f"reports:{name}", kwargs={"slug": partnership.slug, **kwargs})


@pytest.fixture
def report(partnership, commissioner):
    return report_with_sections(partnership, commissioner, prefill_sections=False)


@writes("reports:report-create", f"{SERVICES}.report_create")
def test_starting_a_report_writes_it_and_its_headings(as_commissioner, commissioner, partnership):
    post_form(
        as_commissioner,
        _url("report-create", partnership),
        kind="scrutiny",
        committee="Children and Families Overview and Scrutiny Committee",
        meeting_date="2021-03-09",
        title="Children's Innovation Partnership",
    )
    report = Report.objects.get(partnership=partnership)
    assert_written(report, "+", commissioner)
    sections = list(report.sections.all())
    assert len(sections) > 10
    for section in sections:  # bulk-created, then some drafted from the live records
        first = section.history.earliest("history_id")
        assert (first.history_type, first.history_user) == ("+", commissioner)
        assert_written(section, "+" if section.history.count() == 1 else "~", commissioner)


@writes("reports:report-edit")
def test_editing_a_report(as_commissioner, commissioner, partnership, report):
    post_form(as_commissioner, _url("report-edit", partnership, pk=report.pk), director="CFS")
    assert_written(report, "~", commissioner, {"director"})


@writes("reports:section-create", f"{SERVICES}.section_add")
def test_adding_a_heading(as_commissioner, commissioner, partnership, report):
    post_form(
        as_commissioner,
        _url("section-create", partnership, pk=report.pk),
        heading="Current position",
        text="Two homes are open.",
    )
    section = report.sections.get(heading="Current position")
    assert_written(section, "+", commissioner)


@writes("reports:section-edit")
def test_writing_a_headings_narrative(as_commissioner, commissioner, partnership, report):
    section = report.sections.get(key="background")
    post_form(as_commissioner, _url("section-edit", partnership, pk=section.pk), text="Since 2018.")
    assert_written(section, "~", commissioner, {"text"})


@writes("reports:section-prefill", f"{SERVICES}.section_prefill")
def test_drafting_a_heading_again_from_the_live_records(
    as_commissioner, commissioner, partnership, report
):
    section = report.sections.get(key="appendix_list")
    response = as_commissioner.post(_url("section-prefill", partnership, pk=section.pk))
    assert response.status_code == 302
    assert_written(section, "~", commissioner, {"text"})


@writes("reports:section-delete", f"{SERVICES}.section_delete")
def test_removing_an_own_heading(as_commissioner, commissioner, partnership, report):
    post_form(
        as_commissioner,
        _url("section-create", partnership, pk=report.pk),
        heading="Current position",
    )
    section = report.sections.get(heading="Current position")
    post_form(as_commissioner, _url("section-delete", partnership, pk=section.pk))
    assert not ReportSection.objects.filter(pk=section.pk).exists()
    assert_written(section, "-", commissioner)


@writes("reports:report-finalise", f"{SERVICES}.report_finalise")
def test_marking_a_report_final(as_commissioner, commissioner, partnership, report):
    post_form(as_commissioner, _url("report-finalise", partnership, pk=report.pk))
    assert_written(report, "~", commissioner, {"status"})
    assert_written(FinalVersion.objects.get(report=report), "+", commissioner)


@writes("reports:report-new-draft", f"{SERVICES}.report_new_draft")
def test_starting_a_new_draft_from_a_final_report(
    as_commissioner, commissioner, partnership, report
):
    post_form(as_commissioner, _url("report-finalise", partnership, pk=report.pk))
    response = as_commissioner.post(_url("report-new-draft", partnership, pk=report.pk))
    assert response.status_code == 302
    draft = Report.objects.get(based_on=report)
    assert_written(draft, "+", commissioner)
    assert draft.sections.count() == report.sections.count()
    for section in draft.sections.all():  # copied in bulk, each with its history
        assert_written(section, "+", commissioner)


@writes("reports:report-export", f"{SERVICES}.export_request")
def test_asking_for_a_pdf(as_commissioner, commissioner, partnership, report):
    response = as_commissioner.post(_url("report-export", partnership, pk=report.pk))
    assert response.status_code == 302
    export = Export.objects.get(report=report)
    latest = assert_written(export, "~", commissioner, {"task_id"})
    assert latest.prev_record.history_type == "+"
