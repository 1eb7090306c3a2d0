"""The dashboard's filters: an as-at date and a financial year, sent by GET."""

from datetime import date

from django import forms

from cip.dashboard.selectors import financial_year_label, financial_years_between
from cip.forms import DateInput, Form

# The earliest financial year offered: placement logs (SSDA903) reach back this far at most.
FIRST_DAY = date(2010, 4, 1)


class DashboardFilterForm(Form):
    as_at = forms.DateField(
        label="As at",
        required=False,
        widget=DateInput(),
        help_text="Figures from dated records are worked out for this day, for example 31/3/2021",
        error_messages={"invalid": "Enter the as-at date as a real date, for example 31/3/2021"},
    )
    year = forms.ChoiceField(
        label="Financial year",
        required=False,
        help_text="1 April to 31 March: spend, awards in the year and placement measures",
        error_messages={"invalid_choice": "Choose a financial year from the list"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        years = list(reversed(financial_years_between(FIRST_DAY, today)))
        self.fields["year"].choices = [("", "The year of the as-at date"), *[(y, y) for y in years]]

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day is not None and day > self.today:
            raise forms.ValidationError("The as-at date must be today or in the past")
        if day is not None and day < FIRST_DAY:
            raise forms.ValidationError(f"The as-at date must be on or after {FIRST_DAY:%-d %B %Y}")
        return day

    def clean(self):
        data = super().clean()
        day, year = data.get("as_at") or self.today, data.get("year")
        if year and year > financial_year_label(day):
            self.add_error("year", "Choose a financial year that had started by the as-at date")
        return data

    def chosen(self) -> tuple[date, str]:
        """The as-at date and financial year to show: today and its year unless the form is
        valid and says otherwise."""
        data = {}
        if self.is_bound:
            self.is_valid()  # keeps the fields that are valid even when another is not
            data = self.cleaned_data
        day = data.get("as_at") or self.today
        return day, data.get("year") or financial_year_label(day)
