import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from cip.tables import DateColumn
from reports.models import Report


class ReportTable(tables.Table):
    title = tables.Column(verbose_name="Title")
    kind = tables.Column(verbose_name="Type")
    committee = tables.Column(verbose_name="Committee")
    meeting_date = DateColumn(format="j M Y", verbose_name="Meeting")
    status = tables.Column(verbose_name="Status")
    updated_at = tables.DateTimeColumn(format="j M Y", verbose_name="Last changed")

    class Meta:
        model = Report
        fields = ["title", "kind", "committee", "meeting_date", "status", "updated_at"]
        order_by = "-meeting_date"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_title(self, record):
        url = reverse(
            "reports:report-detail", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record.title)

    def value_title(self, record):
        return record.title

    def render_status(self, record):
        colour = "green" if record.is_final else "grey"
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
            colour,
            record.get_status_display(),
        )

    def value_status(self, record):
        return record.get_status_display()
