"""The dashboard figures a board pack carries: the board's dashboard (dashboard/) as text
rows (`selectors.headline_rows`), as at the meeting (or today, if that is sooner)."""

from datetime import date

from django.utils import timezone

from cip.periods import financial_year
from dashboard.selectors import dashboard_figures, headline_rows


def figures(partnership, as_at: date | None = None) -> list[list[str]]:
    """[figure, value, as at] rows."""
    as_at = min(as_at or timezone.localdate(), timezone.localdate())
    board = dashboard_figures(partnership, as_at=as_at, financial_year=financial_year(as_at))
    return [list(row) for row in headline_rows(board)]
