"""An administrator invites someone, who follows the e-mailed link and joins with a password."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import finish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_invites_an_officer_who_joins_with_a_password(
    demo, sign_in_as, new_context, url
):
    admin = sign_in_as("admin")
    admin.goto(url("cip:membership-list", slug=demo.slug))
    admin.get_by_role("link", name="Invite someone").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(f"Invite someone to {demo.name}")
    finish(admin, "invite-someone")
    admin.get_by_label("Email address").fill("nia@example.org")
    admin.get_by_label("Officer").check()
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.get_by_text("An invitation has been sent to nia@example.org")).to_be_visible()
    expect(admin.get_by_role("cell", name="nia@example.org", exact=True)).to_be_visible()
    finish(admin, "members-with-an-open-invitation")

    link = re.search(r"http://\S+/invitations/accept/\?token=\S+", mail.outbox[-1].body).group(0)
    newcomer = new_context().new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text(f"Join {demo.name}")
    newcomer.get_by_label("Your full name").fill("Nia Newcomer")
    newcomer.get_by_label("Choose a password").fill("short")
    newcomer.get_by_role("button", name="Create your account and accept").click()
    expect(newcomer.locator(".govuk-error-summary")).to_contain_text("too short")
    finish(newcomer, "accept-an-invitation-error")
    newcomer.get_by_label("Choose a password").fill("a-long-enough-passphrase")
    newcomer.get_by_role("button", name="Create your account and accept").click()
    expect(newcomer.get_by_text(f"You are a member of {demo.name} as officer")).to_be_visible()
    finish(newcomer, "accept-an-invitation")
