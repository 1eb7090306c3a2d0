import django_filters
from django.db.models import Q
from django.utils import timezone

from cip.archive import ArchivedFilterMixin
from cip.models import Organisation
from funding.models import Bid, Condition, SubGrant


def _organisations(request):
    return Organisation.objects.order_by("name")


class BidFilter(ArchivedFilterMixin):
    text = django_filters.CharFilter(method="filter_text", label="Title or programme contains")
    stage = django_filters.ChoiceFilter(choices=Bid.Stage.choices, empty_label="Any stage")
    funder = django_filters.ModelChoiceFilter(queryset=_organisations, empty_label="Any funder")
    lead_applicant = django_filters.ModelChoiceFilter(
        queryset=_organisations, empty_label="Any lead", label="Lead"
    )

    class Meta:
        model = Bid
        fields = ["text", "stage", "funder", "lead_applicant"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(programme__icontains=value))


class ConditionFilter(django_filters.FilterSet):
    STATUS = [("outstanding", "Outstanding"), ("overdue", "Overdue"), ("done", "Done")]

    kind = django_filters.ChoiceFilter(choices=Condition.Kind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(
        choices=STATUS, method="filter_status", empty_label="Any status"
    )

    class Meta:
        model = Condition
        fields = ["kind", "status"]

    def filter_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        if value == "outstanding":
            return queryset.outstanding()
        return queryset.filter(completed_on__isnull=False)


class SubGrantFilter(django_filters.FilterSet):
    recipient = django_filters.CharFilter(
        field_name="recipient__name", lookup_expr="icontains", label="Recipient contains"
    )
    purpose = django_filters.CharFilter(lookup_expr="icontains", label="Purpose contains")

    class Meta:
        model = SubGrant
        fields = ["recipient", "purpose"]
