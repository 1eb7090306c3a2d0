from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from board.models import (
    Action,
    AgendaItem,
    Attendee,
    BoardSettings,
    Decision,
    Interest,
    Meeting,
    Risk,
    Secondment,
    Vote,
)
from board.services import next_continuation_for, prejudiced_members, present_members
from cip import decisions
from cip.forms import DateInput, Form, ModelChoiceField, VersionedModelForm, VersionField
from cip.models import Organisation, Partnership


class BoardModelForm(VersionedModelForm):
    """Checks every constraint of the model, including those on fields the form does not show
    (the meeting or partnership set by the view), so that they come back as form errors."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self._update_errors(error)


_VOTE = "vote_"  # a member's vote on the decision form: "vote_<user id>"
_NEXT_YEAR = "year-"  # a continuation's choice "continuation:year-4": the next year, by number


def _record_value(model_label: str, pk) -> str:
    return f"{model_label}:{pk}"


class MeetingForm(BoardModelForm):
    status = forms.ChoiceField(
        choices=[
            (Meeting.Status.SCHEDULED, Meeting.Status.SCHEDULED.label),
            (Meeting.Status.HELD, Meeting.Status.HELD.label),
        ],
        widget=forms.RadioSelect,
        help_text="Minutes are signed off from the meeting's page",
    )

    class Meta:
        model = Meeting
        fields = ["title", "date", "place", "status"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class SignOffForm(Form):
    version = VersionField()


class AttendeeForm(BoardModelForm):
    user = ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Member",
        help_text="A member of the partnership; leave empty for a guest",
    )

    class Meta:
        model = Attendee
        fields = ["user", "guest_name", "organisation", "role", "attendance"]
        labels = {"guest_name": "Guest's name", "organisation": "Guest's organisation"}
        widgets = {"attendance": forms.RadioSelect}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        users = (
            get_user_model()
            .objects.filter(memberships__partnership=meeting.partnership)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("user") and data.get("guest_name"):
            self.add_error("guest_name", "Leave the guest's name empty when you choose a member")
        elif not data.get("user") and not data.get("guest_name"):
            self.add_error("user", "Choose a member, or enter a guest's name")
        return data


class PaperChoiceMixin:
    """A select of every registered paper of the partnership, grouped by kind of paper."""

    def paper_choices(self, partnership: Partnership) -> list:
        choices: list = [("", "No paper")]
        for paper in decisions.papers().values():
            records = paper.candidates(partnership)
            options = [(_record_value(paper.model, r.pk), str(r)) for r in records]
            if options:
                choices.append((paper.label, options))
        return choices

    @staticmethod
    def resolve(value: str, allowed: dict, partnership: Partnership):
        """The record for "app.Model:pk" when that model is registered and the record is among
        the partnership's candidates; None for an empty value; raises ValidationError."""
        if not value:
            return None
        label, _, pk = value.partition(":")
        entry = allowed.get(label)
        if entry is None or not pk.isdigit():
            raise forms.ValidationError("Choose a record from the list")
        record = entry.candidates(partnership).filter(pk=int(pk)).first()
        if record is None:
            raise forms.ValidationError("Choose a record from the list")
        return record


class AgendaItemForm(PaperChoiceMixin, BoardModelForm):
    paper_choice = forms.ChoiceField(
        label="Paper",
        required=False,
        help_text="The brief, work package, business case, bid or report the item concerns",
    )

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "presenter", "purpose", "paper_choice", "minutes"]
        widgets = {"purpose": forms.RadioSelect}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.partnership = meeting.partnership
        self.fields["paper_choice"].choices = self.paper_choices(self.partnership)
        if self.instance.paper_type_id:
            model = ContentType.objects.get_for_id(self.instance.paper_type_id).model_class()
            self.initial["paper_choice"] = _record_value(model._meta.label, self.instance.paper_id)

    def clean_paper_choice(self):
        return self.resolve(
            self.cleaned_data.get("paper_choice"), decisions.papers(), self.partnership
        )

    def clean(self):
        data = super().clean()
        paper = data.get("paper_choice")
        self.instance.paper_type = ContentType.objects.get_for_model(paper) if paper else None
        self.instance.paper_id = paper.pk if paper else None
        return data


