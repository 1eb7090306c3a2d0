"""Archiving, restoring from the archive and deleting for good are writes like any other:
each is a version in the record's history, naming who did it."""

import pytest
from django.urls import reverse

from briefs.models import BriefTask
from tests.board.factories import RiskFactory
from tests.briefs.factories import BriefFactory, TaskFactory
from tests.history.writes import assert_written, entries, post_form, writes

pytestmark = pytest.mark.django_db


def _url(name, partnership, record):
    return reverse(
        name,
        kwargs={"slug": partnership.slug, "model": record._meta.label_lower, "pk": record.pk},
    )


@writes("cip:record-archive", "cip.archive.archive")
def test_archiving(as_board, board_member, partnership):
    risk = RiskFactory(partnership=partnership)
    post_form(as_board, _url("cip:record-archive", partnership, risk))
    latest = assert_written(risk, "~", board_member, {"archived_at", "archived_by"})
    assert latest.history_change_reason == "Archived"


@writes("cip:record-unarchive", "cip.archive.unarchive")
def test_restoring_from_the_archive(as_commissioner, commissioner, partnership):
    risk = RiskFactory(partnership=partnership)
    post_form(as_commissioner, _url("cip:record-archive", partnership, risk))
    response = as_commissioner.post(_url("cip:record-unarchive", partnership, risk))
    assert response.status_code == 302
    latest = assert_written(risk, "~", commissioner, {"archived_at", "archived_by"})
    assert latest.history_change_reason == "Restored from the archive"


@writes("cip:record-delete", "cip.archive.delete_for_good")
def test_deleting_for_good(as_admin, administrator, partnership):
    brief = BriefFactory(partnership=partnership)
    task = TaskFactory(brief=brief)
    post_form(as_admin, _url("cip:record-delete", partnership, brief), confirm="on")
    assert not BriefTask.objects.filter(pk=task.pk).exists()
    for record in (brief, task):  # the brief, and what the database deleted with it
        assert_written(record, "-", administrator)
        assert entries(record).count() == 2
