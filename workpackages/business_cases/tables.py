import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from cip.money import format_money_short
from workpackages.business_cases.models import BusinessCase
from workpackages.models import WorkPackage

NUMERIC = {
    "td": {"class": "govuk-table__cell--numeric"},
    "th": {"class": "govuk-table__header--numeric"},
}
STATUS_COLOURS = {
    "draft": "grey",
    "submitted": "blue",
    "approved": "green",
    "rejected": "red",
    "superseded": "",
}


def _computed(verbose_name: str) -> tables.Column:
    return tables.Column(verbose_name=verbose_name, empty_values=(), orderable=False, attrs=NUMERIC)


class BusinessCaseTable(tables.Table):
    work_package = tables.Column(order_by=("work_package__title", "-number"))
    number = tables.Column(verbose_name="Version")
    title = tables.Column(verbose_name="Business case")
    status = tables.Column()
    capital = _computed("Capital")
    net_investment = _computed("Net investment")
    saving = _computed("Annual net saving")
    payback = _computed("Payback (gross)")
    npsv = _computed("NPSV")

    class Meta:
        model = BusinessCase
        fields = ["work_package", "number", "title", "status"]
        order_by = ("work_package", "-number")
        empty_text = "No business cases match."

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    @staticmethod
    def _summary(record):
        # Computed once a row, from the prefetched lines.
        if not hasattr(record, "_summary_cache"):
            record._summary_cache = record.summary()
        return record._summary_cache

    def render_title(self, record, value):
        url = reverse(
            "workpackages:business-case-detail",
            kwargs={"slug": self.partnership.slug, "pk": record.pk},
        )
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def value_title(self, value):
        return value

    def render_number(self, value):
        return f"v{value}"

    def value_number(self, value):
        return value

    def render_status(self, record):
        colour = STATUS_COLOURS[record.status]
        css = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
        return format_html('<strong class="{}">{}</strong>', css, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()

    def render_capital(self, record):
        return format_money_short(self._summary(record).capital_total)

    def value_capital(self, record):
        return round(self._summary(record).capital_total, 2)

    def render_net_investment(self, record):
        return format_money_short(self._summary(record).net_investment)

    def value_net_investment(self, record):
        return round(self._summary(record).net_investment, 2)

    def render_saving(self, record):
        return format_money_short(self._summary(record).annual_net_saving)

    def value_saving(self, record):
        return round(self._summary(record).annual_net_saving, 2)

    def render_payback(self, record):
        return str(self._summary(record).gross_payback or "No payback")

    def value_payback(self, record):
        pay = self._summary(record).gross_payback
        return round(pay.years, 2) if pay else "No payback"

    def render_npsv(self, record):
        return format_money_short(self._summary(record).npsv)

    def value_npsv(self, record):
        return round(self._summary(record).npsv, 2)


class BusinessCaseFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    status = django_filters.ChoiceFilter(
        choices=BusinessCase.Status.choices, empty_label="Any status"
    )
    work_package = django_filters.ModelChoiceFilter(
        queryset=WorkPackage.objects.none(), empty_label="Any work package"
    )

    class Meta:
        model = BusinessCase
        fields = ["title", "status", "work_package"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["work_package"].queryset = partnership.work_packages.order_by("title")
