"""The daily digest, sent through Django's SMTP backend to a real SMTP server (aiosmtpd) on
loopback, and read back from what the server received."""

import email
import socket
from datetime import date, datetime, timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from board.models import Action
from cip.models import Membership
from reminders.mail import send_digests
from reminders.models import Preference
from reminders.tasks import next_run, send_daily_digests
from tests.board.factories import ActionFactory, SecondmentFactory
from tests.cip.factories import MembershipFactory, UserFactory
from tests.conftest import signed_in
from tests.funding.factories import ConditionFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role
AS_AT = date(2021, 3, 1)


class _Inbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    handler = _Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def _person(partnership, role, name):
    user = UserFactory(first_name=name, last_name="Example", email=f"{name.lower()}@example.org")
    MembershipFactory(partnership=partnership, user=user, role=role)
    return user


def _by_recipient(inbox):
    return {tuple(to): message for to, message in inbox.received}


def _add_action(client, partnership, description, due, *, member=None, outsider=""):
    """Post the real action form, owned by a member (their membership) or someone outside."""
    owner_member = ""
    if member is not None:
        owner_member = Membership.objects.get(user=member, partnership=partnership).pk
    response = client.post(
        reverse("board:action-create", kwargs={"slug": partnership.slug}),
        {
            "description": description,
            "owner_member": owner_member,
            "owner": outsider,
            "due_date": due.isoformat(),
            "status": Action.Status.OPEN,
            "version": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Action.objects.get(description=description)


def test_each_person_gets_their_own_actions_and_not_others(inbox, partnership):
    bina = _person(partnership, Role.BOARD_MEMBER, "Bina")
    dev = _person(partnership, Role.BOARD_MEMBER, "Dev")
    commissioner = _person(partnership, Role.COMMISSIONER, "Cole")
    _person(partnership, Role.OFFICER, "Olu")  # owns nothing an officer looks after: no email
    chair = _person(partnership, Role.CHAIR, "Chris")
    client = signed_in(commissioner)
    _add_action(client, partnership, "Send the evaluation plan", date(2021, 2, 20), member=bina)
    _add_action(client, partnership, "Book the venue", date(2021, 3, 10), member=bina)
    _add_action(client, partnership, "Draft the terms", date(2021, 3, 3), member=dev)
    _add_action(client, partnership, "Far in the future", date(2021, 6, 1), member=bina)
    done = _add_action(client, partnership, "Already done", date(2021, 2, 1), member=bina)
    Action.objects.filter(pk=done.pk).update(status=Action.Status.DONE)
    # Free text naming Bina does not make the action hers: only the chosen member does.
    _add_action(client, partnership, "Print the packs", date(2021, 3, 2), outsider="Bina Example")
    ConditionFactory(
        bid__partnership=partnership, title="Q3 monitoring report", due_on=date(2021, 3, 5)
    )

    assert send_digests(as_at=AS_AT) == 4
    mail = _by_recipient(inbox)
    assert set(mail) == {
        ("bina@example.org",),
        ("dev@example.org",),
        ("cole@example.org",),
        ("chris@example.org",),
    }
    body = mail[("bina@example.org",)].get_content()
    assert mail[("bina@example.org",)]["Subject"] == "CIP reminders for 1 March 2021: 2 items"
    assert "(1 overdue)" in body
    # Overdue first, then by date.
    assert body.index("Send the evaluation plan") < body.index("Book the venue")
    assert "overdue since 20 February 2021" in body and "due 10 March 2021" in body
    assert "Far in the future" not in body and "Already done" not in body
    assert "Draft the terms" not in body and "Print the packs" not in body
    assert "Q3 monitoring report" not in body  # grant conditions are the commissioner's
    dev_body = mail[("dev@example.org",)].get_content()
    assert "Action: Draft the terms: due 3 March 2021" in dev_body
    assert "Send the evaluation plan" not in dev_body and "Book the venue" not in dev_body
    cole = mail[("cole@example.org",)].get_content()
    assert "Grant condition: Q3 monitoring report" in cole and "due 5 March 2021" in cole
    assert "Send the evaluation plan" not in cole  # changing actions does not own them
    # The action owned outside the partnership goes to the chair, who chases it.
    chris = mail[("chris@example.org",)].get_content()
    assert "Action owned outside the partnership: Print the packs (Bina Example)" in chris
    assert "Send the evaluation plan" not in chris
    assert bina.email in mail[("bina@example.org",)]["To"]
    assert chair.email in mail[("chris@example.org",)]["To"]


def test_the_action_form_offers_only_the_partnerships_members(partnership, other_partnership):
    commissioner = _person(partnership, Role.COMMISSIONER, "Cole")
    _person(partnership, Role.BOARD_MEMBER, "Bina")
    outsider = _person(other_partnership, Role.BOARD_MEMBER, "Zed")
    client = signed_in(commissioner)
    page = client.get(reverse("board:action-create", kwargs={"slug": partnership.slug}))
    text = page.content.decode()
    assert "Bina Example (Board member)" in text and "Zed Example" not in text
    # Another partnership's member, posted anyway, is refused with the field named.
    response = client.post(
        reverse("board:action-create", kwargs={"slug": partnership.slug}),
        {
            "description": "Not theirs",
            "owner_member": Membership.objects.get(user=outsider).pk,
            "due_date": "2021-03-01",
            "status": Action.Status.OPEN,
            "version": 0,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    # Neither a member nor a name: refused, naming the field.
    response = client.post(
        reverse("board:action-create", kwargs={"slug": partnership.slug}),
        {
            "description": "Nobody's",
            "due_date": "2021-03-01",
            "status": Action.Status.OPEN,
            "version": 0,
        },
    )
    assert response.status_code == 200
    assert "Choose the member who owns the action" in response.content.decode()
    assert not Action.objects.exists()


def test_the_chair_hears_of_secondments_ending(inbox, partnership):
    _person(partnership, Role.CHAIR, "Chris")
    SecondmentFactory(partnership=partnership, person="Sam Lee", end_date=date(2021, 4, 15))
    assert send_digests(as_at=AS_AT) == 1
    body = inbox.received[0][1].get_content()
    assert "Secondment ends: Sam Lee" in body and "due 15 April 2021" in body


def test_a_person_who_turned_the_digest_off_gets_nothing(inbox, partnership):
    user = _person(partnership, Role.BOARD_MEMBER, "Ola")
    ActionFactory(
        partnership=partnership, owner_member=user.memberships.get(), due_date=date(2021, 2, 1)
    )
    client = signed_in(user)
    page = client.get(reverse("reminders:preferences")).content.decode()
    assert "Send me a daily email" in page and "checked" in page  # on until turned off
    response = client.post(reverse("reminders:preferences"), {})
    assert response.status_code == 302
    assert Preference.objects.get(user=user).daily_digest is False
    assert send_digests(as_at=AS_AT) == 0
    assert inbox.received == []
    client.post(reverse("reminders:preferences"), {"daily_digest": "on"})
    assert send_digests(as_at=AS_AT) == 1


def test_the_daily_task_sends_and_queues_tomorrows_run(inbox, partnership, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tia = _person(partnership, Role.BOARD_MEMBER, "Tia")
    ActionFactory(
        partnership=partnership,
        owner_member=tia.memberships.get(),
        due_date=timezone.localdate() - timedelta(days=1),
    )
    assert send_daily_digests.call() == 1
    assert len(inbox.received) == 1
    queued = DBTaskResult.objects.get(task_path=send_daily_digests.module_path, status="READY")
    assert queued.run_after == next_run(timezone.now())
    assert queued.run_after > timezone.now()
    # Starting the worker again does not queue a second run.
    call_command("send_reminders", "--schedule")
    assert DBTaskResult.objects.filter(task_path=send_daily_digests.module_path).count() == 1


def test_the_next_run_is_at_the_hour_today_or_tomorrow(settings):
    settings.REMINDERS_HOUR = 7
    zone = timezone.get_current_timezone()
    early = timezone.make_aware(datetime(2021, 3, 1, 6, 30), zone)
    late = timezone.make_aware(datetime(2021, 3, 1, 7, 0), zone)
    assert timezone.localtime(next_run(early)) == timezone.make_aware(
        datetime(2021, 3, 1, 7, 0), zone
    )
    assert timezone.localtime(next_run(late)) == timezone.make_aware(
        datetime(2021, 3, 2, 7, 0), zone
    )
