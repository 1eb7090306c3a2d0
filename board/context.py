"""The continuation banner: a warning for every member of a partnership, from the configured
number of days before the termination-notice date of the next contract year.

templates/base.html includes board/_continuation_banner.html. What the banner reads comes
with the membership that cip.access.partnership_for fetches, so it costs no query of its own.
"""

from django.urls import reverse
from django.utils import timezone

from board import calculations
from cip.calculations import ContinuationOutlook, next_continuation


def continuation_warning_for(membership, today) -> ContinuationOutlook | None:
    partnership = membership.partnership
    agreement = getattr(partnership, "agreement", None)
    if agreement is None:
        return None
    board_settings = getattr(partnership, "board_settings", None)
    warning_days = board_settings.warning_days if board_settings is not None else None
    last = membership.last_continued_number
    outlook = next_continuation(
        commencement=agreement.commencement_date,
        term_years=agreement.maximum_term_years,
        period_months=agreement.renewal_period_months,
        notice_months=agreement.termination_notice_months,
        last_continued=(last, membership.last_continued_end) if last is not None else None,
        first_ended=membership.first_ended_number,
        today=today,
    )
    return calculations.continuation_warning(
        outlook,
        warning_days=calculations.DEFAULT_WARNING_DAYS if warning_days is None else warning_days,
    )


def continuation_banner(request) -> dict:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    warning = continuation_warning_for(membership, timezone.localdate())
    if warning is None:
        return {}
    return {
        "board_continuation_warning": warning,
        "board_continuation_url": reverse(
            "board:meeting-list", kwargs={"slug": membership.partnership.slug}
        ),
    }
