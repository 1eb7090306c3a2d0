import django_filters

from cip.archive import ArchivedFilterMixin
from reports.models import Report


class ReportFilter(ArchivedFilterMixin):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    kind = django_filters.ChoiceFilter(
        choices=Report.Kind.choices, empty_label="Any type", label="Type"
    )
    status = django_filters.ChoiceFilter(choices=Report.Status.choices, empty_label="Any status")

    class Meta:
        model = Report
        fields = ["title", "kind", "status"]
