"""Shared list machinery: GOV.UK tables, filters and safe CSV/XLSX exports."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import django_tables2 as tables
import openpyxl
import tablib
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport
from django_tables2.rows import BoundRows
from django_tables2.utils import A, AttributeDict, signature
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from tablib.formats._xlsx import safe_xlsx_sheet_title

from cip.access import Capability, partnership_for, role_can
from cip.models import Organisation
from cip.money import format_money

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


class DateColumn(tables.Column):
    """A date as the `date` template filter writes it (`format`, e.g. "j M Y"), and ISO 8601 in
    exports. django-tables2's own DateColumn compiles a template for every cell, which was
    most of the time a page of the placement log took to render."""

    def __init__(self, format: str, **kwargs):
        super().__init__(**kwargs)
        self.format = format

    def render(self, value):
        return formats.date_format(value, self.format)

    def value(self, value):
        # The date itself: a CSV writes it as ISO 8601, an XLSX as a date cell.
        return value


class MoneyColumn(tables.Column):
    """An amount: £798,000 on the page, a number with a £ format in an XLSX export."""

    export_kind = "money"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "attrs",
            {
                "th": {"class": "govuk-table__header--numeric"},
                "td": {"class": "govuk-table__cell--numeric"},
            },
        )
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)

    def value(self, value):
        return value


class PercentColumn(tables.Column):
    """A whole percentage (0 to 100): "60%" on the page, 0.6 shown as 60% in an XLSX export."""

    export_kind = "percent"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "attrs",
            {
                "th": {"class": "govuk-table__header--numeric"},
                "td": {"class": "govuk-table__cell--numeric"},
            },
        )
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value}%"

    def value(self, value):
        return value


class QuickBodyMixin:
    """For a table whose pages must render fast (the placement log, whatever its size): the
    body of a page renders with what each column needs worked out once per page, not once
    per cell as django-tables2 does (the signature of each render method, whether to show a
    choice's label, the column's attributes): the same HTML, in a fraction of the time. Any
    column it cannot plan for (a link, a template, attributes that depend on the row) leaves
    the whole table to django-tables2."""

    @property
    def paginated_rows(self):
        rows = super().paginated_rows
        pinned = isinstance(rows, BoundRows) and any(rows.pinned_data.values())
        records = list(rows.data) if isinstance(rows, BoundRows) and not pinned else None
        plans = self._cell_plans(records) if records else None
        if plans is None:
            return rows
        return [_QuickRow(self, index, record, plans) for index, record in enumerate(records)]

    def _cell_plans(self, records: list):
        plans = []
        first = records[0]
        for bound in self.columns:
            column = bound.column
            if (
                bound.link
                or isinstance(column, tables.TemplateColumn | tables.ManyToManyColumn)
                or any(callable(v) for part in column.attrs.values() for v in _values(part))
            ):
                return None
            wanted, catch_all = signature(bound.render)
            if catch_all or "bound_row" in wanted:
                return None
            accessor = A(bound.accessor)
            display = None
            penultimate, remainder = accessor.penultimate(first)
            if isinstance(penultimate, models.Model):
                try:
                    field = accessor.get_field(first)
                except FieldDoesNotExist:
                    field = None
                if field is not None and getattr(field, "choices", ()):
                    display = f"get_{remainder}_display"
            plans.append(
                _CellPlan(
                    _Column(bound.attrs),
                    accessor,
                    display,
                    bound.render,
                    wanted,
                    column.empty_values,
                    bound.default,
                    bound,
                )
            )
        return plans


def _values(part):
    return part.values() if isinstance(part, dict) else [part]


@dataclass(frozen=True)
class _Column:
    attrs: dict  # what the row template reads: column.attrs.td.class


@dataclass(frozen=True)
class _CellPlan:
    column: _Column
    accessor: A
    display: str | None
    render: object
    wanted: tuple[str, ...]
    empty_values: tuple
    default: object
    bound: object


class _QuickRow:
    def __init__(self, table, index: int, record, plans: list[_CellPlan]):
        self.record = record
        self.attrs = AttributeDict({"class": "odd" if index % 2 else "even"})
        self._table, self._plans = table, plans

    def items(self):
        record, table = self.record, self._table
        for plan in self._plans:
            if plan.display:
                owner = plan.accessor.penultimate(record)[0]
                value = getattr(owner, plan.display)()
            else:
                value = plan.accessor.resolve(record, quiet=True)
            if value in plan.empty_values:
                yield plan.column, plan.default
                continue
            given = {
                "value": value,
                "record": record,
                "column": plan.bound.column,
                "bound_column": plan.bound,
                "table": table,
            }
            yield plan.column, plan.render(**{name: given[name] for name in plan.wanted})


XLSX_DATE = "dd/mm/yyyy"
XLSX_DATETIME = "dd/mm/yyyy hh:mm"
XLSX_POUNDS = '"£"#,##0'
XLSX_PENCE = '"£"#,##0.00'
XLSX_PERCENT = "0%"


class SafeTableExport(TableExport):
    """tablib's export with every cell made inert (`neutralise`); an XLSX is a spreadsheet a
    council officer can work in: dates are dates (dd/mm/yyyy), amounts are numbers in pounds
    (with pence when any amount of the column has them), percentages are percentages, the
    header row is frozen and the data has a filter."""

    def __init__(self, export_format, table, exclude_columns=None, dataset_kwargs=None):
        # The exported columns in as_values()' order, and what each holds.
        self.kinds = [
            getattr(bound.column, "export_kind", None)
            for bound in table.columns.iterall()
            if not (bound.column.exclude_from_export or bound.name in (exclude_columns or ()))
        ]
        super().__init__(export_format, table, exclude_columns, dataset_kwargs)

    def export(self):
        if self.format != self.XLSX:
            return super().export()
        return _workbook(self.dataset, self.kinds)

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


def _workbook(dataset, kinds: list) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = safe_xlsx_sheet_title(dataset.title or "Export", "-")
    headers = list(dataset.headers or [])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    columns = list(zip(*dataset, strict=True)) if dataset.height else [() for _ in headers]
    formats = [_column_format(kind, values) for kind, values in zip(kinds, columns, strict=True)]
    for row in dataset:
        sheet.append([_xlsx_value(v, kind) for v, kind in zip(row, kinds, strict=True)])
    for row in sheet.iter_rows(min_row=2):
        for cell, number_format in zip(row, formats, strict=True):
            if isinstance(cell.value, datetime):
                cell.number_format = XLSX_DATETIME
            elif isinstance(cell.value, date):
                cell.number_format = XLSX_DATE
            elif number_format and isinstance(cell.value, int | float | Decimal):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    if headers:
        last = get_column_letter(len(headers))
        sheet.auto_filter.ref = f"A1:{last}{sheet.max_row}"
    for index, (header, values) in enumerate(zip(headers, columns, strict=True), start=1):
        widest = max([len(str(header))] + [len(_shown(v)) for v in values[:500]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 10), 60)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def rows_file(
    export_format: str, *, title: str, filename: str, headers: list, kinds: list, rows: list
) -> HttpResponse:
    """A page's own table (not a django-tables2 one) as CSV or XLSX, made as SafeTableExport
    makes a table's: cells inert, and in an XLSX dates as dates, "money" columns with a £
    format, "percent" columns (whole percentages) as percentages, a frozen header and a
    filter. `kinds` says each column's kind (None for plain)."""
    if export_format == "xlsx":
        dataset = tablib.Dataset(headers=headers, title=title)
        for row in rows:
            dataset.append(
                [
                    _NOT_IN_XLSX.sub("\ufffd", str(cell))
                    if not isinstance(cell := neutralise(value), _PLAIN) and cell is not None
                    else cell
                    for value in row
                ]
            )
        data = _workbook(dataset, kinds)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows([neutralise(value) for value in row] for row in rows)
        data = stream.getvalue().encode("utf-8-sig")
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _column_format(kind, values) -> str | None:
    if kind == "money":
        amounts = [v for v in values if isinstance(v, int | float | Decimal)]
        pence = any(
            v.is_finite() and v != v.to_integral_value() for v in amounts if isinstance(v, Decimal)
        )
        return XLSX_PENCE if pence else XLSX_POUNDS
    if kind == "percent":
        return XLSX_PERCENT
    return None


