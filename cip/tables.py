"""Shared list machinery: GOV.UK tables, filters and safe CSV/XLSX exports."""

import re
from datetime import date, datetime, time
from decimal import Decimal

import django_tables2 as tables
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from cip.access import Capability, partnership_for, role_can
from cip.models import Organisation

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Values that export as themselves: numbers stay numbers (-5 is not a formula).
_PLAIN = (bool, int, float, Decimal, date, datetime, time)
# Control characters an XLSX worksheet cannot hold (openpyxl refuses the whole file).
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value):
    """Make a cell inert in a spreadsheet (OWASP CSV injection): prefix a quote to any text
    that starts like a formula, whatever holds it (a string, a lazy string, a record whose
    str() is its name)."""
    if value is None or isinstance(value, _PLAIN):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return value


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        clean = neutralise
        if self.format == self.XLSX:

            def clean(cell):
                cell = neutralise(cell)
                if isinstance(cell, _PLAIN) or cell is None:
                    return cell
                return _NOT_IN_XLSX.sub("\ufffd", str(cell))

        for index, row in enumerate(list(dataset)):
            dataset[index] = tuple(clean(cell) for cell in row)
        return dataset


class PartnershipMixin:
    """For class-based views: fetch the partnership (and check the role) before anything."""

    need = Capability.VIEW

    def dispatch(self, request, *args, **kwargs):
        self.partnership = partnership_for(request, kwargs["slug"], self.need)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(partnership=self.partnership, **kwargs)


class PartnershipTableView(PartnershipMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated list of one partnership's records, exportable by those
    who may export. Subclasses set `table_class`, `filterset_class`, `template_name`,
    `export_name` and `get_queryset()` (through `self.partnership`, with an ordering)."""

    export_class = SafeTableExport
    export_formats = ("csv", "xlsx")
    # Paginate the table only: a paginate_by here would make ListView count the rows again.
    table_pagination = {"per_page": 25}

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get(self.export_trigger_param) and not role_can(
            self.request.membership.role, Capability.EXPORT
        ):
            raise PermissionDenied("Your role cannot export tables in this partnership.")
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_export"] = role_can(self.request.membership.role, Capability.EXPORT)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query
        return context


class OrganisationTable(tables.Table):
    name = tables.Column()
    kind = tables.Column()
    identifier = tables.Column(verbose_name="org-id identifier")
    edit = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name="Actions"
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "identifier"]
        order_by = "name"

    def __init__(self, *args, partnership, can_edit: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if not can_edit:
            self.columns.hide("edit")

    def render_edit(self, record):
        url = reverse(
            "cip:organisation-edit", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        hidden = format_html('<span class="govuk-visually-hidden"> {}</span>', record.name)
        return format_html('<a class="govuk-link" href="{}">Edit{}</a>', url, hidden)
