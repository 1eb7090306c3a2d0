import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from briefs.models import DesignBrief, PriorityArea
from cip.tables import DateColumn


def _edit_link(url: str, name: str) -> str:
    hidden = format_html('<span class="govuk-visually-hidden"> {}</span>', name)
    return format_html('<a class="govuk-link" href="{}">Edit{}</a>', url, hidden)


class BriefTable(tables.Table):
    number = tables.Column(verbose_name="Brief")
    title = tables.Column()
    priority_area = tables.Column(order_by=("priority_area__order", "priority_area__name"))
    status = tables.Column()
    issue_date = DateColumn(format="j M Y", verbose_name="Issued")
    task_count = tables.Column(
        verbose_name="Tasks",
        attrs={
            "td": {"class": "govuk-table__cell--numeric"},
            "th": {"class": "govuk-table__header--numeric"},
        },
    )
    member_count = tables.Column(
        verbose_name="Design team",
        attrs={
            "td": {"class": "govuk-table__cell--numeric"},
            "th": {"class": "govuk-table__header--numeric"},
        },
    )

    class Meta:
        model = DesignBrief
        fields = ["number", "title", "priority_area", "status", "issue_date"]
        sequence = [
            "number",
            "title",
            "priority_area",
            "status",
            "issue_date",
            "task_count",
            "member_count",
        ]
        order_by = "number"
        empty_text = "No design briefs match."

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_title(self, record, value):
        url = reverse(
            "briefs:brief-detail", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def value_title(self, record, value):
        return value

    def render_number(self, value):
        return f"Brief {value}"


class PriorityAreaTable(tables.Table):
    order = tables.Column(verbose_name="Order")
    name = tables.Column()
    description = tables.Column(orderable=False)
    edit = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name="Actions"
    )

    class Meta:
        model = PriorityArea
        fields = ["order", "name", "description"]
        order_by = "order"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_edit(self, record):
        url = reverse(
            "briefs:priority-area-edit", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        return _edit_link(url, record.name)
