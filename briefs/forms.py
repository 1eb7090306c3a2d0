from django import forms
from django.utils import timezone

from briefs.models import (
    BriefTask,
    DesignBrief,
    DesignTeamMember,
    DocumentLink,
    PriorityArea,
    ResearchItem,
)
from cip.forms import DateInput, Form, VersionedModelForm, VersionField


class ParentedForm(VersionedModelForm):
    """A form for a record that hangs off a parent set by the view (never by the user).

    The parent takes part in validation, so a constraint such as "unique name in the
    partnership" is reported on the form instead of failing at save time.
    """

    parent_field = "partnership"

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        setattr(self.instance, self.parent_field, parent)

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard(self.parent_field)
        return exclude


class PriorityAreaForm(ParentedForm):
    class Meta:
        model = PriorityArea
        fields = ["name", "order", "description"]


class BriefForm(ParentedForm):
    class Meta:
        model = DesignBrief
        fields = [
            "number",
            "title",
            "priority_area",
            "purpose",
            "issue_date",
            "findings",
            "recommendations",
        ]

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, parent=parent, **kwargs)
        self.fields["priority_area"].queryset = parent.priority_areas.all()
        self.fields["priority_area"].empty_label = "No priority area yet"
        if self.instance._state.adding:
            del self.fields["findings"], self.fields["recommendations"]


class TaskForm(ParentedForm):
    parent_field = "brief"

    class Meta:
        model = BriefTask
        fields = ["order", "description", "done"]
        labels = {"order": "Task number"}


class MemberForm(ParentedForm):
    parent_field = "brief"

    class Meta:
        model = DesignTeamMember
        fields = ["name", "organisation", "expertise", "is_lead"]


class ResearchForm(ParentedForm):
    parent_field = "brief"

    class Meta:
        model = ResearchItem
        fields = ["title", "commissioned_by", "description", "commissioned_on"]


class DocumentForm(ParentedForm):
    parent_field = "brief"

    class Meta:
        model = DocumentLink
        fields = ["title", "url"]


class MoveForm(Form):
    """A lifecycle step: where to, and on what date."""

    target = forms.ChoiceField(label="Move the brief to", widget=forms.RadioSelect)
    on = forms.DateField(label="Date of the step", widget=DateInput)
    version = VersionField()

    def __init__(self, *args, choices, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = choices
        self.initial.setdefault("on", timezone.localdate())
        self.initial.setdefault("version", version)
