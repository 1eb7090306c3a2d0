"""How the DfE validator's output becomes a return's findings (a stand-in validator here;
tests/placements/test_returns.py runs the real one)."""

import json
from pathlib import Path

from placements import dfe


def _stand_in(tmp_path: Path, lines: list[dict], code: int = 0) -> Path:
    script = tmp_path / "python"
    text = "\n".join(json.dumps(line) for line in lines)
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{text}\nEOF\nexit {code}\n")
    script.chmod(0o755)
    return script


def test_findings_are_numbered_as_the_file_and_date_rules_block(tmp_path, monkeypatch):
    lines = [
        {"rule": "393", "table": "Header", "message": "m", "fields": ["MOTHER"], "rows": [1]},
        {
            "rule": "355",
            "table": "Episodes",
            "message": "d",
            "fields": ["DECOM", "DEC"],
            "rows": [0, 4],
        },
        {"rule": "X", "failed_to_run": True},
    ]
    monkeypatch.setenv("SSDA903_VALIDATOR_PYTHON", str(_stand_in(tmp_path, lines)))
    outcome = dfe.run(tmp_path / "h.csv", tmp_path / "e.csv", 2019)
    assert outcome.ruleset == "lac2022_23"  # the nearest held to 2018/19
    assert (outcome.total, outcome.blocking) == (3, 2)
    # Blocking first; the pandas index 0 is the file's row 2 (its column names are row 1).
    assert [(f["rule"], f["file"], f["row"], f["blocking"]) for f in outcome.findings] == [
        ("355", "episodes", 2, True),
        ("355", "episodes", 6, True),
        ("393", "header", 3, False),
    ]


def test_only_the_first_findings_are_kept_and_all_are_counted(tmp_path, monkeypatch):
    lines = [
        {"rule": "209", "table": "Header", "message": "m", "fields": ["UPN"], "rows": [0, 1, 2]}
    ]
    monkeypatch.setenv("SSDA903_VALIDATOR_PYTHON", str(_stand_in(tmp_path, lines)))
    monkeypatch.setattr(dfe, "MAX_FINDINGS", 2)
    outcome = dfe.run(tmp_path / "h.csv", tmp_path / "e.csv", 2026)
    assert (len(outcome.findings), outcome.total, outcome.blocking) == (2, 3, 0)


def test_a_validator_that_fails_or_is_missing_is_said_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("SSDA903_VALIDATOR_PYTHON", str(_stand_in(tmp_path, [], code=1)))
    failed = dfe.run(tmp_path / "h.csv", tmp_path / "e.csv", 2026)
    assert failed.findings == [] and "could not read the files" in failed.not_run
    monkeypatch.setenv("SSDA903_VALIDATOR_PYTHON", str(tmp_path / "missing"))
    missing = dfe.run(tmp_path / "h.csv", tmp_path / "e.csv", 2026)
    assert "is not installed on this server" in missing.not_run


def test_the_postcode_tables_are_left_unloaded_only_when_every_postcode_is_a_sector():
    from placements.dfe_rules import sectors_only

    columns = "CHILD,DECOM,HOME_POST,PL_POST\r\n"
    assert sectors_only((columns + "1,01/04/2020,LE11 3,LE16 7\r\n2,01/05/2020,,B1 2\r\n").encode())
    assert sectors_only(("\ufeff" + columns + "1,01/04/2020,le113,EC1A 1\r\n").encode())
    # A full postcode can match the tables (rule 392c, distances): they are loaded.
    assert not sectors_only(
        (columns + "1,01/04/2020,LE11 3,LE16 7\r\n2,01/05/2020,LE11 3AB,\r\n").encode()
    )
    assert not sectors_only((columns + "1,01/04/2020,not a postcode,\r\n").encode())


def test_what_a_rule_prints_itself_is_not_taken_for_a_finding(tmp_path, monkeypatch):
    """lac2024_25's rule SW12STG2 prints its own result ("{}") among the findings."""
    lines = [
        {},
        {"rule": "393", "table": "Header", "message": "m", "fields": ["MOTHER"], "rows": [0]},
    ]
    script = _stand_in(tmp_path, lines)
    monkeypatch.setenv("SSDA903_VALIDATOR_PYTHON", str(script))
    outcome = dfe.run(tmp_path / "h.csv", tmp_path / "e.csv", 2025)
    assert outcome.not_run == "" and outcome.total == 1
    assert [(f["rule"], f["file"], f["row"]) for f in outcome.findings] == [("393", "header", 2)]
