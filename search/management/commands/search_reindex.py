from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.client import elasticsearch_enabled
from search.documents import KINDS
from search.reindex import DEFAULT_BATCH, reindex


class Command(BaseCommand):
    help = (
        "Rebuild search indices into new indices and swap the aliases when done; "
        "an interrupted run continues where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", action="append", choices=KINDS, help="a kind to rebuild (repeatable)"
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)

    def handle(self, *args: object, **options: object) -> None:
        if not elasticsearch_enabled():
            raise CommandError("Search backend is the database (ELASTICSEARCH_URL is unset).")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        for kind in options["kind"] or KINDS:
            outcome = reindex(kind, batch_size=options["batch_size"], progress=self.stdout.write)
            self.stdout.write(
                f"{kind}: {outcome.documents:,} documents into {outcome.index} "
                f"in {outcome.seconds:.1f}s, {outcome.rate:,.0f}/s; alias swapped."
            )
