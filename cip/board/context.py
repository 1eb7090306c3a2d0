"""The continuation banner: a warning for every member of a partnership, from the configured
number of days before the termination-notice date of the next contract year.

templates/base.html includes cip/board/_continuation_banner.html. What the banner reads comes
with the membership that cip.access.partnership_for fetches, so it costs no query of its own.
"""

from django.urls import reverse
from django.utils import timezone

from cip.board import calculations


def continuation_warning_for(membership, today) -> calculations.ContinuationWarning | None:
    partnership = membership.partnership
    agreement = getattr(partnership, "agreement", None)
    if agreement is None:
        return None
    board_settings = getattr(partnership, "board_settings", None)
    warning_days = board_settings.warning_days if board_settings is not None else None
    return calculations.continuation_warning(
        commencement=agreement.commencement_date,
        maximum_term_years=agreement.maximum_term_years,
        notice_months=agreement.termination_notice_months,
        last_continued_number=membership.last_continued_number,
        last_continued_end=membership.last_continued_end,
        warning_days=calculations.DEFAULT_WARNING_DAYS if warning_days is None else warning_days,
        today=today,
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
