#!/usr/bin/env python3
"""Coverage-guided fuzzing of the SSDA903 importer with atheris (libFuzzer): `make fuzz`.

    python tests/fuzz/fuzz_ssda903.py CORPUS_DIR [libFuzzer options, e.g. -max_total_time=600]
    python tests/fuzz/fuzz_ssda903.py --seed CORPUS_DIR   # write the starting inputs

Each input runs against an in-memory SQLite log that holds `ssda903.baseline`, inside a
transaction that is rolled back. Anything raised but the importer's own refusal (it has no
catch-all), or a refusal without a message, stops the run and leaves the input as crash-<sha1>.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="cip.settings",
    DATABASE_URL="sqlite://:memory:",
    SECRET_KEY="fuzz-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    PSEUDONYM_KEY="fuzz-only-pseudonym-key",
    DEBUG="false",
    SECURE="false",
)

import atheris  # noqa: E402

with atheris.instrument_imports(include=["placements"]):
    import django

    django.setup()
    from placements import calculations, codes, importers, services  # noqa: F401

from django.core.management import call_command  # noqa: E402

from tests.fuzz import ssda903  # noqa: E402


def main() -> None:
    if sys.argv[1:2] == ["--seed"]:
        corpus = Path(sys.argv[2])
        corpus.mkdir(parents=True, exist_ok=True)
        for name, data in ssda903.seeds().items():
            (corpus / f"seed-{name}").write_bytes(data)
        return
    call_command("migrate", verbosity=0)
    from cip.models import Organisation, Partnership

    council = Organisation.objects.create(name="Council", kind="council", identifier="GB-LAE-X")
    partner = Organisation.objects.create(name="Charity", kind="charity", identifier="GB-CHC-1")
    partnership = Partnership.objects.create(
        name="Fuzz", slug="fuzz", council=council, partner=partner
    )
    ssda903.baseline(partnership)

    def one_input(data: bytes) -> None:
        ssda903.import_one(partnership, data)

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
