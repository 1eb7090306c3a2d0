"""Sending the daily digests with Django's email (SMTP settings from the environment)."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from reminders.digest import digest_for, recipients

log = logging.getLogger("reminders")


def send_digests(*, as_at: date) -> int:
    """One email to each recipient with anything overdue or due soon; returns how many."""
    messages = []
    for user in recipients():
        lines = digest_for(user, as_at=as_at)
        if not lines:
            continue
        body = render_to_string(
            "reminders/digest.txt",
            {
                "user": user,
                "lines": lines,
                "as_at": as_at,
                "overdue": sum(1 for line in lines if line.overdue),
                "site_url": settings.REMINDERS_SITE_URL,
            },
        )
        subject = f"CIP reminders for {as_at:%-d %B %Y}: {len(lines)} item" + (
            "" if len(lines) == 1 else "s"
        )
        messages.append(EmailMessage(subject, body, to=[user.email]))
    if not messages:
        return 0
    with get_connection() as connection:
        sent = connection.send_messages(messages)
    log.info("reminders: sent %s digests as at %s", sent, as_at)
    return sent or 0
