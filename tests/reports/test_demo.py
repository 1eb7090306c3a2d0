from devkit.demo import reports as demo
from reports import calculations, sections
from reports.models import Report, ReportSection


def _numbers(report) -> list[int]:
    blocks, _ = calculations.number(
        [(sections.is_numbered(s.key), s.text) for s in report.sections.order_by("position")]
    )
    return [b.number for section in blocks for b in section if b.number]


def test_the_demo_loads_twice_without_adding_anything(partnership):
    demo.load(partnership)
    counts = (Report.objects.count(), ReportSection.objects.count())
    demo.load(partnership)
    assert (Report.objects.count(), ReportSection.objects.count()) == counts
    assert counts[0] == 2


def test_the_demo_scrutiny_report_has_the_seeds_19_paragraphs(scrutiny):
    assert scrutiny.status == Report.Status.DRAFT
    assert _numbers(scrutiny) == list(range(1, 20))


def test_the_demo_cabinet_report_has_the_seeds_45_paragraphs_and_own_headings(cabinet):
    assert _numbers(cabinet) == list(range(1, 46))
    headings = [s.heading for s in cabinet.sections.all()]
    assert (
        headings.index("Background") < headings.index("Proposals") < headings.index("Consultation")
    )
