"""The placement arithmetic, checked without a database."""

from datetime import date, timedelta
from decimal import Decimal

from placements import codes
from placements.calculations import (
    Category,
    CostLine,
    Span,
    age_on,
    category,
    days_in_period,
    in_county,
    overlapping,
    placements_between,
    postcode_district,
    price_per_quality,
    rate_per_10000,
    stability,
    subtract_months,
    summarise_spend,
)


def test_the_seed_rate_is_575_children_in_142000():
    assert rate_per_10000(575, 142_000) == Decimal("40.5")


def test_a_rate_without_a_population_is_unknown():
    assert rate_per_10000(575, None) is None
    assert rate_per_10000(575, 0) is None


def test_categories_follow_place_and_provider():
    assert category("U4", "PR1") == Category.FOSTERING_IN_HOUSE
    assert category("U6", "PR4") == Category.FOSTERING_IFA
    assert category("U6", "PR5") == Category.FOSTERING_IFA
    assert category("U1", "PR1") == Category.FOSTERING_FAMILY
    assert category("K2", "PR1") == Category.RESIDENTIAL_IN_HOUSE
    assert category("K2", "PR4") == Category.RESIDENTIAL_EXTERNAL
    assert category("H5", "PR5") == Category.SUPPORTED
    assert category("K3", "PR4") == Category.SUPPORTED
    assert category("A6", "PR1") == Category.OTHER


def test_postcode_districts_come_from_full_or_partial_postcodes():
    assert postcode_district("LE11 3AB") == "LE11"
    assert postcode_district("le11 3") == "LE11"
    assert postcode_district("LE113AB") == "LE11"
    assert postcode_district("LE1") == "LE1"
    assert postcode_district("  ") == ""


def test_in_county_compares_the_district_not_a_prefix():
    districts = {"LE1", "LE16"}
    assert in_county("LE16 7", districts) is True
    assert in_county("LE1 6", districts) is True
    assert in_county("LE11 3", districts) is False
    assert in_county("", districts) is None


def test_price_per_quality_ranks_cheaper_better_providers_first():
    assert price_per_quality(Decimal("2850"), Decimal("88")) == Decimal("32.39")
    assert price_per_quality(Decimal("3350"), Decimal("74")) == Decimal("45.27")
    assert price_per_quality(Decimal("3000"), None) is None
    assert price_per_quality(None, Decimal("80")) is None


def test_days_in_period_counts_the_start_day_and_not_the_end_day():
    first, last = date(2017, 4, 1), date(2018, 3, 31)
    assert days_in_period(date(2017, 4, 1), None, first, last) == 365
    assert days_in_period(date(2016, 1, 1), date(2017, 4, 11), first, last) == 10
    assert days_in_period(date(2018, 3, 31), None, first, last) == 1
    assert days_in_period(date(2018, 4, 1), None, first, last) == 0
    assert days_in_period(date(2017, 1, 1), date(2017, 3, 1), first, last) == 0


def test_spend_is_days_times_weekly_cost_over_seven():
    summary = summarise_spend(
        [
            CostLine(Category.RESIDENTIAL_EXTERNAL, 364, Decimal("5117"), "spot"),
            CostLine(Category.FOSTERING_IN_HOUSE, 7, Decimal("420"), "in_house"),
            CostLine(Category.FOSTERING_IFA, 14, Decimal("850"), "framework"),
            CostLine(Category.FOSTERING_IFA, 10, None, "framework"),
        ]
    )
    assert summary.by_category[Category.RESIDENTIAL_EXTERNAL] == Decimal("266084.00")
    assert summary.by_category[Category.FOSTERING_IN_HOUSE] == Decimal("420.00")
    assert summary.total == Decimal("266084") + Decimal("420") + Decimal("1700")
    assert summary.average_weekly[Category.RESIDENTIAL_EXTERNAL] == Decimal("5117.00")
    assert summary.uncosted_days == 10
    # Spot £266,084 of £267,784 bought (spot + framework) is 99.4% off-framework.
    assert summary.off_framework_share == Decimal("99.4")


def test_the_average_weekly_cost_is_weighted_by_days():
    summary = summarise_spend(
        [
            CostLine(Category.FOSTERING_IFA, 70, Decimal("800")),
            CostLine(Category.FOSTERING_IFA, 7, Decimal("1900")),
        ]
    )
    assert summary.average_weekly[Category.FOSTERING_IFA] == Decimal("900.00")


def test_cip_provision_avoids_the_gap_to_the_external_average():
    """The Scrutiny report's 16+ home: £1,164 a week less than the £5,117 average."""
    summary = summarise_spend(
        [
            CostLine(Category.RESIDENTIAL_EXTERNAL, 70, Decimal("5117")),
            CostLine(Category.RESIDENTIAL_EXTERNAL, 14, Decimal("3953"), cip=True),
        ]
    )
    assert summary.average_weekly[Category.RESIDENTIAL_EXTERNAL] == Decimal("5117.00")
    assert summary.cip_days == 14
    assert summary.cip_spend == Decimal("7906.00")
    assert summary.cost_avoided == Decimal("2328.00")


