"""Agreement with the reference model: on the same episodes and reference window, our projected
totals by placement category agree with cs-demand-model 0.5.1's within 2% at 12 months.

The reference runs in its own environment, `.venv-demand` (it pins pandas < 2), which
`scripts/setup.sh --test` makes, as the DfE validator's is made."""

import csv
import json
import random
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings

from forecast import calculations
from forecast.calculations import Episode

REFERENCE_PYTHON = Path(settings.BASE_DIR) / ".venv-demand" / "bin" / "python"
RUNNER = Path(__file__).with_name("reference_demand.py")
PLACES = ["U1", "U3", "U4", "U5", "U6", "K2", "R1", "H5", "P2", "T0", "Z1", "S1"]
WEIGHTS = [5, 10, 20, 15, 20, 3, 6, 4, 3, 2, 1, 1]


def synthetic_log(children: int, seed: int) -> list[Episode]:
    """Children entering over 2015-2021, each with one to five contiguous or separated
    episodes of random placement types, some still open."""
    rng = random.Random(seed)
    episodes = []
    for child in range(children):
        born = date(2002, 1, 1) + timedelta(days=rng.randrange(0, 365 * 18))
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 365 * 7))
        if start <= born:
            start = born + timedelta(days=rng.randrange(1, 400))
        for _ in range(rng.randint(1, 5)):
            place = rng.choices(PLACES, WEIGHTS)[0]
            end = start + timedelta(days=rng.randint(1, 700))
            is_open = end > date(2022, 6, 30)
            episodes.append(
                Episode(child, start, None if is_open else end, place, born.year, born.month)
            )
            if is_open:
                break
            # Most move on the same day; some leave care for a while.
            start = end if rng.random() < 0.7 else end + timedelta(days=rng.randint(1, 300))
    return episodes


def run_reference(tmp_path, episodes, start, end, days) -> dict[str, float]:
    path = tmp_path / "episodes.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["CHILD", "DOB", "DECOM", "DEC", "PLACE"])
        for ep in episodes:
            dob = date(ep.birth_year, ep.birth_month, 1)
            writer.writerow([ep.child, dob, ep.decom, ep.dec or "", ep.place])
    done = subprocess.run(
        [str(REFERENCE_PYTHON), str(RUNNER), str(path), str(start), str(end), str(days)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(
    not REFERENCE_PYTHON.exists(),
    reason="cs-demand-model is not installed: run scripts/setup.sh --test to make .venv-demand",
)
def test_totals_by_category_agree_with_cs_demand_model_within_2_percent(tmp_path):
    episodes = synthetic_log(2500, seed=18)
    start, end = date(2019, 4, 1), date(2021, 3, 31)
    reference = run_reference(tmp_path, episodes, start, end, 365)

    rates = calculations.estimate(episodes, start, end)
    ours = calculations.by_category(calculations.project(rates, 365)[-1])

    names = {
        "fostering": "FOSTERING",
        "residential": "RESIDENTIAL",
        "supported": "SUPPORTED",
        "other": "OTHER",
    }
    for category, name in names.items():
        theirs = reference[name]
        assert theirs > 20, (category, theirs)  # a real population, not an empty one
        assert ours[category] == pytest.approx(theirs, rel=0.02), (category, ours, reference)
