"""The dashboard's filters: an as-at date and a financial year, sent by GET."""

from datetime import date

from django import forms

from cip.forms import AsAtForm
from cip.periods import financial_year, financial_years_between

# The earliest financial year offered: placement logs (SSDA903) reach back this far at most.
FIRST_DAY = date(2010, 4, 1)


class DashboardFilterForm(AsAtForm):
    year = forms.ChoiceField(
        label="Financial year",
        required=False,
        help_text="1 April to 31 March: spend, awards in the year and placement measures",
        error_messages={"invalid_choice": "Choose a financial year from the list"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        years = list(reversed(financial_years_between(FIRST_DAY, today)))
        self.fields["year"].choices = [("", "The year of the as-at date"), *[(y, y) for y in years]]

    def clean_as_at(self):
        day = super().clean_as_at()
        if day is not None and day < FIRST_DAY:
            raise forms.ValidationError(f"The as-at date must be on or after {FIRST_DAY:%-d %B %Y}")
        return day

    def clean(self):
        data = super().clean()
        day, year = data.get("as_at") or self.default, data.get("year")
        if year and year > financial_year(day):
            self.add_error("year", "Choose a financial year that had started by the as-at date")
        return data

    def chosen(self) -> tuple[date, str]:
        """The as-at date and financial year to show: the default date and its year unless the
        form is valid and says otherwise."""
        day = self.day()
        year = self.cleaned_data.get("year") if self.is_bound else None
        return day, year or financial_year(day)
