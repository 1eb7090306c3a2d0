"""The continuation banner: a warning for every member of a partnership, from the configured
number of days before the termination-notice date of the next contract year.

Register `cip.board.context.continuation_banner` in settings.TEMPLATES context_processors;
templates/base.html includes cip/board/_continuation_banner.html, which shows nothing
without it.
"""

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from cip.board import calculations
from cip.models import ContractYear, Partnership


def continuation_warning_for(partnership_id: int, today) -> calculations.ContinuationWarning | None:
    """One query: the agreement's terms, the board's warning days and the latest continued year."""
    continued = Q(contract_years__status=ContractYear.Status.CONTINUED)
    row = (
        Partnership.objects.filter(pk=partnership_id, agreement__isnull=False)
        .values(
            "agreement__commencement_date",
            "agreement__maximum_term_years",
            "agreement__termination_notice_months",
            "board_settings__warning_days",
        )
        .annotate(
            last_end=Max("contract_years__end_date", filter=continued),
            last_number=Max("contract_years__number", filter=continued),
        )
        .order_by()
    )
    row = next(iter(row), None)
    if row is None:
        return None
    warning_days = row["board_settings__warning_days"]
    return calculations.continuation_warning(
        commencement=row["agreement__commencement_date"],
        maximum_term_years=row["agreement__maximum_term_years"],
        notice_months=row["agreement__termination_notice_months"],
        last_continued_number=row["last_number"],
        last_continued_end=row["last_end"],
        warning_days=calculations.DEFAULT_WARNING_DAYS if warning_days is None else warning_days,
        today=today,
    )


def continuation_banner(request) -> dict:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    # Context processors run again for every template rendered with the request (each
    # django-tables2 table is one), so the answer is kept on the request.
    cached = getattr(request, "_board_continuation_banner", None)
    if cached is not None:
        return cached
    warning = continuation_warning_for(membership.partnership_id, timezone.localdate())
    context = (
        {}
        if warning is None
        else {
            "board_continuation_warning": warning,
            "board_continuation_url": reverse(
                "board:meeting-list", kwargs={"slug": membership.partnership.slug}
            ),
        }
    )
    request._board_continuation_banner = context
    return context
