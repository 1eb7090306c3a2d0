import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import sections
from reports.models import Export, Report, ReportSection
from tests.board.factories import MeetingFactory
from tests.funding.factories import AwardFactory
from tests.reports.conftest import run_worker
from tests.reports.factories import ReportFactory, report_with_sections


def _url(name, partnership, pk=None):
    kwargs = {"slug": partnership.slug, **({"pk": pk} if pk else {})}
    return reverse(f"reports:{name}", kwargs=kwargs)


FORM = {
    "kind": "scrutiny",
    "committee": "Children and Families Overview and Scrutiny Committee",
    "meeting_date": "2021-03-09",
    "title": "Children's Innovation Partnership (CIP)",
    "director": "Children and Family Services",
    "meeting": "",
    "include_funding": "on",
}


def test_an_officer_starts_a_report_with_every_template_heading_in_order(partnership, as_officer):
    AwardFactory(partnership=partnership, title="Family Group Conferencing")
    response = as_officer.post(_url("report-create", partnership), FORM)
    report = Report.objects.get(partnership=partnership)
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert [s.heading for s in report.sections.all()] == [h.heading for h in sections.TEMPLATE]
    background = report.sections.get(key="background").text
    assert "(a) Family Group Conferencing: £234,600 from" in background


def test_a_board_pack_without_its_meeting_is_refused_naming_the_field(partnership, as_officer):
    response = as_officer.post(_url("report-create", partnership), {**FORM, "kind": "board_pack"})
    assert response.status_code == 200
    assert b"Choose the board meeting this pack is for" in response.content
    assert not Report.objects.exists()


def test_a_board_pack_is_started_for_a_meeting(partnership, as_officer):
    meeting = MeetingFactory(partnership=partnership)
    response = as_officer.post(
        _url("report-create", partnership),
        {**FORM, "kind": "board_pack", "meeting": meeting.pk, "committee": "CIP Board"},
    )
    pack = Report.objects.get(partnership=partnership)
    assert response.status_code == 302 and pack.meeting == meeting
    assert [s.heading for s in pack.sections.all()] == ["Introduction"]


