from django.core.management.base import BaseCommand

from search import indices
from search.client import elasticsearch_enabled


class Command(BaseCommand):
    help = "Create the search indices behind their aliases, where missing (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        if not elasticsearch_enabled():
            self.stdout.write(
                "Search backend: database (ELASTICSEARCH_URL is unset): nothing to do."
            )
            return
        for ensured in indices.ensure_all():
            state = "created" if ensured.created else "exists"
            self.stdout.write(f"{ensured.alias} -> {ensured.index} ({state})")
