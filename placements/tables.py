from datetime import date

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from cip.tables import DateColumn, MoneyColumn, QuickBodyMixin
from placements.models import Episode, Provider


def _edit_link(url: str, context: str):
    hidden = format_html('<span class="govuk-visually-hidden"> {}</span>', context)
    return format_html('<a class="govuk-link" href="{}">Edit{}</a>', url, hidden)


def _code(code, description):
    if not code:
        return "—"
    return format_html(
        '<abbr title="{}">{}</abbr><span class="govuk-visually-hidden"> ({})</span>',
        description,
        code,
        description,
    )


class EpisodeTable(QuickBodyMixin, tables.Table):
    child = tables.Column(verbose_name="Child", order_by=("child__reference",))
    # The key breaks ties, so that pages hold still while many episodes start on one day.
    decom = DateColumn(format="d/m/Y", verbose_name="Start", order_by=("decom", "pk"))
    dec = DateColumn(format="d/m/Y", verbose_name="End", default="Open")
    place = tables.Column(verbose_name="Type")
    place_provider = tables.Column(verbose_name="Provider type")
    provider = tables.Column(order_by=("provider__name",), default="")
    in_county = tables.Column(verbose_name="Location")
    purchase_route = tables.Column(verbose_name="Route", default="")
    weekly_cost = MoneyColumn(verbose_name="Weekly cost")
    edit = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name="Actions"
    )

    class Meta:
        model = Episode
        fields = [
            "child",
            "decom",
            "dec",
            "place",
            "place_provider",
            "provider",
            "in_county",
            "purchase_route",
            "weekly_cost",
        ]
        order_by = "-decom"
        attrs = {"class": "cip-table--compact"}

    def __init__(self, *args, partnership, can_edit: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if not can_edit:
            self.columns.hide("edit")

    def render_child(self, record):
        url = reverse(
            "placements:child-detail",
            kwargs={"slug": self.partnership.slug, "pk": record.child_id},
        )
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', url, record.child.short_reference
        )

    def value_child(self, record):
        return record.child.reference

    # Short SSDA903 codes on screen, each with its full description in <abbr title> and a
    # visually hidden copy for screen readers; exports keep the descriptions.
    def render_place(self, value, record):
        return _code(record.place, record.get_place_display())

    def render_place_provider(self, value, record):
        return _code(record.place_provider, record.get_place_provider_display())

    def value_place(self, value):
        return value

    def render_in_county(self, value):
        return {True: "In county", False: "Out of county"}.get(value, "Not known")

    def value_place_provider(self, value):
        return value

    def value_in_county(self, value):
        return self.render_in_county(value)

    @staticmethod
    def csv_values(episodes, names: list[str]):
        """Each episode's exported values for the columns `names`, as the table exports them
        (codes with their descriptions, ISO dates, plain amounts), from one streamed query."""
        labels = {
            name: dict(Episode._meta.get_field(name).flatchoices)
            for name in ("place", "place_provider", "purchase_route")
        }
        location = {True: "In county", False: "Out of county"}
        fields = {
            "child": ("child__reference", None),
            "decom": ("decom", date.isoformat),
            "dec": ("dec", date.isoformat),
            "place": ("place", labels["place"].get),
            "place_provider": ("place_provider", labels["place_provider"].get),
            "provider": ("provider__name", None),
            "in_county": ("in_county", location.get),
            "purchase_route": ("purchase_route", labels["purchase_route"].get),
            "weekly_cost": ("weekly_cost", None),
        }
        plan = [fields[name] for name in names]
        for values in episodes.values_list(*(field for field, _ in plan)).iterator(2000):
            yield [
                "" if value in (None, "") else (convert(value) if convert else value)
                for value, (_, convert) in zip(values, plan, strict=True)
            ]

    def render_edit(self, record):
        url = reverse(
            "placements:episode-edit", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        return _edit_link(
            url, f"episode of child {record.child.short_reference} from {record.decom:%d/%m/%Y}"
        )


class ProviderTable(tables.Table):
    rank = tables.Column(empty_values=(), orderable=False, verbose_name="Rank")
    name = tables.Column()
    ofsted_urn = tables.Column(verbose_name="Ofsted URN")
    provider_type = tables.Column(verbose_name="Type")
    councils_own = tables.BooleanColumn(verbose_name="Council's own", yesno="Yes,No")
    framework_status = tables.Column(verbose_name="Framework status")
    weekly_price = MoneyColumn(verbose_name="Weekly price")
    quality_score = tables.Column(verbose_name="Quality score")
    price_per_quality = MoneyColumn(verbose_name="Price per quality point")
    open_placements = tables.Column(verbose_name="Open placements")
    edit = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name="Actions"
    )

    class Meta:
        model = Provider
        fields = [
            "name",
            "ofsted_urn",
            "provider_type",
            "councils_own",
            "framework_status",
            "weekly_price",
            "quality_score",
        ]
        sequence = ("rank", "...")

    def __init__(self, *args, partnership, can_edit: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if not can_edit:
            self.columns.hide("edit")

    def render_rank(self, record):
        return record.rank if record.price_per_quality is not None else "Not ranked"

    def value_rank(self, record):
        return record.rank if record.price_per_quality is not None else ""

    def render_provider_type(self, value, record):
        return record.provider_type

    def render_price_per_quality(self, record):
        return f"£{record.price_quality:,.2f}"

    def value_price_per_quality(self, record):
        return record.price_quality

    def render_edit(self, record):
        url = reverse(
            "placements:provider-edit", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        return _edit_link(url, record.name)
