"""Runs the DfE SSDA903 rules (csc-validator-be-903, module lac_validator) over a header file
and an episodes file, and prints the failures as JSON lines.

It runs in the validator's own virtual environment (it needs pandas < 2), so it imports
nothing from the project: `python lac_validate.py RULESET YEAR LA HEADER EPISODES`.
"""

import importlib
import json
import sys

from lac_validator.lac_validator import LacValidator


def main(ruleset: str, year: str, authority: str, header: str, episodes: str) -> None:
    files = []
    for path in (header, episodes):
        with open(path, "rb") as handle:
            files.append({"name": path, "file_content": handle.read(), "description": "This year"})
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    validator = LacValidator(
        metadata={"collectionYear": year, "localAuthority": authority},
        files=files,
        registry=registry,
    )
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            rows = frame.index[frame[column].fillna(False).astype(bool)].tolist()
            if rows:
                code = column[4:]
                rule = registry.get(code)
                fields = list(rule.affected_fields or []) if rule else []
                print(json.dumps({"rule": code, "table": table, "fields": fields, "rows": rows}))
    for code in validator.fails:
        print(json.dumps({"rule": code, "failed_to_run": True}))


if __name__ == "__main__":
    main(*sys.argv[1:6])
