from django import forms

from cip.forms import Form, VersionedModelForm, VersionField
from reports.models import Report, ReportSection

NARRATIVE_HELP = (
    "Plain text. Leave a blank line to start a new numbered paragraph. Start a line with "
    "(a), a. or a) for a sub-point, with - for a bullet, and with ## for a sub-heading. "
    "Leave a section empty to leave it out of the report."
)


class ReportForm(VersionedModelForm):
    class Meta:
        model = Report
        fields = [
            "kind",
            "committee",
            "meeting_date",
            "title",
            "director",
            "meeting",
            "include_business_cases",
            "include_funding",
            "include_placements",
            "include_risks",
            "include_forecast",
        ]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["meeting"].queryset = partnership.board_meetings.order_by("-date", "-pk")
        self.fields["meeting"].empty_label = "None"
        if self.instance.pk:
            # The type decides the headings the report was made with: start a new report instead.
            self.fields["kind"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("kind") == Report.Kind.BOARD_PACK and not data.get("meeting"):
            self.add_error("meeting", "Choose the board meeting this pack is for")
        return data


class SectionForm(VersionedModelForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"text": NARRATIVE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_own_heading:
            # The template's headings are fixed; only the body's own headings are renamed.
            del self.fields["heading"]


class NewSectionForm(Form):
    heading = forms.CharField(max_length=200, help_text="For example: Current position")
    text = forms.CharField(
        label="Narrative",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=NARRATIVE_HELP,
    )


class FinaliseForm(Form):
    version = VersionField()
