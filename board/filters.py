import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from board.models import Action, Decision, Meeting, Risk, Secondment
from cip.archive import ArchivedFilterMixin
from cip.forms import FIRST_YEAR, LAST_YEAR


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number in bounds: NumberFilter reads any decimal, and a year lookup with
    year -5 or 10**20 cannot be turned into dates (OverflowError, a 500)."""

    field_class = forms.IntegerField


class MeetingFilter(ArchivedFilterMixin):
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, empty_label="Any status")
    year = WholeNumberFilter(
        field_name="date",
        lookup_expr="year",
        label="Year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )

    class Meta:
        model = Meeting
        fields = ["status", "year"]


class DecisionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Decision.Kind.choices, empty_label="Any kind")
    outcome = django_filters.ChoiceFilter(
        choices=Decision.Outcome.choices, empty_label="Any outcome"
    )
    decided_from = django_filters.DateFilter(
        field_name="meeting__date", lookup_expr="gte", label="Decided on or after"
    )
    decided_to = django_filters.DateFilter(
        field_name="meeting__date", lookup_expr="lte", label="Decided on or before"
    )
    text = django_filters.CharFilter(method="filter_text", label="Resolution or record contains")

    class Meta:
        model = Decision
        fields = ["kind", "outcome", "decided_from", "decided_to", "text"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(resolution__icontains=value) | Q(record_label__icontains=value))


class ActionFilter(ArchivedFilterMixin):
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any status")
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue only")],
        empty_label="Overdue or not",
        method="filter_overdue",
        label="Overdue",
    )
    owner = django_filters.CharFilter(lookup_expr="icontains", label="Owner contains")

    class Meta:
        model = Action
        fields = ["status", "owner"]

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.overdue(timezone.localdate())
        return queryset


class RiskFilter(ArchivedFilterMixin):
    status = django_filters.ChoiceFilter(choices=Risk.Status.choices, empty_label="Any status")
    min_score = WholeNumberFilter(
        field_name="score", lookup_expr="gte", label="Score at least", min_value=1, max_value=25
    )
    owner = django_filters.CharFilter(lookup_expr="icontains", label="Owner contains")

    class Meta:
        model = Risk
        fields = ["status", "min_score", "owner"]


class SecondmentFilter(ArchivedFilterMixin):
    person = django_filters.CharFilter(lookup_expr="icontains", label="Person contains")
    ending_by = django_filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label="Ending on or before"
    )

    class Meta:
        model = Secondment
        fields = ["person", "ending_by"]