def test_no_cip_provision_means_no_cost_avoided():
    assert summarise_spend([CostLine(Category.OTHER, 7, Decimal("100"))]).cost_avoided is None


def test_overlaps_are_found_but_touching_episodes_are_not():
    assert overlapping([(date(2019, 1, 1), date(2019, 2, 1)), (date(2019, 2, 1), None)]) is None
    assert overlapping([(date(2019, 1, 1), date(2019, 2, 2)), (date(2019, 2, 1), None)]) == (0, 1)
    assert overlapping([(date(2019, 3, 1), None), (date(2019, 1, 1), None)]) == (1, 0)


def test_a_legal_status_change_is_not_a_new_placement():
    spans = [
        Span(1, date(2018, 5, 1), date(2018, 8, 1), "S"),
        Span(1, date(2018, 8, 1), date(2018, 11, 1), "L"),
        Span(1, date(2018, 11, 1), None, "P"),
    ]
    assert placements_between(spans, date(2018, 4, 1), date(2019, 3, 31)) == 2


def _child_with_moves(child, moves, *, start=date(2018, 5, 1), ls="C2"):
    spans, day = [], start
    for index in range(moves):
        end = None if index == moves - 1 else day + timedelta(days=40)
        spans.append(Span(child, day, end, "S" if index == 0 else "P", ls))
        if end:
            day = end
    return spans


def test_stability_counts_children_with_three_or_more_placements_in_the_year():
    spans = [*_child_with_moves(1, 3), *_child_with_moves(2, 2), *_child_with_moves(3, 1)]
    result = stability(spans, year_end=date(2019, 3, 31), births={})
    assert result.looked_after == 3
    assert result.three_plus_placements == 1
    assert result.three_plus_share == Decimal("33.3")


def test_short_breaks_and_children_who_left_are_not_counted():
    spans = [
        *_child_with_moves(1, 3, ls="V3"),
        Span(2, date(2018, 5, 1), date(2019, 3, 31), "S"),  # left on 31 March
    ]
    assert stability(spans, year_end=date(2019, 3, 31), births={}).looked_after == 0


def test_the_two_year_measure_looks_back_two_years():
    spans = [
        Span(1, date(2016, 1, 1), date(2017, 6, 1), "S"),
        Span(1, date(2017, 6, 1), date(2018, 6, 1), "P"),
        Span(1, date(2018, 6, 1), None, "P"),
        Span(2, date(2017, 6, 1), None, "S"),  # under two years: not in the cohort
    ]
    result = stability(spans, year_end=date(2019, 3, 31), births={})
    assert result.two_year_cohort == 1
    assert result.two_year_three_plus == 1
    assert result.three_plus_placements == 0  # two placements within 2018/19


def test_long_term_stability_needs_two_and_a_half_years_in_care_and_two_in_placement():
    year_end = date(2019, 3, 31)
    spans = [
        # In care since 2015, same placement since March 2017 (a legal change since): stable.
        Span(1, date(2015, 1, 1), date(2017, 3, 1), "S"),
        Span(1, date(2017, 3, 1), date(2018, 1, 1), "P"),
        Span(1, date(2018, 1, 1), None, "L"),
        # In care since 2015 but moved in 2018: in the cohort, not stable.
        Span(2, date(2015, 1, 1), date(2018, 1, 1), "S"),
        Span(2, date(2018, 1, 1), None, "P"),
        # In care for only 2 years 3 months: not in the cohort.
        Span(3, date(2017, 1, 1), None, "S"),
        # Aged 16: not in the cohort.
        Span(4, date(2012, 1, 1), None, "S"),
    ]
    births = {1: (2008, 1), 2: (2008, 1), 3: (2008, 1), 4: (2003, 1)}
    result = stability(spans, year_end=year_end, births=births)
    assert (result.long_term_cohort, result.long_term_stable) == (2, 1)
    assert result.long_term_share == Decimal("50.0")


def test_age_treats_the_first_of_the_birth_month_as_the_birthday():
    assert age_on((2003, 3), date(2019, 3, 31)) == 16
    assert age_on((2003, 4), date(2019, 3, 31)) == 15


def test_subtracting_months_keeps_to_the_end_of_short_months():
    assert subtract_months(date(2019, 3, 31), 30) == date(2016, 9, 30)
    assert subtract_months(date(2019, 3, 31), 1) == date(2019, 2, 28)


def test_code_lists_change_by_collection_year():
    assert codes.collection_year(date(2024, 4, 1)) == 2025
    assert codes.collection_year(date(2025, 3, 31)) == 2025
    assert (
        codes.problem("PLACE", "K3", 2024)
        == "PLACE code 'K3' is not valid in the 2023/24 collection"
    )
    assert codes.problem("PLACE", "K3", 2025) is None
    assert codes.problem("PLACE", "H5", 2026) is not None
    assert codes.problem("PLACE", "Z11", 2026) is None
    assert codes.problem("PLACE", "Z11", 2025) is not None
    assert codes.problem("RNE", "Q", 2020) == "'Q' is not an SSDA903 RNE code"
    assert codes.describe("PLACE_PROVIDER", "PR4") == "Private provision"
