import django_filters

from briefs.models import DesignBrief, PriorityArea
from cip.archive import ArchivedFilterMixin


class BriefFilter(ArchivedFilterMixin):
    title = django_filters.CharFilter(lookup_expr="icontains", label="Title contains")
    status = django_filters.ChoiceFilter(
        choices=DesignBrief.Status.choices, empty_label="Any status"
    )
    priority_area = django_filters.ModelChoiceFilter(
        queryset=PriorityArea.objects.none(), empty_label="Any priority area"
    )

    class Meta:
        model = DesignBrief
        fields = ["title", "status", "priority_area"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["priority_area"].queryset = partnership.priority_areas.all()


class PriorityAreaFilter(ArchivedFilterMixin):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")

    class Meta:
        model = PriorityArea
        fields = ["name"]
