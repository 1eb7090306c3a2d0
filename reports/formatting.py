"""How a chart's values are written, in the PDF's chart and in the Word copy's table alike."""

from decimal import Decimal

from cip.money import format_money_short


def chart_formatter(is_money: bool):
    formatter = format_money_short if is_money else plain_number

    def format_value(value) -> str:
        return "Not recorded" if value is None else formatter(value)

    return format_value


def plain_number(value) -> str:
    number = Decimal(str(value))
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,}"
