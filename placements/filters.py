from datetime import date

import django_filters

from cip.archive import ArchivedFilterMixin
from placements import calculations, codes, quality
from placements.models import Episode, Provider

_CATEGORY_PLACES = {
    "fostering": calculations.FAMILY_FOSTERING | calculations.OTHER_FOSTERING,
    "residential": calculations.RESIDENTIAL,
    "supported": calculations.SUPPORTED,
}


class EpisodeFilter(django_filters.FilterSet):
    place = django_filters.ChoiceFilter(
        label="Placement type (PLACE)", choices=codes.choices("PLACE"), empty_label="Any type"
    )
    group = django_filters.ChoiceFilter(
        label="Placement group",
        choices=[
            ("fostering", "Fostering"),
            ("residential", "Residential"),
            ("supported", "Supported accommodation"),
        ],
        empty_label="Any group",
        method="filter_group",
    )
    location = django_filters.ChoiceFilter(
        label="Location",
        choices=[("in", "In county"), ("out", "Out of county"), ("unknown", "Not known")],
        empty_label="Anywhere",
        method="filter_location",
    )
    provider = django_filters.ModelChoiceFilter(
        queryset=Provider.objects.none(), empty_label="Any provider"
    )
    purchase_route = django_filters.ChoiceFilter(
        label="Purchase route", choices=Episode.Route.choices, empty_label="Any route"
    )
    status = django_filters.ChoiceFilter(
        label="Open or closed",
        choices=[("open", "Open"), ("closed", "Closed")],
        empty_label="Open or closed",
        method="filter_status",
    )
    quality = django_filters.ChoiceFilter(
        label="Data quality",
        choices=list(quality.CHECKS.items()),
        empty_label="Any",
        method="filter_quality",
    )
    started_after = django_filters.DateFilter(
        field_name="decom", lookup_expr="gte", label="Started on or after (yyyy-mm-dd)"
    )
    started_before = django_filters.DateFilter(
        field_name="decom", lookup_expr="lte", label="Started on or before (yyyy-mm-dd)"
    )

    class Meta:
        model = Episode
        fields = ["place", "provider", "purchase_route"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["provider"].queryset = partnership.providers.order_by("name")

    def filter_group(self, queryset, name, value):
        return queryset.filter(place__in=_CATEGORY_PLACES[value])

    def filter_location(self, queryset, name, value):
        if value == "unknown":
            return queryset.filter(in_county__isnull=True)
        return queryset.filter(in_county=value == "in")

    def filter_quality(self, queryset, name, value):
        return quality.only(queryset, value, today=date.today())

    def filter_status(self, queryset, name, value):
        return queryset.filter(dec__isnull=value == "open")


class ProviderFilter(ArchivedFilterMixin):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    provider_type = django_filters.ChoiceFilter(
        label="Provider type", choices=codes.choices("PLACE_PROVIDER"), empty_label="Any type"
    )
    framework_status = django_filters.ChoiceFilter(
        choices=Provider.FrameworkStatus.choices, empty_label="Any status"
    )

    class Meta:
        model = Provider
        fields = ["name", "provider_type", "framework_status"]