def _xlsx_value(value, kind):
    """A value as its XLSX cell holds it: a percentage as a fraction, an aware time in the
    local zone (a worksheet has no zones)."""
    if isinstance(value, bool):
        return value
    if kind == "percent" and isinstance(value, int | Decimal):
        return Decimal(value) / 100
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    return value


def _shown(value) -> str:
    if isinstance(value, datetime):
        return "00/00/0000 00:00"
    if isinstance(value, date):
        return "00/00/0000"
    return "" if value is None else str(value)


class PartnershipMixin:
    """For class-based views: fetch the partnership (and check the role) before anything."""

    need = Capability.VIEW

    def dispatch(self, request, *args, **kwargs):
        self.partnership = partnership_for(request, kwargs["slug"], self.need)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(partnership=self.partnership, **kwargs)


MAX_PER_PAGE = 100


class ClampedPaginator(Paginator):
    """A page holds between 1 and `MAX_PER_PAGE` rows whatever `?per_page=` asks: a page of
    every row of a big list is a denial of service (and a bulk read past any export check)."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


class PartnershipTableView(PartnershipMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated list of one partnership's records, exportable by those
    who may export. Subclasses set `table_class`, `filterset_class`, `template_name`,
    `export_name` and `get_queryset()` (through `self.partnership`, with an ordering)."""

    export_class = SafeTableExport
    export_formats = ("csv", "xlsx")
    # Paginate the table only: a paginate_by here would make ListView count the rows again.
    table_pagination = {"per_page": 25, "paginator_class": ClampedPaginator}

    def create_export(self, export_format):
        """CSV is streamed when the view says how to write its rows (`csv_values`): tablib
        renders every cell through the table's columns (about 2 ms a row) and holds the whole
        file in memory, which a log of hundreds of thousands of rows cannot afford."""
        if export_format != "csv" or not hasattr(self, "csv_values"):
            return super().create_export(export_format)
        table = self.get_table(**self.get_table_kwargs())
        names = [c.name for c in table.columns if not c.column.exclude_from_export]
        header = [str(table.columns[name].header) for name in names]
        rows = self.csv_values(table.data.data, names)  # filtered and in the table's order
        response = StreamingHttpResponse(_csv_lines(header, rows), content_type="text/csv")
        filename = self.get_export_filename(export_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

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


def _csv_lines(header: list[str], rows) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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

    def __init__(self, *args, partnership, can_edit: bool, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.user = user
        if not can_edit:
            self.columns.hide("edit")

    def render_name(self, record):
        if record.shown_name == record.name:
            return record.name
        return format_html(
            '{}<span class="govuk-hint govuk-!-margin-0">Register name: {}</span>',
            record.shown_name,
            record.name,
        )

    def value_name(self, record):
        return record.shown_name

    def render_edit(self, record):
        if not record.changeable_by(self.user, self.partnership):
            if record.is_archived:
                return "Shared register"
            links = [
                ("cip:organisation-local-name", "Local name"),
                ("cip:organisation-propose", "Propose a change"),
            ]
            hidden = format_html('<span class="govuk-visually-hidden"> for {}</span>', record.name)
            return format_html_join(
                " ",
                '<a class="govuk-link" href="{}">{}{}</a>',
                (
                    (
                        reverse(name, kwargs={"slug": self.partnership.slug, "pk": record.pk}),
                        t,
                        hidden,
                    )
                    for name, t in links
                ),
            )
        url = reverse(
            "cip:organisation-edit", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        hidden = format_html('<span class="govuk-visually-hidden"> {}</span>', record.name)
        return format_html('<a class="govuk-link" href="{}">Edit{}</a>', url, hidden)