class DecisionForm(PaperChoiceMixin, Form):
    """A new decision on an agenda item. The kind and the record are chosen together from one
    list grouped by kind, so the form works without JavaScript."""

    choice = forms.ChoiceField(
        label="What the board decided",
        help_text="The kind of decision and the record it decides",
        error_messages={
            "invalid_choice": "Choose a record of this partnership from the list",
            "required": "Choose what the board decided",
        },
    )
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    resolution = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the board resolved, as the minutes say it",
    )
    new_end_date = forms.DateField(
        label="New end date",
        required=False,
        widget=DateInput(),
        help_text="Only for extending a secondment: the date it now ends; leave empty otherwise",
    )

    def __init__(
        self,
        *args,
        partnership: Partnership,
        corrects: Decision | None = None,
        item: AgendaItem | None = None,
        **kw,
    ):
        super().__init__(*args, **kw)
        self.partnership = partnership
        self.corrects = corrects
        # One vote for each member recorded as present; left empty, no vote is recorded.
        self.voters = list(present_members(item.meeting)) if item is not None else []
        prejudiced = prejudiced_members(item) if item is not None else set()
        for voter in self.voters:
            barred = voter.pk in prejudiced
            self.fields[f"{_VOTE}{voter.pk}"] = forms.ChoiceField(
                label=f"Vote of {voter.get_full_name() or voter.username}",
                choices=[(Vote.Choice.NOT_VOTING, Vote.Choice.NOT_VOTING.label)]
                if barred
                else Vote.Choice.choices,
                required=False,
                widget=forms.RadioSelect,
                help_text="Declared a prejudicial interest in this item: recorded as not voting"
                if barred
                else "Leave empty if the board did not vote",
                error_messages={
                    "invalid_choice": "This member declared a prejudicial interest in the item, "
                    "so does not vote"
                    if barred
                    else "Choose for, against, abstained or not voting"
                },
            )
        choices: list = [("", "Choose")]
        for kind in decisions.kinds().values():
            if corrects is not None and kind.key != corrects.kind:
                continue
            if kind.model is None:
                choices.append((kind.label, [(f"{kind.key}:", f"{kind.label} (no record)")]))
                continue
            if kind.key == Decision.Kind.CONTINUATION and corrects is None:
                options = self._next_year_options()
            else:
                records = kind.candidates(partnership)
                if corrects is not None:
                    records = records.filter(pk=corrects.record_id)
                options = [(f"{kind.key}:{r.pk}", str(r)) for r in records]
            if options:
                choices.append((kind.label, options))
        self.fields["choice"].choices = choices

    def _next_year_options(self) -> list:
        """A continuation is decided into the next contract year, recorded or not (recording
        the decision adds it): the year after the latest one the board continued."""
        outlook = next_continuation_for(self.partnership, as_at=timezone.localdate())
        if outlook is None:
            return []
        number = outlook.next_year_number
        return [
            (
                f"{Decision.Kind.CONTINUATION}:{_NEXT_YEAR}{number}",
                f"Year {number}, from {outlook.next_year_starts:%-d %B %Y}",
            )
        ]

    def clean(self):
        data = super().clean()
        data["votes"] = {
            voter.pk: data[f"{_VOTE}{voter.pk}"]
            for voter in self.voters
            if data.get(f"{_VOTE}{voter.pk}")
        }
        return data

    def clean_choice(self):
        key, _, pk = self.cleaned_data["choice"].partition(":")
        kind = decisions.kinds().get(key)
        if kind is None:
            raise forms.ValidationError("Choose what the board decided from the list")
        record = None
        self.cleaned_data["continuation_year"] = None
        if key == Decision.Kind.CONTINUATION and pk.startswith(_NEXT_YEAR):
            # The field's choices hold only the next year, so the number is that year's.
            self.cleaned_data["kind"] = key
            self.cleaned_data["record"] = None
            self.cleaned_data["continuation_year"] = int(pk.removeprefix(_NEXT_YEAR))
            return self.cleaned_data["choice"]
        if kind.model is not None:
            # Another partnership's record is not among the candidates: refused here, and
            # again by the service.
            record = (
                kind.candidates(self.partnership).filter(pk=int(pk)).first()
                if pk.isdigit()
                else None
            )
            if record is None:
                raise forms.ValidationError("Choose a record of this partnership from the list")
        self.cleaned_data["kind"] = key
        self.cleaned_data["record"] = record
        return self.cleaned_data["choice"]


