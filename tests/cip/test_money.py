from decimal import Decimal

import pytest

from cip.money import format_money, format_money_short


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        ("798000", "£798,000"),
        ("234600", "£234,600"),
        ("486165", "£486,165"),
        ("1164.50", "£1,164.50"),
        ("0", "£0"),
        ("-5000", "\u2212£5,000"),
    ],
)
def test_it_writes_exact_amounts_as_the_council_does(amount, written):
    assert format_money(Decimal(amount)) == written


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        ("431000", "£431k"),
        ("82000", "£82k"),
        ("3700000", "£3.7m"),
        ("54000000", "£54m"),
        ("700000000", "£700m"),
        ("1100000", "£1.1m"),
        ("999499", "£999k"),
        ("999500", "£1m"),
        ("950", "£950"),
        ("436900", "£437k"),
    ],
)
def test_it_writes_short_amounts_as_the_council_does(amount, written):
    assert format_money_short(Decimal(amount)) == written


@pytest.mark.parametrize("bad", [None, "", "abc", "NaN", "Infinity"])
def test_it_writes_nothing_for_a_missing_or_non_finite_amount(bad):
    assert format_money(bad) == ""
    assert format_money_short(bad) == ""
