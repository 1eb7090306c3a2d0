from datetime import date

import factory

from reports import services
from reports.models import Export, FinalVersion, Report
from tests.cip.factories import PartnershipFactory, UserFactory


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Report.Kind.SCRUTINY
    committee = "Children and Families Overview and Scrutiny Committee"
    meeting_date = date(2021, 3, 9)
    title = factory.Sequence(lambda n: f"Children's Innovation Partnership {n}")
    director = "Children and Family Services"


def report_with_sections(partnership, user=None, *, prefill_sections=True, **kwargs) -> Report:
    """A report saved through the service, so it has every heading of the template."""
    report = ReportFactory.build(partnership=partnership, **kwargs)
    return services.report_create(report=report, user=user, prefill_sections=prefill_sections)


def populate(partnership) -> None:
    """One of each report record, for the permission matrix: a draft report first (so its
    sections can be edited), then a final one with its PDF, and a finished export."""
    user = UserFactory()
    draft = report_with_sections(partnership, user, prefill_sections=False)
    final_report = ReportFactory(partnership=partnership, status=Report.Status.FINAL)
    FinalVersion.objects.create(
        report=final_report,
        snapshot={"title": final_report.title},
        snapshot_sha256="0" * 64,
        pdf=b"%PDF-1.7 placeholder",
        pdf_sha256="1" * 64,
        finalised_by=user,
    )
    Export.objects.create(
        partnership=partnership,
        report=draft,
        requested_by=user,
        status=Export.Status.READY,
        progress=100,
        filename="report.pdf",
        data=b"%PDF-1.7 placeholder",
        sha256="2" * 64,
    )
