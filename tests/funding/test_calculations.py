"""The arithmetic of funding, checked against the seed documents without a database."""

from datetime import date
from decimal import Decimal

from funding import calculations as calc
from funding.calculations import BidFigures

SEED_AWARDS = [
    ("Holiday Activities and Food programme 2019", "Barnardo's", "798000", date(2019, 4, 30)),
    ("Family Group Conferencing", "Leicestershire", "234600", date(2019, 7, 31)),
    (
        "Family Group Conferencing for Northamptonshire",
        "Northamptonshire",
        "514212",
        date(2019, 7, 31),
    ),
    ("Advanced LifeSkills", "Leicestershire", "486165", date(2019, 9, 30)),
]


def _award(title, lead, amount, decided, stage=calc.IN_DELIVERY):
    return BidFigures(
        title=title,
        stage=stage,
        lead=lead,
        amount_requested=Decimal(amount),
        amount_awarded=Decimal(amount),
        decided_on=decided,
        probability=100,
    )


def _open(amount, probability, stage=calc.DRAFTING):
    return BidFigures(
        title="Open bid",
        stage=stage,
        lead="Leicestershire",
        amount_requested=Decimal(amount) if amount is not None else None,
        amount_awarded=None,
        decided_on=None,
        probability=probability,
    )


def test_the_four_seed_awards_add_up_to_two_million_and_thirty_three_thousand():
    totals = calc.funding_totals(_award(*row) for row in SEED_AWARDS)
    assert totals.secured == Decimal("2032977")
    assert [amount for _, amount in totals.awards] == [
        Decimal("798000"),
        Decimal("234600"),
        Decimal("514212"),
        Decimal("486165"),
    ]


def test_the_board_headline_of_almost_two_million_agrees_within_five_percent():
    check = calc.check_headline(computed=Decimal("2032977"))
    assert check.stated == Decimal("2000000")
    assert check.difference == Decimal("32977")
    assert check.percent_of_stated == Decimal("101.6")
    assert check.agrees


def test_a_total_far_from_the_headline_does_not_agree():
    assert not calc.check_headline(computed=Decimal("1518765")).agrees


def test_secured_is_split_by_financial_year_of_the_decision_and_by_lead():
    rows = [*SEED_AWARDS, ("Later award", "Leicestershire", "1000", date(2020, 4, 1))]
    totals = calc.funding_totals(_award(*row) for row in rows)
    assert totals.secured_by_year == [
        ("2019/20", Decimal("2032977")),
        ("2020/21", Decimal("1000")),
    ]
    assert totals.secured_by_lead == [
        ("Barnardo's", Decimal("798000")),
        ("Leicestershire", Decimal("721765")),
        ("Northamptonshire", Decimal("514212")),
    ]


def test_the_financial_year_turns_on_the_first_of_april():
    assert calc.financial_year(date(2019, 3, 31)) == "2018/19"
    assert calc.financial_year(date(2019, 4, 1)) == "2019/20"
    assert calc.financial_year(date(2099, 12, 31)) == "2099/00"


def test_the_weighted_pipeline_counts_only_open_bids_at_their_probability():
    totals = calc.funding_totals(
        [
            _open("420000", 50, calc.SUBMITTED),
            _open("250000", 70, calc.INTERNAL_SIGN_OFF),
            _open("350000", 30),
            _open(None, 20, calc.PROSPECT),
            _award("Won", "Leicestershire", "798000", date(2019, 4, 30)),
            _open("999999", 90, calc.WITHDRAWN),
        ]
    )
    assert totals.weighted_pipeline == Decimal("210000") + Decimal("175000") + Decimal("105000")
    assert totals.pipeline_requested == Decimal("1020000")
    assert totals.open_bids == 4


def test_weighting_rounds_to_the_penny_half_up():
    assert calc.weighted_value(Decimal("100.01"), 50) == Decimal("50.01")
    assert calc.weighted_value(None, 50) == Decimal("0.00")


def test_the_success_rate_leaves_out_withdrawn_bids():
    totals = calc.funding_totals(
        [
            _award("Won", "A", "100", date(2019, 5, 1)),
            _award("Won too", "A", "100", date(2019, 5, 1), stage=calc.CLOSED),
            _award("Lost", "A", "100", date(2019, 5, 1), stage=calc.UNSUCCESSFUL),
            _open("100", 10, calc.WITHDRAWN),
        ]
    )
    assert (totals.won, totals.lost) == (2, 1)
    assert totals.success_rate == Decimal("66.7")


def test_there_is_no_success_rate_before_any_decision():
    assert calc.success_rate(won=0, decided=0) is None
    assert calc.funding_totals([]).success_rate is None


def test_a_stage_cannot_be_skipped():
    assert calc.can_move(calc.SUBMITTED, calc.AWARDED)
    assert not calc.can_move(calc.DRAFTING, calc.AWARDED)
    assert not calc.can_move(calc.PROSPECT, calc.SUBMITTED)
    assert not calc.can_move(calc.AWARDED, calc.IN_DELIVERY)
    assert not calc.can_move(calc.CLOSED, calc.PROSPECT)


def test_every_stage_can_be_reached_from_a_prospect_one_step_at_a_time():
    reached, frontier = {calc.PROSPECT}, [calc.PROSPECT]
    while frontier:
        for stage in calc.NEXT_STAGES[frontier.pop()]:
            if stage not in reached:
                reached.add(stage)
                frontier.append(stage)
    assert reached == set(calc.NEXT_STAGES)


def test_an_award_needs_a_decided_date_and_an_amount():
    missing = calc.missing_for_stage(
        stage=calc.AWARDED,
        values={
            "eligibility_note": "Councils only",
            "amount_requested": Decimal(1),
            "submitted_on": date(2019, 6, 30),
            "decided_on": None,
            "amount_awarded": None,
        },
    )
    assert set(missing) == {"decided_on", "amount_awarded"}
    assert missing["decided_on"] == "Enter the date the funder decided"


def test_a_prospect_needs_nothing_more():
    assert calc.missing_for_stage(stage=calc.PROSPECT, values={}) == {}


def test_an_award_above_the_request_is_flagged_and_an_equal_one_is_not():
    assert calc.awarded_exceeds_request(requested=Decimal(100), awarded=Decimal("100.01"))
    assert not calc.awarded_exceeds_request(requested=Decimal(100), awarded=Decimal(100))
    assert not calc.awarded_exceeds_request(requested=None, awarded=Decimal(100))


def test_a_condition_is_overdue_only_when_past_due_and_not_done():
    today = date(2021, 3, 9)
    assert calc.is_overdue(due=date(2021, 3, 8), done=None, today=today)
    assert not calc.is_overdue(due=date(2021, 3, 9), done=None, today=today)
    assert not calc.is_overdue(due=date(2021, 3, 8), done=date(2021, 3, 8), today=today)
    assert not calc.is_overdue(due=None, done=None, today=today)
