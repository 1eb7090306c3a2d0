import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cip.tables import DateColumn, MoneyColumn, PercentColumn
from funding.models import Bid, Condition, SubGrant

STAGE_COLOURS = {
    Bid.Stage.PROSPECT: "grey",
    Bid.Stage.ELIGIBILITY_CHECKED: "light-blue",
    Bid.Stage.DRAFTING: "light-blue",
    Bid.Stage.INTERNAL_SIGN_OFF: "purple",
    Bid.Stage.SUBMITTED: "blue",
    Bid.Stage.AWARDED: "green",
    Bid.Stage.AGREEMENT_SIGNED: "green",
    Bid.Stage.IN_DELIVERY: "teal",
    Bid.Stage.CLOSED: "grey",
    Bid.Stage.UNSUCCESSFUL: "red",
    Bid.Stage.WITHDRAWN: "orange",
}


def stage_tag(bid: Bid) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STAGE_COLOURS.get(bid.stage, "grey"),
        bid.get_stage_display(),
    )


def _link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def _edit_link(url: str, context: str) -> str:
    return format_html(
        '<a class="govuk-link" href="{}">Edit<span class="govuk-visually-hidden"> {}</span></a>',
        url,
        context,
    )


class BidTable(tables.Table):
    title = tables.Column(verbose_name="Bid")
    funder = tables.Column(verbose_name="Funder", order_by=("funder__name",))
    programme = tables.Column(verbose_name="Programme")
    lead_applicant = tables.Column(verbose_name="Lead", order_by=("lead_applicant__name",))
    stage = tables.Column(verbose_name="Stage")
    amount_requested = MoneyColumn(verbose_name="Requested")
    amount_awarded = MoneyColumn(verbose_name="Awarded")
    probability = PercentColumn(verbose_name="Probability")
    decided_on = DateColumn(format="j M Y", verbose_name="Decided")

    class Meta:
        model = Bid
        fields = [
            "title",
            "funder",
            "programme",
            "lead_applicant",
            "stage",
            "amount_requested",
            "amount_awarded",
            "probability",
            "decided_on",
        ]
        order_by = "title"
        attrs = {"class": "cip-table--compact"}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_title(self, record):
        url = reverse("funding:bid-detail", kwargs={"slug": self.partnership.slug, "pk": record.pk})
        return _link(url, record.title)

    def value_title(self, record):
        return record.title

    def render_stage(self, record):
        return stage_tag(record)

    def value_stage(self, record):
        return record.get_stage_display()


class ConditionTable(tables.Table):
    due_on = DateColumn(format="j M Y", verbose_name="Due")
    bid = tables.Column(accessor="bid__title", verbose_name="Award")
    kind = tables.Column(verbose_name="Kind")
    title = tables.Column(verbose_name="Condition")
    amount = MoneyColumn(verbose_name="Amount")
    completed_on = tables.Column(verbose_name="Status", empty_values=())
    edit = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name="Actions"
    )

    class Meta:
        model = Condition
        fields = ["due_on", "bid", "kind", "title", "amount", "completed_on"]
        order_by = "due_on"
        row_attrs = {"class": lambda table, record: table.row_class(record)}

    def __init__(self, *args, partnership, can_edit: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.today = timezone.localdate()
        if not can_edit:
            self.columns.hide("edit")

    def row_class(self, record) -> str:
        return "cip-row-overdue" if record.is_overdue(self.today) else ""

    def render_bid(self, record):
        url = reverse(
            "funding:bid-detail", kwargs={"slug": self.partnership.slug, "pk": record.bid_id}
        )
        return _link(url, record.bid.title)

    def value_bid(self, record):
        return record.bid.title

    def render_completed_on(self, record):
        if record.completed_on:
            return format_html("Done {}", record.completed_on.strftime("%-d %b %Y"))
        if record.is_overdue(self.today):
            return mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')
        return "Outstanding"

    def value_completed_on(self, record):
        if record.completed_on:
            return record.completed_on.isoformat()
        return "Overdue" if record.is_overdue(self.today) else "Outstanding"

    def render_edit(self, record):
        url = reverse(
            "funding:condition-edit", kwargs={"slug": self.partnership.slug, "pk": record.pk}
        )
        return _edit_link(url, record.title)


class SubGrantTable(tables.Table):
    recipient = tables.Column(verbose_name="Recipient", order_by=("recipient__name",))
    recipient_id = tables.Column(
        accessor="recipient__identifier", verbose_name="Recipient org-id", visible=False
    )
    bid = tables.Column(accessor="bid__title", verbose_name="Funded from")
    amount = MoneyColumn(verbose_name="Amount")
    purpose = tables.Column(verbose_name="Purpose")
    awarded_on = DateColumn(format="j M Y", verbose_name="Awarded")
    granted_through = tables.Column(verbose_name="Granted through")
    start_date = DateColumn(format="j M Y", verbose_name="Starts")
    end_date = DateColumn(format="j M Y", verbose_name="Ends")

    class Meta:
        model = SubGrant
        fields = [
            "recipient",
            "recipient_id",
            "bid",
            "amount",
            "purpose",
            "awarded_on",
            "granted_through",
            "start_date",
            "end_date",
        ]
        order_by = "awarded_on"

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_bid(self, record):
        url = reverse(
            "funding:bid-detail", kwargs={"slug": self.partnership.slug, "pk": record.bid_id}
        )
        return _link(url, record.bid.title)

    def value_bid(self, record):
        return record.bid.title
