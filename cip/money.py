"""Money as the council writes it: £798,000 in full, or £431k and £3.7m in short."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_THOUSAND = Decimal(1000)
_MILLION = Decimal(1_000_000)


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def _trim(amount: Decimal, places: int) -> str:
    """Round half up to `places` decimals and drop a trailing .0 (£54m, not £54.0m)."""
    text = f"{amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(value) -> str:
    """£798,000; pence only when there are any (£1,164.50)."""
    amount = _to_decimal(value)
    if amount is None:
        return ""
    sign = "\u2212" if amount < 0 else ""  # a true minus sign, as typeset reports use
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def format_money_short(value) -> str:
    """£3.7m, £431k, £950: millions to one decimal place, thousands to the nearest £1k."""
    amount = _to_decimal(value)
    if amount is None:
        return ""
    sign = "\u2212" if amount < 0 else ""  # a true minus sign, as typeset reports use
    amount = abs(amount)
    if amount >= _MILLION - _THOUSAND / 2:  # £999.5k would round to £1,000k: write £1m
        return f"{sign}£{_trim(amount / _MILLION, 1)}m"
    if amount >= _THOUSAND:
        return f"{sign}£{_trim(amount / _THOUSAND, 0)}k"
    return f"{sign}{format_money(amount)}"
