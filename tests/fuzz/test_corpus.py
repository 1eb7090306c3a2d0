"""The fuzzing corpus replayed: no input makes the SSDA903 importer raise anything but its own
refusal, and every refusal says what is wrong (make fuzz grows the corpus)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.models import Return
from tests.formpages import rolled_back
from tests.fuzz import ssda903
from tests.placements.worker import run_worker

pytestmark = pytest.mark.django_db

INPUTS = sorted(ssda903.CORPUS.iterdir()) + sorted(ssda903.REGRESSIONS.glob("*.bin"))


def test_the_corpus_is_small_and_holds_the_seeds():
    assert len(INPUTS) >= len(ssda903.seeds())
    assert sum(path.stat().st_size for path in INPUTS) < 400 * 1024


def test_every_recorded_input_is_imported_or_refused_by_the_importer_itself(partnership):
    ssda903.baseline(partnership)
    unforeseen = []
    for path in INPUTS:
        try:
            ssda903.import_one(partnership, path.read_bytes())
        except Exception as error:
            unforeseen.append(f"{path.name}: {error!r}")
    assert unforeseen == []


def test_a_bug_in_the_importer_counts_as_a_finding(partnership, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr("placements.importers._check_overlaps", broken)
    with pytest.raises(KeyError, match="a bug"):
        ssda903.import_one(partnership, ssda903.seeds()["good"])


def test_every_recorded_input_through_the_import_page_is_imported_or_listed(
    partnership, as_commissioner
):
    """The view path: each input posted as the two files of the real form is refused on the
    form (an error summary), or taken and then imported or refused by the worker, its page
    saying which; never a 500, never a failure."""
    ssda903.baseline(partnership)
    url = reverse("placements:import", kwargs={"slug": partnership.slug})
    wrong = []
    for path in INPUTS:
        header, episodes = ssda903.split(path.read_bytes())
        with rolled_back():
            response = as_commissioner.post(
                url,
                {
                    "header": SimpleUploadedFile("header.csv", header),
                    "episodes": SimpleUploadedFile("episodes.csv", episodes),
                },
            )
            if response.status_code == 302:
                run_worker()
                page = as_commissioner.get(response.url)
                outcome = Return.objects.get().status
                if page.status_code != 200 or outcome not in ("imported", "refused"):
                    wrong.append(f"{path.name}: {page.status_code} {outcome}")
            elif b"govuk-error-summary" not in response.content:
                wrong.append(f"{path.name}: {response.status_code}")
    assert wrong == []
