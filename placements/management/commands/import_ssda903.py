"""Import an SSDA903 header file and episodes file into a partnership's placement log."""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cip.models import Partnership
from placements.importers import DEFAULT_MAX_BYTES, ImportRefused, import_ssda903


class Command(BaseCommand):
    help = "Import SSDA903 header and episodes CSV files (all or nothing) for a partnership."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="The partnership's slug")
        parser.add_argument("header", help="The header table as CSV (CHILD, SEX, DOB, ...)")
        parser.add_argument("episodes", help="The episodes table as CSV (CHILD, DECOM, ...)")
        parser.add_argument(
            "--max-mb",
            type=int,
            default=DEFAULT_MAX_BYTES // 1048576,
            help="Refuse files larger than this (default %(default)s MB)",
        )
        parser.add_argument(
            "--user",
            help="The username the history names for the rows written (else: the system)",
        )

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug {options['partnership']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None or not partnership.memberships.filter(user=user).exists():
                raise CommandError(f"No member of the partnership is named {options['user']!r}.")
        try:
            with open(options["header"], "rb") as header, open(options["episodes"], "rb") as eps:
                result = import_ssda903(
                    partnership=partnership,
                    header=header,
                    episodes=eps,
                    user=user,
                    max_bytes=options["max_mb"] * 1048576,
                    progress=self._progress,
                )
        except OSError as error:
            raise CommandError(f"Cannot open the file: {error.strerror}") from error
        except ImportRefused as refused:
            self._end_bar()
            for problem in refused.problems:
                self.stderr.write(str(problem))
            if refused.total > len(refused.problems):
                self.stderr.write(f"... and {refused.total - len(refused.problems)} more.")
            raise CommandError(f"Nothing was imported: {refused.total} problem(s).") from None
        self._end_bar()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.episodes_created} new and {result.episodes_updated} updated "
                f"episodes; {result.children_created} new and {result.children_updated} "
                "updated children."
            )
        )

    _bar_open = False

    def _progress(self, stage: str, done: int, total: int) -> None:
        """A one-line progress bar on a terminal (nothing when output is piped)."""
        if not sys.stderr.isatty() or not total:
            return
        width = 30
        filled = min(width, width * done // total)
        percent = min(100, 100 * done // total)
        bar = "#" * filled + "." * (width - filled)
        self.stderr.write(f"\r{stage:<9} [{bar}] {percent:3d}%", ending="")
        self.stderr.flush()
        self._bar_open = True

    def _end_bar(self) -> None:
        if self._bar_open:
            self.stderr.write("")
            self._bar_open = False