class CorrectionForm(DecisionForm):
    item = ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        label="Agenda item",
        help_text="An item of a meeting whose minutes are not yet signed off",
    )
    field_order = ["item", "choice", "outcome", "resolution", "new_end_date"]

    def __init__(self, *args, partnership: Partnership, corrects: Decision, **kwargs):
        super().__init__(*args, partnership=partnership, corrects=corrects, **kwargs)
        self.fields["item"].queryset = (
            AgendaItem.objects.filter(
                meeting__partnership=partnership, meeting__archived_at__isnull=True
            )
            .exclude(meeting__status=Meeting.Status.SIGNED_OFF)
            .select_related("meeting")
            .order_by("-meeting__date", "position")
        )
        self.fields["item"].label_from_instance = lambda item: f"{item.meeting}: {item}"


class DeclarationForm(Form):
    registered = ModelChoiceField(
        queryset=Interest.objects.none(),
        required=False,
        label="From the register of interests",
        help_text="An entry of a member's register; or leave empty and choose the member below",
    )
    user = ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label="Member",
        required=False,
        help_text="Not needed when you choose an entry of the register",
    )
    interest = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the interest is, as the minutes record it (the register's words "
        "when left empty)",
    )
    prejudicial = forms.BooleanField(
        label="A prejudicial interest: the member takes no part in the vote", required=False
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        partnership_id = item.meeting.partnership_id
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__partnership_id=partnership_id)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["registered"].queryset = (
            Interest.objects.current(timezone.localdate())
            .filter(partnership_id=partnership_id)
            .select_related("user")
            .order_by("user__first_name", "user__last_name", "registered_on", "pk")
        )
        self.fields["registered"].label_from_instance = lambda entry: (
            f"{entry.user.get_full_name() or entry.user.username}: {entry}"
        )

    def clean(self):
        data = super().clean()
        entry, member = data.get("registered"), data.get("user")
        if entry is not None:
            if member is not None and member.pk != entry.user_id:
                self.add_error("user", "Choose the member whose register entry it is")
            data["user"] = entry.user
        elif member is None and "user" not in self.errors:
            self.add_error("user", "Choose a member, or an entry of the register")
        if entry is None and not data.get("interest") and "interest" not in self.errors:
            self.add_error("interest", "Say what the interest is")
        return data


class DecisionEditForm(BoardModelForm):
    class Meta:
        model = Decision
        fields = ["resolution"]


class ActionForm(BoardModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner_member", "owner", "due_date", "meeting", "status"]
        widgets = {"status": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["meeting"].queryset = partnership.board_meetings.order_by("-date")
        members = self.fields["owner_member"]
        members.queryset = partnership.memberships.select_related("user").order_by(
            "user__first_name", "user__last_name", "user__username"
        )
        members.label_from_instance = _member_label
        members.empty_label = "Someone outside the partnership (name them below)"


def _member_label(membership) -> str:
    user = membership.user
    return f"{user.get_full_name() or user.username} ({membership.get_role_display()})"


class RiskForm(BoardModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "owner",
            "likelihood",
            "impact",
            "mitigation",
            "status",
            "raised_on",
            "closed_on",
            "last_reviewed",
            "work_package",
        ]
        widgets = {
            "likelihood": forms.RadioSelect,
            "impact": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        error_messages = {
            "likelihood": {"invalid_choice": "Choose a likelihood from 1 to 5"},
            "impact": {"invalid_choice": "Choose an impact from 1 to 5"},
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["work_package"].queryset = partnership.work_packages.order_by("pk")
        for name in ("likelihood", "impact"):
            # Radios leave out Django's empty "---------" choice.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
            self.fields[name].error_messages["required"] = f"Choose a {name} from 1 to 5"


class SecondmentForm(BoardModelForm):
    class Meta:
        model = Secondment
        fields = ["person", "home_organisation", "role", "start_date", "end_date"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        if self.instance.pk:
            # An extension comes from a board decision, not from editing the record.
            del self.fields["end_date"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must not come before the start date")
        return data


class BoardSettingsForm(BoardModelForm):
    class Meta:
        model = BoardSettings
        fields = ["amber_from", "red_from", "warning_days", "quorum_members", "quorum_each_side"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
