"""Runs the DfE's SSDA903 rules (csc-validator-be-903, module lac_validator) over a header
file and an episodes file, and prints one JSON line for each failing rule and table.

It runs in the validator's own virtual environment (it needs pandas < 2), by
`placements.dfe.run`, so it imports nothing from the project:
`python dfe_rules.py RULESET YEAR LA HEADER EPISODES`.
"""

import importlib
import json
import sys


def main(ruleset: str, year: str, authority: str, header: str, episodes: str) -> None:
    from lac_validator.lac_validator import LacValidator

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
                print(
                    json.dumps(
                        {
                            "rule": code,
                            "table": table,
                            "message": (rule.message if rule else "") or "",
                            "fields": list(rule.affected_fields or []) if rule else [],
                            "rows": [int(r) for r in rows],
                        }
                    )
                )
    for code in validator.fails:
        print(json.dumps({"rule": str(code), "failed_to_run": True}))


if __name__ == "__main__":
    main(*sys.argv[1:6])
