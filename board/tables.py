import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from board import calculations
from board.models import Action, Decision, Meeting, Risk, Secondment

_RAG_COLOURS = {calculations.GREEN: "green", calculations.AMBER: "orange", calculations.RED: "red"}
_OUTCOME_COLOURS = {"approved": "green", "deferred": "yellow", "rejected": "red"}


def tag(text: str, colour: str) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def edit_link(url: str, context: str) -> str:
    hidden = format_html('<span class="govuk-visually-hidden"> {}</span>', context)
    return format_html('<a class="govuk-link" href="{}">Edit{}</a>', url, hidden)


class BoardTable(tables.Table):
    def __init__(self, *args, partnership, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.can_edit = can_edit
        if "edit" in self.columns and not can_edit:
            self.columns.hide("edit")

    def url(self, name: str, pk: int) -> str:
        return reverse(f"board:{name}", kwargs={"slug": self.partnership.slug, "pk": pk})


class MeetingTable(BoardTable):
    date = tables.Column(verbose_name="Date")
    title = tables.Column()
    place = tables.Column()
    status = tables.Column()
    item_count = tables.Column(
        verbose_name="Items",
        attrs={
            "td": {"class": "govuk-table__cell--numeric"},
            "th": {"class": "govuk-table__header--numeric"},
        },
    )
    decision_count = tables.Column(
        verbose_name="Decisions",
        attrs={
            "td": {"class": "govuk-table__cell--numeric"},
            "th": {"class": "govuk-table__header--numeric"},
        },
    )

    class Meta:
        model = Meeting
        fields = ["date", "title", "place", "status"]
        order_by = "-date"

    def render_date(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.url("meeting-detail", record.pk),
            f"{value:%-d %B %Y}",
        )

    def value_date(self, value):
        return value.isoformat()


class DecisionTable(BoardTable):
    number = tables.Column(verbose_name="Decision")
    meeting__date = tables.Column(verbose_name="Meeting")
    kind = tables.Column()
    record_label = tables.Column(verbose_name="Record decided")
    outcome = tables.Column()
    resolution = tables.Column(orderable=False)
    corrects = tables.Column(verbose_name="Corrects", order_by=("corrects__number",))

    class Meta:
        model = Decision
        fields = ["number", "meeting__date", "kind", "record_label", "outcome", "resolution"]
        order_by = ("-meeting__date", "-number")

    def render_number(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.url("decision-detail", record.pk),
            record.reference,
        )

    def value_number(self, record):
        return record.reference

    def render_meeting__date(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.url("meeting-detail", record.meeting_id),
            f"{value:%-d %b %Y}",
        )

    def value_meeting__date(self, value):
        return value.isoformat()

    def render_outcome(self, record):
        return tag(record.get_outcome_display(), _OUTCOME_COLOURS[record.outcome])

    def value_outcome(self, record):
        return record.get_outcome_display()

    def render_resolution(self, value):
        return value if len(value) <= 160 else value[:157].rstrip() + "…"

    def value_resolution(self, value):
        return value

    def render_corrects(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.url("decision-detail", record.corrects_id),
            record.corrects.reference,
        )

    def value_corrects(self, record):
        return record.corrects.reference if record.corrects_id else ""


class ActionTable(BoardTable):
    description = tables.Column()
    owner = tables.Column()
    due_date = tables.Column(verbose_name="Due")
    meeting__date = tables.Column(verbose_name="Raised at")
    status = tables.Column()
    edit = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name="Actions"
    )

    class Meta:
        model = Action
        fields = ["description", "owner", "due_date", "meeting__date", "status"]
        order_by = "due_date"
        row_attrs = {
            "class": lambda table, record: "cip-row-overdue" if table.is_overdue(record) else ""
        }

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def is_overdue(self, record) -> bool:
        return record.is_overdue(self.today)

    def render_due_date(self, record, value):
        text = f"{value:%-d %b %Y}"
        if self.is_overdue(record):
            return format_html("{} {}", text, tag("Overdue", "red"))
        return text

    def value_due_date(self, value):
        return value.isoformat()

    def render_meeting__date(self, value):
        return f"{value:%-d %b %Y}"

    def value_meeting__date(self, value):
        return value.isoformat()

    def render_edit(self, record):
        return edit_link(self.url("action-edit", record.pk), f"action: {record}")


class RiskTable(BoardTable):
    title = tables.Column()
    owner = tables.Column()
    likelihood = tables.Column()
    impact = tables.Column()
    score = tables.Column(
        attrs={
            "td": {"class": "govuk-table__cell--numeric"},
            "th": {"class": "govuk-table__header--numeric"},
        }
    )
    rag = tables.Column(verbose_name="RAG", empty_values=(), order_by=("score",))
    status = tables.Column()
    last_reviewed = tables.Column()
    edit = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name="Actions"
    )

    class Meta:
        model = Risk
        fields = ["title", "owner", "likelihood", "impact", "score", "status", "last_reviewed"]
        order_by = "-score"

    def __init__(self, *args, amber_from: int, red_from: int, **kwargs):
        self.amber_from, self.red_from = amber_from, red_from
        super().__init__(*args, **kwargs)

    def rag_of(self, record) -> str:
        return calculations.rag(record.score, amber_from=self.amber_from, red_from=self.red_from)

    def render_title(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', self.url("risk-detail", record.pk), value
        )

    def value_title(self, value):
        return value

    def render_likelihood(self, record):
        return record.likelihood

    def render_impact(self, record):
        return record.impact

    def render_rag(self, record):
        rag = self.rag_of(record)
        return tag(rag.capitalize(), _RAG_COLOURS[rag])

    def value_rag(self, record):
        return self.rag_of(record).capitalize()

    def render_last_reviewed(self, value):
        return f"{value:%-d %b %Y}"

    def value_last_reviewed(self, value):
        return value.isoformat()

    def render_edit(self, record):
        return edit_link(self.url("risk-edit", record.pk), f"risk: {record.title}")


class SecondmentTable(BoardTable):
    person = tables.Column()
    role = tables.Column()
    home_organisation = tables.Column(
        verbose_name="Home organisation", order_by=("home_organisation__name",)
    )
    start_date = tables.Column(verbose_name="Start")
    end_date = tables.Column(verbose_name="End")

    class Meta:
        model = Secondment
        fields = ["person", "role", "home_organisation", "start_date", "end_date"]
        order_by = "end_date"

    def render_person(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.url("secondment-detail", record.pk),
            value,
        )

    def value_person(self, value):
        return value

    def render_start_date(self, value):
        return f"{value:%-d %b %Y}"

    def value_start_date(self, value):
        return value.isoformat()

    def render_end_date(self, value):
        return f"{value:%-d %b %Y}"

    def value_end_date(self, value):
        return value.isoformat()
