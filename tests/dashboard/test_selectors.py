"""The dashboard's plain data, and the rows a board pack prints."""

from datetime import date

import pytest
from django.utils import timezone

from dashboard.selectors import dashboard_figures, headline_rows
from tests.dashboard.factories import build


@pytest.mark.django_db
def test_dashboard_figures_refuse_a_malformed_year(partnership):
    with pytest.raises(ValueError):
        dashboard_figures(partnership, as_at=date(2021, 3, 31), financial_year="2021")


@pytest.mark.django_db
def test_a_partnership_with_nothing_recorded_still_has_every_figure(partnership):
    figures = dashboard_figures(partnership, as_at=date(2021, 3, 31), financial_year="2020/21")
    assert figures.contract.position.year is None and figures.contract.position.outlook is None
    assert figures.funding.secured == 0 and figures.funding.awards == 0
    assert figures.placements.looked_after == 0 and figures.placements.rate is None
    assert figures.cases.approved == 0 and figures.cases.years == []
    assert figures.governance.open_risks == 0
    assert len(headline_rows(figures)) == 15


@pytest.mark.django_db
def test_the_board_pack_rows_carry_each_figure_with_its_as_at_date(partnership):
    today = timezone.localdate()
    build(partnership, episodes=12, today=today)
    figures = dashboard_figures(partnership, as_at=date(2021, 3, 31), financial_year="2020/21")
    rows = {label: (value, as_at) for label, value, as_at in headline_rows(figures)}
    assert rows["Current contract year"] == ("Year 3", "31 March 2021")
    assert rows["Next continuation decision (into year 4)"][0] == "in 245 days, 1 December 2021"
    assert rows["Funding secured to date"] == (
        "£1m from 2 awards (51.6% of the board's “almost £2m”)",
        "31 March 2021",
    )
    assert rows["Funding secured in 2020/21"] == ("£235k", "31 March 2021")
    assert rows["Projected annual savings of approved business cases"][0] == "£82k from 1 case"
    assert rows["Savings realised"] == ("£150k against £164k projected", "31 March 2021")
    assert rows["Open risks"] == ("2, of which 1 red", "31 March 2021")  # one closed in 2020