def test_edited_narrative_is_numbered_through_the_report_and_shown_escaped(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    purpose = report.sections.get(key="purpose")
    response = as_officer.post(
        _url("section-edit", partnership, purpose.pk),
        {"text": "One.\n\nTwo <b>bold</b>\n(a) first\n(b) second", "version": purpose.version},
    )
    assert response.status_code == 302
    page = as_officer.get(report.get_absolute_url()).content.decode()
    numbers = re.findall(r'cip-report__number">(\d+)\.', page)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert numbers[:2] == ["1", "2"]
    assert "Two &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold</b>" not in page


def test_a_stale_section_edit_is_refused_and_keeps_what_was_typed(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    purpose = report.sections.get(key="purpose")
    url = _url("section-edit", partnership, purpose.pk)
    as_officer.post(url, {"text": "First save", "version": purpose.version})
    response = as_officer.post(url, {"text": "Second save", "version": purpose.version})
    assert response.status_code == 200
    assert b"Second save" in response.content
    purpose.refresh_from_db()
    assert purpose.text == "First save"


def test_own_headings_come_after_background_and_can_be_removed(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    as_officer.post(_url("section-create", partnership, report.pk), {"heading": "Proposals"})
    as_officer.post(_url("section-create", partnership, report.pk), {"heading": "Conclusion"})
    keys = [s.heading for s in report.sections.all()]
    assert keys[keys.index("Background") + 1 : keys.index("Consultation")] == [
        "Proposals",
        "Conclusion",
    ]
    own = report.sections.get(heading="Proposals")
    assert as_officer.post(_url("section-delete", partnership, own.pk)).status_code == 302
    assert not ReportSection.objects.filter(pk=own.pk).exists()


def test_a_template_heading_cannot_be_removed(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    purpose = report.sections.get(key="purpose")
    response = as_officer.post(_url("section-delete", partnership, purpose.pk))
    assert response.status_code == 200
    assert b"cannot be removed" in response.content
    assert ReportSection.objects.filter(pk=purpose.pk).exists()


def test_drafting_a_section_again_takes_the_latest_awards(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    background = report.sections.get(key="background")
    AwardFactory(partnership=partnership, title="Advanced LifeSkills", amount_awarded=486165)
    response = as_officer.post(_url("section-prefill", partnership, background.pk))
    background.refresh_from_db()
    assert response.status_code == 302
    assert "(a) Advanced LifeSkills: £486,165 from" in background.text


def test_a_section_with_no_live_draft_says_so(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    purpose = report.sections.get(key="purpose")
    response = as_officer.post(_url("section-prefill", partnership, purpose.pk), follow=True)
    assert b"has no draft from live records" in response.content


def test_a_board_member_reads_a_report_but_sees_no_edit_links_and_cannot_edit(
    partnership, as_board
):
    report = report_with_sections(partnership, prefill_sections=False)
    page = as_board.get(report.get_absolute_url())
    assert page.status_code == 200
    assert b"Edit<span" not in page.content
    purpose = report.sections.get(key="purpose")
    assert as_board.get(_url("section-edit", partnership, purpose.pk)).status_code == 403
    assert as_board.post(_url("report-export", partnership, report.pk)).status_code == 403


def test_an_export_runs_in_the_background_and_is_downloaded_when_ready(partnership, as_officer):
    report = report_with_sections(partnership, include_placements=False)
    response = as_officer.post(_url("report-export", partnership, report.pk))
    export = Export.objects.get(report=report)
    assert response.status_code == 302 and response.url == export.get_absolute_url()

    waiting = as_officer.get(export.get_absolute_url()).content.decode()
    assert "Waiting to start" in waiting and "Check again" in waiting
    assert 'http-equiv="refresh"' not in waiting
    assert "No background worker" not in waiting  # asked for just now
    early = as_officer.get(_url("export-download", partnership, export.pk))
    assert early.status_code == 302 and early.url == export.get_absolute_url()

    run_worker()

    ready = as_officer.get(export.get_absolute_url()).content.decode()
    assert "Ready" in ready and "100%" in ready
    download = as_officer.get(_url("export-download", partnership, export.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    assert "attachment" in download["Content-Disposition"]


def test_an_export_that_fails_says_so(partnership, as_officer, monkeypatch):
    from reports import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "write_pdf", broken)
    report = report_with_sections(partnership, prefill_sections=False)
    as_officer.post(_url("report-export", partnership, report.pk))
    run_worker()
    export = Export.objects.get(report=report)
    assert export.status == Export.Status.FAILED
    assert b"could not be made" in as_officer.get(export.get_absolute_url()).content


def test_another_partnerships_export_is_not_found(partnership, other_partnership, as_officer):
    theirs = report_with_sections(other_partnership, prefill_sections=False)
    export = Export.objects.create(
        partnership=other_partnership, report=theirs, filename="theirs.pdf"
    )
    assert as_officer.get(_url("export-detail", partnership, export.pk)).status_code == 404


@pytest.mark.parametrize("rows", [3, 40])
def test_the_report_list_takes_the_same_queries_for_few_or_many_reports(
    partnership, as_officer, django_assert_num_queries, rows
):
    ReportFactory.create_batch(rows, partnership=partnership)
    url = _url("report-list", partnership)
    as_officer.get(url)  # warm the session
    with django_assert_num_queries(5):
        response = as_officer.get(url)
    assert response.status_code == 200


def test_actions_that_change_things_refuse_a_get(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    section = report.sections.get(key="background")
    for url in [
        _url("report-export", partnership, report.pk),
        _url("report-new-draft", partnership, report.pk),
        _url("section-prefill", partnership, section.pk),
    ]:
        assert as_officer.get(url).status_code == 405
    assert not Export.objects.exists()


def test_editing_the_title_block_keeps_the_type(partnership, as_officer):
    report = report_with_sections(partnership, prefill_sections=False)
    response = as_officer.post(
        _url("report-edit", partnership, report.pk),
        {**FORM, "kind": "cabinet", "title": "Renamed", "version": report.version},
    )
    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.title, report.kind) == ("Renamed", Report.Kind.SCRUTINY)


def test_an_export_no_worker_has_started_within_a_minute_says_what_to_run(partnership, as_officer):
    report = report_with_sections(partnership, include_placements=False)
    as_officer.post(_url("report-export", partnership, report.pk))
    export = Export.objects.get(report=report)
    Export.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    waiting = as_officer.get(export.get_absolute_url()).content.decode()
    assert "No background worker has started this PDF in over a minute" in waiting
    assert "manage.py db_worker" in waiting
