import pytest
from django.urls import reverse

from funding.models import Bid
from reports import documents, services
from reports.models import FinalVersion, Report
from tests.funding.factories import AwardFactory
from tests.reports import pdftools
from tests.reports.conftest import run_worker
from tests.reports.factories import report_with_sections


@pytest.fixture
def report(partnership):
    AwardFactory(
        partnership=partnership,
        title="Holiday Activities and Food",
        amount_requested=798000,
        amount_awarded=798000,
    )
    return report_with_sections(partnership, include_placements=False)


def _url(name, report_or_final):
    partnership = (
        getattr(report_or_final, "partnership", None) or report_or_final.report.partnership
    )
    return reverse(f"reports:{name}", kwargs={"slug": partnership.slug, "pk": report_or_final.pk})


def test_marking_final_stores_the_data_and_then_the_pdf_each_with_its_sha256(report, as_officer):
    response = as_officer.post(_url("report-finalise", report), {"version": report.version})
    final = FinalVersion.objects.get(report=report)
    assert response.status_code == 302 and response.url == _url("final-pdf", final)
    assert final.snapshot_sha256 == documents.sha256(documents.canonical_json(final.snapshot))
    assert final.pdf is None  # made by the worker, not in the request
    waiting = as_officer.get(_url("final-pdf", final))
    assert b"Check again" in waiting.content

    run_worker()

    final.refresh_from_db()
    assert final.pdf_sha256 == documents.sha256(bytes(final.pdf))
    assert "£798,000" in pdftools.text(bytes(final.pdf))
    report.refresh_from_db()
    assert report.status == Report.Status.FINAL


def test_later_changes_to_live_records_do_not_change_a_final_pdf(report, as_officer, as_board):
    as_officer.post(_url("report-finalise", report), {"version": report.version})
    run_worker()
    final = FinalVersion.objects.get(report=report)
    before = bytes(final.pdf)

    Bid.objects.filter(partnership=report.partnership).update(amount_awarded=1, title="Renamed")
    download = as_board.get(_url("final-pdf", final))

    assert download.status_code == 200
    assert download.content == before
    assert documents.sha256(download.content) == final.pdf_sha256
    text = pdftools.text(download.content)
    assert "£798,000" in text and "Renamed" not in text
    # and rendering the snapshot again gives the same figures, not the live ones
    assert "Renamed" not in str(final.snapshot)


def test_a_final_report_cannot_be_edited_but_a_new_draft_can_be_started(report, as_officer):
    as_officer.post(_url("report-finalise", report), {"version": report.version})
    section = report.sections.get(key="purpose")

    edit = as_officer.post(
        reverse("reports:section-edit", kwargs={"slug": report.partnership.slug, "pk": section.pk}),
        {"text": "Changed after it was final", "version": section.version},
    )
    section.refresh_from_db()
    assert edit.status_code == 302
    assert section.text != "Changed after it was final"
    assert as_officer.get(_url("report-edit", report)).status_code == 302
    assert as_officer.post(_url("report-finalise", report), {"version": 2}).status_code == 302
    assert FinalVersion.objects.filter(report=report).count() == 1

    response = as_officer.post(_url("report-new-draft", report))
    draft = Report.objects.exclude(pk=report.pk).get(partnership=report.partnership)
    assert response.url == draft.get_absolute_url()
    assert draft.status == Report.Status.DRAFT and draft.based_on == report
    assert [(s.key, s.text) for s in draft.sections.all()] == [
        (s.key, s.text) for s in report.sections.all()
    ]


def test_marking_final_refuses_when_someone_changed_the_report_meanwhile(report, as_officer):
    stale = report.version
    section_owner = Report.objects.get(pk=report.pk)
    services.save_versioned(instance=section_owner, expected_version=stale, user=None)
    response = as_officer.post(_url("report-finalise", report), {"version": stale})
    assert response.status_code == 200
    assert b"changed the report while you were reading it" in response.content
    assert not FinalVersion.objects.filter(report=report).exists()


def test_a_board_member_can_download_the_final_pdf_but_not_finalise(report, as_board):
    assert as_board.post(_url("report-finalise", report), {"version": 1}).status_code == 403
    assert as_board.get(_url("report-detail", report)).status_code == 200
