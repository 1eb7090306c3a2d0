"""The DfE's own SSDA903 rules (csc-validator-be-903) over an uploaded return.

The validator needs pandas < 2, so it lives in a virtual environment of its own
(`scripts/setup.sh --test` makes `.venv-ssda903`; `SSDA903_VALIDATOR_PYTHON` names another)
and runs as a subprocess (`placements/dfe_rules.py`). Where it is not installed, the
upload says so and imports without it.

Which rules stop an import: those about an episode's dates alone (every field the rule names
is DECOM or DEC, such as 501, "a new episode has started before the end date of the previous
episode"). The periods are what every measure counts (children looked after, days and so
spend, moves), so a date the DfE refuses makes a figure wrong. Every other rule is a warning
shown beside the import: codes are already checked by the importer against the years an
episode is open, and rules on fields the log does not hold (UPN, MOTHER, DOB, ...) do not
reach a figure.
"""

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

RULESETS = {2023: "lac2022_23", 2024: "lac2023_24", 2025: "lac2024_25", 2026: "lac2025_26"}
RULESETS[2027] = "lac2026_27"
DATE_FIELDS = frozenset({"DECOM", "DEC"})
TIMEOUT_SECONDS = 900
SCRIPT = Path(__file__).with_name("dfe_rules.py")
# The rules' local authority: the postcode rules compare placements with it; none of ours is
# a figure, so a fixed code stands in.
AUTHORITY = "E10000018"
FILES = {"Header": "header", "Episodes": "episodes"}


# Findings kept on a return (blocking ones first): a return of 100,000 episodes can fail
# the rules 450,000 times (most of them on fields the log does not hold); the totals count
# them all, and the CSV lists those kept.
MAX_FINDINGS = 5000


@dataclass(frozen=True)
class Outcome:
    findings: list[dict]
    ruleset: str = ""
    not_run: str = ""
    total: int = 0
    blocking: int = 0


def validator_python() -> Path:
    named = os.environ.get("SSDA903_VALIDATOR_PYTHON")
    return Path(named) if named else Path(settings.BASE_DIR) / ".venv-ssda903" / "bin" / "python"


def ruleset_for(year: int) -> str:
    """The rules of the collection year (named by the year it ends), or the nearest held."""
    return RULESETS[min(max(year, min(RULESETS)), max(RULESETS))]


def is_blocking(fields: list[str]) -> bool:
    return bool(fields) and set(fields) <= DATE_FIELDS


def run(header: Path, episodes: Path, year: int) -> Outcome:
    """The DfE rules' findings for the two files, one dict a failing row and rule: rule,
    message, file, row (as the importer numbers them: the column names are row 1), column
    (the fields the rule names), blocking."""
    python = validator_python()
    if not python.exists():
        return Outcome(
            [],
            not_run="The DfE's validator (csc-validator-be-903) is not installed on this "
            "server, so its rules were not run. Ask whoever runs the service to run "
            "scripts/setup.sh --test.",
        )
    ruleset = ruleset_for(year)
    try:
        done = subprocess.run(  # noqa: S603 - our own script, with paths we made
            [str(python), str(SCRIPT), ruleset, str(year), AUTHORITY, str(header), str(episodes)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return Outcome([], ruleset, f"The DfE's rules could not be run ({type(error).__name__}).")
    if done.returncode != 0:
        return Outcome(
            [],
            ruleset,
            "The DfE's validator could not read the files, so its rules were not run.",
        )
    findings = []
    for line in done.stdout.splitlines():
        if not line.startswith("{"):
            continue
        try:
            failure = json.loads(line)
        except ValueError:
            continue
        # A rule may print to stdout itself (lac2024_25's SW12STG2 prints its result, "{}").
        if not isinstance(failure, dict) or "rule" not in failure or failure.get("failed_to_run"):
            continue
        if "rows" not in failure or "table" not in failure:
            continue
        fields = failure.get("fields") or []
        for row in failure["rows"]:
            findings.append(
                {
                    "rule": failure["rule"],
                    "message": failure.get("message") or "",
                    "file": FILES.get(failure["table"], failure["table"].lower()),
                    "row": row + 2,
                    "column": ", ".join(fields),
                    "blocking": is_blocking(fields),
                }
            )
    findings.sort(key=lambda f: (not f["blocking"], f["rule"], f["file"], f["row"]))
    blocking = sum(1 for f in findings if f["blocking"])
    return Outcome(findings[:MAX_FINDINGS], ruleset, "", len(findings), blocking)
