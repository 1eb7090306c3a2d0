"""Forms of the committee's procedures: the register of interests and decisions between
meetings (written procedure)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from board.forms import BoardModelForm, DecisionForm
from board.models import ForwardPlanEntry, Interest, Meeting, Proposal, Vote
from cip.forms import DateInput, Form, ModelChoiceField
from cip.models import Partnership


def _member_name(user) -> str:
    return user.get_full_name() or user.username


class InterestForm(BoardModelForm):
    """An entry of a member's register. A member keeps their own (the member is themselves);
    the chair and the administrator, who keep the register, choose the member."""

    user = ModelChoiceField(queryset=get_user_model().objects.none(), label="Member")

    class Meta:
        model = Interest
        fields = ["user", "category", "description", "registered_on", "ended_on"]
        widgets = {
            "category": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "registered_on": DateInput(),
            "ended_on": DateInput(),
        }

    def __init__(self, *args, partnership: Partnership, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        if member is not None:
            # A member's own entry: the member is not a choice.
            self.instance.user = member
            del self.fields["user"]
        else:
            self.fields["user"].queryset = (
                get_user_model()
                .objects.filter(memberships__partnership=partnership)
                .order_by("first_name", "last_name", "username")
            )
            self.fields["user"].label_from_instance = _member_name
        self.fields["category"].choices = [c for c in self.fields["category"].choices if c[0] != ""]
        if not self.instance.pk:
            self.initial.setdefault("registered_on", timezone.localdate())


def register_choices(partnership: Partnership, *, member=None):
    """The register's current entries, for a declaration to name."""
    entries = Interest.objects.current(timezone.localdate()).filter(partnership=partnership)
    if member is not None:
        entries = entries.filter(user=member)
    return entries.select_related("user").order_by(
        "user__first_name", "user__last_name", "registered_on", "pk"
    )


class ProposalForm(DecisionForm):
    """A decision sought between meetings: the kind and record as at a meeting, with a title,
    the deadline for votes and the meeting it will be reported to."""

    title = forms.CharField(max_length=200)
    deadline = forms.DateField(
        widget=DateInput(),
        help_text="Members vote up to the end of this day",
    )
    meeting = ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Reported to",
        help_text="The next meeting, where the decision is reported as decided between meetings",
    )
    field_order = ["title", "choice", "resolution", "new_end_date", "deadline", "meeting"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        del self.fields["outcome"]  # a written procedure carries or lapses
        self.fields["resolution"].label = "Proposed resolution"
        self.fields["resolution"].help_text = "What the board is asked to resolve"
        self.fields["meeting"].queryset = (
            partnership.board_meetings.exclude(status=Meeting.Status.SIGNED_OFF)
            .filter(date__gte=timezone.localdate())
            .order_by("date", "pk")
        )


class VoteForm(Form):
    """A member's vote on a written procedure, after declaring any interest."""

    registered = ModelChoiceField(
        queryset=Interest.objects.none(),
        required=False,
        label="An interest from your register",
        help_text="Leave empty if you have no interest to declare, or describe it below",
    )
    interest = forms.CharField(
        label="Interest",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Any interest you declare in this proposal",
    )
    prejudicial = forms.BooleanField(
        label="A prejudicial interest: I take no part in the vote", required=False
    )
    choice = forms.ChoiceField(
        label="Your vote",
        choices=Vote.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose for, against, abstain or not voting"},
    )
    field_order = ["registered", "interest", "prejudicial", "choice"]

    def __init__(self, *args, proposal: Proposal, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registered"].queryset = register_choices(proposal.partnership, member=member)
        self.fields["registered"].label_from_instance = str


class ForwardPlanForm(BoardModelForm):
    class Meta:
        model = ForwardPlanEntry
        fields = ["title", "description", "meeting", "key_decision", "private", "private_reason"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "private_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        if not self.instance.pk:
            self.instance.added_on = timezone.localdate()
        self.fields["meeting"].queryset = partnership.board_meetings.exclude(
            status=Meeting.Status.SIGNED_OFF
        ).order_by("date", "pk")

    def clean(self):
        data = super().clean()
        if data.get("private") and not (data.get("private_reason") or "").strip():
            self.add_error("private_reason", "Say why the decision is to be taken in private")
        return data
