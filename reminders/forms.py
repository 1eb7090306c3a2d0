from django import forms

from cip.forms import Form


class PreferenceForm(Form):
    daily_digest = forms.BooleanField(
        label="Send me a daily email of my overdue and due-soon items",
        required=False,
        help_text="Actions, grant conditions, secondment end dates, votes between meetings, "
        "and the continuation and notice deadlines, for every partnership you are in",
    )
