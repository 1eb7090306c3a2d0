import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from cip.tables import DateColumn, MoneyColumn
from workpackages.models import DeliveryContract, WorkPackage

RAG_COLOURS = {"red": "red", "amber": "orange", "green": "green"}
NUMERIC = {
    "td": {"class": "govuk-table__cell--numeric"},
    "th": {"class": "govuk-table__header--numeric"},
}


class WorkPackageTable(tables.Table):
    title = tables.Column(verbose_name="Work package")
    brief = tables.Column(verbose_name="Brief", order_by=("brief__number",))
    priority_area = tables.Column(order_by=("priority_area__order", "priority_area__name"))
    stage = tables.Column()
    delivery_model = tables.Column()
    lead_organisation = tables.Column(verbose_name="Lead", order_by=("lead_organisation__name",))
    rag = tables.Column(verbose_name="RAG")
    rag_set_on = DateColumn(format="j M Y", verbose_name="RAG set")

    class Meta:
        model = WorkPackage
        fields = [
            "title",
            "brief",
            "priority_area",
            "stage",
            "delivery_model",
            "lead_organisation",
            "rag",
            "rag_set_on",
        ]
        order_by = "title"
        empty_text = "No work packages match."

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_title(self, record, value):
        url = reverse(
            "workpackages:work-package-detail",
            kwargs={"slug": self.partnership.slug, "pk": record.pk},
        )
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def value_title(self, value):
        return value

    def render_brief(self, value):
        return f"Brief {value.number}"

    def value_brief(self, value):
        return f"Brief {value.number}: {value.title}" if value else ""

    def render_rag(self, record):
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
            RAG_COLOURS[record.rag],
            record.get_rag_display(),
        )

    def value_rag(self, record):
        return record.get_rag_display()


class ContractTable(tables.Table):
    reference = tables.Column()
    work_package = tables.Column(order_by=("work_package__title",))
    status = tables.Column()
    value = MoneyColumn()
    start_date = DateColumn(format="j M Y", verbose_name="Starts")
    end_date = DateColumn(format="j M Y", verbose_name="Ends")

    class Meta:
        model = DeliveryContract
        fields = ["reference", "work_package", "status", "value", "start_date", "end_date"]
        order_by = "reference"
        empty_text = "No contracts match."

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_reference(self, record, value):
        url = reverse(
            "workpackages:contract-detail", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def value_reference(self, value):
        return value
