import django_filters

from cip.archive import ArchivedFilterMixin
from cip.models import Organisation


class OrganisationFilter(ArchivedFilterMixin):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, empty_label="Any kind")

    class Meta:
        model = Organisation
        fields = ["name", "kind"]
