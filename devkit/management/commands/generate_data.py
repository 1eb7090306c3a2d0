"""Synthetic partnerships at any scale, deterministic by seed (see devkit/synthetic.py).

manage.py generate_data --seed 1 --episodes 1000000 --partnerships 4
"""

from django.core.management.base import BaseCommand, CommandError

from devkit import synthetic


class Command(BaseCommand):
    help = "Generate realistic synthetic partnerships, placement logs and board records."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--episodes", type=int, required=True, help="Placement episodes")
        parser.add_argument("--partnerships", type=int, default=1)

    def handle(self, *args, seed, episodes, partnerships, verbosity, **options):
        if episodes < partnerships or partnerships < 1:
            raise CommandError("Give at least one partnership and one episode for each.")

        def progress(message: str) -> None:
            if verbosity > 1:
                self.stdout.write(message)

        try:
            summary = synthetic.generate(
                seed=seed, episodes=episodes, partnerships=partnerships, progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if verbosity:
            rate = summary.total / summary.seconds if summary.seconds else 0
            self.stdout.write(
                f"Seed {seed}: {summary.total:,} rows (and as many history rows) in "
                f"{summary.seconds:.1f} s, {rate:,.0f} rows a second; the largest "
                f"partnership is {summary.largest}."
            )
            for name, count in sorted(summary.rows.items()):
                self.stdout.write(f"  {name}: {count:,}")
